// `npm run bench`: builds what the benchmarks need, then runs every benchmark module in out/test/bench.
// A module is test/bench/<name>.ts exporting an async `run`, given the command line's options if any (lsp, tree and logs may name it otherwise); it may print
// as it goes and may return a string or an object { text?: string, lines?: string[], ok?: boolean, valid?: boolean }:
// ok says whether the targets were met (reported, but a benchmark that misses a target still exits 0); valid === false
// (the measurement itself is wrong, e.g. the lsp workload check failed), a throw or a module that cannot load makes
// the run exit 1. lsp runs first; a known module that is missing is skipped.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const known = ['lsp', 'tree', 'logs'];
// Helpers of the benchmarks, not benchmarks themselves.
const isHelper = (name) => name === 'workload' || (name.startsWith('lsp') && name !== 'lsp');

function step(label, cmd, args) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  console.log(`bench: ${label}: exit ${r.status} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return r.status === 0;
}

// The production build, minified as the packaged extension is: what is measured is what users run.
if (!step('build (esbuild --production)', 'node', ['esbuild.mjs', '--production'])) process.exit(2);
// Type errors elsewhere in the tree must not stop the bench: tsc -b still writes its output, and the modules are checked below.
if (!step('compile (tsc -b)', 'npx', ['tsc', '-b'])) console.log('bench: tsc reported errors; running what was compiled');

const outDir = path.join(root, 'out', 'test', 'bench');
// Only modules whose source still exists: out/ may hold stale output of removed files.
const found = existsSync(outDir)
  ? readdirSync(outDir).filter((f) => f.endsWith('.js')).map((f) => f.slice(0, -3)).filter((n) => existsSync(path.join(root, 'test', 'bench', `${n}.ts`)))
  : [];
// `npm run bench tree -- --clusters 100`: bare words name modules; `--name value` pairs reach their run() as { name: value }
// (camelCased, numbers as numbers).
const wanted = [];
const options = {};
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (!a.startsWith('--')) { wanted.push(a); continue; }
  const [flag, inline] = a.slice(2).split('=', 2);
  const raw = inline ?? process.argv[++i];
  options[flag.replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = raw !== undefined && raw !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
}
const order = [...known, ...found.filter((n) => !known.includes(n) && !isHelper(n)).sort()]
  .filter((n) => wanted.length === 0 || wanted.includes(n));

function entry(name, mod) {
  if (typeof mod.run === 'function') return mod.run;
  if (!known.includes(name)) return undefined;
  for (const key of ['bench', 'default']) if (typeof mod[key] === 'function') return mod[key];
  return Object.values(mod).find((v) => typeof v === 'function');
}

const failed = [];
const summary = [];
for (const name of order) {
  const file = path.join(outDir, `${name}.js`);
  if (!existsSync(file) || !existsSync(path.join(root, 'test', 'bench', `${name}.ts`))) {
    console.log(`\n=== bench ${name}: not present, skipped ===`);
    summary.push(`${name}: skipped (missing)`);
    continue;
  }
  let fn;
  try {
    fn = entry(name, require(file));
  } catch (e) {
    console.log(`\n=== bench ${name}: cannot load: ${e instanceof Error ? e.message : String(e)} ===`);
    failed.push(name);
    summary.push(`${name}: cannot load`);
    continue;
  }
  if (!fn) continue;
  console.log(`\n=== bench ${name} ===`);
  const started = Date.now();
  try {
    const result = await (Object.keys(options).length ? fn(options) : fn());
    const text = typeof result === 'string' ? result : result?.text ?? (Array.isArray(result?.lines) ? result.lines.join('\n') : undefined);
    if (text) console.log(`\n${text}`);
    const obj = result && typeof result === 'object' ? result : {};
    const valid = obj.valid !== false;
    if (!valid) failed.push(name);
    const targets = obj.ok === true ? ', targets met' : obj.ok === false ? ', targets MISSED' : '';
    summary.push(`${name}: ${valid ? 'done' : 'INVALID RUN'}${targets} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (e) {
    console.log(`bench ${name} threw: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    failed.push(name);
    summary.push(`${name}: threw`);
  }
}
console.log(`\n=== bench summary ===\n${summary.join('\n')}`);
process.exit(failed.length ? 1 : 0);
