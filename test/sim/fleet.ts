// The bench fleet's offloaded workload (`--remote-share F`): besides the star of peerings around the consumer, every
// other cluster consumes from one more provider (a ring), and a share F of each cluster's bench pods lives in namespace
// bench-remote, offloaded with the Remote strategy to every provider it has (the consumer's spread over all of them),
// so those pods run on virtual nodes and are reflected to the providers.
import type { Cluster } from './cluster.js';
import { upsert } from './controllers/util.js';
import { LIQO_TOLERATION, namespaceObject } from './objects.js';
import { seedPeering } from './peering.js';
import { seedBench } from './topology.js';
import { deploymentType, namespaceOffloadingType, namespaceType } from './typeRefs.js';
import type { World } from './world.js';

export const REMOTE_NS = 'bench-remote';

/** How many of `pods` go to the offloaded namespace. */
export function remotePods(pods: number, share: number): number {
  return Math.round(pods * Math.min(1, Math.max(0, share)));
}

function peered(w: World, a: Cluster, b: Cluster): boolean {
  return w.peerings.some((p) => (p.consumer === a && p.provider === b) || (p.consumer === b && p.provider === a));
}

/** The provider cluster i offloads to: the next one round the ring, skipping pairs already peered the other way. */
function ringProvider(w: World, clusters: Cluster[], i: number): Cluster | undefined {
  const c = clusters[i];
  for (let step = 1; step < clusters.length; step++) {
    const p = clusters[(i + step) % clusters.length];
    if (p === c) continue;
    const existing = w.peerings.find((x) => x.consumer === c && x.provider === p);
    if (existing) return p;
    if (!peered(w, c, p)) return p;
  }
  return undefined;
}

/** Seeds every cluster's bench workload: `pods` in all, the share `share` of them offloaded (see the file comment). */
export function seedFleet(w: World, clusters: Cluster[], pods: number, share: number): void {
  const remote = remotePods(pods, share);
  for (let i = 0; i < clusters.length; i++) {
    const c = clusters[i];
    const provider = remote > 0 ? ringProvider(w, clusters, i) : undefined;
    seedBench(c, provider ? pods - remote : pods);
    if (!provider) continue;
    const existing = w.peerings.find((x) => x.consumer === c && x.provider === provider);
    if (existing) existing.resources = { ...existing.resources, pods: String(remote + 110) };
    else {
      const peering = { consumer: c, provider, resources: { pods: String(remote + 110) } };
      w.peerings.push(peering);
      seedPeering(peering);
    }
    if (existing) seedPeering(existing);
    upsert(c, namespaceType, namespaceObject(REMOTE_NS), []);
    upsert(c, namespaceOffloadingType, { apiVersion: 'offloading.liqo.io/v1beta1', kind: 'NamespaceOffloading', metadata: { name: 'offloading', namespace: REMOTE_NS },
      spec: { namespaceMappingStrategy: 'DefaultName', podOffloadingStrategy: 'Remote' } });
    const labels = { app: 'bench-remote' };
    upsert(c, deploymentType, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'bench-remote', namespace: REMOTE_NS, labels },
      spec: { replicas: remote, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: {
        containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }],
        nodeSelector: { 'liqo.io/type': 'virtual-node' }, tolerations: [LIQO_TOLERATION] } } } });
  }
}
