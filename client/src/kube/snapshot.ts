// A plain-data picture of one cluster, derived from the informers' stores. The tree model and the
// facts builder both read it, so they can be tested from fixtures without a cluster or vscode.
import type { FailureKind } from './errors';
import { readCiliumConfig, readForeignCluster, readNetworkConfiguration, readNode, readOffloading, readPod, readQuota, readResourceSlice, readTenant, type CiliumInfo, type ForeignClusterInfo, type NetworkConfigInfo, type NodeInfo, type OffloadingInfo, type PodInfo, type QuotaInfo, type SliceInfo, type TenantInfo } from './readers';
import { labels } from '../../../server/src/liqo/keys';
import { peerOfTenantNamespace } from '../../../server/src/liqo/names';
import { type KObj } from './kinds';

export type SessionState = 'idle' | 'connecting' | 'ready' | 'failed';

export interface RawObjects {
  foreignClusters: KObj[];
  nodes: KObj[];
  namespaces: KObj[];
  /** Offloaded pods on this (consumer) side: labelled liqo.io/shadowPod=true. */
  pods: KObj[];
  /** Pods this (provider) cluster runs for consumers: labelled liqo.io/managed-by=shadowpod. */
  remotePods: KObj[];
  /** Pods that request a GPU and that no node could take (no nodeName yet). */
  pendingPods: KObj[];
  offloadings: KObj[];
  resourceSlices: KObj[];
  tenants: KObj[];
  virtualNodes: KObj[];
  /** As a provider: the Quotas Liqo's ShadowPod webhook admits consumers' pods by. */
  quotas: KObj[];
  runtimeClasses: KObj[];
  /** Cilium's `cilium-config` ConfigMaps (the doctor's LIQO901). */
  ciliumConfigs: KObj[];
  /** Liqo's network Configurations, one per peer (the doctor's LIQO906). */
  networkConfigs: KObj[];
}

/**
 * A kind the tree cannot show, and why: the user may not list or watch it (`forbidden`), or its first list was
 * refused for now and is retried (`pending`). Its emptiness says nothing.
 */
export interface UnlistedKind {
  /** The resource as RBAC names it: `virtualnodes`, with its API group ('' for the core group). */
  resource: string;
  group: string;
  why: 'forbidden' | 'pending';
  /** The server's words (a 403's message names the user and the verb). */
  message: string;
  /** Forbidden cluster-wide, but listed in this namespace (the context's): what the tree shows is that namespace only. */
  namespace?: string;
}

export interface NamespaceInfo {
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface ClusterSnapshot {
  context: string;
  state: SessionState;
  /** Why the cluster is failed, or degraded while ready (e.g. a watch that keeps failing). */
  error?: { kind: FailureKind; message: string };
  clusterID: string;
  liqoVersion: string;
  foreignClusters: ForeignClusterInfo[];
  nodes: NodeInfo[];
  namespaces: NamespaceInfo[];
  pods: PodInfo[];
  offloadings: OffloadingInfo[];
  slices: SliceInfo[];
  tenants: TenantInfo[];
  /** Quotas with the consumer each is for; undefined when they could not be listed. */
  quotas?: (QuotaInfo & { consumerClusterID: string })[];
  /** RuntimeClass names; undefined when they could not be listed. */
  runtimeClasses?: string[];
  /** Whether the Liqo webhook enforces Quotas; undefined when unknown. */
  resourceEnforcement?: boolean;
  /** Cilium's agent configuration ([] without Cilium); undefined when it could not be listed. */
  cilium?: CiliumInfo[];
  /** Liqo's network Configurations; undefined when they could not be listed. */
  networkConfigs?: NetworkConfigInfo[];
  /** VirtualNode custom resources by name, for the provider they map to when the Node lacks the label. */
  virtualNodeClusters: Record<string, string>;
  crdSchemas: Record<string, object>;
  /** Kinds that could not be listed, each once, in a stable order. */
  unlistedKinds?: UnlistedKind[];
  /**
   * Other contexts, on other servers, that report the same cluster ID as this one. Cluster IDs are what a cluster
   * says about itself, so neither is believed: no cross-cluster read picks either, and the facts carry no ID.
   */
  clusterIDConflict?: string[];
}

export interface SnapshotHeader {
  context: string;
  state: SessionState;
  error?: { kind: FailureKind; message: string };
  clusterID?: string;
  liqoVersion?: string;
  crdSchemas?: Record<string, object>;
  resourceEnforcement?: boolean;
  /** Kinds whose list has not succeeded (e.g. forbidden): their emptiness says nothing. */
  unlisted?: (keyof RawObjects)[];
  unlistedKinds?: UnlistedKind[];
  /** Other contexts, on other servers, that report the same cluster ID (see ClusterSnapshot). */
  clusterIDConflict?: string[];
}

export function emptyObjects(): RawObjects {
  return {
    foreignClusters: [], nodes: [], namespaces: [], pods: [], remotePods: [], pendingPods: [], offloadings: [], resourceSlices: [], tenants: [],
    virtualNodes: [], quotas: [], runtimeClasses: [], ciliumConfigs: [], networkConfigs: [],
  };
}

/**
 * The local cluster ID when the ClusterID ConfigMap cannot be read: a slice we requested names us as the
 * consumer, and a slice replicated to us names us as the provider.
 */
export function inferClusterID(raw: Partial<RawObjects>): string {
  for (const rs of raw.resourceSlices ?? []) {
    const spec = (rs.spec ?? {}) as { consumerClusterID?: string; providerClusterID?: string };
    const replicated = rs.metadata.labels?.[labels.replicated] === 'true';
    const id = replicated ? spec.providerClusterID : spec.consumerClusterID;
    if (id) return id;
  }
  return '';
}

function mergePods(a: KObj[], b: KObj[]): KObj[] {
  if (!b.length) return a;
  const seen = new Set(a.map((p) => `${p.metadata.namespace ?? ''}/${p.metadata.name}`));
  return [...a, ...b.filter((p) => !seen.has(`${p.metadata.namespace ?? ''}/${p.metadata.name}`))];
}

const byName = <T extends { name: string }>(a: T, b: T): number => a.name.localeCompare(b.name);

/** The peer cluster of a tenant namespace: by its labels, as Liqo finds tenant namespaces, else by its name. */
function tenantPeer(namespaces: KObj[]): (ns: string) => string {
  const byLabel = new Map<string, string>();
  for (const n of namespaces) {
    const l = n.metadata.labels ?? {};
    if (l[labels.tenantNamespace] === 'true' && l[labels.remoteClusterID]) byLabel.set(n.metadata.name, l[labels.remoteClusterID]);
  }
  return (ns) => byLabel.get(ns) ?? peerOfTenantNamespace(ns) ?? '';
}

export function buildSnapshot(h: SnapshotHeader, raw: Partial<RawObjects>): ClusterSnapshot {
  const o = { ...emptyObjects(), ...raw };
  // Without objects (a cluster not ready) nothing was listed; with them, only what the header names was not.
  const listed = (k: keyof RawObjects): boolean => raw[k] !== undefined && !h.unlisted?.includes(k);
  const peerOf = tenantPeer(o.namespaces);
  const virtualNodeClusters: Record<string, string> = {};
  for (const vn of o.virtualNodes) {
    const spec = vn.spec ?? {};
    const id = typeof spec.clusterID === 'string' ? spec.clusterID : vn.metadata.labels?.[labels.remoteClusterID];
    if (id) virtualNodeClusters[vn.metadata.name] = id;
  }
  const nodes = o.nodes.map(readNode).map((n) =>
    n.virtual && !n.providerClusterID && virtualNodeClusters[n.name] ? { ...n, providerClusterID: virtualNodeClusters[n.name] ?? '' } : n);
  return {
    context: h.context,
    state: h.state,
    error: h.error,
    clusterID: h.clusterID ?? '',
    liqoVersion: h.liqoVersion ?? '',
    foreignClusters: o.foreignClusters.map(readForeignCluster).sort(byName),
    nodes: nodes.sort(byName),
    namespaces: o.namespaces.map((n) => ({ name: n.metadata.name, labels: { ...(n.metadata.labels ?? {}) }, annotations: { ...(n.metadata.annotations ?? {}) } })).sort(byName),
    pods: mergePods(mergePods(o.pods, o.remotePods), o.pendingPods).map(readPod).sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name)),
    offloadings: o.offloadings.map(readOffloading).sort((a, b) => a.namespace.localeCompare(b.namespace)),
    slices: o.resourceSlices.map(readResourceSlice).sort(byName),
    tenants: o.tenants.map(readTenant).sort(byName),
    ...(listed('quotas') ? { quotas: o.quotas.map(readQuota).map((q) => ({ ...q, consumerClusterID: peerOf(q.namespace) })).sort(byName) } : {}),
    ...(listed('runtimeClasses') ? { runtimeClasses: o.runtimeClasses.map((r) => r.metadata.name).sort() } : {}),
    ...(h.resourceEnforcement !== undefined ? { resourceEnforcement: h.resourceEnforcement } : {}),
    ...(listed('ciliumConfigs') ? { cilium: o.ciliumConfigs.map(readCiliumConfig).sort((a, b) => a.namespace.localeCompare(b.namespace)) } : {}),
    ...(listed('networkConfigs') ? { networkConfigs: o.networkConfigs.map(readNetworkConfiguration).sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name)) } : {}),
    virtualNodeClusters,
    crdSchemas: h.crdSchemas ?? {},
    ...(h.unlistedKinds?.length ? { unlistedKinds: h.unlistedKinds } : {}),
    ...(h.clusterIDConflict?.length ? { clusterIDConflict: h.clusterIDConflict } : {}),
  };
}
