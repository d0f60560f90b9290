// The editor tier of `npm test`: the extension in a real VS Code (code-server 4.100.3) driven in Debian's Chromium.
//  1. scripts/setup-e2e.mjs installs what is missing (or fails naming it);
//  2. the mocha suites of test/vscode run inside code-server's extension host;
//  3. the playwright-core UI tests of test/e2e run with node's test runner, one file at a time.
// Expects `node esbuild.mjs` and `tsc -b` to have run (scripts/test.mjs does both first).
// The last line is `e2e: N passed, M failed`, which scripts/test.mjs reads; the exit code is 1 on any failure.
// With --update-screenshots, a run where everything passed copies the walk-through's screenshots from
// test/e2e/artifacts (ignored by git) to media/screenshots (committed, used by the README).
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setupE2e } from './setup-e2e.mjs';

const root = path.resolve(import.meta.dirname, '..');
const started = Date.now();
const secs = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`;
let passed = 0;
let failed = 0;
const problems = [];

const artifacts = path.join(root, 'test', 'e2e', 'artifacts');
const walkthrough = ['01-resourceslice-mistakes', '02-quick-fix-menu', '03-quick-fix-applied', '04-completion', '05-hover',
  '06-tree-virtual-node-gpu', '07-offload-confirm', '08-offloaded-gpu-pod-running', '09-logs', '10-unoffloaded', '11-walkthrough',
  '12-health-findings', '13-gpu-map'];
// Screenshots of an earlier run must not pass for this one's.
rmSync(artifacts, { recursive: true, force: true });

function finish() {
  if (failed === 0 && process.argv.includes('--update-screenshots')) {
    const media = path.join(root, 'media', 'screenshots');
    mkdirSync(media, { recursive: true });
    for (const name of walkthrough) copyFileSync(path.join(artifacts, `${name}.png`), path.join(media, `${name}.png`));
    console.log(`copied ${walkthrough.length} screenshots to media/screenshots`);
  }
  console.log(`e2e tier took ${secs(started)}`);
  for (const p of problems) console.log(`  failed: ${p}`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

// 1. Setup. A missing prerequisite is a failure with its name, never a skip.
let setup;
try {
  const t = Date.now();
  setup = await setupE2e();
  console.log(`setup: ready after ${secs(t)}`);
} catch (e) {
  console.log(`setup failed: ${e instanceof Error ? e.message : String(e)}`);
  failed += 1;
  problems.push('setup');
  finish();
}
for (const f of ['dist/extension.js', 'dist/server.js', 'out/test/e2e/harness/hostRun.js', 'out/test/vscode/index.js']) {
  if (!existsSync(path.join(root, f))) {
    console.log(`missing ${f}: run \`node esbuild.mjs && npx tsc -b\` first (scripts/test.mjs does)`);
    failed += 1;
    problems.push(`missing ${f}`);
  }
}
if (failed) finish();
process.env.LIQO_CODE_SERVER = setup.codeServer;
process.env.LIQO_E2E_CHROMIUM = setup.chromium;

// 2. Extension-host suites.
{
  const t = Date.now();
  console.log('\n--- extension-host suites (test/vscode in code-server) ---');
  const { runHostSuites } = createRequire(import.meta.url)(path.join(root, 'out/test/e2e/harness/hostRun.js'));
  try {
    const r = await runHostSuites();
    for (const x of r.tests) console.log(`  ${x.ok ? '✔' : '✖'} ${x.title} (${x.ms} ms)`);
    for (const x of r.failures) console.log(`  ✖ ${x.title}\n      ${x.error.split('\n').join('\n      ')}`);
    passed += r.passed;
    failed += r.failed;
    for (const x of r.failures) problems.push(`extension host: ${x.title}`);
    console.log(`extension-host suites: ${r.passed} passed, ${r.failed} failed in ${secs(t)}`);
  } catch (e) {
    console.log(`extension-host suites could not run: ${e instanceof Error ? e.stack : String(e)}`);
    failed += 1;
    problems.push('extension-host suites did not run');
  }
}

// 3. UI tests. Their output goes through, but node's summary lines are renamed so that scripts/test.mjs
//    counts them once, from our last line.
{
  const t = Date.now();
  console.log('\n--- UI tests (test/e2e with playwright-core) ---');
  const args = ['--test', '--test-reporter=spec', '--test-concurrency=1', '--test-timeout=300000', 'out/test/e2e'];
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    let buf = '';
    let uiPassed = 0;
    let uiFailed = 0;
    const line = (l) => {
      const m = /^ℹ (pass|fail) (\d+)$/.exec(l);
      if (m) {
        if (m[1] === 'pass') uiPassed = Number(m[2]);
        else uiFailed = Number(m[2]);
        console.log(`ui ${m[1]} ${m[2]}`);
        return;
      }
      console.log(l.startsWith('ℹ ') ? `ui ${l.slice(2)}` : l);
    };
    child.stdout.on('data', (d) => {
      buf += d;
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      lines.forEach(line);
    });
    const stop = () => child.kill('SIGTERM');
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    child.on('close', (c) => {
      if (buf) line(buf);
      passed += uiPassed;
      failed += uiFailed;
      if (uiFailed) problems.push(`${uiFailed} UI test(s), see above`);
      if (c !== 0 && uiFailed === 0) {
        failed += 1;
        problems.push(`UI test runner exited ${c}`);
      }
      resolve(c);
    });
  });
  console.log(`UI tests: exit ${code} after ${secs(t)}`);
}

finish();
