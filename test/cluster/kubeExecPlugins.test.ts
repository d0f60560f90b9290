// Exec credential plugins as kubectl runs them (client.authentication.k8s.io v1 and v1beta1), against the simulator,
// which lets in only the tokens a plugin signs with the cluster's exec secret: env and args reach the plugin,
// KUBERNETES_EXEC_INFO says it is not interactive and carries the cluster when provideClusterInfo is set, the plugin
// gets no standard input to block on, the credential is cached until its expirationTimestamp, a missing command
// shows its installHint, interactiveMode Always fails with a clear message, a hung plugin is stopped, and nothing
// secret reaches a message. kubectl runs the same kubeconfig and sees the same.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SessionManager } from '../../client/src/kube/manager';
import { contextNode } from '../../client/src/views/model';
import { cleanEnv, kubectlEnv, simMaterial, writeConfig, type OneContext, type SimMaterial } from './kubeconfigFiles';
import { must, startEnv, until, type Env } from './kubeHelpers';

let env: Env;
let sim: SimMaterial;
let file = '';
let dir = '';
const logs: string[] = [];
const managers: SessionManager[] = [];
const failSecret = 'planted-plugin-secret-4242';

interface Run { args: string[]; extra?: string; stdin: string; by: string; info: { apiVersion: string; kind: string; spec: { interactive: boolean; cluster?: Record<string, unknown> } } }
const runs = (): Run[] => (fs.existsSync(path.join(dir, 'runs.jsonl')) ? fs.readFileSync(path.join(dir, 'runs.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Run) : []);

before(async () => {
  env = await startEnv();
  sim = simMaterial(env);
  dir = path.join(env.dir, 'exec');
  fs.mkdirSync(dir, { recursive: true });
  // Reads its standard input first: with an open pipe (no end) it would wait for ever.
  fs.writeFileSync(path.join(dir, 'probe.cjs'), `
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
let stdin;
try { stdin = fs.readFileSync(0, 'utf8'); } catch (e) { stdin = 'error ' + e.code; }
if (process.env.PLUGIN_HANG) setInterval(() => undefined, 1000);
else {
  fs.appendFileSync(path.join(__dirname, 'runs.jsonl'), JSON.stringify({ args: process.argv.slice(2), extra: process.env.PLUGIN_EXTRA, stdin,
    by: process.env.RECORD_AS || 'session', info: JSON.parse(process.env.KUBERNETES_EXEC_INFO || 'null') }) + '\\n');
  if (process.env.PLUGIN_FAIL) { process.stderr.write('error: the identity provider refused ' + process.env.PLUGIN_FAIL + '\\n'); process.exit(1); }
  const expires = Date.now() + 3600 * 1000;
  const body = Buffer.from(process.env.SIM_EXEC_USER).toString('base64url') + '.' + expires;
  const token = 'sim-exec.' + body + '.' + crypto.createHmac('sha256', process.env.SIM_EXEC_SECRET).update(body).digest('hex');
  process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/' + process.env.PLUGIN_VERSION, kind: 'ExecCredential',
    status: { token, expirationTimestamp: new Date(expires).toISOString() } }));
}
`);
  const secret = must(env.sim.cluster('k8s-lab').execSecret, 'exec secret');
  const cluster = { server: sim.server, 'certificate-authority-data': sim.caData, extensions: [{ name: 'client.authentication.k8s.io/exec', extension: { audience: 'liqo' } }] };
  const execUser = (version: string, more: Record<string, unknown> = {}, env2: { name: string; value: string }[] = []): Record<string, unknown> => ({
    exec: {
      apiVersion: `client.authentication.k8s.io/${version}`, command: process.execPath, args: ['probe.cjs', '--mode=check', 'two words'],
      env: [{ name: 'SIM_EXEC_SECRET', value: secret }, { name: 'SIM_EXEC_USER', value: 'exec-user' }, { name: 'PLUGIN_EXTRA', value: `extra-${version}` },
        { name: 'PLUGIN_VERSION', value: version }, ...env2],
      ...more,
    },
  });
  const contexts: OneContext[] = [
    { name: 'exec-v1', cluster, user: execUser('v1', { interactiveMode: 'Never', provideClusterInfo: true }) },
    { name: 'exec-v1beta1', cluster, user: execUser('v1beta1') },
    { name: 'exec-ifavailable', cluster, user: execUser('v1', { interactiveMode: 'IfAvailable' }) },
    { name: 'exec-always', cluster, user: execUser('v1', { interactiveMode: 'Always' }) },
    { name: 'exec-missing', cluster, user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'kubelogin', args: ['get-token'], interactiveMode: 'Never', installHint: 'install it with: brew install int128/kubelogin/kubelogin' } } },
    { name: 'exec-wrong-version', cluster, user: execUser('v1', { interactiveMode: 'Never' }, [{ name: 'PLUGIN_VERSION', value: 'v1beta1' }]) },
    { name: 'exec-fails', cluster, user: execUser('v1', { interactiveMode: 'Never' }, [{ name: 'PLUGIN_FAIL', value: failSecret }]) },
    { name: 'exec-hangs', cluster, user: execUser('v1', { interactiveMode: 'Never' }, [{ name: 'PLUGIN_HANG', value: '1' }]) },
    // A command with a path in it counts from the kubeconfig's directory, not the working directory.
    { name: 'exec-relative', cluster, user: { exec: { ...(execUser('v1', { interactiveMode: 'Never' }).exec as object), command: './bin/probe', args: [] } } },
  ];
  fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'bin', 'probe'), `#!${process.execPath}\n${fs.readFileSync(path.join(dir, 'probe.cjs'), 'utf8')}`, { mode: 0o755 });
  // The exec command's args name probe.cjs relative to the working directory; both clients run from dir.
  process.chdir(dir);
  file = writeConfig(dir, 'config', contexts);
});
after(async () => {
  for (const m of managers) m.dispose();
  await env.stop();
});

function manager(allowExec = true): SessionManager {
  const m = new SessionManager({ timeoutMs: 3000, allowExec, execTimeoutMs: 2000, log: (s) => logs.push(s) });
  m.load([file]);
  managers.push(m);
  return m;
}

const kubectl = (context: string, args: string[]): ReturnType<typeof kubectlEnv> =>
  kubectlEnv(['--kubeconfig', file, '--context', context, ...args], cleanEnv({ RECORD_AS: 'kubectl' }));

test('v1 with provideClusterInfo: env and args reach the plugin, KUBERNETES_EXEC_INFO carries the cluster and says not interactive, no stdin', async () => {
  const s = must(manager().get('exec-v1'), 'exec-v1');
  await s.start();
  assert.equal(s.state, 'ready', s.error?.message);
  const mine = runs().filter((r) => r.by === 'session');
  assert.equal(mine.length, 1, 'one run for the whole first connection (a dozen requests)');
  const r = must(mine[0], 'run');
  assert.deepEqual(r.args, ['--mode=check', 'two words']);
  assert.equal(r.extra, 'extra-v1');
  assert.equal(r.stdin, '', 'standard input is empty and closed');
  assert.equal(r.info.apiVersion, 'client.authentication.k8s.io/v1');
  assert.equal(r.info.kind, 'ExecCredential');
  assert.equal(r.info.spec.interactive, false);
  assert.deepEqual(r.info.spec.cluster, { server: sim.server, 'certificate-authority-data': sim.caData, config: { audience: 'liqo' } });
  // kubectl tells its plugin the same.
  const k = await kubectl('exec-v1', ['get', 'ns', 'liqo', '-o', 'name']);
  assert.equal(k.code, 0, k.stderr);
  const theirs = must(runs().find((x) => x.by === 'kubectl'), 'kubectl run');
  assert.deepEqual(theirs.args, r.args);
  assert.equal(theirs.info.spec.interactive, false);
  assert.deepEqual({ ...theirs.info.spec.cluster }, { ...r.info.spec.cluster });
});

test('the credential is cached until its expirationTimestamp: reconnecting every watch runs no plugin', async () => {
  const s = must(manager().get('exec-v1'), 'exec-v1');
  await s.start();
  assert.equal(s.http.credentials.stats.execRuns, 1);
  env.sim.cluster('k8s-lab').faults.dropWatches();
  await until(s, () => s.error !== undefined, 'the dropped watches noticed', 10_000).catch(() => undefined);
  await until(s, () => s.error === undefined && s.state === 'ready', 'the watches back', 15_000);
  await s.http.request('GET', '/api/v1/namespaces');
  assert.equal(s.http.credentials.stats.execRuns, 1, 'still the first credential');
});

test('v1beta1 without interactiveMode (IfAvailable) and v1 IfAvailable run non-interactively; no cluster info unless asked', async () => {
  const m = manager();
  for (const ctx of ['exec-v1beta1', 'exec-ifavailable']) {
    const s = must(m.get(ctx), ctx);
    await s.start();
    assert.equal(s.state, 'ready', `${ctx}: ${s.error?.message}`);
  }
  const beta = must(runs().find((r) => r.by === 'session' && r.info.apiVersion.endsWith('v1beta1')), 'v1beta1 run');
  assert.equal(beta.info.spec.interactive, false);
  assert.equal(beta.info.spec.cluster, undefined);
  assert.equal(beta.extra, 'extra-v1beta1');
  const k = await kubectl('exec-v1beta1', ['get', 'ns', 'liqo', '-o', 'name']);
  assert.equal(k.code, 0, k.stderr);
});

test('a missing plugin: its own error item with the installHint, as kubectl shows it', async () => {
  const s = must(manager().get('exec-missing'), 'exec-missing');
  await s.start();
  assert.equal(s.state, 'failed');
  assert.equal(s.error?.message, 'exec plugin kubelogin not found: install it with: brew install int128/kubelogin/kubelogin');
  const item = contextNode(s.snapshot());
  assert.equal(item.icon, 'warning');
  assert.match(item.description ?? '', /kubelogin not found: install it with/);
  const k = await kubectl('exec-missing', ['get', 'ns']);
  assert.notEqual(k.code, 0);
  assert.match(k.stderr, /brew install int128\/kubelogin\/kubelogin/);
});

test('interactiveMode Always fails at once with what to do, as kubectl without a terminal does', async () => {
  const before = runs().length;
  const s = must(manager().get('exec-always'), 'exec-always');
  await s.start();
  assert.equal(s.state, 'failed');
  assert.match(s.error?.message ?? '', /needs a terminal \(interactiveMode: Always\).*log in with it in a terminal first/);
  assert.equal(runs().length, before, 'the plugin never ran');
  const k = await kubectl('exec-always', ['get', 'ns']);
  assert.notEqual(k.code, 0);
  assert.match(k.stderr, /interactive/i);
});

test('a plugin answering with another API version, failing, or hanging: each a clear error, no secret, no stack', async () => {
  const m = manager();
  const wrong = must(m.get('exec-wrong-version'), 'wrong');
  const fails = must(m.get('exec-fails'), 'fails');
  const hangs = must(m.get('exec-hangs'), 'hangs');
  const started = Date.now();
  await Promise.all([wrong.start(), fails.start(), hangs.start()]);
  assert.match(wrong.error?.message ?? '', /configured to use API version client\.authentication\.k8s\.io\/v1, but it returned client\.authentication\.k8s\.io\/v1beta1/);
  assert.equal(fails.error?.message, 'exec plugin node failed (exit code 1): error: the identity provider refused [redacted]');
  assert.match(hangs.error?.message ?? '', /did not finish within 2 s/);
  assert.ok(Date.now() - started < 10_000, 'the hung plugin was stopped, not waited on');
  const shown = JSON.stringify([wrong, fails, hangs].map((s) => contextNode(s.snapshot()))) + logs.join('\n');
  assert.ok(!shown.includes(failSecret), 'the secret the plugin echoed is not shown');
  assert.ok(!shown.includes(must(env.sim.cluster('k8s-lab').execSecret, 'secret')), 'the exec env secret is not shown');
  assert.ok(!/\n\s+at /.test(shown), 'no stack trace');
});

test('an exec command with a relative path counts from the kubeconfig\'s directory, as kubectl resolves it', async () => {
  const cwd = process.cwd();
  process.chdir('/');
  try {
    const s = must(manager().get('exec-relative'), 'exec-relative');
    await s.start();
    assert.equal(s.state, 'ready', s.error?.message);
    const k = await kubectl('exec-relative', ['get', 'ns', 'liqo', '-o', 'name']);
    assert.equal(k.code, 0, k.stderr);
  } finally {
    process.chdir(cwd);
  }
});

test('exec plugins run only in a trusted workspace', async () => {
  const before = runs().length;
  const s = must(manager(false).get('exec-v1'), 'exec-v1');
  await s.start();
  assert.equal(s.state, 'failed');
  assert.match(s.error?.message ?? '', /only runs in a trusted workspace/);
  assert.equal(runs().length, before);
});
