// A list+watch cache for one kind in one cluster. It resumes watches from the last resourceVersion,
// relists on 410 Gone, and reconnects with backoff after dropped connections. No polling.
import { Backoff, delay } from './backoff';
import { Emitter } from './events';
import { KubeError } from './errors';
import type { KubeHttp } from './http';
import { resourcePath, type KObj, type ResourceKind } from './kinds';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';
export interface Change {
  type: ChangeType;
  object: KObj;
}

export interface InformerOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Slims objects before they are stored, to bound memory (e.g. drop managedFields). */
  transform?: (o: KObj) => KObj;
  /**
   * Keeps only the objects this accepts, for what a selector cannot say. Others are never stored, and their
   * events change nothing; one that stops being accepted leaves the cache as a deletion.
   */
  accept?: (o: KObj) => boolean;
  pageSize?: number;
  watchTimeoutSeconds?: number;
  /** A watch silent for this long is dead and is resumed from the last resourceVersion (default WATCH_IDLE_MS). */
  idleTimeoutMs?: number;
  /** Where a skipped object (one without a name) is said. */
  log?: (message: string) => void;
}

/**
 * Watches ask for bookmarks, and kube-apiserver sends one about every minute even when nothing changes, so a
 * watch that says nothing for two and a half minutes has died somewhere on the way.
 */
export const WATCH_IDLE_MS = 150_000;

interface ListResponse {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: KObj[];
}

interface WatchEvent {
  type: ChangeType | 'BOOKMARK' | 'ERROR';
  object: KObj & { code?: number; message?: string; reason?: string };
}

/** An object the cache can hold: one with metadata and a name. Anything else from a server is skipped. */
function storable(o: unknown): o is KObj {
  const meta = typeof o === 'object' && o !== null ? (o as { metadata?: unknown }).metadata : undefined;
  return typeof meta === 'object' && meta !== null && typeof (meta as { name?: unknown }).name === 'string';
}

export function keyOf(o: KObj): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
}

export function stripManagedFields(o: KObj): KObj {
  const meta = { ...o.metadata } as KObj['metadata'] & { managedFields?: unknown };
  delete meta.managedFields;
  return { ...o, metadata: meta };
}

export class Informer {
  private readonly store = new Map<string, KObj>();
  private resourceVersion = '';
  private readonly abort = new AbortController();
  private readonly backoff = new Backoff();
  private readonly changes = new Emitter<Change[]>();
  private readonly errors = new Emitter<KubeError>();
  private readonly recoveries = new Emitter<void>();
  private running = false;
  private watchOpened = false;
  /** Counters, for tests and the status item. */
  readonly stats = { lists: 0, watches: 0, relistsAfterGone: 0, reconnects: 0, idleTimeouts: 0, skipped: 0 };
  lastError: KubeError | undefined;

  /** Fires with the changes of one watch event or one relist (a batch). */
  readonly onChange = this.changes.event;
  /** Fires when the watch fails; the informer keeps retrying by itself. */
  readonly onError = this.errors.event;
  /** Fires when a watch is established again after an error. */
  readonly onRecover = this.recoveries.event;

  constructor(private readonly http: KubeHttp, readonly kind: ResourceKind, private readonly opts: InformerOptions = {}) {}

  /** Lists once (rejecting if that fails), then keeps watching in the background until stop(). */
  async start(): Promise<void> {
    await this.relist();
    this.running = true;
    void this.loop();
  }

  /**
   * After start() failed with a transient error (a 429 from API Priority and Fairness or from a watch cache still
   * initializing, a 5xx): keeps listing with backoff, never sooner than a Retry-After, then watches, as
   * client-go's reflector does. Until the first list succeeds, lastError holds why the kind is not listed.
   */
  retryStart(first: KubeError): void {
    this.lastError = first;
    this.running = true;
    void (async () => {
      await delay(this.backoff.next((first.retryAfter ?? 0) * 1000), this.abort.signal);
      await this.relistWithRetry();
      if (this.abort.signal.aborted) return;
      this.backoff.reset();
      await this.loop();
    })();
  }

  /** Whether a list has succeeded since start, so an empty store means no objects. */
  get synced(): boolean {
    return this.stats.lists > 0;
  }

  stop(): void {
    this.running = false;
    this.abort.abort();
    this.changes.dispose();
    this.errors.dispose();
    this.recoveries.dispose();
  }

  get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  list(): KObj[] {
    return [...this.store.values()];
  }

  get(name: string, namespace?: string): KObj | undefined {
    return this.store.get(namespace ? `${namespace}/${name}` : name);
  }

  get size(): number {
    return this.store.size;
  }

  private query(): Record<string, string | undefined> {
    return { labelSelector: this.opts.labelSelector, fieldSelector: this.opts.fieldSelector };
  }

  private async relist(): Promise<void> {
    const path = resourcePath(this.kind, this.opts.namespace);
    const seen = new Map<string, KObj>();
    let cont: string | undefined;
    let rv = '';
    do {
      const page = await this.http.request<ListResponse>('GET', path, {
        query: { ...this.query(), limit: this.opts.pageSize ?? 500, continue: cont },
        signal: this.abort.signal,
      });
      for (const item of Array.isArray(page.items) ? page.items : []) {
        if (!storable(item)) { this.skipped('a listed object'); continue; }
        if (this.opts.accept && !this.opts.accept(item)) continue;
        const o = this.opts.transform ? this.opts.transform(item) : stripManagedFields(item);
        seen.set(keyOf(o), o);
      }
      cont = page.metadata?.continue || undefined;
      rv = page.metadata?.resourceVersion ?? rv;
    } while (cont);
    this.stats.lists++;
    const batch: Change[] = [];
    for (const [k, old] of this.store) if (!seen.has(k)) batch.push({ type: 'DELETED', object: old });
    for (const [k, o] of seen) {
      const old = this.store.get(k);
      if (!old) batch.push({ type: 'ADDED', object: o });
      else if (old.metadata.resourceVersion !== o.metadata.resourceVersion) batch.push({ type: 'MODIFIED', object: o });
    }
    this.store.clear();
    for (const [k, o] of seen) this.store.set(k, o);
    this.resourceVersion = rv;
    if (batch.length) this.changes.fire(batch);
  }

  private skipped(what: string): void {
    this.stats.skipped++;
    this.opts.log?.(`${this.kind.kind}: skipped ${what} without metadata.name`);
  }

  private async loop(): Promise<void> {
    while (this.running && !this.abort.signal.aborted) {
      try {
        await this.watchOnce();
        this.backoff.reset();
      } catch (e) {
        if (this.abort.signal.aborted) return;
        const err = e instanceof KubeError ? e : new KubeError('other', String(e));
        this.lastError = err;
        // After the headers, only the idle watchdog fails a watch as 'slow'.
        if (err.kind === 'slow' && this.watchOpened) this.stats.idleTimeouts++;
        if (err.kind !== 'gone') this.errors.fire(err);
        if (err.kind === 'gone') {
          this.stats.relistsAfterGone++;
          await this.relistWithRetry();
        } else {
          this.stats.reconnects++;
          await delay(this.backoff.next((err.retryAfter ?? 0) * 1000), this.abort.signal);
        }
      }
    }
  }

  private async relistWithRetry(): Promise<void> {
    while (!this.abort.signal.aborted) {
      try {
        await this.relist();
        if (this.lastError) {
          this.lastError = undefined;
          this.recoveries.fire();
        }
        return;
      } catch (e) {
        if (this.abort.signal.aborted) return;
        const err = e instanceof KubeError ? e : new KubeError('other', String(e));
        this.lastError = err;
        this.errors.fire(err);
        await delay(this.backoff.next((err.retryAfter ?? 0) * 1000), this.abort.signal);
      }
    }
  }

  private async watchOnce(): Promise<void> {
    this.stats.watches++;
    this.watchOpened = false;
    let failure: KubeError | undefined;
    // A per-watch signal, so an ERROR event can end this stream without stopping the informer.
    const watchAbort = new AbortController();
    const onStop = (): void => watchAbort.abort();
    this.abort.signal.addEventListener('abort', onStop);
    const streaming = this.http.stream(resourcePath(this.kind, this.opts.namespace), {
      query: {
        ...this.query(), watch: 1, resourceVersion: this.resourceVersion, allowWatchBookmarks: true,
        timeoutSeconds: this.opts.watchTimeoutSeconds ?? 290,
      },
      signal: watchAbort.signal,
      idleTimeoutMs: this.opts.idleTimeoutMs ?? WATCH_IDLE_MS,
      onOpen: () => {
        this.watchOpened = true;
        if (!this.lastError) return;
        this.lastError = undefined;
        this.recoveries.fire();
      },
      onLine: (line) => {
        if (failure || !line.trim()) return;
        let ev: WatchEvent;
        try {
          ev = JSON.parse(line) as WatchEvent;
        } catch {
          return;
        }
        if (typeof ev !== 'object' || ev === null) { this.skipped('a watch line that is no event'); return; }
        const rv = ev.object?.metadata?.resourceVersion;
        if (ev.type === 'ERROR') {
          const code = typeof ev.object?.code === 'number' ? ev.object.code : 500;
          failure = new KubeError(code === 410 ? 'gone' : 'server', String(ev.object?.message ?? 'watch error'), code, ev.object?.reason);
          watchAbort.abort();
          return;
        }
        if (typeof rv === 'string' && rv) this.resourceVersion = rv;
        if (ev.type === 'BOOKMARK') return;
        if (!storable(ev.object) || !['ADDED', 'MODIFIED', 'DELETED'].includes(ev.type)) { this.skipped(`a watch event (${String(ev.type).slice(0, 20)})`); return; }
        this.lastError = undefined;
        if (ev.type !== 'DELETED' && this.opts.accept && !this.opts.accept(ev.object)) {
          const gone = this.store.get(keyOf(ev.object));
          if (gone) {
            this.store.delete(keyOf(gone));
            this.changes.fire([{ type: 'DELETED', object: gone }]);
          }
          return;
        }
        const o = this.opts.transform ? this.opts.transform(ev.object) : stripManagedFields(ev.object);
        const k = keyOf(o);
        // Deleting what the cache never held (say, an object the accept filter dropped) changes nothing.
        if (ev.type === 'DELETED') {
          if (!this.store.delete(k)) return;
        } else {
          this.store.set(k, o);
        }
        this.changes.fire([{ type: ev.type, object: o }]);
      },
    });
    try {
      await streaming;
    } catch (e) {
      if (!failure) throw e;
    } finally {
      this.abort.signal.removeEventListener('abort', onStop);
    }
    if (failure) throw failure;
  }
}
