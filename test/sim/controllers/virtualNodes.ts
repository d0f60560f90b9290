// The virtual kubelet's node: every VirtualNode with createNode builds a Node of the same name with
// Liqo's labels, the virtual-node taint, and capacity copied verbatim from spec.resourceQuota.hard (liqo.md §4.1).
import type { Cluster } from '../cluster.js';
import { asArr, asObj, condition, nodeConditions, str, VIRTUAL_NODE_TAINT } from '../objects.js';
import type { KObj } from '../store.js';
import { deploymentType, nodeType, virtualNodeType } from '../typeRefs.js';
import type { World } from '../world.js';
import { ownerRef, remove, setStatus, upsert } from './util.js';

function vkIp(vn: KObj): string {
  let h = 0;
  for (const ch of vn.metadata.name ?? '') h = (h * 31 + ch.charCodeAt(0)) % 200;
  return `10.244.${200 + (h % 50)}.${10 + (h % 200)}`;
}

export function virtualNodeFor(vn: KObj): KObj {
  const spec = asObj(vn.spec);
  const name = vn.metadata.name ?? '';
  const hard = { ...(asObj(asObj(spec.resourceQuota).hard) as Record<string, string>) };
  const storage = Array.isArray(spec.storageClasses) && spec.storageClasses.length > 0;
  const labels: Record<string, string> = {
    'kubernetes.io/hostname': name, 'kubernetes.io/role': 'agent', 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64',
    'liqo.io/type': 'virtual-node', type: 'virtual-kubelet', 'liqo.io/remote-cluster-id': str(spec.clusterID ?? ''),
    'node.kubernetes.io/exclude-from-external-load-balancers': 'true', 'alpha.service-controller.kubernetes.io/exclude-balancer': 'true',
    'storage.liqo.io/available': storage ? 'true' : 'false',
    ...(asObj(spec.labels) as Record<string, string>),
  };
  const ready = Number.parseFloat(hard.cpu ?? '0') > 0 && (hard.memory ?? '0') !== '0';
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels, annotations: { ...(asObj(spec.annotations) as Record<string, string>), 'node.alpha.kubernetes.io/ttl': '0' } },
    spec: { taints: [VIRTUAL_NODE_TAINT, ...asArr(spec.taints)] },
    status: {
      capacity: hard, allocatable: { ...hard }, conditions: nodeConditions(ready),
      addresses: [{ type: 'InternalIP', address: vkIp(vn) }, { type: 'Hostname', address: name }],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: { kubeletVersion: 'v1.2.0', kubeProxyVersion: '', osImage: 'Liqo v1.2.0', kernelVersion: '', containerRuntimeVersion: '',
        architecture: 'amd64', operatingSystem: 'linux', machineID: '', systemUUID: '', bootID: '' },
    },
  };
}

function reconcileCluster(c: Cluster): void {
  const wanted = new Set<string>();
  for (const vn of [...c.store.peek(virtualNodeType)]) {
    const spec = asObj(vn.spec);
    if (vn.metadata.deletionTimestamp) continue;
    const create = spec.createNode !== false;
    upsert(c, deploymentType, vkDeployment(vn));
    if (create) {
      wanted.add(vn.metadata.name ?? '');
      upsert(c, nodeType, virtualNodeFor(vn), ['spec']);
    }
    setStatus(c, virtualNodeType, vn, {
      conditions: [condition('VirtualKubelet', 'Running'), condition('Node', create ? 'Running' : 'None')],
    });
  }
  for (const n of [...c.store.peek(nodeType)]) {
    if (n.metadata.labels?.['liqo.io/type'] === 'virtual-node' && !wanted.has(n.metadata.name ?? '')) remove(c, nodeType, n);
  }
}

export function virtualNodeController(w: World): void {
  for (const c of w.active()) reconcileCluster(c);
}

/** The virtual kubelet Deployment `vk-<vn>` in the VirtualNode's namespace (liqo.md §4.5). */
function vkDeployment(vn: KObj): KObj {
  const name = vn.metadata.name ?? '';
  const id = str(asObj(vn.spec).clusterID);
  const ns = vn.metadata.namespace ?? '';
  const labels = { 'offloading.liqo.io/component': 'virtual-kubelet', 'liqo.io/remote-cluster-id': id, 'liqo.io/virtual-node': name };
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `vk-${name}`, namespace: ns, labels, ownerReferences: [ownerRef(vn)] },
    spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { serviceAccountName: name,
      containers: [{ name: 'virtual-kubelet', image: 'ghcr.io/liqotech/virtual-kubelet:v1.2.0',
        args: [`--foreign-cluster-id=${id}`, `--nodename=${name}`, `--tenant-namespace=${ns}`, '--liqo-namespace=liqo'],
        resources: { requests: { cpu: '100m', memory: '100Mi' } } }] } } } };
}
