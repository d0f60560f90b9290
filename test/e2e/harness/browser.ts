// Debian's Chromium driven by playwright-core; never a downloaded browser.
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { chromiumPath, makeSandbox } from './paths';

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Lines the page printed to its console (the extension host's console ends up here too). */
  readonly console: string[];
  stop(): Promise<void>;
}

export async function startBrowser(): Promise<Browser> {
  const box = makeSandbox('chromium');
  const context = await chromium.launchPersistentContext(box.dir + '/profile', {
    executablePath: chromiumPath,
    headless: true,
    env: { ...process.env, ...box.env },
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const page = context.pages()[0] ?? await context.newPage();
  const lines: string[] = [];
  page.on('console', (m) => {
    lines.push(m.text());
    if (process.env.LIQO_E2E_VERBOSE) process.stderr.write(`[page] ${m.text()}\n`);
  });
  return {
    context,
    page,
    console: lines,
    async stop() {
      await context.close().catch(() => undefined);
      box.remove();
    },
  };
}
