// Which virtual nodes of each connected consumer a NamespaceOffloading's clusterSelector picks: for the hover
// on the selector and for LIQO112. Selector semantics live in liqo/selector.ts.
import type { FactsCluster, FactsVirtualNode } from '../liqo/clusterFacts';
import { matchesTerms, readNodeSelectorTerms } from '../liqo/selector';

/**
 * Whether the selector picks the node; undefined when the selector is malformed (the schema check reports
 * that), so that no conclusion is drawn from it.
 */
export function selects(selector: unknown, node: FactsVirtualNode): boolean | undefined {
  const terms = readNodeSelectorTerms(selector);
  return terms && matchesTerms(terms, node);
}

export interface Selection {
  cluster: FactsCluster;
  chosen: FactsVirtualNode[];
  others: FactsVirtualNode[];
}

/** For each reachable consumer cluster of the facts (one with virtual nodes), the virtual nodes the selector picks. */
export function selection(selector: unknown, clusters: readonly FactsCluster[]): Selection[] | undefined {
  const terms = readNodeSelectorTerms(selector);
  if (!terms) return undefined;
  const out: Selection[] = [];
  const seen = new Set<string>();
  for (const cluster of clusters) {
    if (!cluster.reachable || !cluster.virtualNodes.length || seen.has(cluster.clusterID)) continue;
    seen.add(cluster.clusterID);
    const chosen: FactsVirtualNode[] = [];
    const others: FactsVirtualNode[] = [];
    for (const n of cluster.virtualNodes) (matchesTerms(terms, n) ? chosen : others).push(n);
    out.push({ cluster, chosen, others });
  }
  return out;
}
