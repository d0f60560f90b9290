// Cancel in every confirmation: Offload Namespace, Request ResourceSlice and Unoffload Namespace are walked with
// their defaults up to their confirmation dialog, which is cancelled. The dry-run reached the cluster (offload and
// slice), and nothing else that writes did. The prompts are answered without reading their wording, so the test holds when it changes.
import * as assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { Page } from 'playwright-core';
import { Kubectl, kubectlOrError } from '../sim/kubectl';
import type { Sim } from './harness/sim';
import { startSession, type Session } from './harness/session';
import { uiTest } from './harness/uiTest';
import { until } from './harness/wait';
import type { Workbench } from './harness/workbench';

/** Answers every prompt with its default (admin@k8s-lab where a context is asked) until a dialog shows; presses its Cancel. */
async function cancelAtConfirmation(page: Page, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const input = page.locator('.quick-input-widget input');
  const dialog = page.locator('.monaco-dialog-box');
  for (;;) {
    if (Date.now() > deadline) throw new Error(`${what}: no confirmation dialog within ${timeoutMs / 1000} s`);
    if (await dialog.isVisible()) {
      await dialog.getByRole('button', { name: 'Cancel', exact: true }).click({ timeout: 15_000 });
      await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
      return;
    }
    if (await input.isVisible()) {
      const admin = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'admin@k8s-lab' }).first();
      if (await admin.isVisible()) await admin.click({ timeout: 15_000 });
      else await input.press('Enter', { timeout: 15_000 });
    }
    await page.waitForTimeout(300);
  }
}

/** Requests both clusters got after `since` (request-log lengths), as "METHOD path?query". */
function requestsSince(sim: Sim, since: Record<string, number>): string[] {
  return Object.entries(since).flatMap(([c, n]) => sim.cluster(c).requests().slice(n).map((r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ''}`));
}

const mark = (sim: Sim): Record<string, number> => ({ 'k8s-lab': sim.cluster('k8s-lab').requests().length, 'k8s-gpu': sim.cluster('k8s-gpu').requests().length });

/** Writes that change a cluster: not GETs, not dry-runs, not access reviews (which store nothing). */
const writes = (reqs: string[]): string[] => reqs.filter((r) => !r.startsWith('GET ') && !/dryRun=/.test(r) && !/authorization\.k8s\.io/.test(r));

async function run(wb: Workbench, page: Page, sim: Sim, title: string, dryRunFirst = true): Promise<string[]> {
  await wb.clearNotifications();
  const since = mark(sim);
  await wb.runCommand(title);
  await cancelAtConfirmation(page, title);
  // Give a command that went on regardless the time to send its write.
  await page.waitForTimeout(2000);
  const reqs = requestsSince(sim, since);
  if (dryRunFirst) assert.ok(reqs.some((r) => /dryRun=/.test(r)), `${title}: the server-side dry-run ran before the confirmation:\n${reqs.join('\n')}`);
  assert.deepEqual(writes(reqs), [], `${title}: Cancel sent no write`);
  return reqs;
}

describe('Cancel in confirmations', () => {
  let s: Session | undefined;
  before(async () => {
    s = await startSession();
    await s.wb.showLiqoView();
    await s.wb.treeRow(/admin@k8s-lab.*k8s-lab/).waitFor({ state: 'visible', timeout: 60_000 });
  });
  after(async () => { await s?.stop(); });

  uiTest('Cancel in Offload Namespace offloads nothing', () => s, async ({ wb, page, sim }) => {
    await run(wb, page, sim, 'Liqo: Offload Namespace');
    assert.equal(sim.cluster('k8s-lab').get('offloading.liqo.io/v1beta1', 'NamespaceOffloading', 'offloading', 'liqo-demo'), undefined);
  });

  uiTest('Cancel in Request ResourceSlice creates no slice', () => s, async ({ wb, page, sim }) => {
    await run(wb, page, sim, 'Liqo: Request ResourceSlice');
  });

  uiTest('Cancel in Unoffload Namespace keeps the offloading', () => s, async ({ wb, page, sim }) => {
    const k = new Kubectl(kubectlOrError(), sim.kubeconfigPath);
    await k.ok(['apply', '-f', '-'], { context: 'admin@k8s-lab', stdin: 'apiVersion: offloading.liqo.io/v1beta1\nkind: NamespaceOffloading\nmetadata:\n  name: offloading\n  namespace: liqo-demo\nspec:\n  podOffloadingStrategy: LocalAndRemote\n' });
    await wb.expand(wb.treeRow(/admin@k8s-lab.*k8s-lab/));
    await wb.treeRow(/Offloaded namespaces\s*1/).waitFor({ state: 'visible', timeout: 60_000 });
    // (Whether a dry-run comes first is not asked of unoffloading; a dry-run DELETE would not count as a write.)
    await run(wb, page, sim, 'Liqo: Unoffload Namespace', false);
    await until('the offloading to stay', () => sim.cluster('k8s-lab').get('offloading.liqo.io/v1beta1', 'NamespaceOffloading', 'offloading', 'liqo-demo'), 5000);
  });
});
