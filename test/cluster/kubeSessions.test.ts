// One session per context, and a failing cluster never delays or hides the others.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTree } from '../../client/src/views/model';
import { closedPort, extraKubeconfig, must, startEnv, until, type Env } from './kubeHelpers';

let env: Env;
before(async () => { env = await startEnv(); });
after(async () => { await env.stop(); });

void test('every context of the merged kubeconfig gets its own session; a closed port fails alone', async (t) => {
  const port = await closedPort();
  const m = env.manager([extraKubeconfig(env.dir, 'down', `https://127.0.0.1:${port}`)]);
  // Each test's watches end with it, so no test leaves streams open on the simulator for the next.
  t.after(() => m.dispose());
  assert.deepEqual(m.contexts().map((c) => c.name).sort(), ['admin@k8s-gpu', 'admin@k8s-lab', 'down', 'restricted@k8s-lab', 'viewer@k8s-gpu', 'viewer@k8s-lab']);
  await m.startAll();
  const states = Object.fromEntries(m.all().map((s) => [s.context.name, s.state]));
  assert.deepEqual(states, { 'admin@k8s-lab': 'ready', 'viewer@k8s-lab': 'ready', 'admin@k8s-gpu': 'ready', 'viewer@k8s-gpu': 'ready', 'restricted@k8s-lab': 'ready', down: 'failed' });
  const down = must(m.get('down'), 'down');
  assert.equal(down.error?.kind, 'unreachable');
  const lab = must(m.get('admin@k8s-lab'), 'lab');
  assert.equal(lab.clusterID, 'k8s-lab');
  assert.equal(lab.liqoVersion, 'v1.2.0');
  // The tree has both clusters with the virtual node and its GPU, and the broken one with its reason.
  const tree = buildTree(m.snapshots());
  assert.deepEqual(tree.map((n) => [n.label, n.contextValue]), [
    ['admin@k8s-gpu', 'liqo.context.ready'], ['admin@k8s-lab', 'liqo.context.ready'], ['down', 'liqo.context.failed'],
    ['restricted@k8s-lab', 'liqo.context.ready'], ['viewer@k8s-gpu', 'liqo.context.ready'], ['viewer@k8s-lab', 'liqo.context.ready']]);
  const vn = tree[1]?.children?.find((c) => c.label === 'Virtual nodes')?.children?.[0];
  assert.equal(vn?.label, 'k8s-gpu');
  assert.match(vn?.description ?? '', /1 GPU/);
});

void test('a slow cluster is reported as slow and does not delay the others', async (t) => {
  const gpu = env.sim.cluster('k8s-gpu');
  gpu.faults.setLatency(9000);
  try {
    const m = env.manager([], { timeoutMs: 4000 });
    // Each test's watches end with it, so no test leaves streams open on the simulator for the next.
    t.after(() => m.dispose());
    const readyAt = new Map<string, number>();
    let slowFailedAt = Infinity;
    const t0 = Date.now();
    m.onDidChange((e) => {
      const st = m.get(e.context)?.state;
      if (e.what === 'state' && st === 'ready' && !readyAt.has(e.context)) readyAt.set(e.context, Date.now() - t0);
      if (e.context === 'admin@k8s-gpu' && st === 'failed') slowFailedAt = Math.min(slowFailedAt, Date.now() - t0);
    });
    await m.startAll();
    assert.equal(m.get('admin@k8s-gpu')?.state, 'failed');
    assert.equal(m.get('admin@k8s-gpu')?.error?.kind, 'slow');
    assert.equal(m.get('admin@k8s-lab')?.state, 'ready');
    // The fast cluster does not wait for the slow one's timeout.
    const labReady = readyAt.get('admin@k8s-lab') ?? Infinity;
    assert.ok(labReady < slowFailedAt, `the fast cluster was ready after ${labReady} ms, the slow one failed after ${slowFailedAt} ms`);
    gpu.faults.setLatency(0);
    await must(m.get('admin@k8s-gpu'), 'gpu').retry();
    assert.equal(m.get('admin@k8s-gpu')?.state, 'ready');
  } finally {
    gpu.faults.setLatency(0);
  }
});

void test('a revoked token gives an unauthorised viewer, and the admin context of the same cluster is unaffected', async (t) => {
  const lab = env.sim.cluster('k8s-lab');
  lab.faults.revokeToken('viewer@k8s-lab');
  const m = env.manager();
  // Each test's watches end with it, so no test leaves streams open on the simulator for the next.
  t.after(() => m.dispose());
  await m.startAll();
  assert.equal(m.get('viewer@k8s-lab')?.state, 'failed');
  assert.equal(m.get('viewer@k8s-lab')?.error?.kind, 'unauthorised');
  assert.equal(m.get('admin@k8s-lab')?.state, 'ready');
  assert.equal(m.get('viewer@k8s-gpu')?.state, 'ready');
});

void test('a cluster that stops while watched shows a warning and heals when it comes back', async (t) => {
  const m = env.manager();
  // Each test's watches end with it, so no test leaves streams open on the simulator for the next.
  t.after(() => m.dispose());
  await m.startAll();
  const gpu = env.sim.cluster('k8s-gpu');
  const s = must(m.get('admin@k8s-gpu'), 'gpu');
  await gpu.faults.stop();
  await until(m, () => s.error !== undefined, 'the watch failure to show');
  assert.equal(s.state, 'ready', 'the cached tree stays, marked as degraded');
  assert.equal(m.get('admin@k8s-lab')?.error, undefined);
  await gpu.faults.restart();
  await until(m, () => s.error === undefined, 'the session to heal', 40_000);
});

void test('a server that answers 503 at first is retried by itself', async (t) => {
  const m = env.manager([], { autoRetry: true });
  // Each test's watches end with it, so no test leaves streams open on the simulator for the next.
  t.after(() => m.dispose());
  env.sim.cluster('k8s-lab').faults.failNext(1, 503, 0);
  const s = must(m.get('admin@k8s-lab'), 'lab');
  await s.start();
  // The probe met the 503: the session shows the failure, then heals with no call from the test.
  assert.equal(s.state, 'failed', 'the first attempt meets the 503');
  assert.equal(s.error?.kind, 'server');
  await until(m, () => s.state === 'ready', 'the automatic retry after a 503', 15_000);
  assert.equal(s.error, undefined);
});

void test('a context without Liqo is reported as such', async (t) => {
  const { createServer } = await import('node:http');
  const srv = createServer((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    if (req.url === '/version') { res.end('{"major":"1","minor":"31"}'); return; }
    res.statusCode = 404;
    res.end('{"kind":"Status","code":404,"reason":"NotFound","message":"not found"}');
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  try {
    const port = (srv.address() as { port: number }).port;
    const m = env.manager([extraKubeconfig(env.dir, 'plain', `http://127.0.0.1:${port}`)]);
    // Each test's watches end with it, so no test leaves streams open on the simulator for the next.
    t.after(() => m.dispose());
    const s = must(m.get('plain'), 'plain');
    await s.start();
    assert.equal(s.state, 'failed');
    assert.equal(s.error?.kind, 'notLiqo');
  } finally {
    srv.close();
  }
});

void test('a kubeconfig change adds and removes contexts and keeps the sessions of unchanged ones', async (t) => {
  const port = await closedPort();
  const extra = extraKubeconfig(env.dir, 'later', `https://127.0.0.1:${port}`);
  const m = env.manager();
  // Each test's watches end with it, so no test leaves streams open on the simulator for the next.
  t.after(() => m.dispose());
  await m.startAll();
  const lab = m.get('admin@k8s-lab');
  m.load([env.sim.kubeconfigPath, extra]);
  assert.ok(m.get('later'), 'the new context has a session');
  assert.equal(m.get('admin@k8s-lab'), lab, 'the unchanged context kept its session');
  assert.equal(lab?.state, 'ready');
  m.load([env.sim.kubeconfigPath]);
  assert.equal(m.get('later'), undefined);
});
