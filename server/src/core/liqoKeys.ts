// Liqo's label and annotation keys, with what they do (in our words) and the values they take.

export interface KeyDoc {
  key: string;
  doc: string;
  /** Typical values; `clusterID` means "a peer's cluster ID" (offered from the cluster facts). */
  values?: string[] | 'clusterID';
}

export const liqoLabels: KeyDoc[] = [
  { key: 'liqo.io/remote-cluster-id', doc: 'The peer cluster this object is about. Liqo looks up almost every per-peer object by this label.', values: 'clusterID' },
  { key: 'liqo.io/replication', doc: 'Set to "true" on a ResourceSlice (or NamespaceMap) so that Liqo replicates it to the peer named by liqo.io/remoteID.', values: ['true'] },
  { key: 'liqo.io/remoteID', doc: 'The cluster a replicated object is sent to. Needed together with liqo.io/replication on a ResourceSlice.', values: 'clusterID' },
  { key: 'liqo.io/tenant-namespace', doc: 'Marks a tenant namespace, the namespace that holds everything about one peer.', values: ['true'] },
  { key: 'liqo.io/type', doc: 'Marks a virtual node: the node that stands for a provider cluster.', values: ['virtual-node'] },
  { key: 'liqo.io/scheduling-enabled', doc: 'Set by Liqo on an offloaded namespace; it turns on the pod webhook. Without a NamespaceOffloading, pod creation then fails.', values: ['true'] },
  { key: 'liqo.io/webhook-skip', doc: 'Makes Liqo\'s validating webhooks ignore the object. Avoid it in hand-written manifests.', values: ['true'] },
  { key: 'liqo.io/managed', doc: 'Added by Liqo\'s chart to the resources it creates.', values: ['true'] },
  { key: 'liqo.io/provider', doc: 'A cluster label that liqoctl adds at install time: the provider plugin, e.g. kind, kubeadm, eks.' },
  { key: 'storage.liqo.io/available', doc: 'On a virtual node: whether the provider offers storage classes.', values: ['true', 'false'] },
  { key: 'liqo.io/resourceslice-name', doc: 'On a VirtualNode created from a ResourceSlice: the slice\'s name.' },
];

export const liqoAnnotations: KeyDoc[] = [
  { key: 'liqo.io/create-virtual-node', doc: 'On a ResourceSlice: "true" makes Liqo create a VirtualNode once the provider accepts the slice.', values: ['true', 'false'] },
  { key: 'liqo.io/cordon', doc: 'On a ResourceSlice (provider side): stops new pods from using the slice\'s quota.', values: ['true', 'false'] },
  { key: 'liqo.io/remote-runtime-class-name', doc: 'On a pod: the RuntimeClass its copy uses on the provider, e.g. nvidia for GPU nodes.', values: ['nvidia'] },
  { key: 'liqo.io/api-server-support', doc: 'On a pod: whether an offloaded pod may reach the consumer\'s API server.', values: ['remote', 'disabled'] },
  { key: 'liqo.io/anti-affinity-preset', doc: 'On a pod: spread the offloaded replicas over provider nodes.', values: ['soft', 'hard', 'propagate'] },
  { key: 'liqo.io/anti-affinity-labels', doc: 'On a pod: the labels the anti-affinity preset groups replicas by.' },
  { key: 'liqo.io/remote-service-account-name', doc: 'On a pod: the service account its copy uses on the provider.' },
  { key: 'liqo.io/skip-reflection', doc: 'Keeps an object from being reflected to the providers.', values: ['true'] },
  { key: 'liqo.io/allow-reflection', doc: 'Lets an object be reflected when reflection works as an allow list.', values: ['true'] },
  { key: 'liqo.io/force-remote-node-port', doc: 'On a Service: keep the same node port on the providers.', values: ['true'] },
  { key: 'liqo.io/use-direct-connections', doc: 'On a Service: let traffic go directly between providers.', values: ['true', 'false'] },
];

/** Node label keys worth offering in a clusterSelector, besides the live virtual nodes' labels. */
export const selectorKeys = ['liqo.io/remote-cluster-id', 'liqo.io/type', 'liqo.io/provider', 'topology.kubernetes.io/region', 'kubernetes.io/arch', 'storage.liqo.io/available'];

export const selectorOperators = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];

export function keyDoc(key: string): KeyDoc | undefined {
  return liqoLabels.find((k) => k.key === key) ?? liqoAnnotations.find((k) => k.key === key);
}
