// A NamespaceOffloading's clusterSelector (a core/v1 NodeSelector) evaluated against the virtual nodes in the
// cluster facts, the way Liqo's controller does: terms are ORed, the expressions of a term are ANDed, and an
// empty list of terms selects every virtual node.
import type { FactsCluster, FactsVirtualNode } from '../protocol';
import { isObj } from './rules/context';

interface Requirement {
  key: string;
  operator: string;
  values: string[];
}

function requirements(term: unknown, list: 'matchExpressions' | 'matchFields'): Requirement[] | undefined {
  const raw = isObj(term) ? term[list] : undefined;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) return undefined;
  const out: Requirement[] = [];
  for (const r of raw) {
    if (!isObj(r) || typeof r.key !== 'string' || typeof r.operator !== 'string') return undefined;
    out.push({ key: r.key, operator: r.operator, values: Array.isArray(r.values) ? r.values.map(String) : [] });
  }
  return out;
}

function holds(r: Requirement, value: string | undefined): boolean {
  switch (r.operator) {
    case 'In': return value !== undefined && r.values.includes(value);
    case 'NotIn': return value === undefined || !r.values.includes(value);
    case 'Exists': return value !== undefined;
    case 'DoesNotExist': return value === undefined;
    case 'Gt':
    case 'Lt': {
      const have = Number.parseInt(value ?? '', 10);
      const want = Number.parseInt(r.values[0] ?? '', 10);
      if (!Number.isFinite(have) || !Number.isFinite(want) || r.values.length !== 1) return false;
      return r.operator === 'Gt' ? have > want : have < want;
    }
    default: return false;
  }
}

/**
 * Whether the selector picks the node; undefined when the selector is malformed (the schema check reports
 * that), so that no conclusion is drawn from it.
 */
export function selects(selector: unknown, node: FactsVirtualNode): boolean | undefined {
  if (selector === undefined || selector === null) return true;
  if (!isObj(selector)) return undefined;
  const terms = selector.nodeSelectorTerms;
  if (terms === undefined || terms === null) return true;
  if (!Array.isArray(terms)) return undefined;
  if (terms.length === 0) return true;
  let any = false;
  for (const term of terms) {
    const exprs = requirements(term, 'matchExpressions');
    const fields = requirements(term, 'matchFields');
    if (!exprs || !fields) return undefined;
    // As in Kubernetes, a term without requirements selects nothing.
    if (exprs.length + fields.length === 0) continue;
    const ok = exprs.every((r) => holds(r, node.labels[r.key]))
      && fields.every((r) => holds(r, r.key === 'metadata.name' ? node.name : undefined));
    any ||= ok;
  }
  return any;
}

export interface Selection {
  cluster: FactsCluster;
  chosen: FactsVirtualNode[];
  others: FactsVirtualNode[];
}

/** For each reachable consumer cluster of the facts (one with virtual nodes), the virtual nodes the selector picks. */
export function selection(selector: unknown, clusters: FactsCluster[]): Selection[] | undefined {
  const out: Selection[] = [];
  const seen = new Set<string>();
  for (const cluster of clusters) {
    if (!cluster.reachable || !cluster.virtualNodes.length || seen.has(cluster.clusterID)) continue;
    seen.add(cluster.clusterID);
    const chosen: FactsVirtualNode[] = [];
    const others: FactsVirtualNode[] = [];
    for (const n of cluster.virtualNodes) {
      const s = selects(selector, n);
      if (s === undefined) return undefined;
      (s ? chosen : others).push(n);
    }
    out.push({ cluster, chosen, others });
  }
  return out;
}
