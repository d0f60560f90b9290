// The object store of one simulated cluster: objects per resource type, one resourceVersion counter,
// and a bounded event log that watches replay from (older resourceVersions answer 410 Gone).
import type { ResourceType } from './kinds.js';

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: Record<string, unknown>[];
  managedFields?: Record<string, unknown>[];
  [key: string]: unknown;
}

export interface KObj {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  rv: number;
  type: EventType;
  t: ResourceType;
  obj: KObj;
  old?: KObj;
}

const LOG_LIMIT = 20_000;

/**
 * How many events each cluster's log keeps when `clusters` clusters share the simulator's one process: 20,000
 * for a few, fewer for a fleet, so a 100-cluster fleet holds 200,000 events in all rather than two million (which
 * took more than half of its heap, and made every full GC mark gigabytes). kube-apiserver's watch cache keeps a
 * bounded window too; a watch from before it gets 410 Gone and relists.
 */
export function eventLogLimit(clusters: number): number {
  return Math.max(2_000, Math.min(LOG_LIMIT, Math.floor(200_000 / Math.max(1, clusters))));
}

export const keyOf = (ns: string | undefined, name: string): string => (ns ? `${ns}/${name}` : name);

export class Store {
  rv = 1;
  /** Watches from a resourceVersion older than this get 410 Gone. */
  compactedRv = 1;
  private readonly data = new Map<ResourceType, Map<string, KObj>>();
  private log: StoreEvent[] = [];
  /** The most events the log holds; past it, the older half is dropped. */
  logLimit = LOG_LIMIT;
  private readonly listeners = new Set<(e: StoreEvent) => void>();
  /** uids of every stored object, for owner lookups. */
  private readonly uids = new Set<string>();

  hasUid(uid: string): boolean {
    return this.uids.has(uid);
  }

  private bucket(t: ResourceType): Map<string, KObj> {
    let m = this.data.get(t);
    if (!m) { m = new Map(); this.data.set(t, m); }
    return m;
  }

  get(t: ResourceType, ns: string | undefined, name: string): KObj | undefined {
    const o = this.bucket(t).get(keyOf(t.namespaced ? ns : undefined, name));
    return o ? structuredClone(o) : undefined;
  }

  /** Objects sorted by namespace/name, as etcd returns them; cloned unless `clone` is false (then callers must not mutate). */
  list(t: ResourceType, ns?: string, keep?: (o: KObj) => boolean, clone = true): KObj[] {
    // Filter before cloning and sort by the bucket keys: a selective list of a big bucket stays cheap.
    const hits: [string, KObj][] = [];
    for (const [k, o] of this.bucket(t)) {
      if ((!ns || o.metadata.namespace === ns) && (!keep || keep(o))) hits.push([k, o]);
    }
    hits.sort((a, b) => cmp(a[0], b[0]));
    return hits.map(([, o]) => (clone ? structuredClone(o) : o));
  }

  /** Same as get, without cloning; callers must not mutate. */
  peekOne(t: ResourceType, ns: string | undefined, name: string): KObj | undefined {
    return this.bucket(t).get(keyOf(t.namespaced ? ns : undefined, name));
  }

  /** Same as list, without cloning; callers must not mutate. */
  peek(t: ResourceType): IterableIterator<KObj> {
    return this.bucket(t).values();
  }

  /** Every stored object of every kind, without cloning; callers must not mutate. */
  *all(): IterableIterator<KObj> {
    for (const bucket of this.data.values()) yield* bucket.values();
  }

  count(t: ResourceType): number {
    return this.bucket(t).size;
  }

  /** Stores obj (stamping a new resourceVersion) and emits an event. The store takes obj over: callers pass
   * an object they built and do not touch it afterwards. Returns a copy. */
  put(t: ResourceType, obj: KObj): KObj {
    const b = this.bucket(t);
    const k = keyOf(obj.metadata.namespace, obj.metadata.name ?? '');
    const old = b.get(k);
    const stored = obj;
    stored.metadata.resourceVersion = String(++this.rv);
    b.set(k, stored);
    if (stored.metadata.uid) this.uids.add(stored.metadata.uid);
    this.emit({ rv: this.rv, type: old ? 'MODIFIED' : 'ADDED', t, obj: stored, old });
    return structuredClone(stored);
  }

  remove(t: ResourceType, obj: KObj): KObj | undefined {
    const b = this.bucket(t);
    const k = keyOf(obj.metadata.namespace, obj.metadata.name ?? '');
    const old = b.get(k);
    if (!old) return undefined;
    b.delete(k);
    if (old.metadata.uid) this.uids.delete(old.metadata.uid);
    const gone = structuredClone(old);
    gone.metadata.resourceVersion = String(++this.rv);
    this.emit({ rv: this.rv, type: 'DELETED', t, obj: gone, old });
    return structuredClone(gone);
  }

  private emit(e: StoreEvent): void {
    this.log.push(e);
    if (this.log.length > this.logLimit) {
      const drop = this.log.length - Math.floor(this.logLimit / 2);
      this.compactedRv = this.log[drop - 1].rv;
      this.log = this.log.slice(drop);
    }
    for (const l of this.listeners) l(e);
  }

  /** Events after rv, or undefined when rv is older than the retained log. */
  since(rv: number): StoreEvent[] | undefined {
    if (rv < this.compactedRv) return undefined;
    let i = this.log.length;
    while (i > 0 && this.log[i - 1].rv > rv) i--;
    return this.log.slice(i);
  }

  /** Forgets the event log, so every older resourceVersion is expired. */
  compact(): void {
    this.log = [];
    this.compactedRv = this.rv;
  }

  subscribe(fn: (e: StoreEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
