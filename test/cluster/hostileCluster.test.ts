// The hostile simulator's k8s-evil (test/sim/hostile.ts) against the client's sessions, log streams and facts:
// each attack fails on its own, clearly, and the other clusters never notice.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildFacts, factsJson } from '../../client/src/kube/factsBuilder';
import { PodLogStream, type LogSink } from '../../client/src/kube/logStream';
import type { SessionManager } from '../../client/src/kube/manager';
import { attacks, HOSTILE, HOSTILE_NS } from '../sim/hostile';
import { must, startEnv, until, type Env } from './kubeHelpers';

const root = path.resolve(__dirname, '..', '..', '..');
let env: Env;
let m: SessionManager;
const crashes: unknown[] = [];
const onCrash = (e: unknown): void => { crashes.push(e); };

before(async () => {
  process.on('uncaughtException', onCrash);
  env = await startEnv({ hostile: true });
  m = env.manager([], { timeoutMs: 10_000 });
  await m.startAll();
});
after(async () => {
  await env.stop();
  process.off('uncaughtException', onCrash);
});

test('k8s-evil connects with its hostile answers contained, and the other clusters are unaffected', async () => {
  for (const c of ['admin@k8s-lab', 'admin@k8s-gpu', 'viewer@k8s-lab']) {
    const s = must(m.get(c), c);
    assert.equal(s.state, 'ready', `${c}: ${s.error?.message ?? ''}`);
    assert.equal(s.error, undefined, `${c} has no error`);
  }
  const evil = must(m.get(`admin@${HOSTILE}`), HOSTILE);
  assert.equal(evil.state, 'ready', evil.error?.message);
  // Its 100 MB RuntimeClass list is cut at 64 MiB: that kind is not listed, and the session says so.
  await until(m, () => /the RuntimeClass list was not read: the answer is larger than 64 MiB/.test(evil.error?.message ?? ''), 'the body cap on the RuntimeClass list', 30_000);
  assert.equal(evil.snapshot().runtimeClasses, undefined);
  // Watch events without metadata are skipped with a log line, never thrown in a socket handler.
  await until(m, () => env.logs.some((l) => l.includes(`admin@${HOSTILE}`) && /skipped a watch event/.test(l)), 'a skipped watch event', 30_000);
  assert.ok(evil.snapshot().pods.some((p) => p.name === attacks.podName), 'the hostile pod is listed as data');
  assert.deepEqual(crashes, []);
  assert.ok(process.memoryUsage().rss < 1.5 * 1024 ** 3, `rss ${process.memoryUsage().rss}`);
});

test('an auth provider with a cmd-path is refused where exec is, and its program never runs', async () => {
  const s = must(m.get(`gcp@${HOSTILE}`), 'gcp context');
  assert.equal(s.state, 'failed');
  assert.match(s.error?.message ?? '', /runs a program for its credentials.*trusted workspace/);
  assert.equal(fs.existsSync(must(env.sim.hostile, 'hostile info').marker), false, 'the cmd-path script did not run');
});

test('two contexts on different servers reporting one cluster ID: neither is used for cross-cluster reads', async () => {
  await until(m, () => Boolean(m.get('admin@k8s-gpu')?.clusterIDConflict), 'the duplicate cluster ID to be seen');
  assert.deepEqual(m.get('admin@k8s-gpu')?.snapshot().clusterIDConflict, [`admin@${HOSTILE}`, `viewer@${HOSTILE}`]);
  assert.deepEqual(m.get(`admin@${HOSTILE}`)?.clusterIDConflict, ['admin@k8s-gpu', 'viewer@k8s-gpu']);
  assert.equal(m.byClusterID(attacks.clusterID), undefined, 'no session is picked for the contested ID');
  assert.equal(m.byClusterID('k8s-lab')?.context.name.endsWith('@k8s-lab'), true, 'an uncontested ID still resolves');
  const facts = buildFacts(m.snapshots());
  for (const c of facts.clusters.filter((x) => /k8s-gpu|k8s-evil/.test(x.context) && x.reachable)) assert.equal(c.clusterID, '', c.context);
  assert.equal(facts.clusters.find((c) => c.context === 'admin@k8s-lab')?.clusterID, 'k8s-lab');
});

/** The promise, or a rejection saying `what` did not happen within `ms`. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms); });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

function sink(): LogSink & { lines: string[]; notices: string[] } {
  const lines: string[] = [];
  const notices: string[] = [];
  return { lines, notices, line: (t) => { lines.push(t); }, notice: (n) => { notices.push(n); } };
}

test('a log line of 100 MB without a newline fails the stream clearly; ANSI and HTML lines arrive as text', async () => {
  const evil = must(m.get(`admin@${HOSTILE}`), HOSTILE);
  const flood = new PodLogStream({ http: evil.http, namespace: HOSTILE_NS, pod: attacks.floodPod, via: HOSTILE }, { follow: true }, sink());
  const before = process.memoryUsage().rss;
  const run = flood.run();
  await assert.rejects(within(run, 30_000, 'the flooded log stream did not fail'), /line of the stream is longer than 1 MiB/);
  flood.stop();
  assert.ok(process.memoryUsage().rss - before < 200 * 1024 ** 2, 'the flood was not held in memory');
  const chatty = sink();
  const stream = new PodLogStream({ http: evil.http, namespace: HOSTILE_NS, pod: attacks.podName, via: HOSTILE }, { follow: false }, chatty);
  await within(stream.run(), 30_000, 'the chatty log did not end');
  assert.equal(chatty.lines.length, 3);
  assert.ok(chatty.lines.every((l) => l.startsWith(attacks.logLine)), chatty.lines[0]);
  assert.deepEqual(crashes, []);
});

test('the facts with k8s-evil\'s ReDoS schemas, given to liqo-lint --facts, finish in bounded time', async () => {
  await Promise.all(m.all().map((s) => s.schemasRead));
  const dir = env.dir;
  const factsFile = path.join(dir, 'hostile-facts.json');
  fs.writeFileSync(factsFile, factsJson(buildFacts(m.snapshots())));
  assert.ok(fs.readFileSync(factsFile, 'utf8').includes(attacks.redos.replace(/\\/g, '\\\\')), 'the facts carry the hostile schema');
  const manifest = path.join(dir, 'offloading.yaml');
  fs.writeFileSync(manifest, `apiVersion: offloading.liqo.io/v1beta1
kind: NamespaceOffloading
metadata:
  name: offloading
  namespace: liqo-demo
spec:
  namespaceMappingStrategy: SelectedName
  remoteNamespaceName: ${'a'.repeat(40)}!
`);
  const started = Date.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), '--facts', factsFile, manifest], { stdio: 'ignore' });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error('liqo-lint --facts did not finish within 60 s')); }, 60_000);
    child.on('close', (c) => { clearTimeout(timer); resolve(c); });
  });
  assert.notEqual(code, null);
  assert.ok(Date.now() - started < 60_000);
});
