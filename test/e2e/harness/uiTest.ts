// node:test's `test` for UI checks: on failure it saves a screenshot next to the others, named FAILED-<title>.
import { test } from 'node:test';
import type { Session } from './session';

export function uiTest(title: string, session: () => Session | undefined, fn: (s: Session) => Promise<void>): void {
  test(title, async () => {
    const s = session();
    if (!s) throw new Error('the editor session did not start');
    try {
      await fn(s);
    } catch (e) {
      const name = `FAILED-${title.replace(/[^a-zA-Z0-9]+/g, '-').slice(0, 60)}`;
      await s.wb.screenshot(name).catch(() => undefined);
      // Leave no menu or widget open for the next test of the group.
      await s.page.keyboard.press('Escape').catch(() => undefined);
      await s.page.keyboard.press('Escape').catch(() => undefined);
      throw e;
    }
  });
}
