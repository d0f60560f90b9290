// `npm run test:vscode`: the extension-host suites of test/vscode in desktop VS Code via @vscode/test-electron,
// for contributors' machines that can download VS Code. (Machines without that download run the same suites
// inside code-server: scripts/e2e.mjs, part of `npm test`.)
// Environment: VSCODE_VERSION (default "stable").
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

for (const [cmd, args] of [[process.execPath, ['esbuild.mjs']], ['npx', ['tsc', '-b']]]) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'liqo-test-vscode-'));
const workspace = path.join(tmp, 'demo-workspace');
cpSync(path.join(root, 'test', 'fixtures', 'demo-workspace'), workspace, { recursive: true });
const resultFile = path.join(tmp, 'result.json');
const { startSim } = require(path.join(root, 'out', 'test', 'sim', 'index.js'));
const { writeExecPlugin } = require(path.join(root, 'out', 'test', 'e2e', 'harness', 'execPlugin.js'));
const sim = await startSim({ kubeconfigPath: path.join(tmp, 'kubeconfig'), execPlugin: writeExecPlugin(tmp) });

let code = 1;
try {
  const { runTests } = require('@vscode/test-electron');
  code = await runTests({
    version: process.env.VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out', 'test', 'vscode', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(tmp, 'user-data')],
    extensionTestsEnv: { KUBECONFIG: sim.kubeconfigPath, LIQO_VSCODE_RESULT: resultFile },
  });
} catch (e) {
  console.error(`test:vscode: ${e instanceof Error ? e.message : String(e)}`);
  console.error('test:vscode needs to download VS Code; where that is not possible, `npm test` runs these suites in code-server.');
} finally {
  if (existsSync(resultFile)) {
    const r = JSON.parse(readFileSync(resultFile, 'utf8'));
    for (const f of r.failures) console.log(`  ✖ ${f.title}: ${f.error}`);
    console.log(`test:vscode: ${r.passed} passed, ${r.failed} failed`);
  }
  await sim.stop();
  rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
}
process.exit(code);
