// Watch streams: replay from a resourceVersion (410 Gone when it is too old), initial ADDED events for
// rv 0 or empty, selector transitions (an object leaving the selector is DELETED), and periodic bookmarks.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gone } from './errors.js';
import { clientGone, cutStream, streamHeaders } from './http.js';
import { apiVersionOf, type ResourceType } from './kinds.js';
import { type FieldRequirement, matchFields, matchLabels, type Requirement } from './selectors.js';
import type { KObj, Store, StoreEvent } from './store.js';

export interface WatchOptions {
  t: ResourceType;
  namespace?: string;
  resourceVersion: string;
  labels: Requirement[];
  fields: FieldRequirement[];
  bookmarks: boolean;
  /** sendInitialEvents=true (watch-list): the current state as ADDED events, then a bookmark marking its end. */
  initialEvents?: boolean;
  bookmarkIntervalMs: number;
  timeoutSeconds?: number;
  /** Converts an object for the wire (Tables for kubectl get -w). */
  encode: (o: KObj, first: boolean) => unknown;
}

export interface WatchHandle { close(): void; error(status: Record<string, unknown>): void }

export function serveWatch(store: Store, req: IncomingMessage, res: ServerResponse, o: WatchOptions, registry: Set<WatchHandle>): void {
  const matches = (x: KObj | undefined): boolean => !!x && (!o.namespace || x.metadata.namespace === o.namespace)
    && matchLabels(o.labels, x.metadata.labels) && matchFields(o.fields, x);
  res.writeHead(200, streamHeaders(req, 'application/json'));
  res.flushHeaders();
  let first = true;
  let lastRv = 0;
  const write = (type: string, obj: unknown): void => {
    if (!res.writableEnded) res.write(JSON.stringify({ type, object: obj }) + '\n');
  };
  const send = (type: string, x: KObj): void => {
    write(type, o.encode(x, first));
    first = false;
  };
  const onEvent = (e: StoreEvent): void => {
    if (e.t !== o.t) return;
    lastRv = e.rv;
    const now = e.type !== 'DELETED' && matches(e.obj);
    const before = e.type !== 'ADDED' && matches(e.old);
    if (now && before) send('MODIFIED', e.obj);
    else if (now) send('ADDED', e.obj);
    // An object that left the selector is DELETED as the watch cache sends it: its last state that matched,
    // at the resourceVersion of the change.
    else if (before && e.type === 'DELETED') send('DELETED', e.obj);
    else if (before && e.old) send('DELETED', { ...e.old, metadata: { ...e.old.metadata, resourceVersion: String(e.rv) } });
  };

  let timer: NodeJS.Timeout | undefined;
  let bookmark: NodeJS.Timeout | undefined;
  let unsubscribe = (): void => undefined;
  const handle: WatchHandle = {
    close: () => { cleanup(); if (!res.writableEnded) res.end(); cutStream(req, res); },
    error: (status) => { write('ERROR', status); cleanup(); if (!res.writableEnded) res.end(); },
  };
  const cleanup = (): void => {
    unsubscribe();
    if (timer) clearTimeout(timer);
    if (bookmark) clearInterval(bookmark);
    registry.delete(handle);
  };
  registry.add(handle);
  req.on('close', cleanup);
  res.on('close', cleanup);

  const rv = o.resourceVersion;
  if (o.initialEvents) {
    for (const x of store.list(o.t, o.namespace, matches)) send('ADDED', x);
    write('BOOKMARK', { kind: o.t.kind, apiVersion: apiVersionOf(o.t), metadata: { resourceVersion: String(store.rv), annotations: { 'k8s.io/initial-events-end': 'true' } } });
  } else if (rv === '' || rv === '0') {
    for (const x of store.list(o.t, o.namespace, matches)) send('ADDED', x);
  } else {
    const events = store.since(Number(rv));
    if (!events || Number.isNaN(Number(rv))) {
      handle.error(gone(`too old resource version: ${rv} (${store.compactedRv})`).toStatus());
      return;
    }
    for (const e of events) onEvent(e);
  }
  lastRv = store.rv;
  unsubscribe = store.subscribe(onEvent);
  if (o.bookmarks) {
    bookmark = setInterval(() => {
      write('BOOKMARK', { kind: o.t.kind, apiVersion: apiVersionOf(o.t), metadata: { resourceVersion: String(Math.max(lastRv, store.rv)) } });
    }, o.bookmarkIntervalMs);
    // A watch never keeps the process alive by itself; the server's sockets decide that.
    bookmark.unref();
  }
  if (o.timeoutSeconds && o.timeoutSeconds > 0) timer = setTimeout(() => { cleanup(); res.end(); }, o.timeoutSeconds * 1000).unref();
  // The client may have hung up before the watch was served (added latency, a slow start): its 'close' has
  // already fired, so release the subscription and timers now.
  if (clientGone(req, res)) cleanup();
}
