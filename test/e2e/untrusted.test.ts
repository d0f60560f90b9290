// An untrusted workspace (Restricted Mode): manifests are still checked, the Liqo view says cluster access is off,
// and the extension sends not one request to the clusters of the kubeconfig, even when asked to refresh.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { startSession, type Session } from './harness/session';
import { uiTest } from './harness/uiTest';

describe('an untrusted workspace', () => {
  let s: Session | undefined;
  before(async () => { s = await startSession({ trusted: false }); });
  after(async () => { await s?.stop(); });

  uiTest('checks manifests, keeps cluster access off, and sends no request to any cluster', () => s, async ({ wb, page, sim }) => {
    const editor = await wb.openFile('gpu-resourceslice-mistakes.yaml', 'ResourceSlice');
    await editor.locator('.squiggly-error').first().waitFor({ state: 'attached', timeout: 60_000 });
    await wb.showProblems();
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'LIQO121' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await wb.showLiqoView();
    await page.getByText('Cluster access is off in an untrusted workspace').first().waitFor({ state: 'visible', timeout: 30_000 });
    // Refresh is on the view's title bar; from the palette it must not start cluster access either.
    await wb.runCommand('Liqo: Refresh');
    await page.waitForTimeout(3000);
    await wb.screenshot('untrusted-workspace');
    const requests = ['k8s-lab', 'k8s-gpu'].flatMap((c) => sim.cluster(c).requests().map((r) => `${c} ${r.method} ${r.path}`));
    assert.deepEqual(requests, [], 'no request reached a cluster');
  });
});
