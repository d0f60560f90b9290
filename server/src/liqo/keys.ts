// Liqo's label, annotation and taint keys, and the values it gives them: each key is spelled here and nowhere
// else in product code. The language server documents them (core/keyDocs.ts); the client reads clusters by them.

export const labels = {
  remoteClusterID: 'liqo.io/remote-cluster-id',
  tenantNamespace: 'liqo.io/tenant-namespace',
  type: 'liqo.io/type',
  schedulingEnabled: 'liqo.io/scheduling-enabled',
  replication: 'liqo.io/replication',
  remoteID: 'liqo.io/remoteID',
  replicated: 'liqo.io/replicated',
  originID: 'liqo.io/originID',
  shadowPod: 'liqo.io/shadowPod',
  managedBy: 'liqo.io/managed-by',
  webhookSkip: 'liqo.io/webhook-skip',
  managed: 'liqo.io/managed',
  provider: 'liqo.io/provider',
  storageAvailable: 'storage.liqo.io/available',
  resourceSliceName: 'liqo.io/resourceslice-name',
  origin: 'offloading.liqo.io/origin',
  destination: 'offloading.liqo.io/destination',
  nodeName: 'offloading.liqo.io/nodename',
  /** Pick the FirewallConfigurations the gateway or the fabric applies (pkg/firewall/label.go). */
  firewallCategory: 'networking.liqo.io/firewall-category',
  firewallSubcategory: 'networking.liqo.io/firewall-subcategory',
  /** Picks the RouteConfigurations the gateway or the fabric applies (pkg/route/label.go). */
  routeCategory: 'networking.liqo.io/route-category',
} as const;

export const annotations = {
  createVirtualNode: 'liqo.io/create-virtual-node',
  originalName: 'liqo.io/original-name',
  cordon: 'liqo.io/cordon',
  remoteRuntimeClassName: 'liqo.io/remote-runtime-class-name',
  apiServerSupport: 'liqo.io/api-server-support',
  antiAffinityPreset: 'liqo.io/anti-affinity-preset',
  antiAffinityLabels: 'liqo.io/anti-affinity-labels',
  remoteServiceAccountName: 'liqo.io/remote-service-account-name',
  skipReflection: 'liqo.io/skip-reflection',
  allowReflection: 'liqo.io/allow-reflection',
  forceRemoteNodePort: 'liqo.io/force-remote-node-port',
  useDirectConnections: 'liqo.io/use-direct-connections',
} as const;

/** The value of `liqo.io/type` on a virtual node. */
export const virtualNodeTypeValue = 'virtual-node';

/** The taint Liqo puts on every virtual node, so that only pods that tolerate it land there. */
export const virtualNodeTaint = { key: 'virtual-node.liqo.io/not-allowed', value: 'true', effect: 'NoExecute' } as const;

/** The ConfigMap that holds a cluster's own ID: its label selector and data key. */
export const clusterIDConfigMap = { selector: 'app.kubernetes.io/name=clusterid-configmap', key: 'CLUSTER_ID' } as const;

/** Liqo's API groups. */
export const liqoGroups: readonly string[] = ['core.liqo.io', 'authentication.liqo.io', 'offloading.liqo.io', 'networking.liqo.io', 'ipam.liqo.io'];

/** Extended-resource names that count as GPUs. */
export const gpuKeys: readonly string[] = ['nvidia.com/gpu', 'amd.com/gpu', 'gpu.intel.com/i915', 'nvidia.com/gpu.shared'];
