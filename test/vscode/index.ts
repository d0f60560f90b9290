// Entry point VS Code loads as extensionTestsPath: runs every *.test.js beside this file with mocha.
// Used by both code-server (scripts/e2e.mjs) and @vscode/test-electron (npm run test:vscode).
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

interface Failure { title: string; error: string }
interface Outcome { title: string; ok: boolean; ms: number }

export async function run(): Promise<void> {
  // The extension host's console reaches only the browser console, where mocha's %s placeholders stay raw.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(format(...args));
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const files = readdirSync(__dirname, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  const failures: Failure[] = [];
  const tests: Outcome[] = [];
  let passed = 0;
  const failed = await new Promise<number>((resolve, reject) => {
    try {
      const runner = mocha.run((n) => resolve(n));
      runner.on('pass', (t) => {
        passed += 1;
        tests.push({ title: t.fullTitle(), ok: true, ms: t.duration ?? 0 });
      });
      runner.on('fail', (t, err: unknown) => {
        failures.push({ title: t.fullTitle(), error: err instanceof Error ? err.message : String(err) });
        tests.push({ title: t.fullTitle(), ok: false, ms: t.duration ?? 0 });
      });
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
  const resultFile = process.env.LIQO_VSCODE_RESULT;
  if (resultFile) writeFileSync(resultFile, JSON.stringify({ passed, failed: failures.length, failures, tests }, null, 2));
  if (failed > 0) throw new Error(`${failed} extension-host test(s) failed`);
}
