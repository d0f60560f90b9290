// A small HTTPS client for one kubeconfig context: JSON requests with timeouts, and line streams for
// watches and logs. @kubernetes/client-node parses the kubeconfig; credentials.ts resolves the credentials as
// kubectl does and proxy.ts tunnels through the context's proxy. We own the transport so that timeouts,
// cancellation and error classification are exact.
import type * as https from 'node:https';
import type * as http from 'node:http';
import * as tls from 'node:tls';
import type * as k8s from '@kubernetes/client-node';
import { parseRetryAfter } from './backoff';
import { Credentials } from './credentials';
import { KubeError, fromHttp, fromTransport } from './errors';
import { H2Connection, type Incoming, type Outgoing } from './h2';
import { makeAgent, startRequest } from './proxy';
import { redactShapes } from '../redact';

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
  /** The HTTP/2 connection to the server, when it is reached directly over TLS. */
  h2: H2Connection | undefined;
  headers: Record<string, string | string[]>;
  /** Which credentials these are: a 401 renews them only if no other request has already. */
  generation: number;
}

export class KubeHttp {
  private auth: Promise<Auth> | undefined;
  /** Keeps the credential caches (an exec plugin's credential until its expirationTimestamp, a token file's text). */
  readonly credentials: Credentials;
  private tls: { material: string; agent: https.Agent | http.Agent; h2: H2Connection | undefined } | undefined;
  private generation = 0;
  /** Exec plugins, auth providers and token files hand out tokens that change (exec, OIDC, EKS, projected tokens). */
  private readonly expiring: boolean;
  /** How often credentials were resolved, for tests and the log. */
  readonly authStats = { resolves: 0, renewalsAfter401: 0 };

  constructor(
    kc: k8s.KubeConfig,
    readonly context: string,
    private readonly defaultTimeoutMs: number,
    execTimeoutMs?: number,
    /** Impersonate-* headers (impersonation.ts), sent with every request, watches and logs included. */
    private readonly impersonation: Record<string, string | string[]> = {},
  ) {
    this.credentials = new Credentials(kc, context, defaultTimeoutMs, execTimeoutMs);
    this.expiring = this.credentials.expiring;
  }

  /** Drops cached credentials and connections, e.g. before a retry of the whole session. */
  resetAuth(): void {
    this.tls?.agent.destroy();
    this.tls?.h2?.close();
    this.tls = undefined;
    this.credentials.renew(false);
    this.auth = undefined;
    this.generation++;
  }

  dispose(): void {
    this.resetAuth();
  }

  /**
   * The credentials for the next request. Expiring ones are asked for every time: the exec cache answers until the
   * ExecCredential's expirationTimestamp and then runs the plugin again, a token file is read again when it changed.
   * One resolution at a time, so a burst of requests runs a plugin once.
   */
  private current(): Promise<Auth> {
    if (this.auth) return this.auth;
    const pending = this.resolveAuth();
    this.auth = pending;
    const clear = (): void => { if (this.auth === pending) this.auth = undefined; };
    // A failed resolution (a missing plugin, an unreadable file) is tried again on the next request.
    if (this.expiring) pending.then(clear, clear); else pending.catch(clear);
    return pending;
  }

  /**
   * After a 401 with these credentials: resolve them afresh, bypassing the cache (which would hand back the
   * refused token until its stated expiry). Once per generation, however many requests were refused with it.
   */
  private renew(used: Auth): void {
    if (used.generation !== this.generation) return;
    this.generation++;
    this.authStats.renewalsAfter401++;
    this.credentials.renew();
    this.auth = undefined;
  }

  private async resolveAuth(): Promise<Auth> {
    const generation = this.generation;
    let m;
    try {
      m = await this.credentials.resolve();
    } catch (e) {
      const err = e instanceof KubeError ? e : new KubeError('other', String((e as Error)?.message ?? e));
      // A plugin's or identity provider's error text may quote secrets the session never handed out (a token it
      // printed in an Authorization header, a JWT): cut here, they show nowhere, the tree included.
      throw new KubeError(err.kind, redactShapes(this.credentials.scrub(err.message)), err.code, err.reason, err.retryAfter);
    }
    this.authStats.resolves++;
    // One TLS context per session: without it every new socket parses the CA, certificate and key again,
    // which is most of the client's CPU when 30 clusters connect at once. A new one only when an exec plugin
    // hands out a new client certificate; open streams keep the old one until they end.
    const material = [m.ca, m.cert, m.key, m.servername, m.rejectUnauthorized, m.proxy?.href].map(pemText).join('\0');
    if (this.tls?.material !== material) {
      let secureContext: tls.SecureContext | undefined;
      if (m.server.protocol !== 'http:') {
        try {
          secureContext = tls.createSecureContext({ ca: m.ca, cert: m.cert, key: m.key });
        } catch (e) {
          // OpenSSL's reason names the problem (no start line, key values mismatch) and quotes nothing.
          throw new KubeError('other', `the certificate authority, client certificate or key of context ${this.context} cannot be used (${String((e as Error).message).split('\n')[0]?.slice(0, 120)})`);
        }
      }
      const agent = makeAgent(m.server, m.proxy, { servername: m.servername, rejectUnauthorized: m.rejectUnauthorized, secureContext }, this.defaultTimeoutMs);
      // HTTP/2 when the server is reached directly; through a proxy's tunnel, HTTP/1.1 over the proxy's agent.
      const h2 = secureContext && !m.proxy
        ? new H2Connection({ base: m.server, secureContext, servername: m.servername, rejectUnauthorized: m.rejectUnauthorized })
        : undefined;
      this.tls = { material, agent, h2 };
    }
    return { base: m.server, agent: this.tls.agent, h2: this.tls.h2, headers: { ...m.headers, ...this.impersonation }, generation };
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

  private open(auth: Auth, method: string, path: string, o: { query?: Query; body?: string; contentType?: string; accept?: string }): Outgoing {
    const url = new URL(auth.base.href.replace(/\/$/, '') + path);
    for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string | string[]> = { ...auth.headers, Accept: o.accept ?? 'application/json' };
    if (o.body !== undefined) {
      headers['Content-Type'] = o.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(o.body));
    }
    const viaHttp1 = (): Outgoing => startRequest(url, { method, headers, agent: auth.agent });
    return auth.h2 && !auth.h2.unsupported ? auth.h2.request(method, url, headers, viaHttp1) : viaHttp1();
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
      req.on('response', (res: Incoming) => {
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
      req.on('response', (res: Incoming) => {
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
          // A stream this side gave up on (its watchdog, an abort) may still end in order (HTTP/2 ends the
          // readable side of a cancelled stream): its last partial line is not a line.
          if (end.done()) return;
          if (rest) deliver(rest);
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
  return typeof x === 'string' || typeof x === 'boolean' ? String(x) : '';
}

function tooLarge(message: string): KubeError {
  return new KubeError('tooLarge', message);
}

function mib(bytes: number): string {
  return `${bytes / 1024 / 1024} MiB`;
}

function retryAfter(res: Incoming): number | undefined {
  const value = res.headers['retry-after'];
  return parseRetryAfter(Array.isArray(value) ? value[0] : value);
}
