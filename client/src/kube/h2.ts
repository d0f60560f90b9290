// HTTP/2 to one API server: every request, watch and log stream of a session shares one TLS connection, as
// client-go's do. kube-apiserver offers h2 by ALPN; a server (or a proxy) that does not is spoken to over HTTP/1.1.
// The exchange below looks to http.ts like node:http's ClientRequest and IncomingMessage, so the timeouts, the idle
// watchdog and the error classification are the same on both.
import { EventEmitter } from 'node:events';
import * as http2 from 'node:http2';
import { isIP } from 'node:net';
import * as tls from 'node:tls';

export interface H2Target {
  base: URL;
  secureContext: tls.SecureContext;
  servername?: string;
  rejectUnauthorized?: boolean;
}

/** What http.ts reads of an answer, on HTTP/1.1 and HTTP/2 alike. */
export interface Incoming extends NodeJS.EventEmitter {
  statusCode?: number;
  headers: Record<string, string | string[] | undefined>;
  complete: boolean;
  setEncoding(enc: BufferEncoding): unknown;
}

/** What http.ts does with a request, on HTTP/1.1 and HTTP/2 alike. */
export interface Outgoing extends NodeJS.EventEmitter {
  end(body?: string): unknown;
  destroy(): unknown;
}

/** No answer to a ping for this long means the connection is dead (client-go: ReadIdleTimeout 30 s, PingTimeout 15 s). */
const PING_EVERY_MS = 30_000;
const PING_TIMEOUT_MS = 15_000;
const CONNECT_TIMEOUT_MS = 30_000;
/**
 * Flow-control windows as Go's HTTP/2 transport opens them for client-go and kubectl: 4 MiB per stream, 1 GiB per
 * connection. HTTP/2's default is 64 KiB for each, shared by every list and watch of the session, so over a link
 * of 50 ms round trip a list of a few MB took seconds where kubectl takes a fraction of one. What an answer may
 * hold is still capped by http.ts.
 */
const STREAM_WINDOW = 4 << 20;
const CONNECTION_WINDOW = 1 << 30;

export class H2Connection {
  private session: http2.ClientHttp2Session | undefined;
  private connecting: Promise<http2.ClientHttp2Session | undefined> | undefined;
  private pinger: NodeJS.Timeout | undefined;
  private active = 0;
  private closed = false;
  /** Set once the server chose HTTP/1.1: requests then go over the HTTP/1.1 agent. */
  unsupported = false;
  /** Connections opened, for tests and the fleet benchmark. */
  connects = 0;

  constructor(private readonly target: H2Target) {}

  /** The live session, opening one if needed; undefined when the server does not speak h2. */
  private acquire(): Promise<http2.ClientHttp2Session | undefined> {
    if (this.session && !this.session.closed && !this.session.destroyed) return Promise.resolve(this.session);
    this.connecting ??= this.connect().finally(() => { this.connecting = undefined; });
    return this.connecting;
  }

  private connect(): Promise<http2.ClientHttp2Session | undefined> {
    const { base, secureContext, servername, rejectUnauthorized } = this.target;
    const host = base.hostname.replace(/^\[|\]$/g, '');
    return new Promise((resolve, reject) => {
      const socket = tls.connect({
        host, port: Number(base.port || 443), secureContext, rejectUnauthorized,
        servername: servername ?? (isIP(host) ? undefined : host), ALPNProtocols: ['h2', 'http/1.1'],
      });
      const fail = (e: Error): void => { clearTimeout(timer); socket.destroy(); reject(e); };
      const timer = setTimeout(() => fail(Object.assign(new Error(`no TLS connection within ${CONNECT_TIMEOUT_MS} ms`), { code: 'ETIMEDOUT' })), CONNECT_TIMEOUT_MS);
      socket.once('error', fail);
      socket.once('secureConnect', () => {
        clearTimeout(timer);
        socket.off('error', fail);
        if (this.closed) { socket.destroy(); resolve(undefined); return; }
        if (socket.alpnProtocol !== 'h2') {
          this.unsupported = true;
          socket.destroy();
          resolve(undefined);
          return;
        }
        this.connects++;
        const session = http2.connect(base.origin, { createConnection: () => socket, settings: { initialWindowSize: STREAM_WINDOW } });
        session.once('connect', () => { if (!session.destroyed) session.setLocalWindowSize(CONNECTION_WINDOW); });
        const drop = (): void => { if (this.session === session) this.forget(); };
        session.on('error', drop);
        session.on('goaway', drop);
        session.on('close', drop);
        this.session = session;
        this.refresh();
        this.keepAlive(session);
        resolve(session);
      });
    });
  }

  /** Pings while streams are open; a ping not answered in time ends the session and with it every stream on it. */
  private keepAlive(session: http2.ClientHttp2Session): void {
    clearInterval(this.pinger);
    this.pinger = setInterval(() => {
      if (this.session !== session || this.active === 0) return;
      const deadline = setTimeout(() => session.destroy(new Error('the connection did not answer a ping')), PING_TIMEOUT_MS);
      deadline.unref();
      try {
        session.ping((err) => { clearTimeout(deadline); if (err) session.destroy(err); });
      } catch {
        clearTimeout(deadline);
      }
    }, PING_EVERY_MS);
    this.pinger.unref();
  }

  private forget(): void {
    clearInterval(this.pinger);
    this.pinger = undefined;
    this.session = undefined;
  }

  /** An idle session does not keep the process alive; one with open streams does. */
  private refresh(): void {
    if (!this.session || this.session.destroyed) return;
    if (this.active > 0) this.session.ref(); else this.session.unref();
  }

  /**
   * Starts one exchange. `fallback` makes the HTTP/1.1 request when the server does not speak h2. The answer comes
   * as 'response' with an Incoming; a failure before it as 'error'.
   */
  request(method: string, url: URL, headers: Record<string, string | string[]>, fallback: () => Outgoing): Outgoing {
    const exchange = new H2Exchange();
    void this.acquire().then((session) => {
      if (exchange.destroyed) return;
      if (!session) { exchange.forward(fallback()); return; }
      const h: http2.OutgoingHttpHeaders = { ':method': method, ':path': url.pathname + url.search };
      for (const [k, v] of Object.entries(headers)) h[k.toLowerCase()] = v;
      let stream: http2.ClientHttp2Stream;
      try {
        stream = session.request(h, { endStream: false });
      } catch (e) {
        exchange.emit('error', e);
        return;
      }
      this.active++;
      this.refresh();
      stream.once('close', () => { this.active--; this.refresh(); });
      exchange.attach(stream);
    }, (e: unknown) => { if (!exchange.destroyed) exchange.emit('error', e); });
    return exchange;
  }

  close(): void {
    this.closed = true;
    this.session?.destroy();
    this.forget();
  }
}

/** One request on an HTTP/2 session (or, when the server refused h2, the HTTP/1.1 request it became). */
class H2Exchange extends EventEmitter implements Outgoing {
  destroyed = false;
  private body: string | undefined;
  private ended = false;
  private inner: { end(b?: string): unknown; destroy(): unknown } | undefined;

  end(body?: string): this {
    this.ended = true;
    this.body = body;
    this.inner?.end(body);
    return this;
  }

  destroy(): this {
    if (this.destroyed) return this;
    this.destroyed = true;
    this.inner?.destroy();
    return this;
  }

  /** Hands over to an HTTP/1.1 request. */
  forward(req: Outgoing): void {
    this.inner = req;
    req.on('error', (e) => this.emit('error', e));
    req.on('response', (res) => this.emit('response', res));
    if (this.ended) req.end(this.body);
  }

  attach(stream: http2.ClientHttp2Stream): void {
    const answer = stream as unknown as Incoming & http2.ClientHttp2Stream;
    answer.complete = false;
    answer.headers = {};
    this.inner = { end: (b?: string) => stream.end(b), destroy: () => { if (!stream.destroyed) stream.close(http2.constants.NGHTTP2_CANCEL); } };
    stream.on('response', (headers) => {
      answer.statusCode = Number(headers[':status']);
      answer.headers = headers;
      stream.once('end', () => { answer.complete = true; });
      this.emit('response', answer);
    });
    // Before the answer, a failure belongs to the request; after it, to the answer (http.ts listens there).
    stream.on('error', (e) => { if (answer.statusCode === undefined) this.emit('error', e); });
    stream.on('close', () => {
      if (answer.statusCode === undefined && !this.destroyed) this.emit('error', Object.assign(new Error('the stream was reset before an answer'), { code: 'ECONNRESET' }));
    });
    if (this.ended) stream.end(this.body);
  }
}
