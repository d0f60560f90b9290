// Kubelets of the real nodes: a pod bound to a node starts at once. Every container has one earlier
// instance that exited with an error, so `kubectl logs --previous` has something to show.
import { randomBytes } from 'node:crypto';
import type { Cluster } from '../cluster.js';
import { asArr, asObj, condition, str, ts } from '../objects.js';
import type { KObj } from '../store.js';
import { nodeType, podType } from '../typeRefs.js';
import type { World } from '../world.js';
import { recordEvent } from './events.js';
import { setStatus } from './util.js';

const ipCounters = new WeakMap<Cluster, number>();

function nextPodIp(c: Cluster, node: KObj): string {
  const n = (ipCounters.get(c) ?? 1) + 1;
  ipCounters.set(c, n);
  const base = str(asObj(node.spec).podCIDR ?? '10.244.9.0/24').split('/')[0].split('.');
  return `${base[0]}.${base[1]}.${base[2]}.${2 + (n % 250)}`;
}

export function runningStatus(pod: KObj, hostIP: string, podIP: string, startedMs = Date.now()): Record<string, unknown> {
  const containers = asArr(asObj(pod.spec).containers);
  const start = ts(startedMs);
  const cid = (): string => `containerd://${randomBytes(32).toString('hex')}`;
  const requests = containers.some((ct) => Object.keys(asObj(asObj(ct.resources).requests)).length > 0);
  return {
    phase: 'Running', hostIP, hostIPs: [{ ip: hostIP }], podIP, podIPs: [{ ip: podIP }], startTime: ts(startedMs - 3000),
    qosClass: requests ? 'Burstable' : 'BestEffort',
    conditions: [condition('PodReadyToStartContainers', 'True'), condition('Initialized', 'True'), condition('Ready', 'True'),
      condition('ContainersReady', 'True'), condition('PodScheduled', 'True')],
    containerStatuses: containers.map((ct) => ({
      name: ct.name, image: ct.image, imageID: `${str(ct.image)}@sha256:${randomBytes(32).toString('hex')}`, containerID: cid(),
      ready: true, started: true, restartCount: 1,
      state: { running: { startedAt: start } },
      lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: ts(startedMs - 3000), finishedAt: ts(startedMs - 1000), containerID: cid() } },
    })),
  };
}

function runPods(c: Cluster): void {
  const nodes = new Map([...c.store.peek(nodeType)].map((n) => [n.metadata.name ?? '', n]));
  for (const pod of [...c.store.peek(podType)]) {
    const nodeName = asObj(pod.spec).nodeName;
    if (typeof nodeName !== 'string' || pod.metadata.deletionTimestamp) continue;
    const node = nodes.get(nodeName);
    if (!node || node.metadata.labels?.['liqo.io/type'] === 'virtual-node') continue;
    if (asObj(pod.status).phase !== 'Pending') continue;
    const hostIP = asArr(asObj(node.status).addresses).find((a) => a.type === 'InternalIP')?.address;
    const st = runningStatus(pod, str(hostIP ?? ''), nextPodIp(c, node));
    setStatus(c, podType, pod, st);
    for (const ct of asArr(asObj(pod.spec).containers)) {
      recordEvent(c, pod, 'Normal', 'Started', `Started container ${str(ct.name)}`, 'kubelet');
    }
  }
}

export function kubeletController(w: World): void {
  for (const c of w.active()) runPods(c);
}
