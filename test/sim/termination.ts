// Graceful pod deletion as kube-apiserver and the kubelet do it: a client's DELETE of a scheduled pod sets
// deletionTimestamp (now + the grace period) and deletionGracePeriodSeconds, `kubectl get` shows it Terminating,
// and the kubelet removes it when the period is over. A grace period of 0 (kubectl --grace-period=0 --force)
// removes it at once; so does any delete of a pod that has no node or has finished.
import type { ResourceType } from './kinds.js';
import type { KObj, Store } from './store.js';

/** DeleteOptions' gracePeriodSeconds: undefined for the pod's own (spec.terminationGracePeriodSeconds, default 30). */
export interface GraceRequest { seconds?: number }

const DEFAULT_GRACE_SECONDS = 30;

export function podGracePeriod(pod: KObj, g: GraceRequest): number {
  const spec = (pod.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
  const phase = ((pod.status ?? {}) as { phase?: string }).phase;
  if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  const own = typeof spec.terminationGracePeriodSeconds === 'number' && spec.terminationGracePeriodSeconds >= 0 ? spec.terminationGracePeriodSeconds : DEFAULT_GRACE_SECONDS;
  // A negative request means "the pod's own", as the API server reads it.
  let seconds = g.seconds === undefined || g.seconds < 0 ? own : g.seconds;
  const current = pod.metadata.deletionGracePeriodSeconds;
  // A second delete may shorten the period, never lengthen it.
  if (pod.metadata.deletionTimestamp && typeof current === 'number') seconds = Math.min(seconds, current);
  return seconds;
}

export function markTerminating(pod: KObj, seconds: number): KObj {
  const o = structuredClone(pod);
  o.metadata.deletionTimestamp = new Date(Date.now() + seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  o.metadata.deletionGracePeriodSeconds = seconds;
  o.metadata.generation = (o.metadata.generation ?? 1) + 1;
  return o;
}

/** The pods that are Terminating, each with the kubelet's removal at the end of its grace period. */
export class Terminations {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  constructor(private readonly store: Store) {}

  start(t: ResourceType, pod: KObj, seconds: number): KObj {
    const current = pod.metadata.deletionGracePeriodSeconds;
    if (pod.metadata.deletionTimestamp && current === seconds) return pod;
    const stored = this.store.put(t, markTerminating(pod, seconds));
    const uid = stored.metadata.uid ?? '';
    clearTimeout(this.timers.get(uid));
    this.timers.set(uid, setTimeout(() => this.finish(t, stored), seconds * 1000).unref());
    return stored;
  }

  /** The kubelet has stopped the containers: the pod goes, or waits for its finalizers with a grace period of 0. */
  private finish(t: ResourceType, pod: KObj): void {
    const uid = pod.metadata.uid ?? '';
    this.timers.delete(uid);
    const cur = this.store.peekOne(t, pod.metadata.namespace, pod.metadata.name ?? '');
    if (!cur || cur.metadata.uid !== uid || !cur.metadata.deletionTimestamp) return;
    if (cur.metadata.finalizers?.length) {
      const o = structuredClone(cur);
      o.metadata.deletionGracePeriodSeconds = 0;
      this.store.put(t, o);
      return;
    }
    this.store.remove(t, cur);
  }
}
