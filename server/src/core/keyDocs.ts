// What Liqo's label and annotation keys do (in our words) and the values they take, for hover and completion.
import { annotations, labels, virtualNodeTypeValue } from '../liqo/keys';

export interface KeyDoc {
  key: string;
  doc: string;
  /** Typical values; `clusterID` means "a peer's cluster ID" (offered from the cluster facts). */
  values?: string[] | 'clusterID';
}

export const liqoLabels: KeyDoc[] = [
  { key: labels.remoteClusterID, doc: 'The peer cluster this object is about. Liqo looks up almost every per-peer object by this label.', values: 'clusterID' },
  { key: labels.replication, doc: `Set to "true" on a ResourceSlice (or NamespaceMap) so that Liqo replicates it to the peer named by ${labels.remoteID}.`, values: ['true'] },
  { key: labels.remoteID, doc: `The cluster a replicated object is sent to. Needed together with ${labels.replication} on a ResourceSlice.`, values: 'clusterID' },
  { key: labels.tenantNamespace, doc: 'Marks a tenant namespace, the namespace that holds everything about one peer.', values: ['true'] },
  { key: labels.type, doc: 'Marks a virtual node: the node that stands for a provider cluster.', values: [virtualNodeTypeValue] },
  { key: labels.schedulingEnabled, doc: 'Set by Liqo on an offloaded namespace; it turns on the pod webhook. Without a NamespaceOffloading, pod creation then fails.', values: ['true'] },
  { key: labels.webhookSkip, doc: 'Makes the Liqo webhooks that honour it skip the object, mutating ones included: NamespaceOffloading, Tenant, ForeignCluster, VirtualNode, FirewallConfiguration and RouteConfiguration. Mistakes they would catch then reach the cluster; avoid it in hand-written manifests.', values: ['true'] },
  { key: labels.managed, doc: 'Added by Liqo\'s chart to the resources it creates.', values: ['true'] },
  { key: labels.provider, doc: 'A cluster label that liqoctl adds at install time: the provider plugin, e.g. kind, kubeadm, eks.' },
  { key: labels.storageAvailable, doc: 'On a virtual node: whether the provider offers storage classes.', values: ['true', 'false'] },
  { key: labels.resourceSliceName, doc: 'On a VirtualNode created from a ResourceSlice: the slice\'s name.' },
];

export const liqoAnnotations: KeyDoc[] = [
  { key: annotations.createVirtualNode, doc: 'On a ResourceSlice: "true" makes Liqo create a VirtualNode once the provider accepts the slice.', values: ['true', 'false'] },
  { key: annotations.cordon, doc: 'On a ResourceSlice (provider side): stops new pods from using the slice\'s quota.', values: ['true', 'false'] },
  { key: annotations.remoteRuntimeClassName, doc: 'On a pod: the RuntimeClass its copy uses on the provider, e.g. nvidia for GPU nodes.', values: ['nvidia'] },
  { key: annotations.apiServerSupport, doc: 'On a pod: whether an offloaded pod may reach the consumer\'s API server.', values: ['remote', 'disabled'] },
  { key: annotations.antiAffinityPreset, doc: 'On a pod: spread the offloaded replicas over provider nodes.', values: ['soft', 'hard', 'propagate'] },
  { key: annotations.antiAffinityLabels, doc: 'On a pod: the labels the anti-affinity preset groups replicas by.' },
  { key: annotations.remoteServiceAccountName, doc: 'On a pod: the service account its copy uses on the provider.' },
  { key: annotations.skipReflection, doc: 'Keeps an object from being reflected to the providers.', values: ['true'] },
  { key: annotations.allowReflection, doc: 'Lets an object be reflected when reflection works as an allow list.', values: ['true'] },
  { key: annotations.forceRemoteNodePort, doc: 'On a Service: keep the same node port on the providers.', values: ['true'] },
  { key: annotations.useDirectConnections, doc: 'On a Service: let traffic go directly between providers.', values: ['true', 'false'] },
];

/** Node label keys worth offering in a clusterSelector, besides the live virtual nodes' labels. */
export const selectorKeys = [labels.remoteClusterID, labels.type, labels.provider, 'topology.kubernetes.io/region', 'kubernetes.io/arch', labels.storageAvailable];

export function keyDoc(key: string): KeyDoc | undefined {
  return liqoLabels.find((k) => k.key === key) ?? liqoAnnotations.find((k) => k.key === key);
}
