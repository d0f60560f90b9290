// liqo-facts, the built dist/facts.js, against the simulator: the same facts as the editor's Save Cluster Facts,
// its exit codes, --context, no secret in anything it prints, and the CI recipe with liqo-lint.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { buildFacts } from '../../client/src/kube/factsBuilder';
import type { ClusterFacts } from '../../server/src/liqo/clusterFacts';
import { closedPort, extraKubeconfig, startEnv, type Env } from './kubeHelpers';

const root = path.resolve(__dirname, '..', '..', '..');
const factsJs = path.join(root, 'dist', 'facts.js');
const cliJs = path.join(root, 'dist', 'cli.js');

let env: Env;
before(async () => {
  assert.ok(fs.existsSync(factsJs), 'dist/facts.js is built (node esbuild.mjs)');
  env = await startEnv();
  await env.sim.settled();
});
after(async () => { await env.stop(); });

interface Run { code: number | null; stdout: string; stderr: string }

/** Runs a built script without blocking this process, which serves the simulator. */
function run(script: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: root, env: { ...process.env, KUBECONFIG: '', ...extraEnv } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => { child.kill(); reject(new Error(`${path.basename(script)} ${args.join(' ')} did not end within ${timeoutMs} ms`)); }, timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

const facts = (...args: string[]): Promise<Run> => run(factsJs, args);
const parsed = (r: Run): ClusterFacts => JSON.parse(r.stdout) as ClusterFacts;

void test('the facts it prints are the ones the editor\'s builder makes from the same sessions', async (t) => {
  const m = env.manager();
  t.after(() => m.dispose());
  await m.startAll();
  await Promise.all(m.all().map((s) => s.schemasRead));
  const editor = buildFacts(m.snapshots());
  const r = await facts('--kubeconfig', env.sim.kubeconfigPath);
  assert.equal(r.code, 0, r.stderr);
  const headless = parsed(r);
  assert.equal(typeof headless.takenAt, 'number');
  assert.deepEqual(headless.clusters, editor.clusters);
  assert.deepEqual(headless.clusters.map((c) => [c.context, c.reachable]), [
    ['admin@k8s-gpu', true], ['admin@k8s-lab', true], ['restricted@k8s-lab', true], ['viewer@k8s-gpu', true], ['viewer@k8s-lab', true]]);
  assert.ok(Object.keys(headless.clusters[1]?.crdSchemas ?? {}).length > 0, 'the served CRD schemas are in');
  // Written as Save Cluster Facts writes its file: indented, with a final newline.
  assert.equal(r.stdout, `${JSON.stringify(headless, null, 2)}\n`);
  assert.match(r.stderr, /5 of 5 context\(s\) answered/);
});

void test('an unreachable context is reachable:false with a short reason, exit 3, and the KUBECONFIG list is merged', async () => {
  const port = await closedPort();
  const down = extraKubeconfig(env.dir, 'down', `https://127.0.0.1:${port}`);
  const r = await run(factsJs, ['--timeout', '20'], { KUBECONFIG: [env.sim.kubeconfigPath, down].join(path.delimiter) });
  assert.equal(r.code, 3, r.stderr);
  const f = parsed(r);
  assert.deepEqual(f.clusters.map((c) => c.context), ['admin@k8s-gpu', 'admin@k8s-lab', 'down', 'restricted@k8s-lab', 'viewer@k8s-gpu', 'viewer@k8s-lab']);
  const broken = f.clusters.find((c) => c.context === 'down');
  assert.equal(broken?.reachable, false);
  assert.equal(broken?.reason, 'unreachable (ECONNREFUSED)');
  assert.ok(f.clusters.filter((c) => c.context !== 'down').every((c) => c.reachable && c.reason === undefined));
  assert.ok(!r.stdout.includes(`:${port}`), 'the reason names no address');
  assert.match(r.stderr, /down: unreachable \(ECONNREFUSED\)/);
});

void test('a cluster slower than --timeout is reported unreachable, and the run ends on time', async (t) => {
  const gpu = env.sim.cluster('k8s-gpu');
  gpu.faults.setLatency(8000);
  t.after(() => gpu.faults.setLatency(0));
  const t0 = Date.now();
  const r = await facts('--kubeconfig', env.sim.kubeconfigPath, '--timeout', '2', '--context', 'admin@k8s-gpu', '--context', 'admin@k8s-lab');
  const took = Date.now() - t0;
  assert.equal(r.code, 3, r.stderr);
  assert.ok(took < 6000, `the run took ${took} ms with --timeout 2`);
  const f = parsed(r);
  assert.deepEqual(f.clusters.map((c) => [c.context, c.reachable]), [['admin@k8s-gpu', false], ['admin@k8s-lab', true]]);
  assert.ok(f.clusters[0]?.reason);
});

void test('--context keeps only the named contexts', async () => {
  const r = await facts('--kubeconfig', env.sim.kubeconfigPath, '--context', 'viewer@k8s-lab', '--context=admin@k8s-gpu');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(parsed(r).clusters.map((c) => c.context), ['admin@k8s-gpu', 'viewer@k8s-lab']);
  assert.match(r.stderr, /connecting to 2 context\(s\)/);
});

void test('usage errors exit 2 with the usage on stderr and nothing on stdout', async () => {
  for (const args of [['--bogus'], ['--timeout', 'soon'], ['--timeout', '0'], ['--context'], ['stray'],
    ['--kubeconfig', env.sim.kubeconfigPath, '--context', 'nope'], ['--kubeconfig', path.join(env.dir, 'no-such-file')]]) {
    const r = await facts(...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '', args.join(' '));
    assert.match(r.stderr, /^liqo-facts: /, args.join(' '));
  }
  const bad = await facts('--bogus');
  assert.match(bad.stderr, /usage: liqo-facts \[--kubeconfig PATH\] \[--context NAME\]\.\.\. \[--timeout S\]/);
  const help = await facts('--help');
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^usage: liqo-facts/);
});

/** What in a kubeconfig must never be printed: server addresses, tokens, certificates and keys (and their PEM bodies). */
function secretsOf(file: string): string[] {
  const kc = parse(fs.readFileSync(file, 'utf8')) as {
    clusters: { cluster: Record<string, string> }[]; users: { user: Record<string, unknown> }[];
  };
  const out: string[] = [];
  for (const c of kc.clusters) {
    const url = new URL(c.cluster.server ?? '');
    out.push(url.host);
    if (c.cluster['certificate-authority-data']) out.push(c.cluster['certificate-authority-data']);
  }
  for (const u of kc.users) {
    for (const key of ['token', 'client-certificate-data', 'client-key-data'] as const) {
      const v = u.user[key];
      if (typeof v !== 'string') continue;
      out.push(v);
      if (key !== 'token') out.push(Buffer.from(v, 'base64').toString('utf8').split('\n')[1] ?? '');
    }
  }
  return out.filter((s) => s.length >= 4);
}

void test('nothing it prints holds a server address, a token, a certificate or a key', async () => {
  const port = await closedPort();
  const down = extraKubeconfig(env.dir, 'leaky', `https://127.0.0.1:${port}`, 'sekrit-token-of-the-closed-port');
  const r = await run(factsJs, [], { KUBECONFIG: [env.sim.kubeconfigPath, down].join(path.delimiter) });
  assert.equal(r.code, 3, r.stderr);
  const secrets = [...secretsOf(env.sim.kubeconfigPath), ...secretsOf(down)];
  assert.ok(secrets.length >= 10, 'the kubeconfigs have secrets to look for');
  for (const s of secrets) {
    assert.ok(!r.stdout.includes(s), `stdout holds a secret of the kubeconfig (${s.length} characters)`);
    assert.ok(!r.stderr.includes(s), `stderr holds a secret of the kubeconfig (${s.length} characters)`);
  }
});

void test('it runs the kubeconfig\'s exec plugins: there is no workspace to trust', async () => {
  const kc = parse(fs.readFileSync(env.sim.kubeconfigPath, 'utf8')) as { clusters: { name: string; cluster: object }[]; users: { name: string; user: { token?: string } }[] };
  const token = kc.users.find((u) => u.name === 'viewer@k8s-lab')?.user.token;
  assert.ok(token);
  const credential = JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token } });
  const file = path.join(env.dir, 'exec-kubeconfig');
  fs.writeFileSync(file, JSON.stringify({
    apiVersion: 'v1', kind: 'Config', clusters: kc.clusters.filter((c) => c.name === 'k8s-lab'),
    users: [{ name: 'plugin', user: { exec: {
      apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: ['-e', `process.stdout.write(${JSON.stringify(credential)})`], interactiveMode: 'Never',
    } } }],
    contexts: [{ name: 'by-plugin', context: { cluster: 'k8s-lab', user: 'plugin' } }],
  }), { mode: 0o600 });
  const r = await facts('--kubeconfig', file);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(parsed(r).clusters.map((c) => [c.context, c.clusterID, c.reachable]), [['by-plugin', 'k8s-lab', true]]);
  assert.ok(!r.stdout.includes(token) && !r.stderr.includes(token));
});

void test('the CI recipe: liqo-facts > facts.json && liqo-lint --facts facts.json finds what only live clusters show', async () => {
  const dir = fs.mkdtempSync(path.join(env.dir, 'ci-'));
  const manifests = path.join(dir, 'manifests');
  fs.mkdirSync(manifests);
  // A slice on the consumer asking its provider for two GPUs; the provider's nodes have one (LIQO128).
  fs.writeFileSync(path.join(manifests, 'slice.yaml'), [
    'apiVersion: authentication.liqo.io/v1beta1', 'kind: ResourceSlice', 'metadata:', '  name: two-gpus', '  namespace: liqo-tenant-k8s-gpu',
    '  labels:', '    liqo.io/replication: "true"', '    liqo.io/remoteID: k8s-gpu', '    liqo.io/remote-cluster-id: k8s-gpu',
    '  annotations:', '    liqo.io/create-virtual-node: "true"', 'spec:', '  class: default', '  providerClusterID: k8s-gpu', '  resources:', '    nvidia.com/gpu: "2"', '',
  ].join('\n'));
  const r = await facts('--kubeconfig', env.sim.kubeconfigPath);
  assert.equal(r.code, 0, r.stderr);
  const factsFile = path.join(dir, 'facts.json');
  fs.writeFileSync(factsFile, r.stdout);
  const codes = async (args: string[]): Promise<string[]> => {
    const lint = await run(cliJs, ['--format', 'json', ...args, manifests]);
    return (JSON.parse(lint.stdout) as { code: string }[]).map((f) => f.code);
  };
  assert.deepEqual(await codes([]), []);
  assert.deepEqual(await codes(['--facts', factsFile]), ['LIQO128']);
});
