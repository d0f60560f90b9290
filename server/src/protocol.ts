// Custom messages between the extension (client) and the language server.
// Both sides import this file; it declares each method once with its direction and payload.
import { NotificationType, RequestType0 } from 'vscode-languageserver-protocol';

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
  remoteNamespaceName: string;
  namespaceMappingStrategy: string;
  podOffloadingStrategy: string;
}

export interface FactsCluster {
  context: string;
  /** Local cluster ID, or empty when Liqo is not installed or the cluster is unreachable. */
  clusterID: string;
  reachable: boolean;
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
  /** CRD schemas the cluster serves, keyed by `group/version/Kind`; they take precedence over the bundled ones. */
  crdSchemas: Record<string, object>;
}

/** A snapshot of what the client knows about live clusters. Plain data: no credentials, no addresses. */
export interface ClusterFacts {
  /** When the snapshot was taken, in ms since the epoch. */
  takenAt: number;
  clusters: FactsCluster[];
}

/**
 * client -> server: the latest cluster facts snapshot. Sent debounced whenever the facts change.
 * The server stores it, hands it to its rules and re-validates open documents.
 */
export const clusterFactsNotification = new NotificationType<ClusterFacts>('liqo/clusterFacts');

/** What the server reports about itself, for the language status item. */
export interface ServerStatus {
  documents: number;
  factsClusters: number;
  factsTakenAt?: number;
}

/** client -> server: the server's own state, shown in the language status item. */
export const serverStatusRequest = new RequestType0<ServerStatus, void>('liqo/serverStatus');
