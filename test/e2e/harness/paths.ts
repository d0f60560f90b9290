// Where things are, for the e2e harness compiled to out/test/e2e/harness.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
export const demoWorkspace = path.join(repoRoot, 'test', 'fixtures', 'demo-workspace');
export const artifactsDir = path.join(repoRoot, 'test', 'e2e', 'artifacts');
export const codeServerEntry = process.env.LIQO_CODE_SERVER
  ?? path.join(repoRoot, '.cache', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const chromiumPath = process.env.LIQO_E2E_CHROMIUM ?? '/usr/bin/chromium';

/** A throw-away folder with a home, XDG folders and a TMPDIR, and the environment that points at them. */
export interface Sandbox {
  readonly dir: string;
  readonly env: Record<string, string>;
  remove(): void;
}

export function makeSandbox(prefix: string): Sandbox {
  const dir = mkdtempSync(path.join(os.tmpdir(), `liqo-e2e-${prefix}-`));
  const home = path.join(dir, 'home');
  const tmp = path.join(dir, 'tmp');
  for (const d of [home, tmp]) mkdirSync(d, { recursive: true, mode: 0o700 });
  return {
    dir,
    env: {
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_DATA_HOME: path.join(home, '.local', 'share'),
      XDG_CACHE_HOME: path.join(home, '.cache'),
      XDG_RUNTIME_DIR: tmp,
      TMPDIR: tmp,
    },
    remove: () => rmSync(dir, { recursive: true, force: true, maxRetries: 3 }),
  };
}
