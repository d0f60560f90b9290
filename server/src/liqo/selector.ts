// Node selectors: reading them from a manifest, building them from `liqoctl offload namespace --selector`
// strings, and matching them against (virtual) nodes.
//
// Matching is Kubernetes' (k8s.io/component-helpers/scheduling/corev1 MatchNodeSelectorTerms): terms are ORed,
// the requirements of a term ANDed, and a term with no requirements, or with one Kubernetes would refuse,
// selects nothing. Gt and Lt compare the label and the one value as int64. Liqo adds one rule of its own: a
// clusterSelector with no terms at all selects every virtual node (liqotech/liqo,
// pkg/liqo-controller-manager/offloading/namespaceoffloading-controller/clusterselector.go).
import { checkLabelKey, checkLabelValue } from './syntax';

export const selectorOperators = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] as const;
export type SelectorOperator = typeof selectorOperators[number];

export interface NodeSelectorRequirement {
  key: string;
  /** One of selectorOperators; anything else makes its term select nothing. */
  operator: string;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

/** What a selector is matched against: a node's name and labels. */
export interface SelectableNode {
  name: string;
  labels: Readonly<Record<string, string>>;
}

export class SelectorError extends Error {}

// ---- reading from a manifest -------------------------------------------------------------------------------

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function readRequirements(term: Record<string, unknown>, list: 'matchExpressions' | 'matchFields'): NodeSelectorRequirement[] | undefined {
  const raw = term[list];
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) return undefined;
  const out: NodeSelectorRequirement[] = [];
  for (const r of raw) {
    if (!isObj(r) || typeof r.key !== 'string' || typeof r.operator !== 'string') return undefined;
    if (r.values !== undefined && r.values !== null && !Array.isArray(r.values)) return undefined;
    out.push({ key: r.key, operator: r.operator, values: Array.isArray(r.values) ? r.values.map(String) : [] });
  }
  return out;
}

/**
 * The terms of a clusterSelector (a core/v1 NodeSelector) as written in a manifest; undefined when its shape is
 * wrong (the schema check reports that), so that no conclusion is drawn from it. No selector means no terms.
 */
export function readNodeSelectorTerms(selector: unknown): NodeSelectorTerm[] | undefined {
  if (selector === undefined || selector === null) return [];
  if (!isObj(selector)) return undefined;
  const terms = selector.nodeSelectorTerms;
  if (terms === undefined || terms === null) return [];
  if (!Array.isArray(terms)) return undefined;
  const out: NodeSelectorTerm[] = [];
  for (const t of terms) {
    if (t === null) { out.push({}); continue; }
    if (!isObj(t)) return undefined;
    const matchExpressions = readRequirements(t, 'matchExpressions');
    const matchFields = readRequirements(t, 'matchFields');
    if (!matchExpressions || !matchFields) return undefined;
    out.push({ matchExpressions, matchFields });
  }
  return out;
}

// ---- matching -----------------------------------------------------------------------------------------------

const int64 = /^[+-]?[0-9]+$/;
const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

/** strconv.ParseInt(s, 10, 64): undefined when it fails. */
function parseInt64(s: string | undefined): bigint | undefined {
  if (s === undefined || !int64.test(s) || s.length > 21) return undefined;
  const n = BigInt(s);
  return n < int64Min || n > int64Max ? undefined : n;
}

/** What Kubernetes refuses in a requirement, and which of its fields is wrong. */
export interface RequirementProblem {
  field: 'key' | 'operator' | 'values';
  message: string;
}

/**
 * Why Kubernetes refuses a requirement (labels.NewRequirement for expressions, the field selector for
 * `matchFields`), or undefined when it accepts it. A term with a refused requirement never matches.
 */
export function requirementProblem(r: NodeSelectorRequirement, field: boolean): RequirementProblem | undefined {
  const values = r.values ?? [];
  if (field) {
    if (r.operator !== 'In' && r.operator !== 'NotIn') return { field: 'operator', message: `operator ${r.operator} is not allowed in matchFields: use In or NotIn` };
    return values.length === 1 ? undefined : { field: 'values', message: `${r.operator} in matchFields takes exactly one value, not ${values.length}` };
  }
  const keyError = checkLabelKey(r.key);
  if (keyError) return { field: 'key', message: keyError };
  switch (r.operator) {
    case 'In':
    case 'NotIn': {
      if (!values.length) return { field: 'operator', message: `${r.operator} needs at least one value` };
      const bad = values.map(checkLabelValue).find((e) => e !== undefined);
      return bad ? { field: 'values', message: bad } : undefined;
    }
    case 'Exists':
    case 'DoesNotExist':
      return values.length ? { field: 'values', message: `${r.operator} takes no values` } : undefined;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) return { field: 'values', message: `${r.operator} takes exactly one value, not ${values.length}` };
      return parseInt64(values[0]) === undefined ? { field: 'values', message: `${r.operator} compares integers, and "${values[0]}" is not one` } : undefined;
    default:
      return { field: 'operator', message: `"${r.operator}" is not an operator: use ${selectorOperators.join(', ')}` };
  }
}

/** Whether Kubernetes accepts the requirement; a term with one it refuses never matches. */
export function valid(r: NodeSelectorRequirement, field: boolean): boolean {
  return requirementProblem(r, field) === undefined;
}

function holds(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In': return value !== undefined && values.includes(value);
    case 'NotIn': return value === undefined || !values.includes(value);
    case 'Exists': return value !== undefined;
    case 'DoesNotExist': return value === undefined;
    case 'Gt':
    case 'Lt': {
      const have = parseInt64(value);
      const want = parseInt64(values[0]);
      if (have === undefined || want === undefined) return false;
      return r.operator === 'Gt' ? have > want : have < want;
    }
    default: return false;
  }
}

function termMatches(t: NodeSelectorTerm, node: SelectableNode): boolean {
  const exprs = t.matchExpressions ?? [];
  const fields = t.matchFields ?? [];
  if (exprs.length + fields.length === 0) return false;
  if (!exprs.every((r) => valid(r, false)) || !fields.every((r) => valid(r, true))) return false;
  const label = (k: string) => (Object.prototype.hasOwnProperty.call(node.labels, k) ? node.labels[k] : undefined);
  // A node has one selectable field, its name; any other field reads as empty.
  return exprs.every((r) => holds(r, label(r.key)))
    && fields.every((r) => holds(r, r.key === 'metadata.name' ? node.name : ''));
}

/** Whether a Liqo clusterSelector with these terms picks the node: no terms pick every virtual node. */
export function matchesTerms(terms: readonly NodeSelectorTerm[], node: SelectableNode): boolean {
  if (!terms.length) return true;
  return terms.some((t) => termMatches(t, node));
}

// ---- liqoctl's --selector strings ---------------------------------------------------------------------------

/** Splits on commas that are not inside parentheses. */
function splitRequirements(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out.map((x) => x.trim()).filter((x) => x !== '');
}

function key(k: string): string {
  const err = checkLabelKey(k);
  if (err) throw new SelectorError(err);
  return k;
}

function values(list: string[]): string[] {
  for (const v of list) {
    const err = checkLabelValue(v);
    if (err) throw new SelectorError(err);
  }
  return list;
}

/**
 * One selector string (one `--selector` flag) -> one term. Equality requirements come first, sorted by
 * key, as they come out of a label selector's matchLabels; set-based ones follow in the written order.
 */
export function parseSelector(selector: string): NodeSelectorTerm {
  const eq: NodeSelectorRequirement[] = [];
  const rest: NodeSelectorRequirement[] = [];
  for (const req of splitRequirements(selector)) {
    let m: RegExpExecArray | null;
    if ((m = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(req))) {
      const vals = (m[3] ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '');
      if (!vals.length) throw new SelectorError(`"${req}": a set needs at least one value`);
      rest.push({ key: key(m[1] ?? ''), operator: m[2] === 'in' ? 'In' : 'NotIn', values: values(vals) });
    } else if ((m = /^([^!=\s]+)\s*!=\s*(\S*)$/.exec(req))) {
      rest.push({ key: key(m[1] ?? ''), operator: 'NotIn', values: values([m[2] ?? '']) });
    } else if ((m = /^([^!=\s]+)\s*==?\s*(\S*)$/.exec(req))) {
      eq.push({ key: key(m[1] ?? ''), operator: 'In', values: values([m[2] ?? '']) });
    } else if ((m = /^!\s*(\S+)$/.exec(req))) {
      rest.push({ key: key(m[1] ?? ''), operator: 'DoesNotExist' });
    } else if (/^\S+$/.test(req)) {
      rest.push({ key: key(req), operator: 'Exists' });
    } else {
      throw new SelectorError(`"${req}" is not a label selector requirement (k=v, k!=v, k in (a,b), k notin (a), k, !k)`);
    }
  }
  eq.sort((a, b) => a.key.localeCompare(b.key));
  return { matchExpressions: [...eq, ...rest] };
}

export function parseSelectors(selectors: readonly string[]): NodeSelectorTerm[] {
  return selectors.filter((s) => s.trim() !== '').map(parseSelector);
}

/** The selector back as text, for previews and quick-pick descriptions. */
export function formatTerms(terms: readonly NodeSelectorTerm[]): string {
  if (!terms.length) return 'all virtual nodes';
  return terms.map((t) => (t.matchExpressions ?? []).map((r) => {
    switch (r.operator) {
      case 'In': return r.values?.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${(r.values ?? []).join(',')})`;
      case 'NotIn': return r.values?.length === 1 ? `${r.key}!=${r.values[0]}` : `${r.key} notin (${(r.values ?? []).join(',')})`;
      case 'Exists': return r.key;
      case 'DoesNotExist': return `!${r.key}`;
      default: return `${r.key} ${r.operator} ${(r.values ?? []).join(',')}`;
    }
  }).join(',')).join(' OR ');
}
