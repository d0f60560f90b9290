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

/**
 * What we read of one answer, whatever the server sends: a list body (a page of 500 pods is a few MB), and one line
 * of a watch or log stream. Past them the request fails with 'tooLarge' instead of the host running out of memory.
 */
export const readLimits = { bodyBytes: 64 * 1024 * 1024, lineBytes: 1024 * 1024 };

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
  /** Which credentials these are: a 401 renews them only if no other request has already. */
  generation: number;
}

export class KubeHttp {
  private auth: Promise<Auth> | undefined;
  /** Keeps client-node's credential caches (an exec plugin's token until its expirationTimestamp). */
  private credentials: k8s.KubeConfig | undefined;
  private tls: { material: string; agent: https.Agent | http.Agent } | undefined;
  private generation = 0;
  /** Exec plugins and auth providers hand out tokens that expire (exec, OIDC, EKS); other credentials do not. */
  private readonly expiring: boolean;
  /** How often credentials were resolved, for tests and the log. */
  readonly authStats = { resolves: 0, renewalsAfter401: 0 };

  constructor(
    private readonly kc: k8s.KubeConfig,
    readonly context: string,
    private readonly defaultTimeoutMs: number,
    private readonly kubeconfigFactory: () => k8s.KubeConfig,
  ) {
    const user = kc.getUser(kc.getContextObject(context)?.user ?? '');
    this.expiring = Boolean(user?.exec || user?.authProvider);
  }

  /** Drops cached credentials and connections, e.g. before a retry of the whole session. */
  resetAuth(): void {
    this.tls?.agent.destroy();
    this.tls = undefined;
    this.credentials = undefined;
    this.auth = undefined;
    this.generation++;
  }

  dispose(): void {
    this.resetAuth();
  }

  /**
   * The credentials for the next request. Expiring ones are asked for every time: client-node's exec cache answers
   * until the ExecCredential's expirationTimestamp and then runs the plugin again. One resolution at a time, so a
   * burst of requests runs a plugin once.
   */
  private current(): Promise<Auth> {
    if (this.auth) return this.auth;
    const pending = this.resolveAuth();
    this.auth = pending;
    if (this.expiring) {
      const clear = (): void => { if (this.auth === pending) this.auth = undefined; };
      pending.then(clear, clear);
    }
    return pending;
  }

  /**
   * After a 401 with these credentials: resolve them afresh, bypassing client-node's cache (which would hand back the
   * refused token until its stated expiry). Once per generation, however many requests were refused with it.
   */
  private renew(used: Auth): void {
    if (used.generation !== this.generation) return;
    this.generation++;
    this.authStats.renewalsAfter401++;
    this.credentials = undefined;
    this.auth = undefined;
  }

  private async resolveAuth(): Promise<Auth> {
    const generation = this.generation;
    if (!this.credentials) {
      const kc = this.kubeconfigFactory();
      kc.loadFromOptions({ clusters: this.kc.clusters, users: this.kc.users, contexts: this.kc.contexts, currentContext: this.context });
      this.credentials = kc;
    }
    const kc = this.credentials;
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new KubeError('other', `context ${this.context} names no cluster`);
    const opts: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(opts);
    this.authStats.resolves++;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.headers ?? {})) if (typeof v === 'string') headers[k] = v;
    if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    const base = new URL(cluster.server);
    // One TLS context per session: without it every new socket parses the CA, certificate and key again,
    // which is most of the client's CPU when 30 clusters connect at once. A new one only when an exec plugin
    // hands out a new client certificate; open streams keep the old one until they end.
    const material = [opts.ca, opts.cert, opts.key].map(pemText).join('\0');
    if (this.tls?.material !== material) {
      const agent = base.protocol === 'http:'
        ? new http.Agent({ keepAlive: true })
        : new https.Agent({
          keepAlive: true, servername: opts.servername, rejectUnauthorized: opts.rejectUnauthorized,
          secureContext: tls.createSecureContext({ ca: opts.ca, cert: opts.cert, key: opts.key }),
        });
      this.tls = { material, agent };
    }
    return { base, agent: this.tls.agent, headers, generation };
  }

  /**
   * Runs one attempt, and when expiring credentials are refused (401), renews them and runs it once more, as
   * client-go's exec authenticator does.
   */
  private async withAuth<T>(attempt: (auth: Auth) => Promise<T>): Promise<T> {
    const auth = await this.current();
    try {
      return await attempt(auth);
    } catch (e) {
      if (!this.expiring || !(e instanceof KubeError) || e.code !== 401) throw e;
      this.renew(auth);
      return attempt(await this.current());
    }
  }

  private open(auth: Auth, method: string, path: string, o: { query?: Query; body?: string; contentType?: string; accept?: string }): http.ClientRequest {
    const url = new URL(auth.base.href.replace(/\/$/, '') + path);
    for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { ...auth.headers, Accept: o.accept ?? 'application/json' };
    if (o.body !== undefined) {
      headers['Content-Type'] = o.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(o.body));
    }
    const mod = url.protocol === 'http:' ? http : https;
    return mod.request(url, { method, headers, agent: auth.agent });
  }

  /** One JSON request. Rejects with a classified KubeError. */
  request<T>(method: string, path: string, o: RequestOptions = {}): Promise<T> {
    return this.withAuth((auth) => this.requestOnce<T>(auth, method, path, o));
  }

  private requestOnce<T>(auth: Auth, method: string, path: string, o: RequestOptions): Promise<T> {
    const body = o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    const timeoutMs = o.timeoutMs ?? this.defaultTimeoutMs;
    const req = this.open(auth, method, path, { query: o.query, body, contentType: o.contentType });
    return new Promise<T>((resolve, reject) => {
      const end = settleOnce<T>(o.signal, timeoutMs, (err, value) => { if (err) { req.destroy(); reject(err); } else resolve(value as T); });
      if (end.done()) return;
      const finish = end.finish;
      req.on('error', (e) => finish(fromTransport(e)));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          if (bytes > readLimits.bodyBytes) finish(tooLarge(`the answer is larger than ${mib(readLimits.bodyBytes)}`));
          else chunks.push(c);
        });
        res.on('error', (e) => finish(fromTransport(e)));
        res.on('end', () => {
          if (end.done()) return;
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
  stream(path: string, o: StreamOptions): Promise<void> {
    return this.withAuth((auth) => this.streamOnce(auth, path, o));
  }

  private streamOnce(auth: Auth, path: string, o: StreamOptions): Promise<void> {
    const connectTimeoutMs = o.connectTimeoutMs ?? this.defaultTimeoutMs;
    const req = this.open(auth, 'GET', path, { query: o.query, accept: '*/*' });
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
          let bytes = 0;
          res.on('data', (c: Buffer) => { bytes += c.length; if (bytes <= readLimits.lineBytes) chunks.push(c); });
          res.on('end', () => finish(fromHttp(code, Buffer.concat(chunks).toString('utf8'), retryAfter(res))));
          res.on('error', (e) => finish(fromTransport(e)));
          return;
        }
        try {
          o.onOpen?.(code);
        } catch (e) {
          finish(new KubeError('other', `the stream could not be opened: ${e instanceof Error ? e.message : String(e)}`));
          return;
        }
        let rest = '';
        res.setEncoding('utf8');
        // A handler that throws here would throw in the socket's event, out of reach of any caller: it fails the
        // stream instead, which the caller reports and resumes.
        const deliver = (line: string): void => {
          try {
            o.onLine(line);
          } catch (e) {
            finish(new KubeError('other', `a line of the stream could not be handled: ${e instanceof Error ? e.message : String(e)}`));
          }
        };
        res.on('data', (chunk: string) => {
          if (end.done()) return;
          const text = rest + chunk;
          let start = 0;
          for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
            deliver(text.slice(start, nl));
            start = nl + 1;
            if (end.done()) return;
          }
          if (start > 0) quiet();
          rest = text.slice(start);
          // Characters, not bytes: a bound all the same, and at most four times the bytes.
          if (rest.length > readLimits.lineBytes) finish(tooLarge(`a line of the stream is longer than ${mib(readLimits.lineBytes)}`));
        });
        // A connection cut mid-stream ends as 'aborted'/'error' (or a bare 'close'): the caller resumes.
        res.on('aborted', () => finish(new KubeError('unreachable', 'stream dropped')));
        res.on('error', (e) => finish(fromTransport(e)));
        res.on('end', () => {
          if (rest && !end.done()) deliver(rest);
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

/** The text of a CA, certificate or key option, to tell whether an exec plugin handed out a new one. */
function pemText(x: unknown): string {
  if (Array.isArray(x)) return x.map(pemText).join('\n');
  if (Buffer.isBuffer(x)) return x.toString('latin1');
  return typeof x === 'string' ? x : '';
}

function tooLarge(message: string): KubeError {
  return new KubeError('tooLarge', message);
}

function mib(bytes: number): string {
  return `${bytes / 1024 / 1024} MiB`;
}

function retryAfter(res: http.IncomingMessage): number | undefined {
  return parseRetryAfter(res.headers['retry-after']);
}
