// Secrets planted in a kubeconfig whose every context fails in its own way (a refused token, a wrong password, an
// exec plugin that echoes its secret argument, an OIDC refresh with a bad client secret, a proxy with a password
// that refuses, a client key that is no key): each context gets its own error item that says what to do, and no
// message, tree item, log line or liqo-facts output holds a secret or a stack trace.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SessionManager } from '../../client/src/kube/manager';
import { buildTree } from '../../client/src/views/model';
import { mintClusterPki } from '../sim/certs';
import { startIssuer, type TestIssuer } from '../util/oidcIssuer';
import { startProxy, type TestProxy } from '../util/proxies';
import { cleanEnv, simMaterial, writeConfig, type OneContext } from './kubeconfigFiles';
import { startEnv, type Env } from './kubeHelpers';

let env: Env;
let issuer: TestIssuer;
let proxy: TestProxy;
let file = '';
const secrets = {
  token: 'planted-token-5f1d2c3b4a',
  password: 'planted-password-9e8d7c',
  pluginArg: 'planted-plugin-arg-secret-77',
  refresh: 'planted-refresh-token-31337',
  clientSecret: 'planted-client-secret-abcdef',
  proxyPassword: 'planted-proxy-pass-424242',
  keyBody: 'planted-key-body-MIIEvQIBADANBgkqhkiG9w0BAQ',
};

before(async () => {
  env = await startEnv();
  const sim = simMaterial(env);
  const pki = await mintClusterPki('secrets-issuer');
  issuer = await startIssuer(pki.server);
  proxy = await startProxy('http', { auth: { user: 'corp', password: 'the-right-one-000' } });
  const cluster = { server: sim.server, 'certificate-authority-data': sim.caData };
  const echo = path.join(env.dir, 'echo.cjs');
  fs.writeFileSync(echo, 'process.stderr.write("cannot log in with " + process.argv.slice(2).join(" ") + "\\n"); process.exit(2);\n');
  const contexts: OneContext[] = [
    { name: 'bad-token', cluster, user: { token: secrets.token } },
    { name: 'bad-password', cluster, user: { username: 'nobody', password: secrets.password } },
    { name: 'plugin-echoes', cluster, user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [echo, `--client-secret=${secrets.pluginArg}`], interactiveMode: 'Never' } } },
    { name: 'oidc-bad-client', cluster, user: { 'auth-provider': { name: 'oidc', config: {
      'idp-issuer-url': issuer.url, 'client-id': issuer.clientId, 'client-secret': secrets.clientSecret, 'refresh-token': secrets.refresh,
      'id-token': issuer.idToken('x', -60), 'idp-certificate-authority-data': Buffer.from(pki.ca.cert).toString('base64'),
    } } } },
    { name: 'proxy-refuses', cluster: { ...cluster, 'proxy-url': `http://corp:${secrets.proxyPassword}@127.0.0.1:${new URL(proxy.url).port}` }, user: { token: sim.viewerToken } },
    { name: 'key-not-a-key', cluster, user: { 'client-certificate-data': sim.certData, 'client-key-data': Buffer.from(`-----BEGIN PRIVATE KEY-----\n${secrets.keyBody}\n-----END PRIVATE KEY-----\n`).toString('base64') } },
  ];
  file = writeConfig(env.dir, 'secrets/config', contexts);
});
after(async () => {
  await proxy.close();
  await issuer.close();
  await env.stop();
});

function assertClean(text: string, where: string): void {
  for (const [name, value] of Object.entries(secrets)) assert.ok(!text.includes(value), `${where} holds the ${name}`);
  assert.ok(!/\n\s+at \S+ \(/.test(text), `${where} holds a stack trace`);
}

test('every failing context has its own error item that says what to do, and nothing shown or logged holds a secret', async () => {
  const logs: string[] = [];
  const m = new SessionManager({ timeoutMs: 3000, allowExec: true, log: (s) => logs.push(s) });
  try {
    m.load([file]);
    await m.startAll();
    const want: Record<string, RegExp> = {
      'bad-token': /log in again/,
      'bad-password': /log in again/,
      'plugin-echoes': /exec plugin node failed \(exit code 2\): cannot log in with --client-secret=\[redacted\]/,
      'oidc-bad-client': /OIDC refresh failed: .*invalid_client; log in again/,
      'proxy-refuses': /the proxy http:\/\/127\.0\.0\.1:\d+ refused the tunnel .*407/,
      'key-not-a-key': /client certificate or key of context key-not-a-key cannot be used/,
    };
    const tree = buildTree(m.snapshots());
    for (const [ctx, re] of Object.entries(want)) {
      const item = tree.find((n) => n.label === ctx);
      assert.ok(item, ctx);
      assert.equal(item.icon, 'warning', `${ctx} is an error item`);
      assert.match(`${item.description ?? ''}`, re, ctx);
    }
    assertClean(JSON.stringify(tree), 'the tree');
    assertClean(JSON.stringify(m.snapshots()), 'the snapshots');
    assertClean(logs.join('\n'), 'the log');
  } finally {
    m.dispose();
  }
});

test('liqo-facts over the same kubeconfig: exit 3, a reason per context, no secret on stdout or stderr', async () => {
  const facts = path.resolve(__dirname, '../../../dist/facts.js');
  const run = await new Promise<{ code: number; out: string; err: string }>((resolve) => {
    execFile(process.execPath, [facts, '--kubeconfig', file, '--timeout', '20'], { env: cleanEnv() }, (e, out, err) => {
      resolve({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, out, err });
    });
  });
  assert.equal(run.code, 3, run.err);
  const parsed = JSON.parse(run.out) as { clusters: { context: string; reachable: boolean; reason?: string }[] };
  assert.equal(parsed.clusters.length, 6);
  for (const c of parsed.clusters) assert.ok(!c.reachable && c.reason, `${c.context} has a reason`);
  assertClean(run.out, 'liqo-facts stdout');
  assertClean(run.err, 'liqo-facts stderr');
});
