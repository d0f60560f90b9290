// Raw API objects for a consumer/provider pair like the demo's, to build snapshots without a cluster.
import type { KObj } from '../../client/src/kube/kinds';
import { buildSnapshot, type ClusterSnapshot, type RawObjects } from '../../client/src/kube/snapshot';

const meta = (name: string, namespace?: string, labels?: Record<string, string>): KObj['metadata'] =>
  ({ name, ...(namespace ? { namespace } : {}), ...(labels ? { labels } : {}), resourceVersion: '1' });

export function foreignCluster(id: string, role: string, healthy = true): KObj {
  const mod = (type: string): object => ({ enabled: true, conditions: [{ type, status: healthy ? 'Ready' : 'NotReady', message: healthy ? undefined : `${type} is down` }] });
  return {
    metadata: meta(id, undefined, { 'liqo.io/remote-cluster-id': id }),
    spec: { clusterID: id },
    status: { role, modules: { networking: mod('NetworkConfigurationStatus'), authentication: mod('AuthTenantStatus'), offloading: mod('OffloadingVirtualNodeStatus') } },
  };
}

export function node(name: string, virtualOf?: string, capacity: Record<string, string> = { cpu: '4', memory: '8Gi', pods: '110' }): KObj {
  const labels: Record<string, string> = { 'kubernetes.io/hostname': name };
  if (virtualOf) Object.assign(labels, { 'liqo.io/type': 'virtual-node', 'liqo.io/remote-cluster-id': virtualOf, 'liqo.io/provider': 'kubeadm' });
  return {
    metadata: meta(name, undefined, labels),
    spec: virtualOf ? { taints: [{ key: 'virtual-node.liqo.io/not-allowed', value: 'true', effect: 'NoExecute' }] } : {},
    status: { capacity, allocatable: capacity, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

export function pod(name: string, namespace: string, nodeName: string, gpus = 0, phase = 'Running'): KObj {
  return {
    metadata: meta(name, namespace, { app: name }),
    spec: { nodeName, containers: [{ name: 'main', resources: gpus ? { limits: { 'nvidia.com/gpu': String(gpus) } } : {} }] },
    status: { phase },
  };
}

/** A pod that no node could take, as the scheduler leaves it. */
export function pendingPod(name: string, namespace: string, gpus: number): KObj {
  const p = pod(name, namespace, '', gpus, 'Pending');
  const message = `0/5 nodes are available: 1 node(s) had untolerated taint {virtual-node.liqo.io/not-allowed: true}, 4 Insufficient nvidia.com/gpu.`;
  return { ...p, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }] } };
}

export function namespace(name: string, labels?: Record<string, string>): KObj {
  return { metadata: meta(name, undefined, labels) };
}

export function offloading(ns: string, phase: string, remote: string, provider: string): KObj {
  return {
    metadata: { ...meta('offloading', ns), generation: 1 },
    spec: { namespaceMappingStrategy: 'DefaultName', podOffloadingStrategy: 'LocalAndRemote', clusterSelector: { nodeSelectorTerms: [] } },
    status: {
      offloadingPhase: phase, remoteNamespaceName: remote, observedGeneration: 1,
      remoteNamespacesConditions: { [provider]: [{ type: 'Ready', status: phase === 'Ready' ? 'True' : 'False', reason: 'Creating', message: 'creating' }] },
    },
  };
}

export function slice(name: string, ns: string, provider: string, granted: Record<string, string>, replicatedFrom?: string): KObj {
  const labels: Record<string, string> = replicatedFrom
    ? { 'liqo.io/replicated': 'true', 'liqo.io/originID': replicatedFrom, 'liqo.io/remote-cluster-id': replicatedFrom }
    : { 'liqo.io/replication': 'true', 'liqo.io/remoteID': provider, 'liqo.io/remote-cluster-id': provider };
  return {
    metadata: meta(name, ns, labels),
    spec: { class: 'default', providerClusterID: provider, consumerClusterID: replicatedFrom ?? 'k8s-lab', resources: granted },
    status: { resources: granted, conditions: [{ type: 'Authentication', status: 'Accepted' }, { type: 'Resources', status: 'Accepted' }] },
  };
}

export function tenant(consumer: string): KObj {
  return { metadata: meta(consumer, `liqo-tenant-${consumer}`, { 'liqo.io/remote-cluster-id': consumer }), spec: { clusterID: consumer, tenantCondition: 'Active' } };
}

/** The consumer k8s-lab with liqo-demo offloaded and its GPU pod running on the virtual node k8s-gpu. */
export function consumerObjects(offloaded = true): Partial<RawObjects> {
  return {
    foreignClusters: [foreignCluster('k8s-gpu', 'Provider')],
    nodes: [node('lab-1'), node('lab-2'), node('lab-3'), node('lab-4'),
      node('k8s-gpu', 'k8s-gpu', { cpu: '4', memory: '8Gi', pods: '110', 'nvidia.com/gpu': '1' })],
    namespaces: [namespace('default'), namespace('liqo-demo'), namespace('liqo-tenant-k8s-gpu', { 'liqo.io/tenant-namespace': 'true', 'liqo.io/remote-cluster-id': 'k8s-gpu' })],
    pods: offloaded ? [pod('web-nvidia-smi-abc', 'liqo-demo', 'k8s-gpu', 1), pod('nginx', 'default', 'lab-1')] : [pod('nginx', 'default', 'lab-1')],
    pendingPods: offloaded ? [] : [pendingPod('web-nvidia-smi-abc', 'liqo-demo', 1)],
    offloadings: offloaded ? [offloading('liqo-demo', 'Ready', 'liqo-demo-k8s-lab', 'k8s-gpu')] : [],
    resourceSlices: [slice('k8s-gpu', 'liqo-tenant-k8s-gpu', 'k8s-gpu', { cpu: '4', memory: '8Gi', pods: '110', 'nvidia.com/gpu': '1' })],
  };
}

export function providerObjects(): Partial<RawObjects> {
  return {
    foreignClusters: [foreignCluster('k8s-lab', 'Consumer')],
    nodes: [node('gpu-1', undefined, { cpu: '8', memory: '32Gi', 'nvidia.com/gpu': '1' }), node('gpu-2')],
    namespaces: [namespace('liqo-tenant-k8s-lab', { 'liqo.io/tenant-namespace': 'true', 'liqo.io/remote-cluster-id': 'k8s-lab' }),
      namespace('liqo-demo-k8s-lab', { 'liqo.io/remote-cluster-id': 'k8s-lab' })],
    pods: [pod('web-nvidia-smi-abc', 'liqo-demo-k8s-lab', 'gpu-1', 1)],
    tenants: [tenant('k8s-lab')],
    resourceSlices: [slice('k8s-gpu', 'liqo-tenant-k8s-lab', 'k8s-gpu', { 'nvidia.com/gpu': '1' }, 'k8s-lab')],
  };
}

export function demoSnapshots(): ClusterSnapshot[] {
  return [
    buildSnapshot({ context: 'admin@k8s-lab', state: 'ready', clusterID: 'k8s-lab', liqoVersion: 'v1.0.0' }, consumerObjects()),
    buildSnapshot({ context: 'admin@k8s-gpu', state: 'ready', clusterID: 'k8s-gpu', liqoVersion: 'v1.0.0' }, providerObjects()),
    buildSnapshot({ context: 'broken', state: 'failed', error: { kind: 'unreachable', message: 'ECONNREFUSED: connect' } }, {}),
  ];
}
