// Label selector strings, parsed the way `liqoctl offload namespace --selector` does, into node selector
// terms; and the evaluation of such terms against a virtual node's labels.
import { checkLabelKey, checkLabelValue } from './validate';

export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

export class SelectorError extends Error {}

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

function matchesRequirement(r: NodeSelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = labels[r.key];
  switch (r.operator) {
    case 'In': return has && (r.values ?? []).includes(v ?? '');
    case 'NotIn': return !has || !(r.values ?? []).includes(v ?? '');
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    case 'Gt': return has && Number(v) > Number(r.values?.[0]);
    case 'Lt': return has && Number(v) < Number(r.values?.[0]);
    default: return false;
  }
}

/** Whether a node with these labels is selected. No terms selects every virtual node; terms are ORed. */
export function matchesTerms(terms: readonly NodeSelectorTerm[], labels: Record<string, string>): boolean {
  if (!terms.length) return true;
  return terms.some((t) => (t.matchExpressions ?? []).every((r) => matchesRequirement(r, labels)));
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
