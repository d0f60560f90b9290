// The VS Code 1.100 workbench as the tests drive it: selectors from E2E.md, always waited on; a short pause only to see that a state holds.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { artifactsDir } from './paths';
import { untilAsync } from './wait';

export const viewContainerId = 'liqo';

export class Workbench {
  constructor(readonly page: Page) {}

  /** Opens the workbench URL and waits until the explorer shows `fileInWorkspace`. */
  async open(url: string, fileInWorkspace: string, timeoutMs = 60_000): Promise<void> {
    await this.page.goto(url);
    await this.page.locator(`.explorer-folders-view .monaco-list-row:has-text("${fileInWorkspace}")`).first()
      .waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /** Shows the Problems panel. Its shortcut toggles it, so it is pressed only while the panel is not showing. */
  async showProblems(timeoutMs = 15_000): Promise<Locator> {
    const panel = this.page.locator('.markers-panel').first();
    if (!(await panel.isVisible())) await this.page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ state: 'visible', timeout: timeoutMs });
    return panel;
  }

  /** Runs a command from the palette by its title ("Liqo: Offload Namespace"). */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    // Click the matching row rather than pressing Enter: the first row is not always the best match.
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible' });
    await row.click();
  }

  /** Waits for a quick pick or input box and answers it: a row's text, or typed text for an input box. */
  async pick(text: string, timeoutMs = 15_000): Promise<void> {
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first();
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
    await row.click();
  }

  /** The quick input, once it shows a placeholder containing `text` (e.g. "Namespace to offload"). */
  quickInput(placeholder: string): Locator {
    return this.page.locator(`.quick-input-widget input[placeholder*="${placeholder}"]`);
  }

  /** Answers the quick pick whose placeholder contains `placeholder` with its row `row`, or with Enter (the default). */
  async answer(placeholder: string, row?: string, timeoutMs = 30_000): Promise<void> {
    const input = this.quickInput(placeholder);
    await input.waitFor({ state: 'visible', timeout: timeoutMs });
    if (row === undefined) {
      await input.press('Enter');
    } else {
      await this.pick(row, timeoutMs);
    }
    await input.waitFor({ state: 'hidden', timeout: timeoutMs });
  }

  /**
   * Liqo: Offload Namespace from the palette for `namespace` on `context`, the strategies and cluster selector left
   * at their defaults. Returns the confirmation's Offload button, not yet clicked.
   */
  async offloadFromPalette(context: string, namespace: string): Promise<Locator> {
    await this.runCommand('Liqo: Offload Namespace');
    await this.answer('Context', context);
    await this.answer('Namespace to offload', namespace);
    await this.answer('Pod offloading strategy');
    await this.answer('Namespace mapping strategy');
    await this.answer('Cluster selector');
    return this.dialogButton('Offload');
  }

  /** Presses a button of the modal dialog (VS Code's own dialog in the browser). */
  async dialogButton(name: string, timeoutMs = 30_000): Promise<Locator> {
    const dialog = this.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: timeoutMs });
    return dialog.getByRole('button', { name, exact: true });
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

  /** Drags the sash right of the side bar so tree descriptions fit in the screenshots. */
  async widenSideBar(by = 280): Promise<void> {
    const box = await this.page.locator('.part.sidebar').boundingBox();
    if (!box) return;
    const x = box.x + box.width;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x + by / 2, y);
    await this.page.mouse.move(x + by, y);
    await this.page.mouse.up();
  }

  treeRow(text: string | RegExp): Locator {
    return this.page.locator(`[id="workbench.view.extension.${viewContainerId}"] .monaco-list-row`, { hasText: text }).first();
  }

  /**
   * Expands a tree row if it is collapsed. A row whose item says Expanded is drawn collapsed first and opened by the
   * tree a moment later, so a click at the wrong moment would close it again. The row is therefore clicked only once
   * it has stayed collapsed for a while, and again if a click was lost or undid the tree's own expansion.
   */
  async expand(row: Locator, timeoutMs = 30_000): Promise<void> {
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
    const state = async (): Promise<string | null> => row.getAttribute('aria-expanded', { timeout: timeoutMs });
    await untilAsync('the tree row to be expanded', async () => {
      if ((await state()) === 'true') return true;
      await new Promise((r) => setTimeout(r, 500));
      if ((await state()) === 'false') await row.click();
      return undefined;
    }, timeoutMs, 1_000);
  }

  /** Clears the notification toasts, so that a screenshot shows only the ones of its own step. */
  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
    await this.page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'detached' });
    if (await this.page.locator('.notifications-center').isVisible()) {
      await this.runCommand('Notifications: Hide Notifications');
      await this.page.locator('.notifications-center').waitFor({ state: 'hidden' });
    }
  }

  /**
   * Waits for a notification in the notification center, where it stays after its toast hides (a toast can come
   * and go while a loaded machine is busy elsewhere). Leaves the center open, for the screenshot.
   */
  async expectNotification(text: string | RegExp, timeoutMs = 30_000): Promise<void> {
    const center = this.page.locator('.notifications-center');
    if (!(await center.isVisible())) await this.runCommand('Notifications: Show Notifications');
    await center.locator('.monaco-list-row', { hasText: text }).first().waitFor({ state: 'visible', timeout: timeoutMs });
  }

  notification(text: string | RegExp): Locator {
    return this.page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  }

  /**
   * The page inside the most recently shown webview. VS Code puts each webview in an outer iframe (class
   * `webview`, `ready` once loaded) and the extension's page in an inner `#active-frame`.
   */
  webview(): FrameLocator {
    return this.page.locator('iframe.webview.ready').last().contentFrame().locator('#active-frame').contentFrame();
  }

  /** The editor tab titled `title`. */
  tab(title: string | RegExp): Locator {
    return this.page.locator('.tabs-container .tab', { hasText: title }).first();
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(artifactsDir, { recursive: true });
    const file = path.join(artifactsDir, `${name}.png`);
    await this.page.screenshot({ path: file, animations: 'disabled' });
    return file;
  }
}
