// Small HTTP helpers: bodies in and out, Status errors, and URL parsing into a resource request.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { constants as h2 } from 'node:http2';
import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest } from './errors.js';
import { decodeProtobuf } from './protobuf.js';

export function readBody(req: IncomingMessage, limit = 8 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) { reject(new ApiError(413, 'RequestEntityTooLarge', 'request body too large')); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** JSON, or YAML for apply patches (YAML is a superset of JSON). */
export function parseBody(buf: Buffer, contentType: string | undefined): unknown {
  if ((contentType ?? '').startsWith('application/vnd.kubernetes.protobuf')) return decodeProtobuf(buf);
  const text = buf.toString('utf8');
  if (!text.trim()) throw badRequest('the request body is empty');
  try {
    if ((contentType ?? '').includes('yaml')) return parseYaml(text) as unknown;
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw badRequest(`the body of the request could not be decoded: ${(e as Error).message}`);
  }
}

export function sendJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
  res.end(text);
}

/**
 * Each stored object's JSON, kept while its resourceVersion stays the same. The store replaces an object on every
 * write rather than changing it, so a fleet's repeated lists of unchanged pods are copies of bytes, not
 * serialisations. (kube-apiserver too caches an object's serialisation, for the watchers of its watch cache.)
 */
const encoded = new WeakMap<object, { rv: unknown; json: Buffer }>();

function jsonOf(o: { metadata?: { resourceVersion?: unknown } }): Buffer {
  const rv = o.metadata?.resourceVersion;
  const hit = encoded.get(o);
  if (hit && hit.rv === rv) return hit.json;
  const json = Buffer.from(JSON.stringify(o));
  encoded.set(o, { rv, json });
  return json;
}

/** Serialises objects ahead of their first list (at start-up), so the first clients are served as fast as later ones. */
export function encodeAhead(objects: Iterable<{ metadata?: { resourceVersion?: unknown } }>): void {
  for (const o of objects) jsonOf(o);
}

const comma = Buffer.from(',');

/**
 * A list answer, `{"kind","apiVersion","metadata","items"}` as JSON.stringify would write it, written as the cached
 * items themselves with no copy of the whole body, and only as fast as the connection takes them. Written all at
 * once, a hundred clients' big HTTP/2 windows had the simulator's HTTP/2 layer copy hundreds of MB at a time, and
 * every such burst set off a full collection of its whole heap.
 */
export async function sendList(res: ServerResponse, head: { kind: string; apiVersion: string; metadata: unknown }, items: { metadata?: { resourceVersion?: unknown } }[]): Promise<void> {
  const parts: Buffer[] = [Buffer.from(`${JSON.stringify(head).slice(0, -1)},"items":[`)];
  items.forEach((o, i) => { if (i) parts.push(comma); parts.push(jsonOf(o)); });
  parts.push(Buffer.from(']}'));
  const length = parts.reduce((n, b) => n + b.length, 0);
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': length, 'Cache-Control': 'no-cache, private' });
  for (const b of parts) {
    if (res.destroyed) return;
    if (!res.write(b)) await drained(res);
  }
  res.end();
}

/** Settles when the response can take more, or is gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => { res.off('drain', done); res.off('close', done); resolve(); };
    res.on('drain', done);
    res.on('close', done);
  });
}

export function sendError(res: ServerResponse, err: unknown, retryAfter?: number): void {
  const e = err instanceof ApiError ? err : new ApiError(500, 'InternalError', `Internal error occurred: ${(err as Error)?.message ?? String(err)}`);
  if (res.headersSent) { res.destroy(); return; }
  if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
  sendJson(res, e.code, e.toStatus());
}

/** An error as net/http's http.Error writes it (API Priority and Fairness rejects this way): plain text, no Status. */
export function sendPlainError(res: ServerResponse, code: number, text: string, retryAfter?: number): void {
  if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export interface ResourcePath {
  group: string;
  version: string;
  namespace?: string;
  plural: string;
  name?: string;
  subresource?: string;
  legacyWatch: boolean;
}

/** Parses /api/v1/... and /apis/g/v/... resource URLs (with the old /watch/ prefix too). */
export function parseResourcePath(pathname: string): ResourcePath | undefined {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) { group = ''; version = parts[1]; rest = parts.slice(2); }
  else if (parts[0] === 'apis' && parts.length >= 4) { group = parts[1]; version = parts[2]; rest = parts.slice(3); }
  else return undefined;
  let legacyWatch = false;
  if (rest[0] === 'watch') { legacyWatch = true; rest = rest.slice(1); }
  // /api/v1/namespaces/NAME/status and /finalize address the namespace itself.
  if (rest[0] === 'namespaces' && rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize')) {
    return { group, version, plural: 'namespaces', name: rest[1], subresource: rest[2], legacyWatch };
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) { namespace = rest[1]; rest = rest.slice(2); }
  if (rest.length === 0 || rest.length > 3) return undefined;
  return { group, version, namespace, plural: rest[0], name: rest[1], subresource: rest[2], legacyWatch };
}

/**
 * The headers of a streamed answer (a watch, followed logs). HTTP/1.1 streams it chunked; HTTP/2 frames it
 * itself and refuses connection-specific headers, as kube-apiserver's Go server does.
 */
export function streamHeaders(req: IncomingMessage, contentType: string): Record<string, string> {
  const headers: Record<string, string> = { 'Content-Type': contentType, 'Cache-Control': 'no-cache, private' };
  if (req.httpVersionMajor < 2) headers['Transfer-Encoding'] = 'chunked';
  return headers;
}

/**
 * Cuts one streamed answer off without an orderly end. Over HTTP/1.1 that is the connection; over HTTP/2 it is
 * the stream alone (a reset), and the other streams multiplexed on the connection go on.
 */
export function cutStream(req: IncomingMessage, res: ServerResponse): void {
  const stream = (res as unknown as { stream?: { destroyed: boolean; close(code?: number): void } }).stream;
  if (stream) { if (!stream.destroyed) stream.close(http2Cancel); return; }
  req.socket.destroy();
}

/** Whether the client has gone: its connection (HTTP/1.1) or its stream (HTTP/2). */
export function clientGone(req: IncomingMessage, res: ServerResponse): boolean {
  const stream = (res as unknown as { stream?: { destroyed: boolean } }).stream;
  return stream ? stream.destroyed : req.socket.destroyed;
}

const http2Cancel = h2.NGHTTP2_CANCEL;
