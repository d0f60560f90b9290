// Proxies as kubectl uses them, against the simulator behind test proxies that count their tunnels
// (test/util/proxies.ts): a cluster's proxy-url (http://, https:// and socks5:// CONNECT/SOCKS tunnels), and
// HTTPS_PROXY/NO_PROXY from the environment when it has none. The server's name, kube.proxy.test, resolves only inside
// the proxies: whatever reached the simulator by that name went through one. Lists, watches and log streams all do.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Session } from '../../client/src/kube/session';
import { kinds, resourcePath, type KObj } from '../../client/src/kube/kinds';
import { contextNode } from '../../client/src/views/model';
import { mintClusterPki, type Pem } from '../sim/certs';
import { startProxy, type TestProxy } from '../util/proxies';
import { cleanEnv, kubectlEnv, simMaterial, writeConfig, type SimMaterial } from './kubeconfigFiles';
import { closedPort, must, startEnv, startedFrom, until, type Env } from './kubeHelpers';

const hidden = 'kube.proxy.test';
const resolve = { [hidden]: '127.0.0.1' };
let env: Env;
let sim: SimMaterial;
let proxyPki: Pem & { ca: string };
let httpProxy: TestProxy;
let socksProxy: TestProxy;
let httpsProxy: TestProxy;
let authProxy: TestProxy;
const proxyPassword = 'planted-proxy-password';

before(async () => {
  env = await startEnv({ logIntervalMs: 50 });
  sim = simMaterial(env);
  const pki = await mintClusterPki('test-proxy');
  proxyPki = { ...pki.server, ca: pki.ca.cert };
  [httpProxy, socksProxy, httpsProxy, authProxy] = await Promise.all([
    startProxy('http', { resolve }), startProxy('socks5', { resolve }), startProxy('https', { resolve, tls: pki.server }),
    startProxy('http', { resolve, auth: { user: 'corp', password: proxyPassword } }),
  ]);
});
after(async () => {
  await Promise.all([httpProxy, socksProxy, httpsProxy, authProxy].map((p) => p.close()));
  await env.stop();
});

/** The simulator by a name only the proxies resolve; the certificate is checked against localhost. */
function hiddenCluster(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { server: `https://${hidden}:${sim.port}`, 'certificate-authority-data': sim.caData, 'tls-server-name': 'localhost', ...extra };
}
const admin = (): Record<string, unknown> => ({ 'client-certificate-data': sim.certData, 'client-key-data': sim.keyData });

function config(name: string, cluster: Record<string, unknown>): string {
  return writeConfig(path.join(env.dir, name), 'config', [{ name, cluster, user: admin() }]);
}

const started = (file: string, context: string): Promise<Session> => startedFrom(env, file, context);

/** Follows a running pod's log through the session until two lines came. */
async function followTwoLines(s: Session): Promise<string[]> {
  const pods = await s.http.request<{ items: KObj[] }>('GET', resourcePath(kinds.pod), { query: { fieldSelector: 'status.phase=Running' } });
  const pod = must(pods.items.find((p) => (p.spec as { nodeName?: string } | undefined)?.nodeName), 'a running pod');
  const lines: string[] = [];
  const abort = new AbortController();
  const stream = s.http.stream(`/api/v1/namespaces/${pod.metadata.namespace ?? ''}/pods/${pod.metadata.name}/log`, {
    query: { follow: true, tailLines: 1 }, signal: abort.signal, onLine: (l) => { lines.push(l); if (lines.length >= 2) abort.abort(); },
  }).catch((e: Error) => { if (!/cancelled/.test(e.message)) throw e; });
  const timer = setTimeout(() => abort.abort(), 10_000);
  await stream;
  clearTimeout(timer);
  assert.ok(lines.length >= 2, `two log lines through the proxy (got ${lines.length})`);
  return lines;
}

/** Proves lists, watches and a log stream of this session work (and so went through the proxy). */
async function provesTraffic(s: Session, proxy: TestProxy, tag: string): Promise<void> {
  assert.equal(s.state, 'ready', s.error?.message);
  const atStart = proxy.count();
  assert.ok(atStart >= 1 && (proxy.tunnels.get(`${hidden}:${sim.port}`) ?? 0) >= 1, `${proxy.kind}: tunnels to ${hidden}`);
  assert.ok(proxy.open() >= 10, `${proxy.kind}: the watches hold their tunnels open (${proxy.open()})`);
  // Every tunnel is cut, so what the session sees from now on came through tunnels it opened again.
  proxy.cut();
  const lab = must(env.manager().get('admin@k8s-lab'), 'admin');
  await lab.start();
  await lab.http.request('POST', resourcePath(kinds.namespace), { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: `via-${tag}` } } });
  await until(s, () => s.snapshot().namespaces.some((n) => n.name === `via-${tag}`), `the namespace through the ${proxy.kind} proxy`, 15_000);
  assert.ok(proxy.count() > atStart, `${proxy.kind}: the watches came back through new tunnels (${proxy.count()} opened in all)`);
  await followTwoLines(s);
}

test('proxy-url http://: lists, watches and log streams go through the CONNECT proxy', async () => {
  const s = await started(config('via-http', hiddenCluster({ 'proxy-url': httpProxy.url })), 'via-http');
  await provesTraffic(s, httpProxy, 'http');
});

test('proxy-url socks5://: the same through a SOCKS5 proxy, which resolves the name', async () => {
  const s = await started(config('via-socks', hiddenCluster({ 'proxy-url': socksProxy.url })), 'via-socks');
  await provesTraffic(s, socksProxy, 'socks');
});

test('proxy-url https:// (TLS to the proxy, trusted through NODE_EXTRA_CA_CERTS) through liqo-facts; kubectl through http:// and socks5://', async () => {
  const file = config('via-https', hiddenCluster({ 'proxy-url': httpsProxy.url }));
  const caFile = path.join(env.dir, 'proxy-ca.pem');
  fs.writeFileSync(caFile, proxyPki.ca);
  const before = httpsProxy.count();
  const facts = path.resolve(__dirname, '../../../dist/facts.js');
  const run = await new Promise<{ code: number; out: string; err: string }>((done) => {
    execFile(process.execPath, [facts, '--kubeconfig', file, '--timeout', '20'], { env: cleanEnv({ NODE_EXTRA_CA_CERTS: caFile }) }, (e, out, err) => {
      done({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, out, err });
    });
  });
  assert.equal(run.code, 0, run.err);
  assert.equal((JSON.parse(run.out) as { clusters: { reachable: boolean }[] }).clusters[0]?.reachable, true);
  assert.ok(httpsProxy.count() > before, 'liqo-facts went through the https proxy');
  // kubectl checks an https:// proxy's certificate against the cluster's CA (Go's transport reuses its TLS config for
  // the proxy), which a test proxy cannot be signed by; the other two it uses as the editor does.
  for (const [name, proxy] of [['via-http', httpProxy], ['via-socks', socksProxy]] as const) {
    const n = proxy.count();
    const k = await kubectlEnv(['--kubeconfig', path.join(env.dir, name, 'config'), 'get', 'ns', 'liqo', '-o', 'name'], cleanEnv());
    assert.equal(k.code, 0, `${name}: ${k.stderr}`);
    assert.ok(proxy.count() > n, `kubectl went through the ${proxy.kind} proxy`);
  }
});

test('a proxy that asks for a password gets it from the URL; a refusal or a dead proxy is the context\'s error item, without the password', async () => {
  const url = new URL(authProxy.url);
  const ok = await started(config('via-auth', hiddenCluster({ 'proxy-url': authProxy.url })), 'via-auth');
  assert.equal(ok.state, 'ready', ok.error?.message);
  url.password = 'wrong-password';
  const wrong = await started(config('via-auth-wrong', hiddenCluster({ 'proxy-url': url.href })), 'via-auth-wrong');
  assert.match(wrong.error?.message ?? '', new RegExp(`the proxy http://127\\.0\\.0\\.1:\\d+ refused the tunnel to ${hidden}:${sim.port} \\(HTTP 407 Proxy Authentication Required\\)`));
  httpProxy.refuse(true);
  try {
    const refused = await started(config('via-refused', hiddenCluster({ 'proxy-url': httpProxy.url })), 'via-refused');
    assert.equal(refused.state, 'failed');
    assert.match(refused.error?.message ?? '', /refused the tunnel .*\(HTTP 403 Forbidden\)/);
    const item = contextNode(refused.snapshot());
    assert.equal(item.icon, 'warning');
    assert.match(item.description ?? '', /^unreachable \(the proxy http:\/\/127\.0\.0\.1:\d+ refused the tunnel/);
  } finally {
    httpProxy.refuse(false);
  }
  const dead = await started(config('via-dead', hiddenCluster({ 'proxy-url': `socks5://127.0.0.1:${await closedPort()}` })), 'via-dead');
  assert.match(dead.error?.message ?? '', /the proxy socks5:\/\/127\.0\.0\.1:\d+ cannot be reached \(ECONNREFUSED\)/);
  const shown = JSON.stringify([wrong, dead].map((s) => contextNode(s.snapshot()))) + env.logs.join('\n');
  assert.ok(!shown.includes(proxyPassword) && !shown.includes('wrong-password'), 'no proxy password in items or logs');
});

test('HTTPS_PROXY from the environment when the cluster has no proxy-url; NO_PROXY and loopback addresses bypass it; proxy-url wins', async () => {
  const saved = { HTTPS_PROXY: process.env.HTTPS_PROXY, NO_PROXY: process.env.NO_PROXY };
  const noProxyFile = config('env-plain', hiddenCluster());
  const loopbackFile = config('env-loopback', { server: sim.server, 'certificate-authority-data': sim.caData });
  const winsFile = config('env-wins', hiddenCluster({ 'proxy-url': socksProxy.url }));
  try {
    process.env.HTTPS_PROXY = httpProxy.url.replace('http://', ''); // a bare host:port means http://, as in Go
    delete process.env.NO_PROXY;
    let n = httpProxy.count();
    const viaEnv = await started(noProxyFile, 'env-plain');
    assert.equal(viaEnv.state, 'ready', viaEnv.error?.message);
    assert.ok(httpProxy.count() > n, 'through HTTPS_PROXY');
    n = httpProxy.count();
    const loopback = await started(loopbackFile, 'env-loopback');
    assert.equal(loopback.state, 'ready');
    assert.equal(httpProxy.count(), n, '127.0.0.1 is never proxied from the environment');
    const socksBefore = socksProxy.count();
    const wins = await started(winsFile, 'env-wins');
    assert.equal(wins.state, 'ready', wins.error?.message);
    assert.ok(socksProxy.count() > socksBefore && httpProxy.count() === n, 'the kubeconfig\'s proxy-url wins over HTTPS_PROXY');
    for (const noProxy of ['.proxy.test', 'example.com,proxy.test', `${hidden}:${sim.port}`, '*']) {
      process.env.NO_PROXY = noProxy;
      const direct = await started(noProxyFile, 'env-plain');
      assert.equal(direct.error?.kind, 'unreachable', `NO_PROXY=${noProxy}`);
      assert.match(direct.error?.message ?? '', /ENOTFOUND/, `NO_PROXY=${noProxy}: connected directly, where the name does not resolve`);
      assert.equal(httpProxy.count(), n, `NO_PROXY=${noProxy}: not through the proxy`);
    }
    process.env.NO_PROXY = `10.0.0.0/8,other.test,${hidden}:1`;
    const stillProxied = await started(noProxyFile, 'env-plain');
    assert.equal(stillProxied.state, 'ready', 'entries that do not match leave the proxy in use');
    // kubectl reads the same variables.
    const kenv = cleanEnv({ HTTPS_PROXY: httpProxy.url });
    n = httpProxy.count();
    const k = await kubectlEnv(['--kubeconfig', noProxyFile, 'get', 'ns', 'liqo', '-o', 'name'], kenv);
    assert.equal(k.code, 0, k.stderr);
    assert.ok(httpProxy.count() > n, 'kubectl went through HTTPS_PROXY');
    const kd = await kubectlEnv(['--kubeconfig', noProxyFile, 'get', 'ns'], { ...kenv, NO_PROXY: '.proxy.test' });
    assert.notEqual(kd.code, 0);
    assert.match(kd.stderr, /no such host|server misbehaving|lookup kube\.proxy\.test/);
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  }
});
