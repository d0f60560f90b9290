// core/v1 Events, as the scheduler and kubelets record them.
import { randomBytes } from 'node:crypto';
import type { Cluster } from '../cluster.js';
import { ts } from '../objects.js';
import type { KObj } from '../store.js';
import { eventType } from '../typeRefs.js';

// Event names by (object uid, reason, message), so repeating an event is O(1) even with tens of thousands of pods.
const index = new WeakMap<Cluster, Map<string, string>>();

export function recordEvent(c: Cluster, about: KObj, type: 'Normal' | 'Warning', reason: string, message: string, component: string): void {
  const ns = about.metadata.namespace ?? 'default';
  const now = ts();
  let names = index.get(c);
  if (!names) { names = new Map(); index.set(c, names); }
  const key = `${about.metadata.uid ?? ''}|${reason}|${message}`;
  const known = names.get(key);
  const existing = known ? c.store.get(eventType, ns, known) : undefined;
  if (existing) {
    const next = structuredClone(existing);
    next.count = Number(existing.count ?? 1) + 1;
    next.lastTimestamp = now;
    c.registry.update(eventType, ns, existing.metadata.name ?? '', next);
    return;
  }
  try {
    const created = c.registry.create(eventType, ns, {
      apiVersion: 'v1', kind: 'Event',
      metadata: { name: `${about.metadata.name ?? 'object'}.${randomBytes(8).toString('hex')}`, namespace: ns },
      involvedObject: { apiVersion: about.apiVersion, kind: about.kind, name: about.metadata.name, namespace: about.metadata.namespace, uid: about.metadata.uid, resourceVersion: about.metadata.resourceVersion },
      reason, message, type, count: 1, firstTimestamp: now, lastTimestamp: now, source: { component }, reportingComponent: component, reportingInstance: '',
    });
    names.set(key, created.metadata.name ?? '');
  } catch { /* the namespace is going away */ }
}
