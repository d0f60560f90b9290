// Checks one document segment: identify it, validate it against its schema, run the rules that apply.
// The result depends only on the segment's text (and the facts), so it is cached by text.
import { parseDocument, type Document } from 'yaml';
import { bundledSchemas, type KindSchema } from '../../../schemas/index';
import { setSource } from './ast';
import { countLines, type LineIndex } from './documents';
import { mentionsLiqo, parseSegment, type ParsedDoc } from './parse';
import { catalog, diag } from './rules/codes';
import { at, closest, isObj, kindRange, type DocContext } from './docContext';
import { summarize, summarizeNamespace } from './rules/crossDocument';
import { checkOffloading } from './rules/offloading';
import { checkClusterIDs, checkQuantities, checkTenant, checkVirtualNode, checkWebhookSkip } from './rules/peering';
import { checkSchema } from './rules/schema';
import { checkResourceSlice } from './rules/slices';
import { checkWorkload, podSpecPath } from './rules/workloads';
import { summarizePodResources, type WorkloadSummary } from './rules/podResources';
import type { RawDiagnostic, RawEdit, RawFix } from './types';
import type { SchemaSet } from './schemas';
import type { ValuesSummary } from './helm/valuesCheck';

export interface Analysis {
  parsed: ParsedDoc;
  /** What kind of document this is for us: a Liqo kind, a workload with a pod template, or nothing we check. */
  role: 'liqo' | 'workload' | 'other';
  kindSchema: KindSchema | undefined;
  diagnostics: RawDiagnostic[];
  summary: WorkloadSummary | undefined;
  /** Line breaks in the text, so a file's line numbers come from sums, not from scanning the file. */
  newlines: number;
  /** Offset to position within the text; built only for documents that have something to show. */
  lines?: LineIndex;
  /** For a document of a Liqo values file: what the checks across files need (helm/valuesCheck.ts). */
  values?: ValuesSummary;
}

/** Whether an apiVersion is in one of Liqo's API groups (`*.liqo.io`). */
export function isLiqoApiVersion(apiVersion: string | undefined): boolean {
  const group = apiVersion?.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return group === 'liqo.io' || group.endsWith('.liqo.io');
}

/**
 * `consumers` are the connected consumers' cluster IDs, the only cluster facts a document's own analysis reads;
 * the served CRD schemas come in through `schemas`. Both are in the service's cache key, so a cached analysis is
 * never stale.
 */
export function analyze(text: string, schemas: SchemaSet, consumers: readonly string[]): Analysis {
  const parsed = parseSegment(text);
  const liqo = isLiqoApiVersion(parsed.apiVersion);
  const specPath = podSpecPath(parsed.apiVersion, parsed.kind);
  const role = liqo ? 'liqo' : specPath ? 'workload' : 'other';
  const result: Analysis = { parsed, role, kindSchema: undefined, diagnostics: [], summary: undefined, newlines: countLines(text) };

  // Syntax problems are ours to report only for documents we own; other YAML is another tool's job.
  // A document we refused to read (binary, too big, alias bomb) is always reported: nobody else will say why.
  const ours = role !== 'other' || mentionsLiqo(text);
  result.diagnostics.push(...parsed.problems.filter((p) => ours || p.code === catalog.notChecked.code));
  if (!isObj(parsed.value) || !parsed.kind || !parsed.apiVersion) return result;

  // The AST is built only when a rule needs a range, which valid documents never do.
  const ast = parsed.ast;
  const ctx: DocContext = {
    get doc() { return ast() ?? emptyDocument(); },
    text, value: parsed.value, apiVersion: parsed.apiVersion, kind: parsed.kind,
  };
  if (role === 'other') {
    // A Namespace gets no diagnostics of its own; its summary lets the file-wide rules check Liqo's label on it.
    if (parsed.apiVersion === 'v1' && parsed.kind === 'Namespace') result.summary = summarizeNamespace(ctx);
    return result;
  }
  const out = result.diagnostics;
  if (liqo) {
    const kindSchema = schemas.lookup(parsed.apiVersion, parsed.kind);
    result.kindSchema = kindSchema;
    if (!kindSchema) {
      out.push(unknownKind(ctx, schemas));
      return result;
    }
    out.push(...checkSchema(ctx, schemas, kindSchema), ...checkClusterIDs(ctx), ...checkWebhookSkip(ctx));
    switch (parsed.kind) {
      case 'NamespaceOffloading': out.push(...checkOffloading(ctx, consumers)); break;
      case 'ResourceSlice': out.push(...checkResourceSlice(ctx)); break;
      case 'VirtualNode': out.push(...checkVirtualNode(ctx)); break;
      case 'Tenant': out.push(...checkTenant(ctx)); break;
      case 'Quota': out.push(...checkQuantities(ctx, ['spec', 'resources'])); break;
    }
    dropSchemaDuplicates(out);
  } else if (specPath) {
    out.push(...checkWorkload(ctx, specPath));
  }
  const summary: WorkloadSummary = summarize(ctx, liqo);
  if (specPath && !liqo) summary.pod = summarizePodResources(ctx, specPath);
  result.summary = summary;
  return result;
}

/**
 * LIQO003: a kind or version of a Liqo group that is served neither by Liqo nor by the connected clusters. The
 * message says where Liqo serves the kind, or which kind was probably meant, or what the group holds.
 */
function unknownKind(ctx: DocContext, schemas: SchemaSet): RawDiagnostic {
  const { apiVersion, kind } = ctx;
  const r = kindRange(ctx);
  const apiOf = (k: KindSchema): string => `${k.group}/${k.version}`;
  const edit = (range: [number, number], newText: string): RawEdit => ({ start: range[0], end: range[1], newText });
  const known = bundledSchemas.filter((k) => schemas.lookup(apiOf(k), k.kind));
  const elsewhere = known.filter((k) => k.kind === kind).map(apiOf);
  if (elsewhere.length) {
    const fixes = elsewhere.map((api): RawFix => ({ title: `Change apiVersion to ${api}`, edits: [edit(at(ctx, ['apiVersion']), api)], preferred: elsewhere.length === 1 }));
    return diag('unknownVersion', r[0], r[1], `Liqo does not serve ${kind} at ${apiVersion}; it serves it at ${elsewhere.join(' and ')}.`, fixes);
  }
  const guess = known.find((k) => k.kind === closest(kind, known.map((c) => c.kind)));
  if (guess) {
    const edits = [edit(r, guess.kind)];
    if (apiOf(guess) !== apiVersion) edits.push(edit(at(ctx, ['apiVersion']), apiOf(guess)));
    return diag('unknownVersion', r[0], r[1], `${kind} is not one of Liqo's kinds; did you mean ${guess.kind} (${apiOf(guess)})?`,
      [{ title: `Change to ${guess.kind}`, edits, preferred: true }]);
  }
  const group = apiVersion.slice(0, apiVersion.indexOf('/'));
  const inGroup = [...new Set(known.filter((k) => k.group === group).map((k) => k.kind))].sort();
  const groups = [...new Set(known.map((k) => k.group))];
  return diag('unknownVersion', r[0], r[1], inGroup.length
    ? `${kind} is not one of Liqo's kinds; ${group} has ${inGroup.join(', ')}.`
    : `${kind} is not one of Liqo's kinds, and ${group} is not one of its API groups (${groups.join(', ')}).`);
}

function emptyDocument(): Document {
  const doc = parseDocument('');
  setSource(doc, '');
  return doc;
}

/** When a specific rule explains a spot better than the generic schema message, keep only the specific one. */
function dropSchemaDuplicates(out: RawDiagnostic[]): void {
  const generic = new Set(['LIQO010']);
  const specific = out.filter((d) => !generic.has(d.code) && d.code >= 'LIQO100');
  for (let i = out.length - 1; i >= 0; i--) {
    const d = out[i];
    if (generic.has(d.code) && specific.some((s) => s.start === d.start && s.end === d.end)) out.splice(i, 1);
  }
}
