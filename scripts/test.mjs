// Runs every test tier in order and ends with one summary line.
// Usage: node scripts/test.mjs [tier...]   (default: all tiers)
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const steps = {
  build: ['node', ['esbuild.mjs']],
  typecheck: ['npx', ['tsc', '-b']],
  lint: ['npx', ['eslint', '.']],
  package: ['node', ['scripts/package-check.mjs']],
  unit: nodeTests('unit'),
  lsp: nodeTests('lsp'),
  cluster: nodeTests('cluster'),
  e2e: ['node', ['scripts/e2e.mjs']],
};
const checks = new Set(['build', 'typecheck', 'lint', 'package']);
const testTiers = ['unit', 'lsp', 'cluster', 'e2e'];

function nodeTests(tier) {
  return ['node', ['--test', '--test-reporter=spec', '--test-timeout=300000', `out/test/${tier}`]];
}

function hasTests(tier) {
  if (tier === 'e2e') return existsSync(path.join(root, 'scripts/e2e.mjs'));
  const dir = path.join(root, 'test', tier);
  return existsSync(dir) && readdirSync(dir, { recursive: true }).some((f) => String(f).endsWith('.test.ts'));
}

function run(name, [cmd, args]) {
  return new Promise((resolve) => {
    const started = Date.now();
    console.log(`\n=== ${name} ===`);
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    let out = '';
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    child.on('close', (code) => {
      console.log(`=== ${name}: exit ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s ===`);
      resolve({ code: code ?? 1, out });
    });
  });
}

// Counts from node's spec reporter ("ℹ pass 12") or our own e2e runner ("e2e: 3 passed, 0 failed").
function counts(out) {
  const pick = (re) => { const m = [...out.matchAll(re)].pop(); return m ? Number(m[1]) : 0; };
  const passed = pick(/^ℹ pass (\d+)$/gm) + pick(/^e2e: (\d+) passed/gm);
  const failed = pick(/^ℹ fail (\d+)$/gm) + pick(/^e2e: \d+ passed, (\d+) failed/gm);
  return { passed, failed };
}

const wanted = process.argv.slice(2);
const order = wanted.length ? ['build', 'typecheck', ...wanted] : Object.keys(steps);
let passed = 0;
let failed = 0;
let broken = [];
for (const name of order) {
  if (!steps[name]) { console.error(`unknown tier: ${name}`); process.exit(2); }
  if (!checks.has(name) && !hasTests(name)) { console.log(`\n=== ${name}: no tests yet ===`); continue; }
  const { code, out } = await run(name, steps[name]);
  if (testTiers.includes(name)) {
    const c = counts(out);
    passed += c.passed;
    failed += c.failed;
    if (code !== 0 && c.failed === 0) failed += 1;
  }
  if (code !== 0) {
    broken.push(name);
    if (checks.has(name) && name === 'build') break;
  }
}
console.log(`\n${broken.length ? `failed steps: ${broken.join(', ')}` : 'all steps passed'}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(broken.length ? 1 : 0);
