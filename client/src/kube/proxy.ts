// Proxies as kubectl uses them: a cluster's `proxy-url` (http://, https:// or socks5://) wins; otherwise
// HTTPS_PROXY / HTTP_PROXY from the environment, minus NO_PROXY, and never for localhost or a loopback address
// (Go's net/http ProxyFromEnvironment). Connections are tunnelled (HTTP CONNECT or SOCKS5) and then TLS runs
// end to end with the API server, so the proxy never sees the credentials.
import * as https from 'node:https';
import * as http from 'node:http';
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { urlToHttpOptions } from 'node:url';
import { KubeError } from './errors';

const schemes = new Set(['http:', 'https:', 'socks5:', 'socks5h:']);

/** The proxy URL as it may be shown: without user and password. */
export function shownProxy(u: URL): string {
  return `${u.protocol}//${u.host}`;
}

/** Parses a proxy URL as Go does: a bare host:port means http://. Throws a KubeError for anything else. */
export function parseProxyUrl(raw: string, from: string): URL {
  const text = raw.trim();
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new KubeError('other', `${from} is not a URL`);
  }
  if (!schemes.has(u.protocol)) throw new KubeError('other', `${from} has the scheme ${u.protocol.replace(':', '')}; kubectl supports http, https and socks5`);
  if (!u.hostname) throw new KubeError('other', `${from} names no host`);
  return u;
}

/**
 * The proxy for a request to `server`: the cluster's proxy-url, else the environment's. Undefined: connect directly.
 */
export function proxyFor(server: URL, proxyUrl: string | undefined, env: NodeJS.ProcessEnv = process.env): URL | undefined {
  if (proxyUrl) return parseProxyUrl(proxyUrl, 'the cluster\'s proxy-url');
  const host = server.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || isLoopback(host)) return undefined;
  const raw = server.protocol === 'https:' ? env.HTTPS_PROXY ?? env.https_proxy : env.HTTP_PROXY ?? env.http_proxy;
  if (!raw) return undefined;
  const port = server.port || (server.protocol === 'https:' ? '443' : '80');
  if (bypassed(host, port, env.NO_PROXY ?? env.no_proxy ?? '')) return undefined;
  return parseProxyUrl(raw, server.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY');
}

function isLoopback(host: string): boolean {
  if (net.isIPv4(host)) return host.startsWith('127.');
  if (net.isIPv6(host)) return host === '::1' || /^0*:0*:0*:0*:0*:0*:0*:0*1$/.test(host);
  return false;
}

/**
 * Whether NO_PROXY exempts host:port, by Go's rules: `*` exempts everything; an IP or a CIDR matches addresses;
 * `example.com` matches it and its subdomains, `.example.com` only its subdomains; an entry may carry a port.
 */
export function bypassed(host: string, port: string, noProxy: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  for (const raw of noProxy.split(',')) {
    let entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    if (entry.includes('/')) {
      if (net.isIP(h) && inCidr(h, entry)) return true;
      continue;
    }
    let entryPort = '';
    const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
    if (m) { entry = m[1] ?? entry; entryPort = m[2] ?? ''; }
    entry = entry.replace(/^\[|\]$/g, '');
    if (entryPort && entryPort !== port) continue;
    if (net.isIP(entry)) {
      if (net.isIP(h) && sameAddress(entry, h)) return true;
      continue;
    }
    if (entry.startsWith('*.')) entry = entry.slice(1);
    if (entry.startsWith('.')) {
      if (h.endsWith(entry)) return true;
    } else if (h === entry || h.endsWith(`.${entry}`)) {
      return true;
    }
  }
  return false;
}

function sameAddress(a: string, b: string): boolean {
  return net.isIP(a) === net.isIP(b) && toBigInt(a) === toBigInt(b);
}

function inCidr(ip: string, cidr: string): boolean {
  const [base = '', bitsText = ''] = cidr.split('/');
  const family = net.isIP(base);
  if (!family || family !== net.isIP(ip) || !/^\d+$/.test(bitsText)) return false;
  const width = family === 4 ? 32 : 128;
  const bits = Number(bitsText);
  if (bits > width) return false;
  const shift = BigInt(width - bits);
  return toBigInt(ip) >> shift === toBigInt(base) >> shift;
}

function toBigInt(ip: string): bigint {
  if (net.isIPv4(ip)) return ip.split('.').reduce((n, part) => (n << 8n) + BigInt(Number(part)), 0n);
  const [head = '', tail = ''] = ip.split('::');
  const groups = (s: string): string[] => (s ? s.split(':') : []);
  let h = groups(head);
  let t = groups(tail);
  const last = (ip.includes('::') ? t : h).at(-1) ?? '';
  if (net.isIPv4(last)) {
    const v4 = toBigInt(last);
    const extra = [(v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16)];
    if (ip.includes('::')) t = [...t.slice(0, -1), ...extra]; else h = [...h.slice(0, -1), ...extra];
  }
  const all = ip.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  return all.reduce((n, g) => (n << 16n) + BigInt(parseInt(g || '0', 16)), 0n);
}

/** Opens a tunnel to host:port through the proxy; resolves with the raw stream, before TLS with the server. */
export function openTunnel(proxy: URL, host: string, port: number, timeoutMs: number): Promise<Duplex> {
  const shown = shownProxy(proxy);
  return new Promise<Duplex>((resolve, reject) => {
    const proxyPort = Number(proxy.port) || (proxy.protocol === 'https:' ? 443 : proxy.protocol === 'http:' ? 80 : 1080);
    const proxyHost = proxy.hostname.replace(/^\[|\]$/g, '');
    const socket: net.Socket = proxy.protocol === 'https:'
      ? tls.connect({ host: proxyHost, port: proxyPort, servername: net.isIP(proxyHost) ? undefined : proxyHost })
      : net.connect({ host: proxyHost, port: proxyPort });
    let settled = false;
    const fail = (message: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      reject(new KubeError('unreachable', message));
    };
    const timer = setTimeout(() => fail(`the proxy ${shown} did not open a tunnel within ${timeoutMs} ms`), timeoutMs);
    socket.once('error', (e: NodeJS.ErrnoException) => fail(`the proxy ${shown} cannot be reached (${e.code ?? e.message})`));
    socket.once('close', () => fail(`the proxy ${shown} closed the connection before the tunnel was open`));
    const done = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeAllListeners('error');
      socket.removeAllListeners('close');
      socket.removeAllListeners('data');
      resolve(socket);
    };
    const ready = proxy.protocol === 'https:' ? 'secureConnect' : 'connect';
    socket.once(ready, () => {
      if (proxy.protocol === 'socks5:' || proxy.protocol === 'socks5h:') socks5(socket, proxy, host, port, done, fail);
      else connectRequest(socket, proxy, host, port, done, fail);
    });
  });
}

/** HTTP CONNECT: one request, then the proxy's status line decides. */
function connectRequest(socket: net.Socket, proxy: URL, host: string, port: number, done: () => void, fail: (m: string) => void): void {
  const target = net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
  const lines = [`CONNECT ${target} HTTP/1.1`, `Host: ${target}`];
  if (proxy.username || proxy.password) {
    const basic = Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64');
    lines.push(`Proxy-Authorization: Basic ${basic}`);
  }
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  let head = Buffer.alloc(0);
  const onData = (chunk: Buffer): void => {
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) {
      if (head.length > 16 * 1024) fail(`the proxy ${shownProxy(proxy)} sent an unreadable answer to CONNECT`);
      return;
    }
    socket.off('data', onData);
    const status = /^HTTP\/1\.[01] (\d{3})([^\r\n]*)/.exec(head.toString('latin1'));
    const code = Number(status?.[1] ?? 0);
    if (code < 200 || code >= 300) {
      fail(`the proxy ${shownProxy(proxy)} refused the tunnel to ${target} (${code ? `HTTP ${code}${(status?.[2] ?? '').trimEnd()}` : 'not an HTTP answer'})`);
      return;
    }
    const rest = head.subarray(end + 4);
    if (rest.length) socket.unshift(rest);
    done();
  };
  socket.on('data', onData);
}

const socksReplies: Record<number, string> = {
  1: 'general failure', 2: 'not allowed by its rules', 3: 'network unreachable', 4: 'host unreachable',
  5: 'connection refused', 6: 'TTL expired', 7: 'command not supported', 8: 'address type not supported',
};

/** SOCKS5 (RFC 1928), with user/password (RFC 1929) when the URL has them; the proxy resolves host names. */
function socks5(socket: net.Socket, proxy: URL, host: string, port: number, done: () => void, fail: (m: string) => void): void {
  const shown = shownProxy(proxy);
  const user = decodeURIComponent(proxy.username);
  const pass = decodeURIComponent(proxy.password);
  let stage: 'method' | 'auth' | 'connect' = 'method';
  let buf = Buffer.alloc(0);
  socket.write(Buffer.from(user || pass ? [5, 2, 0, 2] : [5, 1, 0]));
  const sendConnect = (): void => {
    stage = 'connect';
    let addr: Buffer;
    if (net.isIPv4(host)) addr = Buffer.from([1, ...host.split('.').map(Number)]);
    else if (net.isIPv6(host)) {
      const n = toBigInt(host);
      addr = Buffer.alloc(17);
      addr[0] = 4;
      for (let i = 0; i < 16; i++) addr[16 - i] = Number((n >> BigInt(8 * i)) & 0xffn);
    } else {
      const name = Buffer.from(host);
      addr = Buffer.concat([Buffer.from([3, name.length]), name]);
    }
    socket.write(Buffer.concat([Buffer.from([5, 1, 0]), addr, Buffer.from([port >> 8, port & 0xff])]));
  };
  const onData = (chunk: Buffer): void => {
    buf = Buffer.concat([buf, chunk]);
    if (stage === 'method') {
      if (buf.length < 2) return;
      const method = buf[1];
      buf = buf.subarray(2);
      if (method === 0) sendConnect();
      else if (method === 2 && (user || pass)) {
        stage = 'auth';
        const u = Buffer.from(user);
        const p = Buffer.from(pass);
        socket.write(Buffer.concat([Buffer.from([1, u.length]), u, Buffer.from([p.length]), p]));
      } else { fail(`the SOCKS5 proxy ${shown} accepts none of the offered authentication methods`); return; }
    }
    if (stage === 'auth') {
      if (buf.length < 2) return;
      if (buf[1] !== 0) { fail(`the SOCKS5 proxy ${shown} refused the user name and password`); return; }
      buf = buf.subarray(2);
      sendConnect();
    }
    if (stage === 'connect') {
      if (buf.length < 5) return;
      if (buf[1] !== 0) { fail(`the SOCKS5 proxy ${shown} refused the tunnel to ${host}:${port} (${socksReplies[buf[1] ?? 1] ?? `reply ${buf[1]}`})`); return; }
      const type = buf[3];
      const len = type === 1 ? 4 : type === 4 ? 16 : 1 + (buf[4] ?? 0);
      if (buf.length < 4 + len + 2) return;
      socket.off('data', onData);
      const rest = buf.subarray(4 + len + 2);
      if (rest.length) socket.unshift(rest);
      done();
    }
  };
  socket.on('data', onData);
}

type Connected = (err: Error | null, stream: Duplex) => void;

/** An https.Agent (keep-alive, one TLS context) whose connections go through a proxy tunnel. */
class TunnelAgent extends https.Agent {
  constructor(private readonly proxy: URL, private readonly connectTimeoutMs: number, opts: https.AgentOptions) {
    super(opts);
  }

  override createConnection(options: http.ClientRequestArgs, callback?: Connected): undefined {
    const host = (options.host ?? 'localhost').replace(/^\[|\]$/g, '');
    const create = (o: tls.ConnectionOptions): Duplex => (https.Agent.prototype.createConnection as unknown as (o: tls.ConnectionOptions) => Duplex).call(this, o);
    openTunnel(this.proxy, host, Number(options.port) || 443, this.connectTimeoutMs).then((socket) => {
      // TLS with the API server inside the tunnel: the server's name, CA and client certificate as without a proxy.
      callback?.(null, create({ ...(options as tls.ConnectionOptions), socket }));
    }, (e: Error) => callback?.(e, undefined as unknown as Duplex));
    return undefined;
  }
}

/** A plain-HTTP agent through a CONNECT or SOCKS5 tunnel (servers with an http:// address). */
class PlainTunnelAgent extends http.Agent {
  constructor(private readonly proxy: URL, private readonly connectTimeoutMs: number) {
    super({ keepAlive: true });
  }

  override createConnection(options: http.ClientRequestArgs, callback?: Connected): undefined {
    openTunnel(this.proxy, (options.host ?? 'localhost').replace(/^\[|\]$/g, ''), Number(options.port) || 80, this.connectTimeoutMs)
      .then((s) => callback?.(null, s), (e: Error) => callback?.(e, undefined as unknown as Duplex));
    return undefined;
  }
}

/**
 * Starts a request with exactly this agent. VS Code's extension host wraps http.request and https.request (its
 * http.proxySupport) and, for any host but localhost, swaps the caller's agent for its own: the context's CA,
 * client certificate, tls-server-name and proxy would be lost. A ClientRequest built directly is not wrapped.
 */
export function startRequest(url: URL, opts: { method: string; headers: Record<string, string | string[]>; agent: http.Agent; timeout?: number }): http.ClientRequest {
  return new http.ClientRequest({ ...urlToHttpOptions(url), ...opts });
}

/** The agent for one context: direct, or through its proxy. */
export function makeAgent(server: URL, proxy: URL | undefined, tlsOpts: https.AgentOptions, connectTimeoutMs: number): http.Agent {
  if (server.protocol === 'http:') return proxy ? new PlainTunnelAgent(proxy, connectTimeoutMs) : new http.Agent({ keepAlive: true });
  const opts = { keepAlive: true, ...tlsOpts };
  return proxy ? new TunnelAgent(proxy, connectTimeoutMs, opts) : new https.Agent(opts);
}
