// A small HTTPS client for one kubeconfig context: JSON requests with timeouts, and line streams for
// watches and logs. @kubernetes/client-node parses the kubeconfig and resolves credentials; we own the
// transport so that timeouts, cancellation and error classification are exact.
import * as https from 'node:https';
import * as http from 'node:http';
import * as tls from 'node:tls';
import type * as k8s from '@kubernetes/client-node';
import { parseRetryAfter } from './backoff';
import { KubeError, fromHttp, fromTransport } from './errors';

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  contentType?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface StreamOptions {
  query?: Query;
  /** Time allowed until the response headers arrive. */
  connectTimeoutMs?: number;
  signal?: AbortSignal;
  /**
   * The longest silence allowed once the headers are in: no complete line for this long means a dead stream
   * (a stalled proxy, a half-open connection, a server dripping a byte now and then), and it fails as 'slow'.
   */
  idleTimeoutMs?: number;
  onLine: (line: string) => void;
  /** Called once the server has accepted the stream (2xx headers), with the status (204: nothing to stream). */
  onOpen?: (status: number) => void;
}

interface Auth {
  base: URL;
  agent: https.Agent | http.Agent;
  headers: Record<string, string>;
}

export class KubeHttp {
  private auth: Promise<Auth> | undefined;

  constructor(
    private readonly kc: k8s.KubeConfig,
    readonly context: string,
    private readonly defaultTimeoutMs: number,
    private readonly kubeconfigFactory: () => k8s.KubeConfig,
  ) {}

  /** Drops cached credentials, e.g. after a 401 from an exec plugin's expired token. */
  resetAuth(): void {
    void this.auth?.then((a) => a.agent.destroy(), () => undefined);
    this.auth = undefined;
  }

  dispose(): void {
    this.resetAuth();
  }

  private resolveAuth(): Promise<Auth> {
    this.auth ??= (async () => {
      const kc = this.kubeconfigFactory();
      kc.loadFromOptions({ clusters: this.kc.clusters, users: this.kc.users, contexts: this.kc.contexts, currentContext: this.context });
      const cluster = kc.getCurrentCluster();
      if (!cluster) throw new KubeError('other', `context ${this.context} names no cluster`);
      const opts: https.RequestOptions = {};
      await kc.applyToHTTPSOptions(opts);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(opts.headers ?? {})) if (typeof v === 'string') headers[k] = v;
      if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
      const base = new URL(cluster.server);
      // One TLS context per session: without it every new socket parses the CA, certificate and key again,
      // which is most of the client's CPU when 30 clusters connect at once.
      const agent = base.protocol === 'http:'
        ? new http.Agent({ keepAlive: true })
        : new https.Agent({
          keepAlive: true, servername: opts.servername, rejectUnauthorized: opts.rejectUnauthorized,
          secureContext: tls.createSecureContext({ ca: opts.ca, cert: opts.cert, key: opts.key }),
        });
      return { base, agent, headers };
    })();
    return this.auth;
  }

  private async open(method: string, path: string, o: { query?: Query; body?: string; contentType?: string; accept?: string }):
    Promise<{ req: http.ClientRequest; auth: Auth }> {
    const auth = await this.resolveAuth();
    const url = new URL(auth.base.href.replace(/\/$/, '') + path);
    for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { ...auth.headers, Accept: o.accept ?? 'application/json' };
    if (o.body !== undefined) {
      headers['Content-Type'] = o.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(o.body));
    }
    const mod = url.protocol === 'http:' ? http : https;
    const req = mod.request(url, { method, headers, agent: auth.agent });
    return { req, auth };
  }

  /** One JSON request. Rejects with a classified KubeError. */
  async request<T>(method: string, path: string, o: RequestOptions = {}): Promise<T> {
    const body = o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    const timeoutMs = o.timeoutMs ?? this.defaultTimeoutMs;
    const { req } = await this.open(method, path, { query: o.query, body, contentType: o.contentType });
    return new Promise<T>((resolve, reject) => {
      const end = settleOnce<T>(o.signal, timeoutMs, (err, value) => { if (err) { req.destroy(); reject(err); } else resolve(value as T); });
      if (end.done()) return;
      const finish = end.finish;
      req.on('error', (e) => finish(fromTransport(e)));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => finish(fromTransport(e)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const code = res.statusCode ?? 0;
          if (code < 200 || code >= 300) { finish(fromHttp(code, text, retryAfter(res))); return; }
          try { finish(undefined, (text ? JSON.parse(text) : {}) as T); } catch (e) { finish(fromTransport(e)); }
        });
      });
      req.end(body);
    });
  }

  /**
   * Opens a streaming GET (watch or follow logs) and calls onLine for each complete line.
   * Resolves when the server ends the stream, rejects when it fails or the answer is not 2xx.
   */
  async stream(path: string, o: StreamOptions): Promise<void> {
    const connectTimeoutMs = o.connectTimeoutMs ?? this.defaultTimeoutMs;
    const { req } = await this.open('GET', path, { query: o.query, accept: '*/*' });
    return new Promise<void>((resolve, reject) => {
      const end = settleOnce<void>(o.signal, connectTimeoutMs, (err) => { req.destroy(); if (err) reject(err); else resolve(); });
      if (end.done()) return;
      const finish = (err?: KubeError): void => end.finish(err);
      req.on('error', (e) => finish(fromTransport(e)));
      req.on('response', (res) => {
        // The headers are in: from here only the idle watchdog bounds the stream. It counts from the last
        // complete line, not the last byte, so a server that drips a byte now and then is caught too.
        end.answered();
        let idle: NodeJS.Timeout | undefined;
        const quiet = (): void => {
          if (!o.idleTimeoutMs || end.done()) return;
          clearTimeout(idle);
          idle = setTimeout(() => finish(new KubeError('slow', `the stream was silent for ${o.idleTimeoutMs} ms`)), o.idleTimeoutMs);
        };
        res.on('close', () => clearTimeout(idle));
        quiet();
        const code = res.statusCode ?? 0;
        if (code < 200 || code >= 300) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => finish(fromHttp(code, Buffer.concat(chunks).toString('utf8'), retryAfter(res))));
          res.on('error', (e) => finish(fromTransport(e)));
          return;
        }
        o.onOpen?.(code);
        let rest = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (end.done()) return;
          const text = rest + chunk;
          let start = 0;
          for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
            o.onLine(text.slice(start, nl));
            start = nl + 1;
            if (end.done()) return;
          }
          if (start > 0) quiet();
          rest = text.slice(start);
        });
        // A connection cut mid-stream ends as 'aborted'/'error' (or a bare 'close'): the caller resumes.
        res.on('aborted', () => finish(new KubeError('unreachable', 'stream dropped')));
        res.on('error', (e) => finish(fromTransport(e)));
        res.on('end', () => {
          if (rest) o.onLine(rest);
          rest = '';
          finish();
        });
        res.on('close', () => finish(res.complete ? undefined : new KubeError('unreachable', 'stream dropped')));
      });
      req.end();
    });
  }
}

/**
 * The once-only end of one request. Whichever comes first settles it: the outcome, the timeout or the caller's
 * abort. Settling clears the timer and drops the abort listener; `answered` stops the timer alone.
 */
function settleOnce<T>(signal: AbortSignal | undefined, timeoutMs: number, settle: (err: KubeError | undefined, value?: T) => void):
  { finish: (err: KubeError | undefined, value?: T) => void; done: () => boolean; answered: () => void } {
  let done = false;
  const finish = (err: KubeError | undefined, value?: T): void => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    settle(err, value);
  };
  const timer = setTimeout(() => finish(new KubeError('slow', `no answer within ${timeoutMs} ms`)), timeoutMs);
  const onAbort = (): void => finish(new KubeError('aborted', 'cancelled'));
  if (signal?.aborted) onAbort(); else signal?.addEventListener('abort', onAbort);
  return { finish, done: () => done, answered: () => clearTimeout(timer) };
}

function retryAfter(res: http.IncomingMessage): number | undefined {
  return parseRetryAfter(res.headers['retry-after']);
}
