// Hover: what a field means, its type, allowed values and default; Liqo's label keys; and, on a
// NamespaceOffloading, the name of the twin namespace it will create and the virtual nodes its clusterSelector picks.
import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import type { JsonSchema } from '../../../schemas/index';
import type { FeatureInput } from './types';
import { get, isObj, str } from './docContext';
import { cursorAt } from './cursor';
import { readLine } from './yamlLine';
import { keyDoc } from './keyDocs';
import { twinNamespace } from '../liqo/names';
import { consumerIDs, type FactsVirtualNode } from '../liqo/clusterFacts';
import { isExtendedResource } from '../liqo/quantity';
import { knownResources } from './resourceNames';
import { selection } from './clusterSelection';
import { markdownCode, markdownText } from './escape';

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return '(too deep to show)';
  }
}

function describe(node: JsonSchema): string[] {
  const lines: string[] = [];
  if (typeof node.description === 'string') lines.push(markdownText(node.description));
  const facts: string[] = [];
  if (Array.isArray(node.enum)) facts.push(`Allowed: ${(node.enum as unknown[]).slice(0, 50).map((v) => markdownCode(String(v))).join(', ')}`);
  if (node.default !== undefined) facts.push(`Default: ${markdownCode(safeJson(node.default))}`);
  if (typeof node.pattern === 'string') facts.push(`Form: ${markdownCode(node.pattern)}`);
  if (facts.length) lines.push(facts.join(' · '));
  return lines;
}

function typeName(node: JsonSchema): string {
  if (node['x-kubernetes-int-or-string']) return 'quantity (integer or string)';
  if (node.type === 'array') {
    const items = node.items as JsonSchema | undefined;
    return `array of ${typeof items?.type === 'string' ? markdownText(items.type, 40) : 'items'}`;
  }
  return typeof node.type === 'string' ? markdownText(node.type, 40) : 'value';
}

/** The twin namespace line for a NamespaceOffloading, using the consumers known from the cluster facts. */
function twinLine(input: FeatureInput): string | undefined {
  const value = input.analysis.parsed.value;
  if (input.analysis.parsed.kind !== 'NamespaceOffloading' || !isObj(value)) return undefined;
  const ns = str(value, ['metadata', 'namespace']);
  if (!ns) return 'Twin namespace: set `metadata.namespace` to the namespace you offload.';
  const strategy = str(value, ['spec', 'namespaceMappingStrategy']);
  const remote = str(value, ['spec', 'remoteNamespaceName']);
  const ids = consumerIDs(input.facts);
  if (strategy === 'SelectedName' || strategy === 'EnforceSameName' || ids.length === 0) {
    return `Twin namespace on every selected provider: ${markdownCode(twinNamespace(ns, strategy, remote, '<consumer cluster ID>'))}`;
  }
  return `Twin namespace on every selected provider: ${ids.map((id) => `${markdownCode(twinNamespace(ns, strategy, remote, id))} (from consumer ${markdownText(id, 200)})`).join(', ')}`;
}

/** Which virtual nodes of each connected consumer the offloading's clusterSelector picks, with their GPUs. */
function selectionLines(input: FeatureInput): string[] {
  const value = input.analysis.parsed.value;
  if (input.analysis.parsed.kind !== 'NamespaceOffloading' || !isObj(value)) return [];
  const picks = selection(get(value, ['spec', 'clusterSelector']), input.facts.clusters);
  if (!picks?.length) return [];
  const node = (n: FactsVirtualNode): string => {
    const gpus = Object.entries(n.capacity).filter(([k]) => isExtendedResource(k)).map(([k, v]) => markdownText(`${v} ${k}`, 100));
    return `${markdownCode(n.name)}${gpus.length ? ` (${gpus.join(', ')})` : ''}`;
  };
  return picks.map((p) => (p.chosen.length
    ? `On ${markdownText(p.cluster.context, 200)}, selects ${p.chosen.map(node).join(', ')}${p.others.length ? `; not ${p.others.map((n) => markdownCode(n.name)).join(', ')}` : ''}.`
    : `On ${markdownText(p.cluster.context, 200)}, selects no virtual node (there: ${p.others.map((n) => `${markdownCode(n.name)} ${labelList(n)}`).join('; ')}).`));
}

function labelList(n: FactsVirtualNode): string {
  const shown = Object.entries(n.labels).filter(([k]) => !k.startsWith('kubernetes.io/hostname'));
  if (!shown.length) return 'no labels';
  const listed = shown.slice(0, 8).map(([k, v]) => markdownCode(`${k}=${v}`)).join(', ');
  return shown.length > 8 ? `${listed}, …` : listed;
}

export function hover(input: FeatureInput): Hover | null {
  const { text, offset } = input;
  if (input.token?.isCancellationRequested) return null;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  const line = text.slice(lineStart, nl < 0 ? text.length : nl);
  const l = readLine(line);
  if (l.key === undefined) return null;
  const keyStart = lineStart + l.keyStart;
  const keyEnd = lineStart + l.keyEnd;
  const colon = lineStart + l.colon + 1;
  const cur = cursorAt(text, colon);
  const path = cur.path;
  const key = String(path[path.length - 1]);
  const parent = path[path.length - 2];
  const sections: string[] = [];

  if (parent === 'labels' || parent === 'annotations' || parent === 'matchLabels') {
    const doc = keyDoc(key);
    if (doc) sections.push(`**${markdownText(key)}** · Liqo ${parent === 'annotations' ? 'annotation' : 'label'}`, doc.doc);
  } else if (['requests', 'limits', 'hard', 'resources', 'capacity', 'allocatable'].includes(String(parent))) {
    const r = knownResources.find((k) => k.name === key);
    if (r) sections.push(`**${markdownText(key)}** · resource`, r.detail);
  } else {
    const kind = input.analysis.kindSchema;
    const node = kind ? input.schemas.nodeAt(kind, path) : undefined;
    if (node) {
      sections.push(`**${markdownText(key, 200)}** · ${typeName(node)}`, ...describe(node));
      if (kind && input.schemas.sourceOf(kind) === 'cluster') sections.push('_Schema served by the connected cluster._');
    }
  }
  const twin = twinLine(input);
  const offloadingKeys = ['kind', 'namespace', 'namespaceMappingStrategy', 'remoteNamespaceName', 'name'];
  if (twin && offloadingKeys.includes(key) && (path.length === 1 || get(input.analysis.parsed.value, path) !== undefined)) sections.push(twin);
  if (path[0] === 'spec' && path[1] === 'clusterSelector') sections.push(...selectionLines(input));
  if (!sections.length) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n') },
    range: { start: input.toPosition(keyStart), end: input.toPosition(keyEnd) },
  };
}
