// One simulated cluster: its PKI, store, registry and HTTPS API server on 127.0.0.1, plus fault hooks.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createSecureServer, type Http2SecureServer, type Http2Session } from 'node:http2';
import type { Socket } from 'node:net';
import { Auth, type User } from './auth.js';
import type { ClusterPki } from './certs.js';
import { AGGREGATED_TYPE, aggregated, apiGroup, apiGroupList, apiVersions, resourceList, versionInfo, wantsAggregated } from './discovery.js';
import { ApiError } from './errors.js';
import { FAULT_PATH, FaultState, serveFaultAdmin, shapeResponse } from './faults.js';
import { handleResource, type HandlerContext } from './handlers.js';
import { parseResourcePath, sendError, sendJson, sendPlainError } from './http.js';
import type { LogStream } from './logs.js';
import { openapiV3Doc, openapiV3Index } from './openapi.js';
import { Rbac } from './rbac.js';
import { Registry } from './registry.js';
import { Store } from './store.js';
import type { KObj } from './store.js';
import type { WatchHandle } from './watch.js';

export interface ClusterOptions {
  name: string;
  clusterID: string;
  pki: ClusterPki;
  bookmarkIntervalMs: number;
}

/** One request as the simulator received it, for tests that check when a client came back. */
export interface RequestRecord {
  /** Milliseconds since the epoch, on the simulator's clock, when the request arrived. */
  at: number;
  method: string;
  path: string;
  query: string;
  /** The fault it met: 'stall', 'slowDrip', or the injected status code. */
  fault?: string;
  /** 401 when its credentials were refused. */
  status?: number;
  /** The HTTP version the client spoke: '2.0' or '1.1'. */
  http: string;
  /** Which connection it came on (a number per TLS connection), to tell how many a client opened. */
  connection: number;
  /** The user it ran as when it impersonated one (Impersonate-User), and the groups it named. */
  as?: string;
  asGroups?: string[];
}

const REQUEST_LOG_SIZE = 5000;

export class Cluster {
  readonly name: string;
  readonly clusterID: string;
  readonly pki: ClusterPki;
  readonly store = new Store();
  readonly registry = new Registry(this.store);
  readonly auth = new Auth();
  readonly rbac = new Rbac(this.store);
  readonly faults = new FaultState();
  readonly watches = new Set<WatchHandle>();
  readonly logStreams = new Set<LogStream>();
  /** The last requests, oldest first (fault administration excluded). */
  readonly requests: RequestRecord[] = [];
  port = 0;
  /** The bearer token of viewer@<name>; kept out of logs. */
  viewerToken = '';
  /** The bearer token of restricted@<name> (the consumer only; empty elsewhere); kept out of logs. */
  restrictedToken = '';
  private server: Http2SecureServer | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly sessions = new Set<Http2Session>();
  private readonly connectionIds = new WeakMap<object, number>();
  private connectionCount = 0;
  private readonly ctx: HandlerContext;
  /** The hostile cluster's own answers (hostile.ts), tried first after authentication: true when it answered. */
  intercept: ((req: IncomingMessage, res: ServerResponse, url: URL) => boolean) | undefined;
  /** Set by the topology: serves pods/log for this cluster. */
  logHandler: HandlerContext['serveLog'] = async () => { throw new ApiError(501, 'NotImplemented', 'logs are not wired'); };

  constructor(opts: ClusterOptions) {
    this.name = opts.name;
    this.clusterID = opts.clusterID;
    this.pki = opts.pki;
    this.ctx = {
      store: this.store, registry: this.registry, rbac: this.rbac, watches: this.watches, logStreams: this.logStreams,
      bookmarkIntervalMs: opts.bookmarkIntervalMs,
      serveLog: (req, res, pod, q) => this.logHandler(req, res, pod, q),
    };
  }

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return !!this.server;
  }

  async start(port = this.port): Promise<void> {
    if (this.server) return;
    // HTTP/2 where the client offers it (client-go and kubectl do), HTTP/1.1 otherwise, as kube-apiserver serves.
    // Handlers see the compatibility API's request and response, which act as node:http's for what they use.
    const server = createSecureServer({
      cert: this.pki.server.cert, key: this.pki.server.key, ca: this.pki.ca.cert,
      requestCert: true, rejectUnauthorized: false, allowHTTP1: true,
      settings: { maxConcurrentStreams: 1000 },
    }, (req, res) => { void this.handle(req as unknown as IncomingMessage, res as unknown as ServerResponse); });
    server.on('connection', (s: Socket) => { this.sockets.add(s); s.on('close', () => this.sockets.delete(s)); });
    server.on('session', (s: Http2Session) => { this.sessions.add(s); s.on('close', () => this.sessions.delete(s)); });
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => { server.off('error', reject); resolve(); });
    });
    const addr = server.address();
    if (addr && typeof addr === 'object') this.port = addr.port;
    this.server = server;
  }

  /** Closes the server and every connection; the data and the port are kept for restart(). */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.dropWatches();
    this.dropLogStreams();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of this.sessions) s.destroy();
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  /** What each open HTTP/2 client allows this server to send it: per stream (its SETTINGS) and on the connection. */
  peerWindows(): { stream: number; connection: number }[] {
    return [...this.sessions].map((s) => ({ stream: s.remoteSettings.initialWindowSize ?? 65_535, connection: s.state.remoteWindowSize ?? 65_535 }));
  }

  dropWatches(): void {
    for (const w of [...this.watches]) w.close();
  }

  dropLogStreams(): void {
    for (const s of [...this.logStreams]) s.close();
  }

  expireResourceVersions(): void {
    this.store.compact();
    const status = new ApiError(410, 'Expired', `too old resource version: expired by fault injection (${this.store.rv})`).toStatus();
    for (const w of [...this.watches]) w.error(status);
  }

  /** Direct store read by apiVersion and kind. */
  read(t: Parameters<Store['get']>[0], ns: string | undefined, name: string): KObj | undefined {
    return this.store.get(t, ns, name);
  }

  /** Over HTTP/2 the session is the connection (the request's socket is a per-request stand-in for it). */
  private connectionOf(req: IncomingMessage, res: ServerResponse): number {
    const key: object = (res as unknown as { stream?: { session?: object } }).stream?.session ?? req.socket;
    let id = this.connectionIds.get(key);
    if (id === undefined) { id = ++this.connectionCount; this.connectionIds.set(key, id); }
    return id;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'https://sim');
      const path = url.pathname;
      if (process.env.SIM_TRACE) process.stderr.write(`[sim ${this.name}] ${req.method ?? ''} ${req.url ?? ''}\n`);
      if (path.startsWith(FAULT_PATH)) {
        await serveFaultAdmin(req, res, path, this.faults, {
          dropWatches: () => this.dropWatches(), dropLogStreams: () => this.dropLogStreams(),
          revokeToken: (u) => this.auth.revoke(u), expireResourceVersions: () => this.expireResourceVersions(), stop: () => this.stop(),
        });
        return;
      }
      const record: RequestRecord = { at: Date.now(), method: req.method ?? 'GET', path, query: url.search, http: req.httpVersion, connection: this.connectionOf(req, res) };
      this.requests.push(record);
      if (this.requests.length > REQUEST_LOG_SIZE) this.requests.shift();
      if (this.faults.latencyMs > 0) await new Promise((r) => setTimeout(r, this.faults.latencyMs));
      const fail = this.faults.takeFailure(path);
      if (fail) {
        record.fault = String(fail.error.code);
        if (fail.plainText !== undefined) sendPlainError(res, fail.error.code, fail.plainText, fail.retryAfter);
        else sendError(res, fail.error, fail.retryAfter);
        return;
      }
      // Stalls and drips are what streams and reads meet; a write during one goes through.
      const shape = req.method === 'GET' ? this.faults.takeShape(path) : undefined;
      if (shape) { record.fault = shape.kind; shapeResponse(res, shape); }
      let user: User;
      try {
        user = this.auth.authenticate(req);
      } catch (e) {
        record.status = 401;
        throw e;
      }
      if (this.intercept?.(req, res, url)) return;
      user = this.rbac.impersonate(user, req);
      if (user.impersonatedBy) { record.as = user.name; record.asGroups = user.groups; }
      if (path === '/version' || path === '/version/') { sendJson(res, 200, versionInfo()); return; }
      if (path === '/healthz' || path === '/livez' || path === '/readyz') { res.writeHead(200, { 'Content-Type': 'text/plain' }); res.end('ok'); return; }
      const agg = wantsAggregated(req.headers.accept);
      if (path === '/api' || path === '/api/') {
        if (agg) sendJson(res, 200, aggregated(true), AGGREGATED_TYPE);
        else sendJson(res, 200, apiVersions(`127.0.0.1:${this.port}`));
        return;
      }
      if (path === '/apis' || path === '/apis/') {
        if (agg) sendJson(res, 200, aggregated(false), AGGREGATED_TYPE);
        else sendJson(res, 200, apiGroupList());
        return;
      }
      if (path === '/openapi/v3' || path === '/openapi/v3/') { sendJson(res, 200, openapiV3Index()); return; }
      if (path.startsWith('/openapi/v3/')) {
        const d = openapiV3Doc(path.slice('/openapi/v3/'.length));
        if (d) { sendJson(res, 200, d); return; }
      }
      const parts = path.split('/').filter(Boolean);
      if (parts[0] === 'api' && parts.length === 2) {
        const l = resourceList('', parts[1]);
        if (l) { sendJson(res, 200, l); return; }
      }
      if (parts[0] === 'apis' && parts.length === 2) {
        const g = apiGroup(parts[1]);
        if (g) { sendJson(res, 200, g); return; }
      }
      if (parts[0] === 'apis' && parts.length === 3) {
        const l = resourceList(parts[1], parts[2]);
        if (l) { sendJson(res, 200, l); return; }
      }
      const rp = parseResourcePath(path);
      if (!rp) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
      await handleResource(this.ctx, req, res, rp, url.searchParams, user);
    } catch (e) {
      sendError(res, e);
    }
  }
}
