// Builds the cluster facts snapshot for the language server from the sessions' snapshots, and publishes it
// debounced, only when it changed. Plain data: no addresses, no credentials.
import { isExtendedResource, quantityValue } from '../../../server/src/liqo/quantity';
import type { ClusterFacts, FactsCluster } from '../../../server/src/liqo/clusterFacts';
import type { Disposable } from './events';
import type { ClusterSnapshot } from './snapshot';

export function factsOfCluster(s: ClusterSnapshot): FactsCluster {
  const reachable = s.state === 'ready';
  return {
    context: s.context,
    // A cluster ID another context's server claims too is not believed: no check matches a peer by it.
    clusterID: s.clusterIDConflict ? '' : s.clusterID,
    reachable,
    ...(reachable ? {} : { reason: unreachableReason(s) }),
    ...(s.liqoVersion ? { liqoVersion: s.liqoVersion } : {}),
    foreignClusters: s.foreignClusters.map((fc) => ({
      name: fc.name,
      clusterID: fc.clusterID,
      role: fc.role,
      modules: Object.fromEntries(Object.entries(fc.modules).map(([k, m]) => [k, { enabled: m.enabled, healthy: m.healthy }])),
    })),
    virtualNodes: s.nodes.filter((n) => n.virtual).map((n) => ({
      name: n.name, clusterID: n.providerClusterID, labels: n.labels, taints: n.taints, capacity: n.capacity, ready: n.ready,
    })),
    nodeResources: ownExtendedResources(s),
    namespaces: s.namespaces.map((n) => ({ name: n.name, labels: n.labels })),
    offloadings: s.offloadings.map((o) => ({
      namespace: o.namespace, phase: o.phase, remoteNamespaceName: o.remoteNamespaceName, specRemoteNamespaceName: o.specRemoteNamespaceName,
      namespaceMappingStrategy: o.namespaceMappingStrategy, podOffloadingStrategy: o.podOffloadingStrategy,
      remoteClusterIDs: o.remotes.map((r) => r.clusterID).sort(),
    })),
    ...(s.quotas ? { quotas: s.quotas.map((q) => ({
      name: q.name, namespace: q.namespace, consumerClusterID: q.consumerClusterID, ...(q.resourceSlice ? { resourceSlice: q.resourceSlice } : {}),
      limitsEnforcement: q.limitsEnforcement, resources: q.resources, cordoned: q.cordoned,
    })) } : {}),
    ...(s.runtimeClasses ? { runtimeClasses: s.runtimeClasses } : {}),
    ...(s.resourceEnforcement !== undefined ? { resourceEnforcement: s.resourceEnforcement } : {}),
    crdSchemas: s.crdSchemas,
  };
}

/**
 * Why a cluster is not in the facts, in a few words for a CI log. Facts files get committed and shared, so the
 * reason names no server address: transport messages quote host and port, and only their error code is kept.
 */
export function unreachableReason(s: Pick<ClusterSnapshot, 'state' | 'error'>): string {
  const e = s.error;
  if (!e) return s.state === 'connecting' ? 'no answer yet when the facts were taken' : 'not connected';
  switch (e.kind) {
    case 'unreachable': return `unreachable (${/^[A-Z][A-Z_]+/.exec(e.message)?.[0] ?? (withoutAddresses(e.message.split('\n')[0] ?? '').slice(0, 200) || 'connection failed')})`;
    case 'slow': return 'too slow: no answer within the timeout';
    case 'unauthorised': return 'unauthorised (401): the credentials were refused';
    case 'forbidden': return 'forbidden (403)';
    case 'notLiqo': return 'Liqo is not installed (its API groups are not served)';
    default: return withoutAddresses(e.message.split('\n')[0] ?? '').slice(0, 160) || e.kind;
  }
}

/** The text with URLs, IPs and host:port pairs replaced: for what leaves the machine (facts files, CI logs). */
export function withoutAddresses(text: string): string {
  return text
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, '<address>')
    .replace(/\[[0-9a-f:]+\](:\d+)?/gi, '<address>')
    .replace(/\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b/g, '<address>')
    .replace(/\b[a-z0-9-]+(\.[a-z0-9-]+)+:\d{2,5}\b/gi, '<address>');
}

/** Allocatable extended resources summed over the cluster's real nodes. */
function ownExtendedResources(s: ClusterSnapshot): Record<string, string> {
  const sums = new Map<string, number>();
  for (const n of s.nodes) {
    if (n.virtual) continue;
    for (const [k, v] of Object.entries(n.allocatable)) {
      const q = isExtendedResource(k) ? quantityValue(v) : undefined;
      if (q !== undefined) sums.set(k, (sums.get(k) ?? 0) + q);
    }
  }
  return Object.fromEntries([...sums].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, String(v)]));
}

export function buildFacts(snapshots: readonly ClusterSnapshot[], takenAt = Date.now()): ClusterFacts {
  return { takenAt, clusters: snapshots.map(factsOfCluster).sort((a, b) => a.context.localeCompare(b.context)) };
}

/** The facts as Save Cluster Facts and liqo-facts write them: indented JSON and a final newline. */
export function factsJson(facts: ClusterFacts): string {
  return `${JSON.stringify(facts, null, 2)}\n`;
}

/**
 * Publishes facts at most once per debounce window, and only when they differ from the last ones sent
 * (the timestamp aside).
 */
export class FactsPublisher implements Disposable {
  private timer: NodeJS.Timeout | undefined;
  private lastKey = '';
  sent = 0;

  constructor(
    private readonly collect: () => readonly ClusterSnapshot[],
    private readonly send: (facts: ClusterFacts) => void | Promise<void>,
    private readonly debounceMs = 300,
  ) {}

  /** Something changed: publish after the debounce window. */
  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.debounceMs);
  }

  /** Publishes now if the facts changed since the last send; forgetting the last lets a restarted server get them again. */
  flush(force = false): void {
    const facts = buildFacts(this.collect());
    // Schemas change only when a cluster's CRDs do; their kinds stand in for them so the key stays cheap.
    const key = JSON.stringify(facts.clusters.map((c) => ({ ...c, crdSchemas: Object.keys(c.crdSchemas) })));
    if (!force && key === this.lastKey) return;
    this.lastKey = key;
    this.sent++;
    void Promise.resolve(this.send(facts)).catch(() => undefined);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
