// Completion: document skeletons, keys (required first), enum values, Liqo's label and annotation keys,
// resource names and cluster selector operators.
import { isMap, isScalar } from 'yaml';
import {
  CompletionItemKind, InsertTextFormat, MarkupKind,
  type CompletionItem, type CompletionList,
} from 'vscode-languageserver-types';
import { bundledSchemas, managedKinds, type JsonSchema, type KindSchema } from '../../../schemas/index';
import type { ClusterFacts } from '../liqo/clusterFacts';
import type { Analysis } from './analyze';
import type { FeatureInput } from './types';
import { locate, type Path } from './ast';
import { cursorAt, type Cursor } from './cursor';
import { selectorOperators } from '../liqo/selector';
import { liqoAnnotations, liqoLabels, selectorKeys, type KeyDoc } from './keyDocs';
import { get } from './docContext';
import { knownResources } from './resourceNames';
import { skeleton } from './skeletons';
import { markdownText, snippetText, yamlScalar } from './escape';


const empty: CompletionList = { isIncomplete: false, items: [] };

function last(path: Path, n = 1): string | number | undefined {
  return path[path.length - n];
}

/** Maps whose keys are resource names. */
function isResourceMap(path: Path): boolean {
  const k = last(path);
  return k === 'requests' || k === 'limits' || k === 'hard' || k === 'capacity' || k === 'allocatable'
    || (k === 'resources' && (path.length === 2 || last(path, 2) === 'status'));
}

function peerIDs(facts: ClusterFacts): string[] {
  const ids = new Set<string>();
  for (const c of facts.clusters) {
    if (c.clusterID) ids.add(c.clusterID);
    for (const fc of c.foreignClusters) ids.add(fc.clusterID);
  }
  return [...ids].sort();
}

function typeOf(node: JsonSchema | undefined): string {
  if (!node) return '';
  if (node['x-kubernetes-int-or-string']) return 'integer or string';
  return Array.isArray(node.type) ? node.type.join(' | ') : typeof node.type === 'string' ? node.type : '';
}

export function complete(input: FeatureInput): CompletionList {
  const cur = cursorAt(input.text, input.offset);
  if (input.token?.isCancellationRequested) return empty;
  const { analysis, schemas } = input;
  const kind = analysis.kindSchema ?? (analysis.parsed.apiVersion && analysis.parsed.kind ? schemas.lookup(analysis.parsed.apiVersion, analysis.parsed.kind) : undefined);
  const range = { start: input.toPosition(cur.tokenStart), end: input.toPosition(input.offset) };
  const items: CompletionItem[] = cur.mode === 'key' ? keyItems(input, cur, kind) : valueItems(input, cur, kind);
  for (const item of items) {
    if (!item.textEdit) item.textEdit = { range, newText: item.insertText ?? item.label };
    delete item.insertText;
  }
  return { isIncomplete: false, items };
}

/**
 * In a clusterSelector expression's `values` (a list item reads as a key position too): the values that the
 * connected clusters' virtual nodes have for the expression's key.
 */
function selectorValueItems(input: FeatureInput, path: Path): CompletionItem[] | undefined {
  const term = path.lastIndexOf('matchExpressions');
  if (term < 0 || path[term + 2] !== 'values' || path.length > term + 4) return undefined;
  const labelKey = get(input.analysis.parsed.value, [...path.slice(0, term + 2), 'key']);
  if (typeof labelKey !== 'string') return [];
  const live = new Set(input.facts.clusters.flatMap((c) => c.virtualNodes.flatMap((v) => (v.labels[labelKey] === undefined ? [] : [v.labels[labelKey]]))));
  // A value YAML would read as a number or a boolean is quoted, so that it stays a string; so is one that is not a
  // plain token (a cluster could report a label value with a newline, which would start a new key).
  const quoted = (v: string): string => (/^(true|false|yes|no|on|off|null|~|[-+]?(\d[\d_]*)?\.?\d*(e[-+]?\d+)?)$/i.test(v) ? JSON.stringify(v) : yamlScalar(v));
  return [...live].map((v, i) => ({ label: v, kind: CompletionItemKind.Value, detail: `virtual node label ${labelKey}`, sortText: String(i).padStart(3, '0'), insertText: quoted(v) }));
}

function keyItems(input: FeatureInput, cur: Cursor, kind: KindSchema | undefined): CompletionItem[] {
  const { path } = cur;
  if (path.length === 0 && !kind) return skeletonItems();
  const selectorValues = selectorValueItems(input, path);
  if (selectorValues) return selectorValues;
  const existing = existingKeys(input.analysis, path);
  const fromDocs = (docs: KeyDoc[]) => docs.filter((d) => !existing.has(d.key)).map((d): CompletionItem => ({
    label: d.key, kind: CompletionItemKind.Property, detail: 'Liqo', documentation: d.doc,
    insertText: `${d.key}: ${Array.isArray(d.values) && d.values.length === 1 ? JSON.stringify(d.values[0]) : ''}`,
  }));
  if (last(path) === 'labels' || (last(path) === 'matchLabels')) return fromDocs(liqoLabels);
  if (last(path) === 'annotations') return fromDocs(liqoAnnotations);
  if (isResourceMap(path)) {
    return knownResources.filter((r) => !existing.has(r.name)).map((r, i) => ({
      label: r.name, kind: CompletionItemKind.Property, detail: r.detail, sortText: String(i).padStart(2, '0'), insertText: `${r.name}: `,
    }));
  }
  if (!kind) return [];
  const node = input.schemas.nodeAt(kind, path);
  const props = (node?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(node?.required) ? (node.required as string[]) : []);
  if (path.length === 0) {
    // The kind is already known: offer only what the document is missing.
    for (const k of ['apiVersion', 'kind']) required.delete(k);
  }
  // A served schema may hold anything where a property's schema should be: only objects are offered.
  return Object.entries(props).filter(([k, p]) => typeof p === 'object' && p !== null && !existing.has(k) && !(path.length === 0 && (k === 'apiVersion' || k === 'kind' || k === 'status'))).map(([k, p]) => {
    const t = typeOf(p);
    const isList = t === 'array' && (p.items as JsonSchema | undefined)?.type === 'object';
    // The key comes from the schema, which a cluster may serve: literal in the snippet, quoted if YAML needs it.
    const name = snippetText(yamlScalar(k));
    const insertText = t === 'object' && p.properties ? `${name}:\n  $0` : isList ? `${name}:\n  - $0` : `${name}: $0`;
    return {
      label: k,
      kind: CompletionItemKind.Property,
      detail: `${required.has(k) ? 'required · ' : ''}${t}`,
      documentation: typeof p.description === 'string' ? { kind: MarkupKind.Markdown, value: markdownText(p.description) } : undefined,
      sortText: `${required.has(k) ? '0' : '1'}_${k}`,
      insertText,
      insertTextFormat: InsertTextFormat.Snippet,
    };
  });
}

function skeletonItems(): CompletionItem[] {
  return bundledSchemas.filter((k) => !managedKinds.has(k.kind)).map((k) => ({
    label: `${k.kind} (${k.group}/${k.version})`,
    filterText: `${k.kind} apiVersion kind ${k.group}`,
    kind: CompletionItemKind.Snippet,
    detail: `A whole ${k.kind} document`,
    documentation: typeof k.schema.description === 'string' ? k.schema.description : undefined,
    sortText: ['ResourceSlice', 'NamespaceOffloading', 'VirtualNode'].includes(k.kind) ? `0_${k.kind}` : `1_${k.kind}`,
    insertText: skeleton(k),
    insertTextFormat: InsertTextFormat.Snippet,
  }));
}

function valueItems(input: FeatureInput, cur: Cursor, kind: KindSchema | undefined): CompletionItem[] {
  const { path } = cur;
  const key = String(last(path));
  const parent = last(path, 2);
  // Values may come from a served schema's enum or from the facts: inserted as YAML scalars, never as markup.
  const values = (vs: readonly string[], detail?: string): CompletionItem[] => vs.map((v, i) => ({ label: v, kind: CompletionItemKind.Value, detail, sortText: String(i).padStart(3, '0'), insertText: yamlScalar(v) }));
  if (path.length === 1 && key === 'apiVersion') {
    return values([...new Set(bundledSchemas.map((k) => `${k.group}/${k.version}`))], 'Liqo API');
  }
  if (path.length === 1 && key === 'kind') {
    const api = input.analysis.parsed.apiVersion;
    return values(bundledSchemas.filter((k) => !api || `${k.group}/${k.version}` === api).map((k) => k.kind), 'Liqo kind');
  }
  if (parent === 'labels' || parent === 'annotations' || parent === 'matchLabels') {
    const doc = [...liqoLabels, ...liqoAnnotations].find((d) => d.key === key);
    const vs = doc?.values === 'clusterID' ? peerIDs(input.facts) : doc?.values ?? [];
    return vs.map((v, i) => ({ label: v, kind: CompletionItemKind.Value, sortText: String(i).padStart(3, '0'), insertText: doc?.values === 'clusterID' ? yamlScalar(v) : JSON.stringify(v) }));
  }
  if (key === 'operator' && path.includes('matchExpressions')) return values(selectorOperators, 'node selector operator');
  const selectorValues = selectorValueItems(input, path);
  if (selectorValues) return selectorValues;
  if (key === 'key' && path.includes('matchExpressions')) {
    const live = input.facts.clusters.flatMap((c) => c.virtualNodes.flatMap((v) => Object.keys(v.labels)));
    return values([...new Set([...selectorKeys, ...live])], 'virtual node label');
  }
  if (!kind) return [];
  const node = input.schemas.nodeAt(kind, path);
  if (Array.isArray(node?.enum)) return values((node.enum as unknown[]).map(String), typeof node.default === 'string' ? `default: ${node.default}` : undefined);
  if (node?.type === 'boolean') return values(['true', 'false']);
  if (key === 'clusterID' || key === 'providerClusterID' || key === 'consumerClusterID') return values(peerIDs(input.facts), 'known cluster ID');
  return [];
}

function existingKeys(analysis: Analysis, path: Path): Set<string> {
  const doc = analysis.parsed.ast();
  if (!doc) return new Set();
  const node = path.length ? locate(doc, path).node : doc.contents;
  if (!isMap(node)) return new Set();
  return new Set(node.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')).filter(Boolean));
}
