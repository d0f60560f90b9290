// Credentials that expire: an exec plugin's tokens (as exec, OIDC or EKS hand out) are accepted by the simulator
// only until their expiry. A session must renew them when the ExecCredential says they expired, and when a
// token is refused (401) before that, resolve them exactly once more and retry; lists and watches keep working.
// The plugin counts its runs in a file; the 401s are counted on the simulator's request log.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { kinds, resourcePath } from '../../client/src/kube/kinds';
import type { Session } from '../../client/src/kube/session';
import { signExecToken } from '../sim/auth';
import { Kubectl, kubectlOrError } from '../sim/kubectl';
import { must, startEnv, until, type Env } from './kubeHelpers';

const pluginDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liqo-exec-plugin-'));
const plugin = path.join(pluginDir, 'credential.cjs');
const runsFile = path.join(pluginDir, 'runs.log');
const configFile = path.join(pluginDir, 'plugin.json');

// Signs a token as the simulator checks it (test/sim/auth.ts), valid for ttlSeconds; the ExecCredential states an
// expiry of reportedTtlSeconds, which a misbehaving identity provider may state wrong.
fs.writeFileSync(plugin, `
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const cfg = JSON.parse(fs.readFileSync(path.join(__dirname, 'plugin.json'), 'utf8'));
const now = Date.now();
const expires = now + cfg.ttlSeconds * 1000;
const body = Buffer.from(process.env.SIM_EXEC_USER).toString('base64url') + '.' + expires;
const token = 'sim-exec.' + body + '.' + crypto.createHmac('sha256', process.env.SIM_EXEC_SECRET).update(body).digest('hex');
fs.appendFileSync(path.join(__dirname, 'runs.log'), expires + '\\n');
process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential',
  status: { token, expirationTimestamp: new Date(now + cfg.reportedTtlSeconds * 1000).toISOString() } }));
`);
const configure = (ttlSeconds: number, reportedTtlSeconds: number): void => fs.writeFileSync(configFile, JSON.stringify({ ttlSeconds, reportedTtlSeconds }));

/** The plugin's runs so far, each with the instant its token stops being accepted. */
const runs = (): number[] => (fs.existsSync(runsFile) ? fs.readFileSync(runsFile, 'utf8').split('\n').filter(Boolean).map(Number) : []);

/** Resolves once the last token the plugin issued is past its expiry: a known instant, not a guess. */
function tokenExpired(): Promise<void> {
  const last = runs().at(-1) ?? 0;
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, last - Date.now() + 50)));
}

let env: Env;
let lab: Session;
let viaExec: Session;
let made = 0;

before(async () => {
  configure(2, 2);
  env = await startEnv({ execPlugin: plugin });
  const m = env.manager([], { allowExec: true });
  lab = must(m.get('admin@k8s-lab'), 'admin session');
  viaExec = must(m.get('exec@k8s-lab'), 'exec session');
  await Promise.all([lab.start(), viaExec.start()]);
  assert.equal(viaExec.state, 'ready', viaExec.error?.message);
  assert.equal(viaExec.error, undefined);
});
after(async () => {
  await env.stop();
  fs.rmSync(pluginDir, { recursive: true, force: true });
});

const log = (): ReturnType<Env['sim']['cluster']> => env.sim.cluster('k8s-lab');
const refused = (from: number): number => log().requests().slice(from).filter((r) => r.status === 401).length;

/** Drops every watch (so each reconnects with whatever credentials the session has now) and proves they work again. */
async function reconnectAndSeeANewNamespace(): Promise<void> {
  log().faults.dropWatches();
  const name = `exec-check-${++made}`;
  await lab.http.request('POST', resourcePath(kinds.namespace), { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });
  await until(viaExec, () => viaExec.snapshot().namespaces.some((n) => n.name === name), `namespace ${name} through the exec session`, 15_000);
  await viaExec.http.request('GET', resourcePath(kinds.resourceSlice));
}

test('tokens that expire are renewed when the ExecCredential says so: watches and lists keep working past several expiries', async () => {
  const from = log().requests().length;
  const runsBefore = runs().length;
  assert.ok(runsBefore >= 1, 'the plugin ran for the first connection');
  for (let i = 0; i < 3; i++) {
    await tokenExpired();
    await reconnectAndSeeANewNamespace();
  }
  assert.ok(runs().length >= runsBefore + 3, `the plugin ran again after each expiry (${runs().length - runsBefore} more runs)`);
  assert.equal(refused(from), 0, 'no request went out with an expired token');
  assert.equal(viaExec.state, 'ready');
});

test('a 401 before the stated expiry renews the credentials exactly once, and the refused requests are retried', async () => {
  // The identity provider now states an hour while its tokens last two seconds: only a 401 reveals the expiry.
  configure(3, 3600);
  await tokenExpired();
  await reconnectAndSeeANewNamespace();
  await tokenExpired();
  const from = log().requests().length;
  const runsBefore = runs().length;
  const renewalsBefore = viaExec.http.authStats.renewalsAfter401;
  await reconnectAndSeeANewNamespace();
  const after = log().requests().slice(from);
  assert.ok(refused(from) >= 1, 'the stale token was refused');
  assert.equal(runs().length - runsBefore, 1, 'the plugin ran exactly once for the refused token');
  assert.equal(viaExec.http.authStats.renewalsAfter401 - renewalsBefore, 1, 'one renewal however many requests were refused');
  for (const r of after.filter((x) => x.status === 401)) {
    const i = after.indexOf(r);
    assert.ok(after.slice(i + 1).some((x) => x.path === r.path && x.status === undefined), `${r.path} was retried after its 401`);
  }
  // The dropped watches show as a degraded session until every one is back; no 401 is left behind.
  await until(viaExec, () => viaExec.error === undefined, 'every watch back, the session healthy', 15_000);
  assert.equal(viaExec.state, 'ready');
});

test('kubectl runs the same plugin, is let in with its token, and is refused with an expired one', async () => {
  configure(2, 2);
  const k = new Kubectl(kubectlOrError(), env.sim.kubeconfigPath);
  const runsBefore = runs().length;
  const ok = await k.run(['get', 'namespaces', '-o', 'name'], { context: 'exec@k8s-lab' });
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /namespace\/exec-check-1\b/);
  assert.equal(runs().length, runsBefore + 1, 'kubectl ran the plugin once');
  // A token signed as the plugin signs them, expired a second ago.
  const secret = must(env.sim.cluster('k8s-lab').execSecret, 'exec secret');
  const stale = signExecToken(secret, 'exec@k8s-lab', Date.now() - 1000);
  const refusedRun = await k.run(['get', 'namespaces', '--token', stale, '--user', 'viewer@k8s-lab'], { context: 'viewer@k8s-lab' });
  assert.notEqual(refusedRun.code, 0);
  assert.match(refusedRun.stderr, /Unauthorized|must be logged in/);
});
