// What a Liqo values file is checked against beyond itself: the other values files of the workspace (the same
// cluster ID twice), and the live cluster of the context it installs to (a cluster ID the chart will not change).
import type { ClusterFacts } from '../../liqo/clusterFacts';
import type { Analysis } from '../analyze';
import { diag } from '../rules/codes';
import type { RawDiagnostic } from '../types';
import { contextsOfValuesFile, uriPath } from './valuesFiles';

/** File-wide diagnostics of a values file, by the index of the document they belong to. */
export function acrossValuesFiles(
  uri: string, text: string, analyses: readonly Analysis[], valuesIDs: ReadonlyMap<string, string>, facts: ClusterFacts,
): Map<number, RawDiagnostic[]> {
  const out = new Map<number, RawDiagnostic[]>();
  const index = analyses.findIndex((a) => a.values?.clusterID);
  const at = analyses[index]?.values?.clusterID;
  if (!at) return out;
  const found: RawDiagnostic[] = [];
  const others = [...valuesIDs].filter(([u, id]) => u !== uri && id === at.value).map(([u]) => uriPath(u).split('/').pop() ?? u).sort();
  if (others.length) {
    found.push(diag('valuesClusterIDDuplicate', at.start, at.end,
      `Cluster ID "${at.value}" is also given by ${others.join(', ')}: every cluster needs its own ID, or they cannot peer.`));
  }
  const nl = text.indexOf('\n');
  const contexts = contextsOfValuesFile(uri, nl < 0 ? text : text.slice(0, nl), facts.clusters.map((c) => c.context));
  const live = facts.clusters.filter((c) => contexts.includes(c.context) && c.clusterID);
  const ids = new Set(live.map((c) => c.clusterID));
  // Contexts of different clusters fit the file's name alike: no telling which one it installs to.
  if (ids.size === 1 && !ids.has(at.value)) {
    found.push(diag('valuesClusterIDLive', at.start, at.end,
      `Context ${live[0].context} runs Liqo with cluster ID "${live[0].clusterID}", not "${at.value}": the chart refuses to change a cluster's ID on upgrade.`));
  }
  if (found.length) out.set(index, found);
  return out;
}
