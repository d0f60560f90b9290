// pods/log: follow, container, timestamps, tailLines, sinceSeconds, sinceTime, previous and limitBytes,
// over the deterministic generator in logGen.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest } from './errors.js';
import { cutStream, streamHeaders } from './http.js';
import { instancesOf, lineCount, lineAt, lines, type Instance, type LogLine } from './logGen.js';
import type { KObj } from './store.js';

type Obj = Record<string, unknown>;

export interface LogStream { close(): void }

function rfc3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

function num(q: URLSearchParams, k: string): number | undefined {
  const v = q.get(k);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw badRequest(`invalid value for ${k}: ${v}`);
  return n;
}

function pickContainer(pod: KObj, q: URLSearchParams): string {
  const containers = ((pod.spec as Obj | undefined)?.containers as Obj[] | undefined ?? []).map((c) => String(c.name));
  const name = pod.metadata.name ?? '';
  const want = q.get('container');
  if (!want) {
    if (containers.length === 1) return containers[0];
    throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`);
  }
  if (!containers.includes(want)) throw badRequest(`container ${want} is not valid for pod ${name}`);
  return want;
}

/** Streams the log of one container of `pod`; `reload` re-reads the pod while following. */
export function serveLog(req: IncomingMessage, res: ServerResponse, pod: KObj, q: URLSearchParams, intervalMs: number,
  reload: () => KObj | undefined, streams: Set<LogStream>): void {
  const container = pickContainer(pod, q);
  const name = pod.metadata.name ?? '';
  // kube-apiserver has no kubelet to ask for a pod without a node, and answers 204 No Content (after checking
  // the container name, as here).
  if (!(pod.spec as Obj | undefined)?.nodeName) { res.writeHead(204, { 'Cache-Control': 'no-cache, private' }); res.end(); return; }
  const previous = q.get('previous') === 'true';
  const { current, previous: prev } = instancesOf(pod, container);
  let inst: Instance | undefined;
  if (previous) {
    inst = prev;
    if (!inst) throw badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
  } else {
    inst = current;
    if (!inst) {
      throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ContainerCreating`);
    }
  }
  const timestamps = q.get('timestamps') === 'true';
  const follow = q.get('follow') === 'true' && !previous;
  const tail = num(q, 'tailLines');
  const sinceSeconds = num(q, 'sinceSeconds');
  const sinceTimeRaw = q.get('sinceTime');
  const sinceTime = sinceTimeRaw ? Date.parse(sinceTimeRaw) : undefined;
  if (sinceTimeRaw && Number.isNaN(sinceTime)) throw badRequest(`invalid sinceTime: ${sinceTimeRaw}`);
  if (sinceSeconds !== undefined && sinceTime !== undefined) throw badRequest('at most one of `sinceTime` or `sinceSeconds` may be specified');
  let budget = num(q, 'limitBytes');
  if (budget !== undefined && budget <= 0) throw badRequest('limitBytes must be greater than zero');
  const since = sinceTime ?? (sinceSeconds !== undefined ? Date.now() - sinceSeconds * 1000 : undefined);

  res.writeHead(200, streamHeaders(req, 'text/plain'));
  const fmt = (l: LogLine): string => (timestamps ? `${rfc3339Nano(l.ts)} ${l.text}\n` : `${l.text}\n`);
  /** Writes within limitBytes; false once the budget is spent. */
  const emit = (text: string): boolean => {
    if (budget === undefined) { res.write(text); return true; }
    const buf = Buffer.from(text);
    if (buf.length >= budget) { res.write(buf.subarray(0, budget)); budget = 0; return false; }
    budget -= buf.length;
    res.write(buf);
    return true;
  };

  const now = Date.now();
  let backlog = lines(inst, now, intervalMs).filter((l) => since === undefined || l.ts >= since);
  if (tail !== undefined && tail >= 0) backlog = tail === 0 ? [] : backlog.slice(-tail);
  let open = true;
  for (const l of backlog) if (!(open = emit(fmt(l)))) break;
  if (!follow || !open) { res.end(); return; }

  // Follow: emit new lines as their time comes, until the container stops or the client goes away.
  const followed = inst;
  let next = lineCount(followed, now, intervalMs);
  const stream: LogStream = { close: () => { stop(); cutStream(req, res); } };
  const stop = (): void => { clearInterval(timer); streams.delete(stream); };
  streams.add(stream);
  req.on('close', stop);
  res.on('close', stop);
  const timer: NodeJS.Timeout = setInterval(() => {
    const p = reload();
    const still = p && instancesOf(p, container).current;
    if (!still || still.startedAt !== followed.startedAt) { stop(); res.end(); return; }
    const upTo = lineCount(followed, Date.now(), intervalMs);
    for (; next < upTo; next++) {
      if (!emit(fmt(lineAt(followed, next, intervalMs)))) { stop(); res.end(); return; }
    }
  }, Math.max(20, Math.min(250, Math.floor(intervalMs / 4))));
  timer.unref();
}

/**
 * A proxy to a kubelet that could not connect, as kube-apiserver answers it: 500 InternalError with the dial
 * error as the message (k3s: `proxy error from 127.0.0.1:6443 while dialing …, code 502`), not 502.
 */
export function dialError(message: string): ApiError {
  return new ApiError(500, 'InternalError', message);
}
