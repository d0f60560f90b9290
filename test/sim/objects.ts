// Builders for the objects a cluster starts with: nodes, conditions, and small helpers the controllers share.
import type { KObj } from './store.js';

type Obj = Record<string, unknown>;
export const ts = (ms = Date.now()): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

export const asObj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Obj : {});
export const asArr = (v: unknown): Obj[] => (Array.isArray(v) ? v as Obj[] : []);

export const VIRTUAL_NODE_TAINT = { key: 'virtual-node.liqo.io/not-allowed', value: 'true', effect: 'NoExecute' };
export const LIQO_TOLERATION = { key: 'virtual-node.liqo.io/not-allowed', operator: 'Exists', effect: 'NoExecute' };

export interface NodeSpec {
  name: string;
  controlPlane?: boolean;
  ip: string;
  cpu: string;
  memory: string;
  gpus?: number;
  maxPods?: string;
  /** status.nodeInfo.osImage; Debian by default (day2.ts makes k8s-lab's Talos). */
  osImage?: string;
}

export function nodeObject(n: NodeSpec): KObj {
  const capacity: Record<string, string> = { cpu: n.cpu, memory: n.memory, pods: n.maxPods ?? '110', 'ephemeral-storage': '100Gi' };
  if (n.gpus) capacity['nvidia.com/gpu'] = String(n.gpus);
  const labels: Record<string, string> = {
    'kubernetes.io/hostname': n.name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux', 'beta.kubernetes.io/arch': 'amd64',
  };
  if (n.controlPlane) labels['node-role.kubernetes.io/control-plane'] = '';
  if (n.gpus) { labels['nvidia.com/gpu.present'] = 'true'; labels['nvidia.com/gpu.product'] = 'NVIDIA-A100-SXM4-40GB'; }
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name: n.name, labels, annotations: { 'node.alpha.kubernetes.io/ttl': '0' } },
    spec: { podCIDR: `10.244.${n.ip.split('.')[3]}.0/24`, ...(n.controlPlane ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {}) },
    status: {
      capacity, allocatable: { ...capacity },
      conditions: nodeConditions(true),
      addresses: [{ type: 'InternalIP', address: n.ip }, { type: 'Hostname', address: n.name }],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: { kubeletVersion: 'v1.32.4', kubeProxyVersion: 'v1.32.4', osImage: n.osImage ?? 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0-31-amd64',
        containerRuntimeVersion: 'containerd://1.7.24', architecture: 'amd64', operatingSystem: 'linux', machineID: '', systemUUID: '', bootID: '' },
    },
  };
}

export function nodeConditions(ready: boolean): Obj[] {
  const t = ts();
  const c = (type: string, status: string, reason: string, message: string): Obj =>
    ({ type, status, reason, message, lastHeartbeatTime: t, lastTransitionTime: t });
  return [
    c('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    c('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    c('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    c('Ready', ready ? 'True' : 'False', ready ? 'KubeletReady' : 'KubeletNotReady', ready ? 'kubelet is posting ready status' : 'node is not ready'),
  ];
}

export function namespaceObject(name: string, labels: Record<string, string> = {}, annotations?: Record<string, string>): KObj {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels, ...(annotations ? { annotations } : {}) } };
}

export function condition(type: string, status: string, reason?: string, message?: string): Obj {
  const c: Obj = { type, status, lastTransitionTime: ts() };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

/** A scalar as text; objects and absent values become ''. */
export function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return '';
}
