// Small forward proxies for tests, as corporate networks run them: HTTP CONNECT over plain TCP or over TLS, and
// SOCKS5. Each counts the tunnels it carried (and the bytes), so a test proves traffic went through it. Host names
// the proxy alone can resolve (`resolve`) prove that the client did not connect around it.
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { Pem } from '../sim/certs';

export type ProxyKind = 'http' | 'https' | 'socks5';

export interface TestProxy {
  kind: ProxyKind;
  /** e.g. http://127.0.0.1:PORT (with user:password@ when the proxy asks for them). */
  url: string;
  /** Tunnels opened, by target (host:port as the client asked for it). */
  tunnels: Map<string, number>;
  /** All tunnels opened so far. */
  count(): number;
  /** Tunnels open right now. */
  open(): number;
  /** Refuse every tunnel from now on (CONNECT: 403; SOCKS5: reply 2, not allowed). */
  refuse(on: boolean): void;
  /** Cuts every open tunnel, as a proxy that restarts or times connections out does. */
  cut(): void;
  close(): Promise<void>;
}

export interface ProxyOptions {
  /** Names the proxy resolves itself (e.g. { 'kube.proxy.test': '127.0.0.1' }); others resolve as usual. */
  resolve?: Record<string, string>;
  /** For an https proxy: its certificate (clients must trust its CA). */
  tls?: Pem;
  /** Require this user and password (Proxy-Authorization Basic, or SOCKS5 RFC 1929). */
  auth?: { user: string; password: string };
}

export async function startProxy(kind: ProxyKind, o: ProxyOptions = {}): Promise<TestProxy> {
  const tunnels = new Map<string, number>();
  const sockets = new Set<net.Socket>();
  let refusing = false;
  let active = 0;
  const target = (host: string): string => o.resolve?.[host.toLowerCase()] ?? host;
  const pipe = (client: net.Socket, host: string, port: number, onOpen: () => void, onFail: () => void): void => {
    const upstream = net.connect({ host: target(host), port });
    sockets.add(upstream);
    upstream.once('connect', () => {
      const key = `${host}:${port}`;
      tunnels.set(key, (tunnels.get(key) ?? 0) + 1);
      active++;
      upstream.once('close', () => { active--; });
      onOpen();
      client.pipe(upstream);
      upstream.pipe(client);
    });
    upstream.on('error', () => { onFail(); client.destroy(); });
    upstream.on('close', () => { sockets.delete(upstream); client.destroy(); });
    client.on('close', () => upstream.destroy());
    client.on('error', () => upstream.destroy());
  };

  const onConnect = (client: net.Socket): void => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (kind === 'socks5') socksServe(client); else connectServe(client);
  };

  const connectServe = (client: net.Socket): void => {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      client.off('data', onData);
      const text = head.subarray(0, end).toString('latin1');
      const rest = head.subarray(end + 4);
      const m = /^CONNECT (\[[^\]]+\]|[^\s:]+):(\d+) HTTP\/1\.[01]\r\n/.exec(text);
      if (!m) { client.end('HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n'); return; }
      if (o.auth) {
        const want = `Basic ${Buffer.from(`${o.auth.user}:${o.auth.password}`).toString('base64')}`;
        const got = /^proxy-authorization:\s*(.+)$/im.exec(text)?.[1]?.trim();
        if (got !== want) { client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n'); return; }
      }
      if (refusing) { client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n'); return; }
      const host = (m[1] ?? '').replace(/^\[|\]$/g, '');
      pipe(client, host, Number(m[2]), () => {
        client.write('HTTP/1.1 200 Connection established\r\n\r\n');
        if (rest.length) client.unshift(rest);
      }, () => client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n'));
    };
    client.on('data', onData);
  };

  const socksServe = (client: net.Socket): void => {
    let buf = Buffer.alloc(0);
    let stage: 'greet' | 'auth' | 'request' = 'greet';
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      if (stage === 'greet') {
        if (buf.length < 2 || buf.length < 2 + (buf[1] ?? 0)) return;
        const methods = [...buf.subarray(2, 2 + (buf[1] ?? 0))];
        buf = buf.subarray(2 + (buf[1] ?? 0));
        const want = o.auth ? 2 : 0;
        if (!methods.includes(want)) { client.end(Buffer.from([5, 0xff])); return; }
        client.write(Buffer.from([5, want]));
        stage = o.auth ? 'auth' : 'request';
      }
      if (stage === 'auth') {
        if (buf.length < 2) return;
        const ul = buf[1] ?? 0;
        if (buf.length < 3 + ul) return;
        const pl = buf[2 + ul] ?? 0;
        if (buf.length < 3 + ul + pl) return;
        const user = buf.subarray(2, 2 + ul).toString();
        const password = buf.subarray(3 + ul, 3 + ul + pl).toString();
        buf = buf.subarray(3 + ul + pl);
        if (user !== o.auth?.user || password !== o.auth.password) { client.end(Buffer.from([1, 1])); return; }
        client.write(Buffer.from([1, 0]));
        stage = 'request';
      }
      if (stage === 'request') {
        if (buf.length < 5) return;
        const type = buf[3];
        const len = type === 1 ? 4 : type === 4 ? 16 : 1 + (buf[4] ?? 0);
        if (buf.length < 4 + len + 2) return;
        client.off('data', onData);
        let host: string;
        if (type === 1) host = [...buf.subarray(4, 8)].join('.');
        else if (type === 3) host = buf.subarray(5, 5 + (buf[4] ?? 0)).toString();
        else host = (buf.subarray(4, 20).toString('hex').match(/.{4}/g) ?? []).join(':');
        const port = buf.readUInt16BE(4 + len);
        const reply = (code: number): Buffer => Buffer.from([5, code, 0, 1, 0, 0, 0, 0, 0, 0]);
        if (buf[1] !== 1) { client.end(reply(7)); return; }
        if (refusing) { client.end(reply(2)); return; }
        pipe(client, host, port, () => client.write(reply(0)), () => client.end(reply(5)));
      }
    };
    client.on('data', onData);
  };

  const server: net.Server = kind === 'https'
    ? tls.createServer({ cert: o.tls?.cert, key: o.tls?.key }, onConnect)
    : net.createServer(onConnect);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  const userinfo = o.auth ? `${encodeURIComponent(o.auth.user)}:${encodeURIComponent(o.auth.password)}@` : '';
  return {
    kind,
    url: `${kind}://${userinfo}${kind === 'https' ? 'localhost' : '127.0.0.1'}:${port}`,
    tunnels,
    count: () => [...tunnels.values()].reduce((a, b) => a + b, 0),
    open: () => active,
    refuse: (on) => { refusing = on; },
    cut: () => { for (const s of sockets) s.destroy(); },
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
