// Kubeconfig parity with kubectl, one field at a time, against the simulator: the KUBECONFIG list merged with the
// first value winning, ~/.kube/config by default, the context's namespace, certificate-authority as file and data,
// insecure-skip-tls-verify, tls-server-name, client certificate and key as file and data, token, tokenFile read
// again when it rotates, and basic auth. Each row is checked on the editor's sessions and, where kubectl can show it,
// with kubectl on the same file.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { kubeconfigPaths } from '../../client/src/kube/kubeconfig';
import type { SessionManager } from '../../client/src/kube/manager';
import type { Session } from '../../client/src/kube/session';
import { kinds, resourcePath } from '../../client/src/kube/kinds';
import { contextNode } from '../../client/src/views/model';
import { cleanEnv, kubectlEnv, pem, simMaterial, writeConfig, type SimMaterial } from './kubeconfigFiles';
import { closedPort, must, startEnv, startedFrom, until, type Env } from './kubeHelpers';

let env: Env;
let sim: SimMaterial;

before(async () => {
  env = await startEnv();
  sim = simMaterial(env);
});
after(async () => {
  await env.stop();
});

const manager = (files: string[]): SessionManager => env.managerOf(files);
const started = (file: string, context: string): Promise<Session> => startedFrom(env, file, context);

const kubectl = (file: string, args: string[]): ReturnType<typeof kubectlEnv> => kubectlEnv(['--kubeconfig', file, ...args], cleanEnv());

const certUser = (): Record<string, unknown> => ({ 'client-certificate-data': sim.certData, 'client-key-data': sim.keyData });

test('KUBECONFIG with several files: the first file that names a context, cluster or user wins, and the first current-context', async () => {
  const bad = await closedPort();
  const first = writeConfig(env.dir, 'merge/first', [{ name: 'shared', cluster: { server: sim.server, 'certificate-authority-data': sim.caData }, user: certUser(), namespace: 'liqo' }]);
  const second = writeConfig(env.dir, 'merge/second', [
    { name: 'shared', cluster: { server: `https://127.0.0.1:${bad}`, 'insecure-skip-tls-verify': true }, user: { token: 'x' }, namespace: 'kube-system' },
    { name: 'only-second', cluster: { server: sim.server, 'certificate-authority-data': sim.caData }, user: certUser() },
  ]);
  const paths = kubeconfigPaths([], { KUBECONFIG: [first, path.join(env.dir, 'merge/missing'), second].join(path.delimiter) });
  assert.deepEqual(paths, [first, path.join(env.dir, 'merge/missing'), second]);
  const m = manager(paths);
  const loaded = must(m.kubeconfig, 'loaded');
  assert.equal(loaded.currentContext, 'shared');
  assert.deepEqual(loaded.contexts.map((c) => c.name).sort(), ['only-second', 'shared']);
  assert.equal(loaded.contexts.find((c) => c.name === 'shared')?.namespace, 'liqo', 'the context\'s namespace comes from the first file');
  await m.startAll();
  assert.equal(m.get('shared')?.state, 'ready', m.get('shared')?.error?.message);
  assert.equal(m.get('only-second')?.state, 'ready');
  // kubectl merges the same list the same way.
  const kenv = cleanEnv({ KUBECONFIG: paths.join(path.delimiter) });
  const ns = await kubectlEnv(['config', 'view', '--minify', '-o', 'jsonpath={.contexts[0].context.namespace} {.clusters[0].cluster.server}'], kenv);
  assert.equal(ns.code, 0, ns.stderr);
  assert.equal(ns.stdout.trim(), `liqo ${sim.server}`);
  const get = await kubectlEnv(['get', 'namespace', 'liqo', '-o', 'name'], kenv);
  assert.equal(get.code, 0, get.stderr);
});

test('without KUBECONFIG, ~/.kube/config is read (liqo-facts with HOME set to a fresh directory)', async () => {
  const home = fs.mkdtempSync(path.join(env.dir, 'home-'));
  writeConfig(home, '.kube/config', [{ name: 'home-ctx', cluster: { server: sim.server, 'certificate-authority-data': sim.caData }, user: certUser() }]);
  const facts = path.resolve(__dirname, '../../../dist/facts.js');
  const run = await new Promise<{ code: number; out: string; err: string }>((resolve) => {
    execFile(process.execPath, [facts, '--timeout', '20'], { env: cleanEnv({ HOME: home, KUBECONFIG: '' }) }, (e, out, err) => {
      resolve({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, out, err });
    });
  });
  assert.equal(run.code, 0, run.err);
  const parsed = JSON.parse(run.out) as { clusters: { context: string; reachable: boolean }[] };
  assert.deepEqual(parsed.clusters.map((c) => [c.context, c.reachable]), [['home-ctx', true]]);
  const k = await kubectlEnv(['config', 'current-context'], cleanEnv({ HOME: home, KUBECONFIG: '' }));
  assert.equal(k.stdout.trim(), 'home-ctx');
});

test('certificate-authority as a file (relative to its kubeconfig) and as data; a wrong CA fails with what to do', async () => {
  const dir = path.join(env.dir, 'ca');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'ca.crt'), pem(sim.caData));
  const file = writeConfig(dir, 'config', [
    { name: 'ca-file', cluster: { server: sim.server, 'certificate-authority': 'ca.crt' }, user: certUser() },
    { name: 'ca-data', cluster: { server: sim.server, 'certificate-authority-data': sim.caData }, user: certUser() },
    { name: 'ca-missing', cluster: { server: sim.server, 'certificate-authority': 'nowhere.crt' }, user: certUser() },
    { name: 'ca-none', cluster: { server: sim.server }, user: certUser() },
  ]);
  const m = manager([file]);
  await m.startAll();
  assert.equal(m.get('ca-file')?.state, 'ready', m.get('ca-file')?.error?.message);
  assert.equal(m.get('ca-data')?.state, 'ready', m.get('ca-data')?.error?.message);
  assert.match(must(m.get('ca-missing')?.error, 'error').message, /certificate-authority file .*nowhere\.crt cannot be read \(ENOENT\)/);
  const none = must(m.get('ca-none')?.error, 'error');
  assert.equal(none.kind, 'unreachable');
  assert.match(none.message, /not trusted.*certificate-authority/);
  for (const ctx of ['ca-file', 'ca-data']) assert.equal((await kubectl(file, ['--context', ctx, 'get', 'ns', 'liqo', '-o', 'name'])).code, 0);
  const k = await kubectl(file, ['--context', 'ca-none', 'get', 'ns']);
  assert.notEqual(k.code, 0);
  assert.match(k.stderr, /certificate signed by unknown authority/);
});

test('insecure-skip-tls-verify connects without a CA; with a CA as well it is refused, as kubectl refuses it', async () => {
  const file = writeConfig(path.join(env.dir, 'insecure'), 'config', [
    { name: 'insecure', cluster: { server: sim.server, 'insecure-skip-tls-verify': true }, user: certUser() },
    { name: 'insecure-and-ca', cluster: { server: sim.server, 'insecure-skip-tls-verify': true, 'certificate-authority-data': sim.caData }, user: certUser() },
  ]);
  const s = await started(file, 'insecure');
  assert.equal(s.state, 'ready', s.error?.message);
  assert.equal((await kubectl(file, ['get', 'ns', 'liqo', '-o', 'name'])).code, 0);
  const both = await started(file, 'insecure-and-ca');
  assert.equal(both.state, 'failed');
  assert.match(both.error?.message ?? '', /both a certificate-authority and insecure-skip-tls-verify/);
  const k = await kubectl(file, ['--context', 'insecure-and-ca', 'get', 'ns']);
  assert.notEqual(k.code, 0);
  assert.match(k.stderr, /root certificates file with the insecure flag is not allowed/);
});

test('tls-server-name: the certificate is checked against it, and a mismatch says what to set', async () => {
  const file = writeConfig(path.join(env.dir, 'sni'), 'config', [
    { name: 'sni-ok', cluster: { server: sim.server, 'certificate-authority-data': sim.caData, 'tls-server-name': 'localhost' }, user: certUser() },
    { name: 'sni-wrong', cluster: { server: sim.server, 'certificate-authority-data': sim.caData, 'tls-server-name': 'api.wrong.example' }, user: certUser() },
  ]);
  const m = manager([file]);
  await m.startAll();
  assert.equal(m.get('sni-ok')?.state, 'ready', m.get('sni-ok')?.error?.message);
  const wrong = must(m.get('sni-wrong'), 'sni-wrong');
  assert.equal(wrong.state, 'failed');
  assert.match(must(wrong.error, 'error').message, /not valid for api\.wrong\.example.*tls-server-name/);
  const item = contextNode(wrong.snapshot());
  assert.equal(item.icon, 'warning');
  assert.match(item.description ?? '', /tls-server-name/);
  assert.equal((await kubectl(file, ['--context', 'sni-ok', 'get', 'ns', 'liqo', '-o', 'name'])).code, 0);
  const k = await kubectl(file, ['--context', 'sni-wrong', 'get', 'ns']);
  assert.notEqual(k.code, 0);
  assert.match(k.stderr, /certificate is valid for .*not api\.wrong\.example/);
});

test('client certificate and key, as files and as data', async () => {
  const dir = path.join(env.dir, 'certs');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'admin.crt'), pem(sim.certData));
  fs.writeFileSync(path.join(dir, 'admin.key'), pem(sim.keyData), { mode: 0o600 });
  const file = writeConfig(dir, 'config', [
    { name: 'cert-files', cluster: { server: sim.server, 'certificate-authority-data': sim.caData }, user: { 'client-certificate': 'admin.crt', 'client-key': path.join(dir, 'admin.key') } },
    { name: 'cert-data', cluster: { server: sim.server, 'certificate-authority-data': sim.caData }, user: certUser() },
  ]);
  const m = manager([file]);
  await m.startAll();
  for (const ctx of ['cert-files', 'cert-data']) {
    const s = must(m.get(ctx), ctx);
    assert.equal(s.state, 'ready', s.error?.message);
    // The admin may write: the certificate, not a token, is what got in.
    await s.http.request('POST', resourcePath(kinds.namespace), { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: `by-${ctx}` } } });
    assert.equal((await kubectl(file, ['--context', ctx, 'get', 'ns', `by-${ctx}`, '-o', 'name'])).code, 0);
  }
});

test('token: a bearer token gets a read-only viewer in; a wrong one is a 401 that says what to do', async () => {
  const file = writeConfig(path.join(env.dir, 'token'), 'config', [
    { name: 'token-ok', cluster: { server: sim.server, 'certificate-authority-data': sim.caData }, user: { token: sim.viewerToken } },
    { name: 'token-bad', cluster: { server: sim.server, 'certificate-authority-data': sim.caData }, user: { token: 'planted-wrong-token-0123456789' } },
  ]);
  const m = manager([file]);
  await m.startAll();
  assert.equal(m.get('token-ok')?.state, 'ready', m.get('token-ok')?.error?.message);
  const bad = must(m.get('token-bad'), 'token-bad');
  assert.equal(bad.error?.kind, 'unauthorised');
  const item = contextNode(bad.snapshot());
  assert.match(item.description ?? '', /401.*log in again/);
  assert.ok(!JSON.stringify(item).includes('planted-wrong-token'), 'the tree item does not quote the token');
  assert.equal((await kubectl(file, ['--context', 'token-ok', 'get', 'ns', 'liqo', '-o', 'name'])).code, 0);
  assert.notEqual((await kubectl(file, ['--context', 'token-bad', 'get', 'ns'])).code, 0);
});

test('tokenFile is read again when it rotates: the watches reconnect with the new token and no request is refused', async () => {
  const dir = path.join(env.dir, 'tokenfile');
  fs.mkdirSync(dir, { recursive: true });
  const lab = env.sim.cluster('k8s-lab');
  const first = `projected-token-one-${Date.now()}`;
  const second = `projected-token-two-${Date.now()}`;
  lab.addToken(first, 'system:serviceaccount:liqo:workbench');
  fs.writeFileSync(path.join(dir, 'token'), first);
  const file = writeConfig(dir, 'config', [{ name: 'token-file', cluster: { server: sim.server, 'certificate-authority-data': sim.caData }, user: { tokenFile: 'token' } }]);
  const s = await started(file, 'token-file');
  assert.equal(s.state, 'ready', s.error?.message);
  assert.equal(s.http.credentials.stats.tokenFileReads, 1);
  assert.equal((await kubectl(file, ['get', 'ns', 'liqo', '-o', 'name'])).code, 0, 'kubectl reads the tokenFile');
  // The kubelet rotates the projected token: a new file in place, the old token no longer accepted.
  lab.addToken(second, 'system:serviceaccount:liqo:workbench');
  fs.writeFileSync(path.join(dir, 'token.new'), second);
  fs.renameSync(path.join(dir, 'token.new'), path.join(dir, 'token'));
  lab.dropToken(first);
  const from = lab.requests().length;
  lab.faults.dropWatches();
  const admin = must(env.manager().get('admin@k8s-lab'), 'admin');
  await admin.start();
  await admin.http.request('POST', resourcePath(kinds.namespace), { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'after-rotation' } } });
  await until(s, () => s.snapshot().namespaces.some((n) => n.name === 'after-rotation'), 'the new namespace through the rotated token', 15_000);
  assert.equal(s.http.credentials.stats.tokenFileReads, 2, 'the file was read again once, after it changed');
  assert.equal(lab.requests().slice(from).filter((r) => r.status === 401).length, 0, 'no request went out with the old token');
  assert.equal((await kubectl(file, ['get', 'ns', 'after-rotation', '-o', 'name'])).code, 0, 'kubectl reads the rotated token');
  // A token file that is gone: the context says which file, and nothing of its old content.
  fs.rmSync(path.join(dir, 'token'));
  const gone = await started(file, 'token-file');
  assert.equal(gone.state, 'failed');
  assert.match(must(gone.error, 'error').message, /tokenFile .*token cannot be read \(ENOENT\)/);
});

test('basic auth: the simulator checks the password; a wrong one is refused by it and by kubectl alike', async () => {
  env.sim.cluster('k8s-lab').addBasicUser('alice', 'correct-horse-battery');
  const file = writeConfig(path.join(env.dir, 'basic'), 'config', [
    { name: 'basic-ok', cluster: { server: sim.server, 'certificate-authority-data': sim.caData }, user: { username: 'alice', password: 'correct-horse-battery' } },
    { name: 'basic-bad', cluster: { server: sim.server, 'certificate-authority-data': sim.caData }, user: { username: 'alice', password: 'planted-wrong-password' } },
  ]);
  const m = manager([file]);
  await m.startAll();
  assert.equal(m.get('basic-ok')?.state, 'ready', m.get('basic-ok')?.error?.message);
  assert.equal(m.get('basic-bad')?.error?.kind, 'unauthorised');
  assert.equal((await kubectl(file, ['--context', 'basic-ok', 'get', 'ns', 'liqo', '-o', 'name'])).code, 0);
  const k = await kubectl(file, ['--context', 'basic-bad', 'get', 'ns']);
  assert.notEqual(k.code, 0);
  assert.match(k.stderr, /Unauthorized|must be logged in/);
  assert.ok(!env.logs.join('\n').includes('planted-wrong-password') && !env.logs.join('\n').includes('correct-horse'), 'no password in the log');
});
