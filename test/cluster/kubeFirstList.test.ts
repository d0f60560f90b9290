// A kind whose first list is refused for now: API Priority and Fairness' plain-text 429, the JSON 429 a watch
// cache answers while a freshly installed CRD's storage initializes, and a 503. The session must not show the
// kind as empty-and-fine: it says the kind is not listed yet, retries as client-go's reflector does (never sooner
// than Retry-After, judged on the simulator's request log), and the objects appear. kubectl meets the same answers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { kinds, resourcePath } from '../../client/src/kube/kinds';
import type { Session } from '../../client/src/kube/session';
import type { FailureBody, RequestRecord } from '../sim/index';
import { Kubectl, kubectlOrError } from '../sim/kubectl';
import { must, readySession, startEnv, until, type Env } from './kubeHelpers';

let env: Env;
let lab: Session;
let slicesBefore = 0;
const slicesPath = resourcePath(kinds.resourceSlice);

before(async () => {
  env = await startEnv();
  lab = await readySession(env, 'admin@k8s-lab');
  slicesBefore = lab.snapshot().slices.length;
  assert.ok(slicesBefore > 0, 'the lab cluster has ResourceSlices to list');
});
after(async () => { await env.stop(); });

const cases: { name: string; code: 429 | 503; retryAfter: number; body?: FailureBody; message: RegExp }[] = [
  { name: "APF's plain-text 429", code: 429, retryAfter: 2, body: 'apf', message: /Too many requests, please try again later\./ },
  { name: 'the JSON 429 of storage (re)initializing', code: 429, retryAfter: 1, body: 'storage', message: /storage is \(re\)initializing/ },
  { name: 'a 503', code: 503, retryAfter: 1, message: /unable to handle the request/ },
];

for (const c of cases) {
  test(`the first list of ResourceSlices meets ${c.name}: not shown as empty, retried after Retry-After, then filled in`, async () => {
    const log = env.sim.cluster('k8s-lab');
    // The failure is scoped to the path, which the slices' watch shares: the watch of the case before must have
    // reached the simulator first, or it would meet the failure meant for the list.
    await watchArrived(log);
    const from = log.requests().length;
    log.faults.failNext(1, c.code, c.retryAfter, slicesPath, c.body);
    await lab.retry();
    assert.equal(lab.state, 'ready', 'the other kinds listed');
    const err = must(lab.error, 'the session says why the slices are missing');
    assert.match(err.message, /ResourceSlices not listed yet/);
    assert.match(err.message, c.message);
    assert.ok(lab.informer('resourceSlices')?.synced === false, 'the slices informer knows it has not listed');

    await until(lab, () => lab.snapshot().slices.length === slicesBefore && lab.error === undefined, 'the slices after the retry', 20_000);
    assert.equal(lab.state, 'ready');
    const lists = log.requests().slice(from).filter((r: RequestRecord) => r.method === 'GET' && r.path === slicesPath && !/watch=/.test(r.query));
    assert.ok(lists.length >= 2, `a failed list and its retry (${lists.length} lists)`);
    const [failed, retried] = lists as [RequestRecord, RequestRecord];
    assert.equal(failed.fault, String(c.code));
    assert.equal(retried.fault, undefined);
    assert.ok(retried.at - failed.at >= c.retryAfter * 1000, `retried ${retried.at - failed.at} ms after the ${c.code}, Retry-After was ${c.retryAfter} s`);
  });
}

/** Resolves once the last request on the slices' path is a watch (the session's informer is watching). */
async function watchArrived(log: ReturnType<Env['sim']['cluster']>): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const last = log.requests().filter((r: RequestRecord) => r.path === slicesPath).pop();
    if (!last || /watch=/.test(last.query)) return;
    if (Date.now() > deadline) throw new Error('timed out waiting for the session to watch ResourceSlices again');
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('kubectl meets the same 429s and, as client-go does, retries them after Retry-After', async () => {
  // Only kubectl from here: the session's watches would share the path of the injected failure.
  await watchArrived(env.sim.cluster('k8s-lab'));
  lab.dispose();
  const k = new Kubectl(kubectlOrError(), env.sim.kubeconfigPath);
  const log = env.sim.cluster('k8s-lab');
  for (const body of ['apf', 'storage'] as const) {
    const from = log.requests().length;
    log.faults.failNext(1, 429, 1, slicesPath, body);
    const r = await k.run(['get', 'resourceslices.authentication.liqo.io', '-A', '-o', 'name'], { context: 'admin@k8s-lab' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim().split('\n').filter(Boolean).length, slicesBefore);
    const lists = log.requests().slice(from).filter((x) => x.path === slicesPath && !/watch=/.test(x.query));
    assert.equal(lists[0]?.fault, '429', `${body}: kubectl met the 429: ${JSON.stringify(log.requests().slice(from))}`);
    assert.ok(lists.length >= 2 && (lists[1]?.at ?? 0) - (lists[0]?.at ?? 0) >= 1000, `${body}: kubectl came back after Retry-After`);
  }
});
