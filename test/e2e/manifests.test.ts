// Manifests in the workbench: squiggles and Problems entries with LIQO codes, a quick fix from the light bulb,
// enum completion and hover. One editor session for the group; nothing is ever saved to the fixture files.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import { demoWorkspace } from './harness/paths';
import { startSession, type Session } from './harness/session';
import { uiTest } from './harness/uiTest';

describe('manifests in the editor', () => {
  let s: Session | undefined;
  before(async () => { s = await startSession(); });
  after(async () => { await s?.stop(); });

  uiTest('a ResourceSlice with mistakes shows squiggles and LIQO entries in Problems', () => s, async ({ wb, page }) => {
    const editor = await wb.openFile('gpu-resourceslice-mistakes.yaml', 'ResourceSlice');
    await editor.locator('.squiggly-error').first().waitFor({ state: 'attached', timeout: 30_000 });
    await wb.showProblems();
    const problems = page.locator('.markers-panel .monaco-list-row');
    await problems.filter({ hasText: 'LIQO121' }).first().waitFor({ state: 'visible' });
    await problems.filter({ hasText: 'LIQO126' }).first().waitFor({ state: 'visible' });
    await wb.screenshot('01-resourceslice-mistakes');
  });

  uiTest('the light bulb quick fix adds the missing labels and the entry goes away', () => s, async ({ wb, page }) => {
    const editor = await wb.openFile('gpu-resourceslice-mistakes.yaml', 'ResourceSlice');
    await wb.showProblems();
    const entry = page.locator('.markers-panel .monaco-list-row', { hasText: 'LIQO121' }).first();
    await entry.waitFor({ state: 'visible', timeout: 30_000 });
    // The missing labels are reported on the `labels:` key; with the cursor there the light bulb appears.
    await editor.click();
    await wb.goTo(lineOf('gpu-resourceslice-mistakes.yaml', '  labels:'), 4);
    const bulb = page.locator('.monaco-editor .lightBulbWidget').first();
    await bulb.waitFor({ state: 'visible', timeout: 15_000 });
    await bulb.click();
    await page.locator('.action-widget .monaco-list-row', { hasText: 'Add the labels' }).first().waitFor({ state: 'visible' });
    await wb.screenshot('02-quick-fix-menu');
    await wb.chooseAction('Add the labels');
    await editor.locator('.view-lines', { hasText: 'liqo.io/remoteID' }).waitFor({ state: 'visible' });
    await entry.waitFor({ state: 'detached', timeout: 30_000 });
    await wb.screenshot('03-quick-fix-applied');
  });

  uiTest('completion after podOffloadingStrategy offers Local, Remote and LocalAndRemote', () => s, async ({ wb, page }) => {
    await wb.openFile('namespace-offloading.yaml', 'NamespaceOffloading');
    const line = lineOf('namespace-offloading.yaml', 'podOffloadingStrategy: Remote');
    await wb.goTo(line, 'podOffloadingStrategy: Remote'.length + 3);
    // Delete the value, keeping "podOffloadingStrategy: ", and ask for suggestions there.
    for (let i = 0; i < 'Remote'.length; i++) await page.keyboard.press('Backspace');
    await page.keyboard.press('Control+Space');
    const rows = page.locator('.editor-widget.suggest-widget .monaco-list-row');
    await rows.filter({ hasText: 'LocalAndRemote' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    const labels = (await page.locator('.editor-widget.suggest-widget .monaco-list-row .label-name').allTextContents()).map((t) => t.trim());
    for (const v of ['Local', 'Remote', 'LocalAndRemote']) assert.ok(labels.includes(v), `completion lacks ${v}: ${labels.join(', ')}`);
    await wb.screenshot('04-completion');
    await page.keyboard.press('Escape');
  });

  uiTest('hover on namespaceMappingStrategy explains the field', () => s, async ({ wb, page }) => {
    await wb.openFile('namespace-offloading.yaml', 'NamespaceOffloading');
    const key = page.locator('.editor-instance .view-lines span span', { hasText: 'namespaceMappingStrategy' }).first();
    await key.hover();
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'EnforceSameName' }).first();
    await hover.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match((await hover.textContent()) ?? '', /SelectedName/);
    await wb.screenshot('05-hover');
  });
});

/** 1-based line of the first line containing `text` in a fixture file. */
function lineOf(file: string, text: string): number {
  const lines = readFileSync(path.join(demoWorkspace, file), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`${file} has no line with ${text}`);
  return i + 1;
}
