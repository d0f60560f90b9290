// HTTP/2, as client-go speaks it: a session's lists and watches share one TLS connection to the API server
// (at fleet size that is one handshake per cluster instead of one per watch). kubectl speaks h2 to the simulator
// too, which is how we know the simulator serves it as kube-apiserver does. A server that offers only HTTP/1.1
// (an old proxy in front of the API server) is spoken to over HTTP/1.1.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { parse } from 'yaml';
import { mintClusterPki } from '../sim/certs';
import { Kubectl, kubectlOrError } from '../sim/kubectl';
import { must, readySession, startEnv, type Env } from './kubeHelpers';

let env: Env;
before(async () => { env = await startEnv(); });
after(async () => { await env.stop(); });

test('the client opens HTTP/2 flow-control windows as client-go does: 4 MiB per stream, 1 GiB per connection', async () => {
  // With HTTP/2's 64 KiB, shared by every list and watch of a session, a list of a few MB over a 50 ms link took
  // seconds (kubectl: a fraction of one), waiting on WINDOW_UPDATEs.
  const gpu = env.sim.cluster('k8s-gpu');
  await readySession(env, 'admin@k8s-gpu');
  const deadline = Date.now() + 10_000;
  let windows = gpu.peerWindows();
  while (!windows.some((w) => w.connection > 1 << 29)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for a connection window of 1 GiB; saw ${JSON.stringify(windows)}`);
    await new Promise((r) => setTimeout(r, 20));
    windows = gpu.peerWindows();
  }
  const ours = must(windows.find((w) => w.connection > 1 << 29), 'the session\'s connection');
  assert.equal(ours.stream, 4 << 20);
  // The connection window is 1 GiB less what the server has sent and not yet had acknowledged.
  assert.ok(ours.connection > (1 << 30) - (64 << 20), `connection window ${ours.connection}`);
});

test('a session lists and watches every kind over one HTTP/2 connection', async () => {
  const lab = env.sim.cluster('k8s-lab');
  const from = lab.requests().length;
  const s = await readySession(env, 'admin@k8s-lab');
  assert.ok(s.snapshot().nodes.length > 0, 'the session listed the nodes');
  // Wait until every informer's watch has reached the simulator.
  const deadline = Date.now() + 10_000;
  while (lab.requests().slice(from).filter((r) => /watch=/.test(r.query)).length < 12) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the session\'s twelve watches');
    await new Promise((r) => setTimeout(r, 20));
  }
  const mine = lab.requests().slice(from);
  assert.ok(mine.length >= 24, `lists and watches (${mine.length} requests)`);
  assert.deepEqual([...new Set(mine.map((r) => r.http))], ['2.0'], 'every request spoke HTTP/2');
  assert.equal(new Set(mine.map((r) => r.connection)).size, 1, 'all of them on one connection');
  s.dispose();
});

test('kubectl speaks HTTP/2 to the simulator, as it does to kube-apiserver', async () => {
  const lab = env.sim.cluster('k8s-lab');
  const from = lab.requests().length;
  const k = new Kubectl(kubectlOrError(), env.sim.kubeconfigPath);
  const r = await k.run(['get', 'nodes', '-o', 'name'], { context: 'admin@k8s-lab' });
  assert.equal(r.code, 0, r.stderr);
  const gets = lab.requests().slice(from).filter((x) => x.path === '/api/v1/nodes');
  assert.ok(gets.length >= 1, 'kubectl listed the nodes');
  assert.equal(gets[0]?.http, '2.0');
});

test('a server that offers only HTTP/1.1 is spoken to over HTTP/1.1, watches included', async () => {
  // A reverse proxy with its own certificate that speaks only HTTP/1.1, in front of the lab cluster.
  const kc = parse(fs.readFileSync(env.sim.kubeconfigPath, 'utf8')) as {
    clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
    users: { name: string; user: { token?: string } }[];
  };
  const upstream = must(kc.clusters.find((c) => c.name === 'k8s-lab'), 'the lab cluster in the kubeconfig');
  const token = must(kc.users.find((u) => u.name === 'viewer@k8s-lab')?.user.token, 'the viewer token');
  const pki = await mintClusterPki('http1-proxy');
  const seen: string[] = [];
  const upstreamUrl = new URL(upstream.cluster.server);
  const upstreamCa = Buffer.from(upstream.cluster['certificate-authority-data'], 'base64');
  const proxy = https.createServer({ cert: pki.server.cert, key: pki.server.key }, (req, res) => {
    seen.push(req.httpVersion);
    const up = https.request({
      host: upstreamUrl.hostname, port: upstreamUrl.port, method: req.method, path: req.url, ca: upstreamCa,
      headers: { ...req.headers, host: upstreamUrl.host },
    }, (upRes) => { res.writeHead(upRes.statusCode ?? 502, upRes.headers); upRes.pipe(res); });
    up.on('error', () => res.destroy());
    res.on('close', () => up.destroy());
    req.pipe(up);
  });
  let alpn: (string | false | null)[] = [];
  proxy.on('secureConnection', (sock) => { alpn = [...alpn, sock.alpnProtocol]; });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  try {
    const file = path.join(env.dir, 'http1-only');
    fs.writeFileSync(file, [
      'apiVersion: v1', 'kind: Config',
      'clusters:', '- name: http1', '  cluster:', `    server: https://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
      `    certificate-authority-data: ${Buffer.from(pki.ca.cert).toString('base64')}`,
      'users:', '- name: http1', '  user:', `    token: ${token}`,
      'contexts:', '- name: http1@k8s-lab', '  context:', '    cluster: http1', '    user: http1', '',
    ].join('\n'));
    const s = must(env.manager([file]).get('http1@k8s-lab'), 'the HTTP/1.1 context');
    await s.start();
    assert.equal(s.state, 'ready', s.error?.message);
    assert.ok(s.snapshot().nodes.length > 0, 'the nodes came through the proxy');
    const deadline = Date.now() + 10_000;
    while (!seen.length) {
      if (Date.now() > deadline) throw new Error('timed out waiting for requests at the proxy');
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.deepEqual([...new Set(seen)], ['1.1'], 'the proxy was spoken to in HTTP/1.1');
    assert.ok(alpn.every((p) => !p || p === 'http/1.1'), `no h2 was negotiated (${alpn.join(', ')})`);
    s.dispose();
  } finally {
    proxy.closeAllConnections();
    await new Promise<void>((r) => proxy.close(() => r()));
  }
});
