// A scheduler that explains itself like kube-scheduler: taints, node selectors, required node affinity,
// the `liqo` RuntimeClass, and resource fit (GPUs included). Pods that fit nowhere stay Pending with
// a FailedScheduling event.
import type { Cluster } from '../cluster.js';
import { asArr, asObj, condition, str } from '../objects.js';
import { matchNodeSelectorTerms } from '../selectors.js';
import type { KObj } from '../store.js';
import { nodeType, podType } from '../typeRefs.js';
import type { World } from '../world.js';
import { recordEvent } from './events.js';
import { offloadedTo } from './offloading.js';
import { setStatus } from './util.js';

type Obj = Record<string, unknown>;

export function quantity(v: unknown): number {
  const s = str(v ?? '0');
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(s);
  if (!m) return 0;
  const n = Number(m[1]);
  const mult: Record<string, number> = { '': 1, m: 0.001, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };
  return n * (mult[m[2]] ?? 1);
}

export function podRequests(pod: KObj): Record<string, number> {
  const out: Record<string, number> = {};
  for (const ctr of asArr(asObj(pod.spec).containers)) {
    const r = asObj(ctr.resources);
    const req = { ...asObj(r.limits), ...asObj(r.requests) };
    for (const [k, v] of Object.entries(req)) out[k] = (out[k] ?? 0) + quantity(v);
  }
  return out;
}

const terminated = (p: KObj): boolean => ['Succeeded', 'Failed'].includes(str(asObj(p.status).phase));

function tolerates(pod: KObj, taint: Obj): boolean {
  return asArr(asObj(pod.spec).tolerations).some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

/** Why a node cannot take the pod, or undefined when it can. */
function misfit(offloaded: (ns: string, id: string) => string | undefined, pod: KObj, node: KObj, used: Record<string, number>): string | undefined {
  const spec = asObj(pod.spec);
  const virtualOf = node.metadata.labels?.['liqo.io/type'] === 'virtual-node' ? node.metadata.labels['liqo.io/remote-cluster-id'] : undefined;
  // The virtual kubelet only runs pods of namespaces offloaded to its cluster; with the Local strategy only
  // pods that ask for the liqo RuntimeClass go there.
  const strategy = virtualOf !== undefined ? offloaded(pod.metadata.namespace ?? '', virtualOf) : undefined;
  if (virtualOf !== undefined && (!strategy || (strategy === 'Local' && spec.runtimeClassName !== 'liqo'))) return 'node(s) are virtual nodes of clusters the namespace is not offloaded to';
  const ready = asArr(asObj(node.status).conditions).some((c) => c.type === 'Ready' && c.status === 'True');
  if (!ready) return 'node(s) were not ready';
  if (asObj(node.spec).unschedulable) return 'node(s) were unschedulable';
  const labels = node.metadata.labels ?? {};
  const selector = { ...(asObj(spec.nodeSelector) as Record<string, string>) };
  const runtimeLiqo = spec.runtimeClassName === 'liqo';
  if (runtimeLiqo) selector['liqo.io/type'] = 'virtual-node';
  for (const taint of asArr(asObj(node.spec).taints)) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    const liqoTaint = runtimeLiqo && taint.key === 'virtual-node.liqo.io/not-allowed';
    if (!liqoTaint && !tolerates(pod, taint)) return `node(s) had untolerated taint {${str(taint.key)}: ${str(taint.value ?? '')}}`;
  }
  if (Object.entries(selector).some(([k, v]) => labels[k] !== v)) return "node(s) didn't match Pod's node affinity/selector";
  const required = asObj(asObj(asObj(spec.affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution);
  if (Array.isArray(required.nodeSelectorTerms) && required.nodeSelectorTerms.length && !matchNodeSelectorTerms(required.nodeSelectorTerms, labels)) {
    return "node(s) didn't match Pod's node affinity/selector";
  }
  const alloc = asObj(asObj(node.status).allocatable);
  const want = podRequests(pod);
  if ((used.pods ?? 0) + 1 > quantity(alloc.pods ?? '110')) return 'Too many pods';
  for (const [k, v] of Object.entries(want)) {
    if (v <= 0) continue;
    if (alloc[k] === undefined || (used[k] ?? 0) + v > quantity(alloc[k])) return `Insufficient ${k}`;
  }
  return undefined;
}

function schedule(c: Cluster): void {
  const nodes = [...c.store.peek(nodeType)];
  const memo = new Map<string, string | undefined>();
  const offloaded = (ns: string, id: string): string | undefined => {
    const k = `${ns}/${id}`;
    if (!memo.has(k)) memo.set(k, offloadedTo(c, ns, id));
    return memo.get(k);
  };
  const usage = new Map<string, Record<string, number>>();
  for (const p of c.store.peek(podType)) {
    const n = asObj(p.spec).nodeName;
    if (typeof n !== 'string' || terminated(p)) continue;
    const u = usage.get(n) ?? {};
    for (const [k, v] of Object.entries(podRequests(p))) u[k] = (u[k] ?? 0) + v;
    u.pods = (u.pods ?? 0) + 1;
    usage.set(n, u);
  }
  for (const pod of [...c.store.peek(podType)]) {
    const spec = asObj(pod.spec);
    // A pod for another scheduler is not ours to place (it stays Pending, as with kube-scheduler).
    if (spec.nodeName || pod.metadata.deletionTimestamp || terminated(pod) || (spec.schedulerName !== undefined && spec.schedulerName !== 'default-scheduler')) continue;
    const reasons = new Map<string, number>();
    let best: KObj | undefined;
    for (const n of nodes) {
      const why = misfit(offloaded, pod, n, usage.get(n.metadata.name ?? '') ?? {});
      if (why) reasons.set(why, (reasons.get(why) ?? 0) + 1);
      else if (!best || (usage.get(n.metadata.name ?? '')?.pods ?? 0) < (usage.get(best.metadata.name ?? '')?.pods ?? 0)) best = n;
    }
    const ns = pod.metadata.namespace;
    const name = pod.metadata.name ?? '';
    if (best) {
      const nodeName = best.metadata.name ?? '';
      const next = structuredClone(pod);
      (next.spec as Obj).nodeName = nodeName;
      const bound = c.registry.update(podType, ns, name, next, { fieldManager: 'kube-scheduler' });
      const st = asObj(bound.status);
      setStatus(c, podType, bound, { ...st, conditions: [condition('PodScheduled', 'True'), ...asArr(st.conditions).filter((x) => x.type !== 'PodScheduled')] });
      const u = usage.get(nodeName) ?? {};
      for (const [k, v] of Object.entries(podRequests(pod))) u[k] = (u[k] ?? 0) + v;
      u.pods = (u.pods ?? 0) + 1;
      usage.set(nodeName, u);
      recordEvent(c, bound, 'Normal', 'Scheduled', `Successfully assigned ${ns ?? ''}/${name} to ${nodeName}`, 'default-scheduler');
      continue;
    }
    const parts = [...reasons.entries()].map(([r, n]) => `${n} ${r}`).sort();
    const message = `0/${nodes.length} nodes are available: ${parts.join(', ')}. preemption: 0/${nodes.length} nodes are available: ${nodes.length} Preemption is not helpful for scheduling.`;
    const st = asObj(pod.status);
    const prev = asArr(st.conditions).find((x) => x.type === 'PodScheduled');
    if (prev?.message === message) continue;
    setStatus(c, podType, pod, { ...st, phase: 'Pending', conditions: [{ ...condition('PodScheduled', 'False', 'Unschedulable', message), lastProbeTime: null }] });
    recordEvent(c, pod, 'Warning', 'FailedScheduling', message, 'default-scheduler');
  }
}

export function schedulerController(w: World): void {
  for (const c of w.active()) schedule(c);
}
