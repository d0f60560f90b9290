// core/v1 Events, as the scheduler and kubelets record them.
import { randomBytes } from 'node:crypto';
import type { Cluster } from '../cluster.js';
import { ts } from '../objects.js';
import type { KObj } from '../store.js';
import { eventType } from '../typeRefs.js';

export function recordEvent(c: Cluster, about: KObj, type: 'Normal' | 'Warning', reason: string, message: string, component: string): void {
  const ns = about.metadata.namespace ?? 'default';
  const now = ts();
  const existing = [...c.store.peek(eventType)].find((e) => e.metadata.namespace === ns && e.reason === reason && e.message === message
    && (e.involvedObject as { uid?: string } | undefined)?.uid === about.metadata.uid);
  if (existing) {
    const next = structuredClone(existing);
    next.count = Number(existing.count ?? 1) + 1;
    next.lastTimestamp = now;
    c.registry.update(eventType, ns, existing.metadata.name ?? '', next);
    return;
  }
  try {
    c.registry.create(eventType, ns, {
      apiVersion: 'v1', kind: 'Event',
      metadata: { name: `${about.metadata.name ?? 'object'}.${randomBytes(8).toString('hex')}`, namespace: ns },
      involvedObject: { apiVersion: about.apiVersion, kind: about.kind, name: about.metadata.name, namespace: about.metadata.namespace, uid: about.metadata.uid, resourceVersion: about.metadata.resourceVersion },
      reason, message, type, count: 1, firstTimestamp: now, lastTimestamp: now, source: { component }, reportingComponent: component, reportingInstance: '',
    });
  } catch { /* the namespace is going away */ }
}
