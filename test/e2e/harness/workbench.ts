// The VS Code 1.100 workbench as the tests drive it: selectors from E2E.md, always waited on, never slept on.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { artifactsDir } from './paths';

export const viewContainerId = 'liqo';

export class Workbench {
  constructor(readonly page: Page) {}

  /** Opens the workbench URL and waits until the explorer shows `fileInWorkspace`. */
  async open(url: string, fileInWorkspace: string, timeoutMs = 60_000): Promise<void> {
    await this.page.goto(url);
    await this.page.locator(`.explorer-folders-view .monaco-list-row:has-text("${fileInWorkspace}")`).first()
      .waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /** Runs a command from the palette by its title ("Liqo: Offload Namespace"). */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible' });
    await input.press('Enter');
  }

  /** Waits for a quick pick or input box and answers it: a row's text, or typed text for an input box. */
  async pick(text: string, timeoutMs = 15_000): Promise<void> {
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first();
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
    await row.click();
  }

  async typeIntoInput(text: string, timeoutMs = 15_000): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: timeoutMs });
    await input.fill(text);
    await input.press('Enter');
  }

  /** Opens a workspace file with Quick Open and waits for its text. */
  async openFile(name: string, textInFile: string): Promise<Locator> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(name);
    await this.page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible' });
    await input.press('Enter');
    const editor = this.page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-lines', { hasText: textInFile }).waitFor({ state: 'visible' });
    return editor;
  }

  /** Puts the cursor on the first occurrence of `text` in the active editor (after `offset` characters of it). */
  async clickText(text: string, offset = 0): Promise<void> {
    const span = this.page.locator('.editor-instance .view-lines span span', { hasText: text }).first();
    await span.waitFor({ state: 'visible' });
    const box = await span.boundingBox();
    if (!box) throw new Error(`no box for "${text}"`);
    const charWidth = box.width / Math.max(1, (await span.textContent())?.length ?? 1);
    const inSpan = ((await span.textContent()) ?? '').indexOf(text) + offset;
    await this.page.mouse.click(box.x + charWidth * inSpan + 1, box.y + box.height / 2);
  }

  /** Moves the cursor with the Go to Line box (line and column are 1-based). */
  async goTo(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    await this.typeIntoInput(`:${line}:${column}`);
  }

  /** Picks an entry of the code action menu (light bulb, Ctrl+.) with the keyboard; the menu blocks the mouse. */
  async chooseAction(text: string): Promise<void> {
    const menu = this.page.locator('.action-widget');
    const row = menu.locator('.monaco-list-row.action', { hasText: text }).first();
    await row.waitFor({ state: 'visible' });
    const rows = await menu.locator('.monaco-list-row.action').count();
    for (let i = 0; i <= rows; i++) {
      if (await menu.locator('.monaco-list-row.action.focused', { hasText: text }).count()) {
        await this.page.keyboard.press('Enter');
        return;
      }
      await this.page.keyboard.press('ArrowDown');
    }
    throw new Error(`could not focus the code action "${text}"`);
  }

  async showLiqoView(): Promise<Locator> {
    const view = this.page.locator(`[id="workbench.view.extension.${viewContainerId}"]`);
    if (!(await view.isVisible())) {
      await this.page.locator('.activitybar a.action-label[aria-label^="Liqo"]').first().click();
    }
    await view.waitFor({ state: 'visible' });
    return view;
  }

  treeRow(text: string | RegExp): Locator {
    return this.page.locator(`[id="workbench.view.extension.${viewContainerId}"] .monaco-list-row`, { hasText: text }).first();
  }

  /** Expands a tree row if it is collapsed. */
  async expand(row: Locator): Promise<void> {
    await row.waitFor({ state: 'visible' });
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
    await row.and(this.page.locator('[aria-expanded="true"]')).waitFor({ state: 'visible' });
  }

  notification(text: string | RegExp): Locator {
    return this.page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(artifactsDir, { recursive: true });
    const file = path.join(artifactsDir, `${name}.png`);
    await this.page.screenshot({ path: file, animations: 'disabled' });
    return file;
  }
}
