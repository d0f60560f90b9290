// The log viewer's own controls in the workbench, on the GPU pod of liqo-demo offloaded to k8s-gpu: Wrap, scrolling up to pause following,
// Save of all lines and of the filtered ones, the Stop Logs command, closing the viewer ending its stream, and
// liqo.logs.tailLines changed in the user's settings.json while the editor runs. Each
// test opens a viewer of its own, so that a failure names the control that broke.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { after, before, describe } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { Kubectl, kubectlOrError } from '../sim/kubectl';
import { startSession, type Session } from './harness/session';
import { uiTest } from './harness/uiTest';
import { untilAsync } from './harness/wait';
import type { Workbench } from './harness/workbench';

const pod = 'web-nvidia-smi';

/** What the tests read of DOM elements (the test code is compiled without the DOM's types). */
interface Box { scrollTop: number; scrollHeight: number; clientHeight: number }
const styleOf = (e: unknown): string => (globalThis as unknown as { getComputedStyle(x: unknown): { whiteSpace: string } }).getComputedStyle(e).whiteSpace;

async function streamLogs(wb: Workbench): Promise<FrameLocator> {
  await wb.clearNotifications();
  await wb.runCommand('Liqo: Stream Logs');
  await wb.answer('Context', 'admin@k8s-lab');
  await wb.answer('Pod', pod);
  await wb.answer('Options');
  await wb.answer('How much history');
  await wb.tab(new RegExp(`Logs: admin@k8s-lab/liqo-demo/${pod}`)).waitFor({ state: 'visible', timeout: 30_000 });
  const view = wb.webview();
  await view.locator('#lines .line:not(.notice)').nth(4).waitFor({ state: 'attached', timeout: 30_000 });
  return view;
}

/** Saves through VS Code's save dialog (the simple one in the browser) under its default name, in the workspace;
 *  returns the saved lines and removes the file, so that the next save meets no overwrite question. */
async function save(page: Page, view: FrameLocator, workspace: string): Promise<string[]> {
  await view.locator('#save').click();
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 15_000 });
  const file = await untilAsync('the saved log file in the workspace', async () => readdirSync(workspace).find((f) => f.endsWith('.log')), 15_000);
  const text = await untilAsync(`${file} to be written`, async () => readFileSync(path.join(workspace, file), 'utf8') || undefined, 15_000);
  rmSync(path.join(workspace, file));
  return text.split('\n').filter((l) => l !== '');
}

/**
 * Takes the keyboard focus out of a webview (which keeps F1 to itself) by clicking the side bar's title text: not
 * the middle of the title bar, where the view's action buttons (Offload Namespace, Show GPU Map…) may sit.
 */
async function focusWorkbench(page: Page): Promise<void> {
  await page.locator('.part.sidebar .composite.title .title-label').first().click({ timeout: 15_000 });
}

/** Whether the command palette offers a command with this title (its `when` clause holds). */
async function offered(page: Page, title: string): Promise<boolean> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(`>${title}`);
  const found = await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first()
    .waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false);
  await input.press('Escape');
  await input.waitFor({ state: 'hidden', timeout: 15_000 });
  return found;
}

/**
 * Replaces the user's settings.json as a user does, in its editor, and saves it (the editor then applies it at once;
 * a write behind its back is noticed only by a file watcher, which may lag). Leaves no editor open.
 */
async function editUserSettings(wb: Workbench, file: string, text: string): Promise<void> {
  await wb.runCommand('Preferences: Open User Settings (JSON)');
  await wb.tab('settings.json').waitFor({ state: 'visible', timeout: 15_000 });
  await wb.page.locator('.editor-instance .monaco-editor textarea').first().focus();
  await wb.page.keyboard.press('Control+A');
  // One line, so that the editor does not indent it; whatever it closed by itself (the brace) is cut after it.
  await wb.page.keyboard.insertText(JSON.stringify(JSON.parse(text)));
  await wb.page.keyboard.press('Shift+Control+End');
  await wb.page.keyboard.press('Delete');
  await wb.page.keyboard.press('Control+S');
  const same = (): boolean => { try { return isDeepStrictEqual(JSON.parse(readFileSync(file, 'utf8')), JSON.parse(text)); } catch { return false; } };
  await untilAsync('settings.json to be saved', async () => same() || undefined, 15_000)
    .catch((e: unknown) => { throw new Error(`${String(e)}; it holds: ${readFileSync(file, 'utf8').slice(0, 2000)}`); });
  await wb.runCommand('View: Close All Editors');
  await wb.tab('settings.json').waitFor({ state: 'detached', timeout: 15_000 });
}

describe('the log viewer', () => {
  let s: Session | undefined;
  before(async () => {
    s = await startSession();
    const k = new Kubectl(kubectlOrError(), s.sim.kubeconfigPath);
    await k.ok(['apply', '-f', '-'], { context: 'admin@k8s-lab', stdin: 'apiVersion: offloading.liqo.io/v1beta1\nkind: NamespaceOffloading\nmetadata:\n  name: offloading\n  namespace: liqo-demo\nspec:\n  podOffloadingStrategy: LocalAndRemote\n' });
    // Cluster access starts when the Liqo view is first shown, as for a user.
    await s.wb.showLiqoView();
    await s.wb.treeRow(/admin@k8s-lab.*k8s-lab/).waitFor({ state: 'visible', timeout: 60_000 });
    await s.wb.expand(s.wb.treeRow(/admin@k8s-lab.*k8s-lab/));
    await s.wb.treeRow(/Offloaded namespaces\s*1/).waitFor({ state: 'visible', timeout: 60_000 });
  });
  after(async () => { await s?.stop(); });

  uiTest('Wrap wraps long lines, and unchecking it breaks them as before', () => s, async ({ wb }) => {
    const view = await streamLogs(wb);
    const lines = view.locator('#lines');
    const whiteSpace = (): Promise<string> => view.locator('#lines .line:not(.notice)').first().evaluate(styleOf);
    const before = await whiteSpace();
    await view.locator('#wrap').check();
    await untilAsync('wrapped lines', async () => ((await lines.getAttribute('class')) ?? '').includes('wrap') || undefined, 10_000);
    assert.notEqual(await whiteSpace(), before, 'Wrap changes how lines break');
    await view.locator('#wrap').uncheck();
    assert.equal(await whiteSpace(), before);
  });

  uiTest('scrolling up with the mouse wheel pauses following: new lines leave the view where it is, until the end is reached again', () => s, async ({ wb, page }) => {
    // A viewer of its own: this test does not lean on the one before.
    await focusWorkbench(page);
    await wb.runCommand('View: Close All Editors');
    const view = await streamLogs(wb);
    const lines = view.locator('#lines');
    await untilAsync('a scrollable log', async () => (await lines.evaluate((e: Box) => e.scrollHeight > e.clientHeight + 50)) || undefined, 60_000);
    assert.equal(await view.locator('#follow').isChecked(), true, 'following at first');
    assert.ok(await lines.evaluate((e: Box) => e.scrollHeight - e.scrollTop - e.clientHeight < 4), 'following keeps the end in view');
    // Up to the top as a reader does it: following stops, and new lines do not move the view.
    await lines.hover();
    await untilAsync('the wheel to reach the top of the log', async () => {
      await page.mouse.wheel(0, -5000);
      return (await lines.evaluate((e: Box) => e.scrollTop)) === 0 || undefined;
    }, 10_000, 300);
    await untilAsync('following to pause', async () => !(await view.locator('#follow').isChecked()) || undefined, 10_000);
    const count = await view.locator('#lines .line').count();
    await untilAsync('more lines while paused', async () => (await view.locator('#lines .line').count()) > count + 2 || undefined, 30_000);
    assert.equal(await lines.evaluate((e: Box) => e.scrollTop), 0, 'the view stays where the reader is');
    assert.equal(await view.locator('#follow').isChecked(), false, 'still paused after new lines');
    await untilAsync('following to resume at the end', async () => {
      await page.mouse.wheel(0, 100_000);
      return (await view.locator('#follow').isChecked()) || undefined;
    }, 10_000, 300);
  });

  uiTest('Save writes every line, or only the filtered ones; Stop Logs ends the stream', () => s, async ({ wb, page, workspace }) => {
    // A viewer of its own: this test does not lean on the one before.
    await focusWorkbench(page);
    await wb.runCommand('View: Close All Editors');
    const view = await streamLogs(wb);
    await wb.runCommand('Liqo: Stop Logs');
    await view.locator('#status', { hasText: /^stopped/ }).waitFor({ state: 'visible', timeout: 15_000 });
    const shown = await view.locator('#lines .line:not(.notice)').allInnerTexts();
    const saved = await save(page, view, workspace);
    assert.deepEqual(saved.filter((l) => !l.startsWith('[liqo]')), shown, 'the saved file has the viewer\'s lines');
    await view.locator('#filter').fill('/seq=\\d*7 /');
    const visible = await untilAsync('only lines with a seq ending in 7', async () => {
      const texts = await view.locator('#lines .line:visible').allInnerTexts();
      return texts.length > 0 && texts.every((t) => /seq=\d*7 /.test(t)) ? texts : undefined;
    });
    assert.deepEqual(await save(page, view, workspace), visible, 'the filtered save has exactly the shown lines');
    assert.ok(visible.length < saved.length);
    await view.locator('#filter').fill('');
  });

  uiTest('liqo.logs.tailLines edited in settings.json while running: the next stream offers and asks for that many past lines', () => s, async ({ wb, page, sim, cs }) => {
    await focusWorkbench(page);
    await wb.runCommand('View: Close All Editors');
    const file = path.join(cs.userData, 'User', 'settings.json');
    const before = readFileSync(file, 'utf8');
    const from = sim.cluster('k8s-lab').requests().length;
    await editUserSettings(wb, file, JSON.stringify({ ...JSON.parse(before) as object, 'liqo.logs.tailLines': 7 }, null, 2));
    try {
      // The editor reads the file when it notices the change: until then the pick offers the old default.
      await untilAsync('Stream Logs to offer the last 7 lines', async () => {
        await wb.clearNotifications();
        await wb.runCommand('Liqo: Stream Logs');
        await wb.answer('Context', 'admin@k8s-lab');
        await wb.answer('Pod', pod);
        await wb.answer('Options');
        const input = wb.quickInput('How much history');
        await input.waitFor({ state: 'visible', timeout: 30_000 });
        const first = (await page.locator('.quick-input-widget .monaco-list-row').first().innerText()).trim();
        if (first.startsWith('Last 7 lines')) return true;
        assert.match(first, /^Last 200 lines/, 'the first choice is the default number of past lines');
        await input.press('Escape');
        await input.waitFor({ state: 'hidden', timeout: 15_000 });
        return undefined;
      }, 30_000, 500);
      await wb.answer('How much history', 'Last 7 lines');
      await wb.tab(new RegExp(`Logs: admin@k8s-lab/liqo-demo/${pod}`)).waitFor({ state: 'visible', timeout: 30_000 });
      const asked = sim.cluster('k8s-lab').requests().slice(from).filter((r) => r.method === 'GET' && /\/pods\/[^/]+\/log$/.test(r.path)).map((r) => r.query);
      assert.ok(asked.some((q) => /[?&]tailLines=7(&|$)/.test(q)), `the log request asks for 7 past lines: ${asked.join(' | ')}`);
    } finally {
      await focusWorkbench(page);
      await wb.runCommand('View: Close All Editors');
      await editUserSettings(wb, file, before);
    }
  });

  uiTest('closing the viewer ends its stream', () => s, async ({ wb, page }) => {
    // The earlier viewers go first, so that the one of this test is the only tab of its name.
    await focusWorkbench(page);
    await wb.runCommand('View: Close All Editors');
    await streamLogs(wb);
    assert.equal(await offered(page, 'Liqo: Stop Logs'), true, 'Stop Logs is offered while a stream runs');
    const tab = wb.tab(new RegExp(`Logs: admin@k8s-lab/liqo-demo/${pod}`));
    // It is the only editor open: close it without focusing its webview, which keeps F1 to itself.
    await focusWorkbench(page);
    await wb.runCommand('View: Close All Editors');
    await tab.waitFor({ state: 'detached', timeout: 15_000 });
    await untilAsync('Stop Logs to be withdrawn once no stream runs', async () => !(await offered(page, 'Liqo: Stop Logs')) || undefined, 20_000);
  });
});
