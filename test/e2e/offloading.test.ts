// The talk's demo as a user does it in the workbench: offload liqo-demo from the palette, see the GPU pod run on the
// virtual node, stream its logs across a dropped stream, and unoffload. Each step builds on the last, so they are
// the named steps of one test (harness/step.ts): the first that fails ends it and names itself, with no cascade.
import * as assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { until, untilAsync } from './harness/wait';
import { startSession, type Session } from './harness/session';
import { step } from './harness/step';
import { uiTest } from './harness/uiTest';

const twin = 'liqo-demo-k8s-lab';

/** The seq=N numbers of the log lines, in order. */
function seqs(text: string): number[] {
  return [...text.matchAll(/seq=(\d+)/g)].map((m) => Number(m[1]));
}

describe('offloading, logs and unoffloading', () => {
  let s: Session | undefined;
  before(async () => { s = await startSession(); });
  after(async () => { await s?.stop(); });

  uiTest('offload liqo-demo, its GPU pod on the virtual node, logs across a dropped stream, the viewer\'s controls, unoffload', () => s, async ({ wb, page, sim }) => {
    await step('Offload Namespace from the palette, with defaults and the confirmation, offloads liqo-demo', async () => {
      await wb.showLiqoView();
      await wb.widenSideBar();
      await wb.treeRow(/admin@k8s-lab.*k8s-lab/).waitFor({ state: 'visible', timeout: 30_000 });
      // Before: the GPU pod waits on the consumer, which has no GPU of its own.
      await wb.expand(wb.treeRow(/admin@k8s-lab.*k8s-lab/));
      await wb.expand(wb.treeRow('Waiting for a GPU'));
      await wb.treeRow(/web-nvidia-smi.*liqo-demo · 1 GPU · Pending/).waitFor({ state: 'visible', timeout: 30_000 });
      // Both k8s-lab contexts see the virtual node, so the command asks which one.
      const confirm = await wb.offloadFromPalette('admin@k8s-lab', 'liqo-demo');
      await wb.screenshot('07-offload-confirm');
      await confirm.click();
      await wb.expand(wb.treeRow(/admin@k8s-lab.*k8s-lab/));
      // The folder gets its arrow with its first child; expanding it before would race the offloading's arrival.
      await wb.expand(wb.treeRow(/Offloaded namespaces\s*1/));
      await wb.treeRow(new RegExp(`liqo-demo.*Ready.*twin ${twin}`)).waitFor({ state: 'visible', timeout: 60_000 });
      await wb.expectNotification(/liqo-demo is offloaded/);
      await wb.clearNotifications();
      // The pod no longer waits: the next step finds it running on the virtual node.
      await wb.treeRow('Waiting for a GPU').waitFor({ state: 'detached', timeout: 60_000 });
    });

    await step('the twin namespace exists on k8s-gpu and the GPU pod runs on the virtual node', async () => {
      await until('the twin namespace on k8s-gpu', () => sim.cluster('k8s-gpu').get('v1', 'Namespace', twin), 30_000);
      await wb.expand(wb.treeRow('Virtual nodes'));
      const vn = page.locator('[id="workbench.view.extension.liqo"] .monaco-list-row[aria-level="3"]', { hasText: '1 GPU (1 in use)' }).first();
      await wb.expand(vn);
      await page.locator('[id="workbench.view.extension.liqo"] .monaco-list-row[aria-level="4"]', { hasText: /web-nvidia-smi.*liqo-demo.*Running/ })
        .first().waitFor({ state: 'visible', timeout: 60_000 });
      await wb.screenshot('08-offloaded-gpu-pod-running');
    });

    await step('Stream Logs shows nvidia-smi lines in its viewer, and they carry on without a gap after the stream drops', async () => {
      await wb.clearNotifications();
      await wb.runCommand('Liqo: Stream Logs');
      await wb.answer('Context', 'admin@k8s-lab');
      await wb.answer('Pod', 'web-nvidia-smi');
      await wb.answer('Options');
      await wb.answer('How much history');
      await wb.tab(/Logs: admin@k8s-lab\/liqo-demo\/web-nvidia-smi/).waitFor({ state: 'visible', timeout: 30_000 });
      const view = wb.webview();
      const rows = view.locator('#lines .line:not(.notice)');
      await rows.filter({ hasText: 'NVIDIA' }).first().waitFor({ state: 'visible', timeout: 30_000 });
      const seqsNow = async () => seqs((await rows.allTextContents()).join('\n'));
      const before = await untilAsync('five log lines in the viewer', async () => {
        const n = await seqsNow();
        return n.length >= 5 ? n : undefined;
      }, 30_000);
      const last = Math.max(...before);
      sim.cluster('k8s-lab').faults.dropLogStreams();
      sim.cluster('k8s-gpu').faults.dropLogStreams();
      const after = await untilAsync('log lines after the dropped stream', async () => {
        const n = await seqsNow();
        return Math.max(...n) >= last + 10 ? n : undefined;
      }, 60_000);
      const gaps = after.slice(1).filter((n, i) => n !== (after[i] ?? 0) + 1);
      assert.deepEqual(gaps, [], `seq is not continuous: ${after.join(',')}`);
      await view.locator('#lines .notice', { hasText: /reconnecting/ }).first().waitFor({ state: 'attached', timeout: 10_000 });
      await wb.screenshot('09-logs');
    });

    await step('the viewer shows timestamps on demand, filters lines, and its Stop button ends the stream', async () => {
      const view = wb.webview();
      const firstLine = view.locator('#lines .line:not(.notice)').first();
      assert.match(await firstLine.innerText(), /^seq=\d+ /);
      await view.locator('#timestamps').check();
      await untilAsync('a timestamp in front of the line', async () => /^\d{4}-\d\d-\d\dT[\d:.]+Z seq=\d+ /.test(await firstLine.innerText()) || undefined, 15_000);
      await view.locator('#timestamps').uncheck();
      await view.locator('#filter').fill('/^seq=\\d*7 /');
      const visible = view.locator('#lines .line:visible');
      await untilAsync('only lines ending in 7', async () => {
        const texts = await visible.allInnerTexts();
        return texts.length > 0 && texts.every((t) => /^seq=\d*7 /.test(t)) ? texts : undefined;
      }, 15_000);
      await view.locator('#status', { hasText: /shown/ }).waitFor({ state: 'visible', timeout: 15_000 });
      await view.locator('#filter').fill('');
      await view.locator('#stop').click();
      await view.locator('#status', { hasText: /^stopped/ }).waitFor({ state: 'visible', timeout: 15_000 });
      await view.locator('#lines .notice', { hasText: '[liqo] stopped' }).waitFor({ state: 'visible', timeout: 15_000 });
      assert.equal(await view.locator('#stop').isDisabled(), true);
    });

    await step('Unoffload Namespace as the read-only viewer says who may not delete what, before any dry-run', async () => {
      await wb.clearNotifications();
      const from = sim.cluster('k8s-lab').requests().length;
      await wb.runCommand('Liqo: Unoffload Namespace');
      await wb.answer('Context', 'viewer@k8s-lab');
      await wb.answer('Offloaded namespace', 'liqo-demo');
      await wb.expectNotification(/cannot unoffload liqo-demo with context viewer@k8s-lab \(https:\/\/127\.0\.0\.1:\d+\): viewer@k8s-lab may not delete namespaceoffloadings\.offloading\.liqo\.io "offloading" in namespace liqo-demo/);
      const deletes = sim.cluster('k8s-lab').requests().slice(from).filter((r) => r.method === 'DELETE');
      assert.deepEqual(deletes, [], 'no delete, not even a dry-run, was sent');
    });

    await step('Unoffload Namespace with the confirmation removes the twin namespace', async () => {
      await wb.clearNotifications();
      await wb.runCommand('Liqo: Unoffload Namespace');
      await wb.answer('Context', 'admin@k8s-lab');
      await wb.answer('Offloaded namespace', 'liqo-demo');
      const confirm = await wb.dialogButton('Unoffload');
      await confirm.click();
      await until('the twin namespace to go', () => sim.cluster('k8s-gpu').get('v1', 'Namespace', twin) === undefined, 60_000);
      await wb.treeRow(new RegExp(`liqo-demo.*twin ${twin}`)).waitFor({ state: 'detached', timeout: 30_000 });
      await wb.expectNotification(/liqo-demo is no longer offloaded/);
      await wb.screenshot('10-unoffloaded');
    });
  });
});
