// The hostile cluster k8s-evil in the workbench: its admission webhook refuses the offload dry-run with links that
// would type into a terminal and overwrite a file. Every link of the error notification is clicked; nothing runs.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe } from 'node:test';
import { startSession, type Session } from './harness/session';
import { uiTest } from './harness/uiTest';
import { untilAsync } from './harness/wait';

describe('a hostile cluster', () => {
  let s: Session | undefined;
  before(async () => { s = await startSession({ hostile: true }); });
  after(async () => { await s?.stop(); });

  uiTest('the tree says k8s-evil claims another server\'s cluster ID; the other clusters show as usual', () => s, async ({ wb }) => {
    await wb.showLiqoView();
    await wb.widenSideBar();
    await wb.treeRow(/admin@k8s-evil.*cluster ID k8s-gpu is also reported by admin@k8s-gpu/).waitFor({ state: 'visible', timeout: 60_000 });
    await wb.treeRow(/admin@k8s-lab\s*k8s-lab · Liqo v1\.2\.0/).waitFor({ state: 'visible', timeout: 30_000 });
  });

  uiTest('the offload dry-run refused with command links: clicking every link of the error runs nothing', () => s, async ({ wb, page, sim }) => {
    const hostile = sim.hostile;
    assert.ok(hostile, 'the simulator runs k8s-evil');
    // A terminal for the link to type into, had it been a link.
    await wb.runCommand('Terminal: Create New Terminal');
    await page.locator('.terminal-wrapper').first().waitFor({ state: 'visible', timeout: 30_000 });
    // From the context's menu in the tree: the palette offers only contexts with virtual nodes.
    // A menu can ignore a click that comes right after it opened: click until the command asks its first question.
    await wb.treeRow(/admin@k8s-evil/).click({ button: 'right' });
    const item = page.locator('.monaco-menu .action-label', { hasText: 'Offload Namespace' }).first();
    await item.waitFor({ state: 'visible', timeout: 15_000 });
    await untilAsync('Offload Namespace from the context menu to ask for a namespace', async () => {
      if (await item.isVisible()) await item.click({ timeout: 2_000 }).catch(() => undefined);
      return (await wb.quickInput('Namespace to offload').isVisible()) || undefined;
    }, 30_000, 1_000);
    await wb.answer('Namespace to offload', 'liqo-demo');
    await wb.answer('Pod offloading strategy');
    await wb.answer('Namespace mapping strategy');
    await wb.answer('Cluster selector');
    const toast = wb.notification(/refused the offloading of liqo-demo/);
    await toast.waitFor({ state: 'visible', timeout: 30_000 });
    const message = toast.locator('.notification-list-item-message');
    const text = await message.innerText();
    const links = await message.locator('a').all();
    for (const link of links) await link.click();
    const buttons = await toast.locator('.notification-list-item-buttons-container .monaco-button').all();
    assert.deepEqual(await Promise.all(buttons.map((b) => b.innerText())), ['Details']);
    for (const b of buttons) await b.click();
    // Details shows the webhook's text in the output channel, as plain text.
    await page.locator('.output-view .view-lines', { hasText: 'Request an exemption](command:' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await wb.screenshot('hostile-offload-refused');
    // Had a link run, the terminal would have created victim.json.pwned, or Save Cluster Facts asked to replace
    // victim.json. Give either the time a shell takes.
    await new Promise((r) => setTimeout(r, 3_000));
    assert.equal(existsSync(`${hostile.victim}.pwned`), false, 'nothing was typed into the terminal');
    assert.equal(readFileSync(hostile.victim, 'utf8'), '{"precious": true}\n');
    assert.equal(await page.locator('.monaco-dialog-box, .quick-input-widget:visible').count(), 0, 'no dialog was opened');
    assert.equal(links.length, 0, 'the notification has no links');
    // The webhook's words are there, as words.
    assert.match(text, /Request an exemption\] \(command:workbench\.action\.terminal\.sendSequence/);
  });

  uiTest('with k8s-evil connected, the language server still checks manifests', () => s, async ({ wb }) => {
    await wb.openFile('namespace-offloading-mistakes.yaml', 'NamespaceOffloading');
    const problems = await wb.showProblems();
    await problems.locator('.monaco-list-row', { hasText: 'LIQO101' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  });
});
