// The GPU map as plain data, from every context's snapshot: each cluster with the GPUs of its own nodes, each peering as
// an edge from consumer to provider (GPUs granted by the ResourceSlice, on the virtual node, in use by the pods running
// there), the GPU pods still waiting, and for each provider what it lends, to whom, and what no consumer uses.
// No vscode here: the panel, the SVG and the CSV all read this.
import { gpuCount, type PodInfo } from '../kube/readers';
import { labels } from '../../../server/src/liqo/keys';
import type { ClusterSnapshot } from '../kube/snapshot';

export interface MapPod {
  namespace: string;
  name: string;
  gpus: number;
  phase: string;
  /** The tree item that shows it (views/model.ts ids). */
  treeId: string;
}

export interface MapCluster {
  clusterID: string;
  /** The context the map reads this cluster through (one per cluster, though several may reach it). */
  context: string;
  /** GPUs allocatable on the cluster's own nodes; undefined when no context reaches it (a peer outside the kubeconfig). */
  ownGpus?: number;
  gpuNodes: string[];
  waiting: MapPod[];
  /** As a provider: GPUs granted to consumers, the ones consumers' pods use, and own GPUs no consumer uses. */
  lent: number;
  lentInUse: number;
  idle?: number;
  treeId?: string;
}

export interface MapEdge {
  consumer: string;
  provider: string;
  /** GPUs the ResourceSlice(s) granted. */
  granted: number;
  /** GPUs on the virtual node(s) (capacity). */
  capacity: number;
  /** GPUs requested by the pods running there. */
  inUse: number;
  pods: MapPod[];
  virtualNodes: string[];
  treeId?: string;
}

export interface GpuMap {
  clusters: MapCluster[];
  edges: MapEdge[];
  /** Contexts that could not be read, with why. */
  unreachable: { context: string; reason: string }[];
}

const finished = new Set(['Succeeded', 'Failed']);
const running = (p: PodInfo): boolean => !finished.has(p.phase);

/** One snapshot per cluster ID: a ready one without errors first, then by context name. */
function pickPerCluster(snapshots: readonly ClusterSnapshot[]): Map<string, ClusterSnapshot> {
  const ranked = [...snapshots].filter((s) => s.state === 'ready' && s.clusterID)
    .sort((a, b) => Number(!!a.error) - Number(!!b.error) || a.context.localeCompare(b.context));
  const out = new Map<string, ClusterSnapshot>();
  for (const s of ranked) if (!out.has(s.clusterID)) out.set(s.clusterID, s);
  return out;
}

function mapPod(s: ClusterSnapshot, p: PodInfo, pending = false): MapPod {
  return { namespace: p.namespace, name: p.name, gpus: p.gpus, phase: p.phase, treeId: `${s.context}/${pending ? 'pending' : 'pod'}/${p.namespace}/${p.name}` };
}

/** The edges a consumer's own context shows: its virtual nodes and the slices it requested. */
function consumerEdges(s: ClusterSnapshot): MapEdge[] {
  const edges = new Map<string, MapEdge>();
  const edge = (provider: string): MapEdge => {
    let e = edges.get(provider);
    if (!e) edges.set(provider, e = { consumer: s.clusterID, provider, granted: 0, capacity: 0, inUse: 0, pods: [], virtualNodes: [] });
    return e;
  };
  for (const x of s.slices) if (!x.providing && x.providerClusterID) edge(x.providerClusterID).granted += gpuCount(x.granted);
  for (const n of s.nodes) {
    if (!n.virtual || !n.providerClusterID) continue;
    const e = edge(n.providerClusterID);
    e.capacity += gpuCount(n.capacity);
    e.virtualNodes.push(n.name);
    e.treeId ??= `${s.context}/vn/${n.name}`;
    for (const p of s.pods) {
      if (p.nodeName !== n.name || !running(p) || p.gpus <= 0) continue;
      e.inUse += p.gpus;
      e.pods.push(mapPod(s, p));
    }
  }
  return [...edges.values()];
}

/** The edges a provider's context shows for consumers outside the kubeconfig: the slices it grants and the pods it runs for them. */
function providerEdges(s: ClusterSnapshot, known: ReadonlySet<string>): MapEdge[] {
  const edges = new Map<string, MapEdge>();
  for (const x of s.slices) {
    if (!x.providing || !x.consumerClusterID || known.has(x.consumerClusterID)) continue;
    let e = edges.get(x.consumerClusterID);
    if (!e) edges.set(x.consumerClusterID, e = { consumer: x.consumerClusterID, provider: s.clusterID, granted: 0, capacity: 0, inUse: 0, pods: [], virtualNodes: [],
      treeId: `${s.context}/tenant/${x.consumerClusterID}` });
    e.granted += gpuCount(x.granted);
  }
  for (const e of edges.values()) {
    const twins = new Set(s.namespaces.filter((n) => n.labels[labels.remoteClusterID] === e.consumer && n.labels[labels.tenantNamespace] === undefined).map((n) => n.name));
    for (const p of s.pods) {
      if (!twins.has(p.namespace) || !running(p) || p.gpus <= 0 || !p.nodeName) continue;
      e.inUse += p.gpus;
      e.pods.push(mapPod(s, p));
    }
  }
  return [...edges.values()];
}

export function buildGpuMap(snapshots: readonly ClusterSnapshot[]): GpuMap {
  const per = pickPerCluster(snapshots);
  const edges: MapEdge[] = [];
  for (const s of per.values()) edges.push(...consumerEdges(s));
  for (const s of per.values()) edges.push(...providerEdges(s, new Set(per.keys())));
  const ids = new Set([...per.keys(), ...edges.flatMap((e) => [e.consumer, e.provider])]);
  const clusters = [...ids].sort().map((id): MapCluster => {
    const s = per.get(id);
    const real = s?.nodes.filter((n) => !n.virtual) ?? [];
    const ownGpus = s ? real.reduce((a, n) => a + gpuCount(n.allocatable), 0) : undefined;
    const out = edges.filter((e) => e.provider === id);
    const lent = out.reduce((a, e) => a + e.granted, 0);
    const lentInUse = out.reduce((a, e) => a + e.inUse, 0);
    return {
      clusterID: id,
      context: s?.context ?? '',
      ...(ownGpus !== undefined ? { ownGpus, idle: Math.max(0, ownGpus - lentInUse) } : {}),
      gpuNodes: real.filter((n) => gpuCount(n.allocatable) > 0).map((n) => n.name),
      waiting: s ? s.pods.filter((p) => !p.nodeName && p.gpus > 0 && p.phase === 'Pending').map((p) => mapPod(s, p, true)) : [],
      lent,
      lentInUse,
      ...(s ? { treeId: `ctx/${s.context}` } : {}),
    };
  });
  const unreachable = snapshots.filter((s) => s.state === 'failed').map((s) => ({ context: s.context, reason: s.error?.message.split('\n')[0] ?? 'failed' }));
  return { clusters, edges: edges.sort((a, b) => a.consumer.localeCompare(b.consumer) || a.provider.localeCompare(b.provider)), unreachable };
}
