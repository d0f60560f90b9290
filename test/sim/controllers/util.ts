// Helpers for idempotent controllers: write only when something really changed, so the loop settles.
import type { Cluster } from '../cluster.js';
import type { ResourceType } from '../kinds.js';
import type { KObj } from '../store.js';

type Obj = Record<string, unknown>;
const timeKeys = new Set(['lastTransitionTime', 'lastHeartbeatTime', 'lastProbeTime', 'lastUpdateTime', 'time']);

/** JSON without volatile timestamps, for change detection. */
export function stable(v: unknown): string {
  return JSON.stringify(v, (k, x: unknown) => (timeKeys.has(k) ? undefined : x));
}

/** Keeps the timestamps of conditions whose type and status did not change. */
export function keepConditionTimes(next: unknown, prev: unknown): void {
  if (!Array.isArray(next) || !Array.isArray(prev)) return;
  for (const c of next as Obj[]) {
    const p = (prev as Obj[]).find((x) => x.type === c.type && x.status === c.status);
    if (p) for (const k of timeKeys) if (p[k] !== undefined) c[k] = p[k];
  }
}

/** Creates obj, or updates the given top-level fields and metadata labels/annotations when they differ. */
export function upsert(c: Cluster, t: ResourceType, obj: KObj, fields: string[] = ['spec']): KObj {
  const cur = c.store.peekOne(t, obj.metadata.namespace, obj.metadata.name ?? '');
  if (!cur) {
    const created = c.registry.create(t, obj.metadata.namespace, obj, { fieldManager: 'liqo-controller-manager' });
    if (obj.status !== undefined && t.status) return setStatus(c, t, created, obj.status);
    return created;
  }
  let changed = false;
  const next = structuredClone(cur);
  for (const f of fields) {
    if (stable(next[f]) !== stable(obj[f])) { next[f] = structuredClone(obj[f]); changed = true; }
  }
  for (const k of ['labels', 'annotations'] as const) {
    const want = obj.metadata[k];
    if (!want) continue;
    const merged = { ...next.metadata[k], ...want };
    if (stable(merged) !== stable(next.metadata[k])) { next.metadata[k] = merged; changed = true; }
  }
  const result = changed ? c.registry.update(t, cur.metadata.namespace, cur.metadata.name ?? '', next, { fieldManager: 'liqo-controller-manager' }) : structuredClone(cur);
  if (obj.status !== undefined && t.status) return setStatus(c, t, result, obj.status);
  return result;
}

/** Writes status when it differs (ignoring timestamps), through the status subresource. */
export function setStatus(c: Cluster, t: ResourceType, cur: KObj, status: unknown): KObj {
  if (stable(cur.status) === stable(status)) return cur;
  const next = structuredClone(cur);
  const s = structuredClone(status) as Obj;
  const prev = (cur.status ?? {}) as Obj;
  keepConditionTimes(s.conditions, prev.conditions);
  next.status = s;
  if (!t.status) return c.registry.update(t, cur.metadata.namespace, cur.metadata.name ?? '', next);
  return c.registry.update(t, cur.metadata.namespace, cur.metadata.name ?? '', next, { subresource: 'status' });
}

export function remove(c: Cluster, t: ResourceType, o: KObj): void {
  try { c.registry.delete(t, o.metadata.namespace, o.metadata.name ?? ''); } catch { /* already gone */ }
}

export function ownerRef(o: KObj, controller = true): Obj {
  return { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid, controller, blockOwnerDeletion: true };
}

export function isOwnedBy(o: KObj, owner: KObj): boolean {
  return (o.metadata.ownerReferences ?? []).some((r) => r.uid === owner.metadata.uid);
}
