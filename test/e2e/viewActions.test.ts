// Actions of the Liqo view as a user clicks them: the inline Offload on a pod waiting for a GPU asks about that
// pod's namespace (its confirmation is cancelled, so nothing changes), Refresh lists the clusters again, and Show
// Output opens the Liqo channel, which holds no credential of the kubeconfig.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe } from 'node:test';
import { startSession, type Session } from './harness/session';
import { uiTest } from './harness/uiTest';
import { until, untilAsync } from './harness/wait';

describe('Liqo view actions', () => {
  let s: Session | undefined;
  before(async () => {
    s = await startSession();
    await s.wb.showLiqoView();
    await s.wb.widenSideBar();
    await s.wb.treeRow(/admin@k8s-lab.*k8s-lab/).waitFor({ state: 'visible', timeout: 60_000 });
  });
  after(async () => { await s?.stop(); });

  uiTest('the inline Offload on a waiting GPU pod offers to offload that pod\'s namespace', () => s, async ({ wb, page, sim }) => {
    await wb.expand(wb.treeRow(/admin@k8s-lab.*k8s-lab/));
    await wb.expand(wb.treeRow('Waiting for a GPU'));
    const row = wb.treeRow(/web-nvidia-smi.*liqo-demo · 1 GPU · Pending/);
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    const since = sim.cluster('k8s-lab').requests().length;
    await row.hover();
    await row.locator('.action-label[aria-label^="Offload Namespace"]').click({ timeout: 15_000 });
    // The pod says which context and namespace: the next thing asked may be options, never which namespace.
    const dialog = page.locator('.monaco-dialog-box');
    const input = page.locator('.quick-input-widget input');
    await untilAsync('the confirmation of offloading liqo-demo', async () => {
      if (await dialog.isVisible()) return true;
      if (await input.isVisible()) {
        assert.ok(!/Namespace to offload/.test((await input.getAttribute('placeholder')) ?? ''), 'the namespace is not asked again');
        await input.press('Enter');
      }
      return undefined;
    }, 60_000, 300);
    assert.match(await dialog.innerText(), /liqo-demo/);
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
    const reqs = sim.cluster('k8s-lab').requests().slice(since).map((r) => `${r.method} ${r.path}?${r.query}`);
    assert.ok(reqs.some((r) => /^POST \/apis\/offloading\.liqo\.io\/v1beta1\/namespaces\/liqo-demo\/namespaceoffloadings\?.*dryRun=All/.test(r)),
      `a dry-run of the offloading of liqo-demo:\n${reqs.join('\n')}`);
    assert.equal(sim.cluster('k8s-lab').get('offloading.liqo.io/v1beta1', 'NamespaceOffloading', 'offloading', 'liqo-demo'), undefined);
  });

  uiTest('Refresh on the view\'s title bar lists every cluster again', () => s, async ({ wb, page, sim }) => {
    const since = { lab: sim.cluster('k8s-lab').requests().length, gpu: sim.cluster('k8s-gpu').requests().length };
    const lists = (c: 'k8s-lab' | 'k8s-gpu', n: number): string[] => sim.cluster(c).requests().slice(n)
      .filter((r) => r.method === 'GET' && /\/namespaceoffloadings$/.test(r.path) && !/watch=/.test(r.query)).map((r) => r.path);
    await page.locator(`[id="workbench.view.extension.liqo"]`).hover();
    await page.locator('.part.sidebar .title-actions .action-label[aria-label^="Refresh"], .pane-header .actions .action-label[aria-label^="Refresh"]').first().click({ timeout: 15_000 });
    await until('new lists of NamespaceOffloadings on both clusters after Refresh', () => lists('k8s-lab', since.lab).length > 0 && lists('k8s-gpu', since.gpu).length > 0 || undefined, 30_000);
    await wb.treeRow(/admin@k8s-lab.*k8s-lab/).waitFor({ state: 'visible', timeout: 30_000 });
  });

  uiTest('Show Output opens the Liqo channel, with lines and no credential of the kubeconfig', () => s, async ({ wb, page, kubeconfig }) => {
    await wb.runCommand('Liqo: Show Output');
    const panel = page.locator('.part.panel .output-view, .part.panel [id="workbench.panel.output"]').first();
    await panel.waitFor({ state: 'visible', timeout: 15_000 });
    const text = await untilAsync('lines in the Liqo output channel', async () => {
      const t = await page.locator('.part.panel .monaco-editor .view-lines').first().innerText();
      return t.trim().length > 0 ? t : undefined;
    }, 15_000);
    const secrets = kubeconfig.split(':').flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/(?:token|client-certificate-data|client-key-data|certificate-authority-data):\s*(\S+)/g)].map((m) => m[1] ?? ''));
    assert.ok(secrets.length >= 4, 'the kubeconfig has credentials to look for');
    // The panel shows what fits; a credential is long, so any visible part of one would show its first 20 characters.
    assert.deepEqual(secrets.filter((x) => text.includes(x.slice(0, 20))).map((x) => `${x.slice(0, 6)}…`), [], 'no credential in the Output channel');
  });
});
