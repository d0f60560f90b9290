// auth-provider: oidc against an issuer the test runs (test/util/oidcIssuer.ts), whose id-tokens the simulator
// verifies (signature, issuer, audience, expiry). An expired id-token is refreshed through the issuer's token endpoint
// found by discovery, again when the refreshed one expires, and never written into the user's kubeconfig (kubectl
// does write it: shown below). A refresh that fails is its own error item that says to log in again, with no token
// or client secret in any message or log.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Session } from '../../client/src/kube/session';
import { kinds, resourcePath } from '../../client/src/kube/kinds';
import { contextNode } from '../../client/src/views/model';
import { mintClusterPki } from '../sim/certs';
import { startIssuer, type TestIssuer } from '../util/oidcIssuer';
import { cleanEnv, kubectlEnv, simMaterial, writeConfig, type SimMaterial } from './kubeconfigFiles';
import { closedPort, must, startEnv, startedFrom, until, type Env } from './kubeHelpers';

let env: Env;
let sim: SimMaterial;
let issuer: TestIssuer;
let issuerCa = '';

before(async () => {
  env = await startEnv();
  sim = simMaterial(env);
  const pki = await mintClusterPki('oidc-issuer');
  issuerCa = Buffer.from(pki.ca.cert).toString('base64');
  issuer = await startIssuer(pki.server);
  env.sim.cluster('k8s-lab').trustOidc({ issuer: issuer.url, clientId: issuer.clientId, publicKeyPem: issuer.publicKeyPem });
});
after(async () => {
  await issuer.close();
  await env.stop();
});

function oidcConfig(name: string, config: Record<string, string>): string {
  return writeConfig(path.join(env.dir, name), 'config', [{
    name, cluster: { server: sim.server, 'certificate-authority-data': sim.caData },
    user: { 'auth-provider': { name: 'oidc', config: { 'idp-issuer-url': issuer.url, 'client-id': issuer.clientId, 'client-secret': issuer.clientSecret, 'idp-certificate-authority-data': issuerCa, ...config } } },
  }]);
}

const started = (file: string, context: string): Promise<Session> => startedFrom(env, file, context);

test('an expired id-token is refreshed at the issuer\'s token endpoint (found by discovery); the kubeconfig is not written', async () => {
  issuer.ttlSeconds = 13; // fresh for 3 s: the client counts a token expiring within 10 s as expired, as client-go does
  const file = oidcConfig('oidc-expired', { 'id-token': issuer.idToken('alice', -60), 'refresh-token': issuer.refreshToken('alice') });
  const text = fs.readFileSync(file, 'utf8');
  const grants = issuer.grants;
  const s = await started(file, 'oidc-expired');
  assert.equal(s.state, 'ready', s.error?.message);
  assert.equal(issuer.grants - grants, 1, 'one refresh for the whole first connection');
  assert.ok(issuer.discoveries >= 1);
  assert.equal(fs.readFileSync(file, 'utf8'), text, 'the kubeconfig file is unchanged');
  // The refreshed id-token expires too: the next requests refresh it once more (the rotated refresh token), with no 401.
  const lab = env.sim.cluster('k8s-lab');
  await new Promise((r) => setTimeout(r, 3500));
  const from = lab.requests().length;
  lab.faults.dropWatches();
  const admin = must(env.manager().get('admin@k8s-lab'), 'admin');
  await admin.start();
  await admin.http.request('POST', resourcePath(kinds.namespace), { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'oidc-after-expiry' } } });
  await until(s, () => s.snapshot().namespaces.some((n) => n.name === 'oidc-after-expiry'), 'the namespace through the refreshed id-token', 15_000);
  assert.ok(issuer.grants - grants >= 2, `refreshed again after expiry (${issuer.grants - grants} grants)`);
  assert.equal(issuer.refusals, 0, 'every refresh used a live refresh token');
  assert.equal(lab.requests().slice(from).filter((r) => r.status === 401).length, 0, 'no request went out with an expired id-token');
});

test('a valid id-token is used as it is: no refresh', async () => {
  const grants = issuer.grants;
  const s = await started(oidcConfig('oidc-valid', { 'id-token': issuer.idToken('bob', 3600), 'refresh-token': issuer.refreshToken('bob') }), 'oidc-valid');
  assert.equal(s.state, 'ready', s.error?.message);
  assert.equal(issuer.grants, grants);
});

test('an id-token refused before its expiry (401) is refreshed once and the requests retried', async () => {
  // Signed by an issuer the cluster does not trust: unexpired to the client, refused by the API server.
  const other = await startIssuer((await mintClusterPki('untrusted')).server, issuer.clientId);
  try {
    issuer.ttlSeconds = 600;
    const grants = issuer.grants;
    const lab = env.sim.cluster('k8s-lab');
    const from = lab.requests().length;
    const s = await started(oidcConfig('oidc-refused', { 'id-token': other.idToken('erin', 3600), 'refresh-token': issuer.refreshToken('erin') }), 'oidc-refused');
    assert.equal(s.state, 'ready', s.error?.message);
    assert.equal(issuer.grants - grants, 1, 'one refresh, however many requests were refused');
    assert.equal(s.http.authStats.renewalsAfter401, 1);
    assert.ok(lab.requests().slice(from).some((r) => r.status === 401), 'the stale id-token was refused');
  } finally {
    await other.close();
  }
});

test('the simulator lets in only id-tokens the trusted issuer signed, for its client, unexpired', async () => {
  const other = await startIssuer((await mintClusterPki('rogue')).server, issuer.clientId);
  try {
    // A token of the trusted issuer whose claims were changed after signing: its signature no longer holds.
    const [h, p, sig] = issuer.idToken('alice', 3600).split('.');
    const claims = JSON.parse(Buffer.from(p ?? '', 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'mallory' })).toString('base64url')}.${sig}`;
    const cases = { untrusted: other.idToken('mallory', 3600), expired: issuer.idToken('alice', -5), tampered };
    const good = writeConfig(path.join(env.dir, 'jwt-good'), 'config', [{ name: 'good', cluster: { server: sim.server, 'certificate-authority-data': sim.caData }, user: { token: issuer.idToken('alice', 3600) } }]);
    assert.equal((await started(good, 'good')).state, 'ready', 'the same token, untouched, is let in');
    for (const [name, token] of Object.entries(cases)) {
      const file = writeConfig(path.join(env.dir, `jwt-${name}`), 'config', [{ name, cluster: { server: sim.server, 'certificate-authority-data': sim.caData }, user: { token } }]);
      const s = await started(file, name);
      assert.equal(s.error?.kind, 'unauthorised', `${name}: ${s.state} ${s.error?.message ?? ''}`);
    }
  } finally {
    await other.close();
  }
});

test('a refresh that fails is the context\'s own error item, says to log in again, and quotes no secret', async () => {
  const refresh = 'planted-refresh-token-never-issued';
  const idToken = issuer.idToken('carol', -60);
  const port = await closedPort();
  const cases: [string, Record<string, string>, RegExp][] = [
    ['oidc-bad-grant', { 'id-token': idToken, 'refresh-token': refresh }, /OIDC refresh failed: the issuer's token endpoint answered 400: invalid_grant; log in again/],
    ['oidc-bad-client', { 'id-token': idToken, 'refresh-token': issuer.refreshToken('carol'), 'client-secret': 'planted-client-secret-xyz' }, /answered 401: invalid_client; log in again/],
    ['oidc-no-issuer', { 'id-token': idToken, 'refresh-token': issuer.refreshToken('carol'), 'idp-issuer-url': `https://localhost:${port}` }, /OIDC refresh failed: the issuer localhost:\d+ cannot be reached \(ECONNREFUSED\)/],
    ['oidc-no-refresh', { 'id-token': idToken }, /id-token has expired and the kubeconfig has no refresh-token: log in again/],
  ];
  for (const [name, config, want] of cases) {
    const s = await started(oidcConfig(name, config), name);
    assert.equal(s.state, 'failed', name);
    assert.match(s.error?.message ?? '', want);
    const item = contextNode(s.snapshot());
    assert.equal(item.icon, 'warning');
    const shown = JSON.stringify(item) + env.logs.join('\n');
    for (const secret of [refresh, idToken, issuer.clientSecret, 'planted-client-secret-xyz']) assert.ok(!shown.includes(secret), `${name}: a secret in the item or the log`);
    assert.ok(!/\n\s+at /.test(shown), 'no stack trace');
  }
});

test('kubectl refreshes the same way, and (unlike the editor) writes the new tokens into its kubeconfig', async () => {
  const oldId = issuer.idToken('dave', -60);
  const file = oidcConfig('oidc-kubectl', { 'id-token': oldId, 'refresh-token': issuer.refreshToken('dave') });
  const grants = issuer.grants;
  const k = await kubectlEnv(['--kubeconfig', file, 'get', 'ns', 'liqo', '-o', 'name'], cleanEnv());
  assert.equal(k.code, 0, k.stderr);
  assert.equal(issuer.grants - grants, 1);
  const after = fs.readFileSync(file, 'utf8');
  assert.ok(!after.includes(oldId), 'kubectl persisted the refreshed id-token');
});
