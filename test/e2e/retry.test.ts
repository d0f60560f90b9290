// Retry on a context whose cluster was down, as a user clicks it in the Liqo view. k8s-gpu is stopped before the view
// first connects, so both of its contexts show their error item. It then comes back (same port, same data) but
// answers each context's first probe 503 with Retry-After: 300, as an API server still starting can, so the
// extension's own retry waits five minutes: within this test only the Retry action can bring admin@k8s-gpu back,
// and viewer@k8s-gpu, not retried, is the control that stays failed.
import * as assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { startSession, type Session } from './harness/session';
import { uiTest } from './harness/uiTest';
import { until } from './harness/wait';

/** The discovery document every session reads first (client/src/kube/session.ts). */
const probe = '/apis/offloading.liqo.io/v1beta1';
const starting = /unable to handle the request/;

describe('Retry on a failed context', () => {
  let s: Session | undefined;
  before(async () => {
    s = await startSession();
    // Cluster access starts when the Liqo view is first shown: k8s-gpu is down by then.
    await s.sim.cluster('k8s-gpu').faults.stop();
  });
  after(async () => { await s?.stop(); });

  uiTest('a context whose cluster was down loads when its Retry action is clicked, and only that one', () => s, async ({ wb, sim }) => {
    const gpu = sim.cluster('k8s-gpu');
    await wb.showLiqoView();
    await wb.widenSideBar();
    await wb.treeRow(/admin@k8s-gpu.*unreachable/).waitFor({ state: 'visible', timeout: 60_000 });
    await wb.treeRow(/viewer@k8s-gpu.*unreachable/).waitFor({ state: 'visible', timeout: 60_000 });
    await wb.treeRow(/admin@k8s-lab.*k8s-lab · Liqo/).waitFor({ state: 'visible', timeout: 60_000 });

    gpu.faults.failNext(2, 503, 300, probe);
    await gpu.faults.restart();
    const refused = (): number => gpu.requests().filter((r) => r.path === probe && r.fault === '503').length;
    await until('both k8s-gpu contexts to retry by themselves and meet the 503', () => refused() === 2 || undefined, 60_000);
    const admin = wb.treeRow(/admin@k8s-gpu/);
    await wb.treeRow(new RegExp(`admin@k8s-gpu.*${starting.source}`)).waitFor({ state: 'visible', timeout: 15_000 });
    await wb.treeRow(new RegExp(`viewer@k8s-gpu.*${starting.source}`)).waitFor({ state: 'visible', timeout: 15_000 });
    await wb.screenshot('retry-before');

    await admin.hover();
    await admin.locator('.action-label[aria-label^="Retry"]').click({ timeout: 15_000 });
    await wb.treeRow(/admin@k8s-gpu.*k8s-gpu · Liqo/).waitFor({ state: 'visible', timeout: 30_000 });
    await wb.screenshot('retry-after');
    assert.match(await wb.treeRow(/viewer@k8s-gpu/).innerText(), starting, 'viewer@k8s-gpu, not retried, still waits out its Retry-After');
    assert.equal(refused(), 2, 'the Retry met no injected failure');
    const probes = gpu.requests().filter((r) => r.path === probe && !r.fault);
    assert.ok(probes.length >= 1, 'Retry probed k8s-gpu again');
  });
});
