// The cluster facts: what the client knows about live clusters, pushed to the language server (and saved for
// liqo-lint --facts). Plain data only: no addresses, no credentials.

/** A resource quantity map as the API returns it, e.g. `{ "nvidia.com/gpu": "1", cpu: "4" }`. */
export type Quantities = Record<string, string>;

export interface FactsVirtualNode {
  name: string;
  /** Provider cluster ID, from the node's `liqo.io/remote-cluster-id` label. */
  clusterID: string;
  labels: Record<string, string>;
  taints: { key: string; value?: string; effect: string }[];
  capacity: Quantities;
  ready: boolean;
}

export interface FactsForeignCluster {
  name: string;
  clusterID: string;
  role: string;
  modules: Record<string, { enabled: boolean; healthy: boolean }>;
}

export interface FactsOffloading {
  namespace: string;
  phase: string;
  /** The twin namespace's name, as the controller computed it (status). */
  remoteNamespaceName: string;
  /** `spec.remoteNamespaceName` as written, empty when unset; Liqo refuses any change of it. Absent in older facts. */
  specRemoteNamespaceName?: string;
  namespaceMappingStrategy: string;
  podOffloadingStrategy: string;
  /** Cluster IDs of the providers the namespace is offloaded to (its twin namespaces). Absent in older facts. */
  remoteClusterIDs?: string[];
}

/**
 * A Quota on a provider (offloading.liqo.io): what Liqo's ShadowPod webhook lets the pods of one of its
 * consumer's virtual nodes use. Liqo makes one per accepted ResourceSlice, in the consumer's tenant namespace.
 */
export interface FactsQuota {
  name: string;
  namespace: string;
  /** The consumer it admits pods of, from its tenant namespace. */
  consumerClusterID: string;
  /** The ResourceSlice it was made from (its owner); the consumer's virtual node of that slice has the same name. */
  resourceSlice?: string;
  /** `None`, `Soft` or `Hard` as written; empty when unset, which the webhook checks as it checks `Soft`. */
  limitsEnforcement: string;
  resources: Quantities;
  cordoned: boolean;
}

export interface FactsCluster {
  context: string;
  /** Local cluster ID, or empty when Liqo is not installed or the cluster is unreachable. */
  clusterID: string;
  reachable: boolean;
  /** Why an unreachable cluster is, in a few words; never an address, a credential or a stack trace. */
  reason?: string;
  liqoVersion?: string;
  foreignClusters: FactsForeignCluster[];
  virtualNodes: FactsVirtualNode[];
  /**
   * Extended resources (GPUs and the like) that the cluster's own nodes can allocate, summed; virtual nodes are not
   * counted. What a provider really has, whatever its ResourceSlices grant. Absent in facts from older clients.
   */
  nodeResources?: Quantities;
  namespaces: { name: string; labels: Record<string, string> }[];
  offloadings: FactsOffloading[];
  /** As a provider: its Quotas. Absent when unknown (older facts, or the list was refused). */
  quotas?: FactsQuota[];
  /** Names of its RuntimeClasses (node.k8s.io). Absent when unknown. */
  runtimeClasses?: string[];
  /**
   * Whether its Liqo webhook enforces Quotas on ShadowPods (the chart's `controllerManager.config.enableResourceEnforcement`,
   * on by default). Absent when the webhook's Deployment could not be read.
   */
  resourceEnforcement?: boolean;
  /** CRD schemas the cluster serves, keyed by `group/version/Kind`; they take precedence over the bundled ones. */
  crdSchemas: Record<string, object>;
}

/** A snapshot of what the client knows about live clusters. Plain data: no credentials, no addresses. */
export interface ClusterFacts {
  /** When the snapshot was taken, in ms since the epoch. */
  takenAt: number;
  clusters: FactsCluster[];
}

/** Cluster IDs of the clusters in the facts that consume from someone (they have virtual nodes): the ones that would offload. */
export function consumerIDs(facts: ClusterFacts): string[] {
  return facts.clusters.filter((c) => c.clusterID && c.virtualNodes.length > 0).map((c) => c.clusterID);
}
