// The Liqo view against the simulator: both contexts, the virtual node with its GPU, and an error item for a
// context whose API server does not answer, while the others keep working.
import { after, before, describe } from 'node:test';
import { closedPort, unreachableKubeconfig } from './harness/kubeconfig';
import { startSession, type Session } from './harness/session';
import { uiTest } from './harness/uiTest';

describe('Liqo view', () => {
  let s: Session | undefined;
  before(async () => {
    s = await startSession({ extraKubeconfig: unreachableKubeconfig('admin@k8s-down', await closedPort()) });
  });
  after(async () => { await s?.stop(); });

  uiTest('lists admin@k8s-lab and admin@k8s-gpu', () => s, async ({ wb }) => {
    await wb.showLiqoView();
    await wb.widenSideBar();
    await wb.treeRow('admin@k8s-lab').waitFor({ state: 'visible', timeout: 30_000 });
    await wb.treeRow('admin@k8s-gpu').waitFor({ state: 'visible', timeout: 30_000 });
    await wb.screenshot('tree-contexts');
  });

  uiTest('k8s-lab shows the virtual node k8s-gpu with 1 GPU', () => s, async ({ wb, page }) => {
    await wb.showLiqoView();
    await wb.expand(wb.treeRow(/admin@k8s-lab.*k8s-lab/));
    await wb.expand(wb.treeRow('Virtual nodes'));
    const vn = page.locator('[id="workbench.view.extension.liqo"] .monaco-list-row[aria-level="3"]', { hasText: '1 GPU' })
      .filter({ hasText: 'k8s-gpu' }).first();
    await vn.waitFor({ state: 'visible', timeout: 30_000 });
    await wb.screenshot('06-tree-virtual-node-gpu');
  });

  uiTest('a context on a closed port shows an error item while the others work', () => s, async ({ wb }) => {
    await wb.showLiqoView();
    await wb.treeRow(/admin@k8s-down.*unreachable/).waitFor({ state: 'visible', timeout: 60_000 });
    await wb.treeRow(/admin@k8s-lab.*k8s-lab/).waitFor({ state: 'visible' });
    await wb.treeRow('Virtual nodes').waitFor({ state: 'visible' });
    await wb.screenshot('tree-unreachable-context');
  });

  uiTest('the walkthrough opens from the palette, and its step opens the Liqo view', () => s, async ({ wb, page }) => {
    await wb.runCommand('Welcome: Open Walkthrough');
    await wb.pick('Share GPUs with Liqo');
    const step = page.locator('.getting-started-step', { hasText: 'Find the GPUs other clusters lend you' }).first();
    await step.waitFor({ state: 'visible', timeout: 30_000 });
    await step.click();
    await wb.screenshot('11-walkthrough');
    await page.getByRole('button', { name: 'Open the Liqo view' }).click();
    await wb.treeRow(/admin@k8s-lab.*k8s-lab/).waitFor({ state: 'visible', timeout: 30_000 });
  });
});
