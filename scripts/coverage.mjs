// `npm run coverage`: line and branch coverage of the product code (client/src, server/src) by the unit, protocol
// and cluster tiers. Each tier runs with NODE_V8_COVERAGE, so every node process it starts (the test files, the
// built language server and CLIs, the simulator) writes V8's block coverage; this script maps it through the
// source maps of out/ and dist/ back to the TypeScript and prints per-folder figures. No threshold.
//  - A line counts when a source map maps code to it; it is covered when any process ran code mapped to it.
//  - Branches are the blocks V8 reports (arms of conditionals, loop bodies, catch blocks, short-circuits, as c8
//    counts them); one is covered when any process ran its first position.
// Usage: node scripts/coverage.mjs [--no-build] [tier...]   (tiers: unit lsp cluster; default all three)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const allTiers = ['unit', 'lsp', 'cluster'];
const tiers = argv.filter((a) => allTiers.includes(a));
const chosen = tiers.length ? tiers : allTiers;
const tierNames = { unit: 'unit', lsp: 'protocol', cluster: 'cluster' };

if (!argv.includes('--no-build')) {
  for (const [cmd, args] of [[process.execPath, ['esbuild.mjs']], ['npx', ['tsc', '-b']]]) {
    const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}

function runTier(tier, dir) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--test', '--test-reporter=dot', '--test-timeout=300000', `out/test/${tier}`],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_V8_COVERAGE: dir } });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('close', (code) => {
      const secs = ((Date.now() - started) / 1000).toFixed(0);
      console.log(`${tierNames[tier]} tier: exit ${code} after ${secs} s${code ? ` (failing tests lower the figures)\n${out.slice(-3000)}` : ''}`);
      resolve(code ?? 1);
    });
  });
}

// --- source maps ---
const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const b64val = new Map([...b64].map((c, i) => [c, i]));

/** Decodes a v3 mappings string into segments [genLine, genCol, source, srcLine, srcCol] (0-based). */
function decodeMappings(mappings) {
  const out = [];
  let src = 0, srcLine = 0, srcCol = 0;
  const lines = mappings.split(';');
  for (let gl = 0; gl < lines.length; gl++) {
    let gc = 0;
    for (const seg of lines[gl].split(',')) {
      if (!seg) continue;
      const vals = [];
      let v = 0, shift = 0;
      for (const ch of seg) {
        const d = b64val.get(ch);
        v += (d & 31) << shift;
        if (d & 32) { shift += 5; continue; }
        vals.push(v & 1 ? -(v >>> 1) : v >>> 1);
        v = 0; shift = 0;
      }
      gc += vals[0];
      if (vals.length < 4) continue;
      src += vals[1]; srcLine += vals[2]; srcCol += vals[3];
      out.push([gl, gc, src, srcLine, srcCol]);
    }
  }
  return out;
}

const scripts = new Map(); // generated file → { sources, segments: [offset, source, srcLine][] sorted by offset }

/** The generated file's segments with byte offsets, or undefined when it has no map or maps no product source. */
function scriptInfo(file) {
  if (scripts.has(file)) return scripts.get(file);
  let info;
  const mapFile = `${file}.map`;
  if (existsSync(mapFile)) {
    const map = JSON.parse(readFileSync(mapFile, 'utf8'));
    const base = path.resolve(path.dirname(mapFile), map.sourceRoot ?? '');
    const sources = map.sources.map((s) => path.relative(root, path.resolve(base, s)));
    if (sources.some(isProduct)) {
      const text = readFileSync(file, 'utf8');
      const lineStart = [0];
      for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStart.push(i + 1);
      // V8 counts offsets in UTF-16 code units, as JavaScript strings index them.
      const segments = decodeMappings(map.mappings).map(([gl, gc, s, sl, sc]) => [lineStart[gl] + gc, s, sl, sc]);
      segments.sort((a, b) => a[0] - b[0]);
      // Source position → the first generated offset mapped to it; and the blocks V8 reported here, by position.
      const reverse = new Map();
      for (const [off, s, sl, sc] of segments) { const k = posKey(sources[s], sl, sc); if (!reverse.has(k)) reverse.set(k, off); }
      info = { sources, segments, reverse, blockOffsets: new Map(), files: new Set(sources.filter(isProduct)) };
    }
  }
  scripts.set(file, info);
  return info;
}

function isProduct(rel) {
  return /^(client|server)\/src\//.test(rel) && rel.endsWith('.ts');
}

// --- coverage ---
/** Per tier: lines (file → line → covered?) and branches (file:line:col key → covered?). */
function newTally() { return { lines: new Map(), branches: new Map() }; }

function mark(map, key, covered) { map.set(key, (map.get(key) ?? false) || covered); }

/** Nested ranges, outer first: the count at an offset is that of the innermost range holding it. */
function sweep(ranges, offsets, visit) {
  const sorted = [...ranges].sort((a, b) => a.startOffset - b.startOffset || b.endOffset - a.endOffset);
  const stack = [];
  let i = 0;
  for (const [k, off] of offsets) {
    while (i < sorted.length && sorted[i].startOffset <= off) {
      while (stack.length && stack[stack.length - 1].endOffset <= sorted[i].startOffset) stack.pop();
      stack.push(sorted[i++]);
    }
    while (stack.length && stack[stack.length - 1].endOffset <= off) stack.pop();
    visit(k, stack.length ? stack[stack.length - 1].count : undefined);
  }
}

const posKey = (file, line, col) => `${file}\u0000${line}\u0000${col}`;

/** The segment at or before a generated offset. */
function segmentAt(info, off) {
  let lo = 0, hi = info.segments.length - 1, best = -1;
  while (lo <= hi) { const mid = (lo + hi) >> 1; if (info.segments[mid][0] <= off) { best = mid; lo = mid + 1; } else hi = mid - 1; }
  return best < 0 ? undefined : info.segments[best];
}

/** Every block V8 reported anywhere, keyed by the source position it starts at (same key from every bundle). */
const knownBlocks = new Set();

function collectBlocks(file, functions) {
  const info = scriptInfo(file);
  if (!info) return;
  for (const f of functions) {
    if (!f.isBlockCoverage) continue;
    for (const b of f.ranges.slice(1)) {
      const seg = segmentAt(info, b.startOffset);
      if (!seg || !isProduct(info.sources[seg[1]])) continue;
      const key = posKey(info.sources[seg[1]], seg[2], seg[3]);
      knownBlocks.add(key);
      if (!info.blockOffsets.has(key)) info.blockOffsets.set(key, b.startOffset);
    }
  }
}

function addCoverage(tally, file, functions) {
  const info = scriptInfo(file);
  if (!info) return;
  const ranges = functions.flatMap((f) => f.ranges);
  // Lines: every mapped segment of a product source.
  const segs = info.segments.filter((s) => isProduct(info.sources[s[1]]));
  sweep(ranges, segs.map((s, k) => [k, s[0]]), (k, count) => {
    if (count === undefined) return;
    const [, src, line] = segs[k];
    const rel = info.sources[src];
    if (!tally.lines.has(rel)) tally.lines.set(rel, new Map());
    mark(tally.lines.get(rel), line, count > 0);
  });
  // Branches: each known block of this script's sources, at the offset V8 gave it in this script (or, where this
  // script never reported it apart from its parent, at its source position): covered when the count there is > 0.
  const probes = [];
  for (const key of knownBlocks) {
    if (!info.files.has(key.slice(0, key.indexOf('\u0000')))) continue;
    const off = info.blockOffsets.get(key) ?? info.reverse.get(key);
    if (off !== undefined) probes.push([key, off]);
  }
  probes.sort((a, b) => a[1] - b[1]);
  sweep(ranges, probes, (key, count) => { if (count !== undefined) mark(tally.branches, key, count > 0); });
}

function coverageResults(dir, visit) {
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.json')) continue;
    let data;
    try { data = JSON.parse(readFileSync(path.join(dir, f), 'utf8')); } catch { continue; }
    for (const r of data.result ?? []) {
      if (!r.url.startsWith('file://')) continue;
      const file = fileURLToPath(r.url);
      if (!file.startsWith(path.join(root, 'out')) && !file.startsWith(path.join(root, 'dist'))) continue;
      visit(file, r.functions);
    }
  }
}

function merge(tallies) {
  const all = newTally();
  for (const t of tallies) {
    for (const [file, lines] of t.lines) {
      if (!all.lines.has(file)) all.lines.set(file, new Map());
      for (const [l, c] of lines) mark(all.lines.get(file), l, c);
    }
    for (const [k, c] of t.branches) mark(all.branches, k, c);
  }
  return all;
}

/** Folder → { lines: [covered, total], branches: [covered, total] }; folders of client/src and server/src. */
function byFolder(tally) {
  const out = new Map();
  const get = (folder) => { if (!out.has(folder)) out.set(folder, { lines: [0, 0], branches: [0, 0] }); return out.get(folder); };
  for (const [file, lines] of tally.lines) {
    const f = get(path.dirname(file));
    for (const c of lines.values()) { f.lines[1]++; if (c) f.lines[0]++; }
  }
  for (const [k, c] of tally.branches) {
    const f = get(path.dirname(k.slice(0, k.indexOf('\u0000'))));
    f.branches[1]++;
    if (c) f.branches[0]++;
  }
  return out;
}

const pct = ([c, t]) => (t ? `${((100 * c) / t).toFixed(1)}%` : '–');
const total = (m, key) => [...m.values()].reduce((a, f) => [a[0] + f[key][0], a[1] + f[key][1]], [0, 0]);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'liqo-coverage-'));
let failed = 0;
const tallies = {};
const dirs = {};
try {
  for (const tier of chosen) {
    dirs[tier] = path.join(tmp, tier);
    if (await runTier(tier, dirs[tier])) failed++;
  }
  const present = chosen.filter((t) => existsSync(dirs[t]));
  for (const t of present) coverageResults(dirs[t], collectBlocks);
  for (const t of chosen) {
    tallies[t] = newTally();
    if (present.includes(t)) coverageResults(dirs[t], (file, functions) => addCoverage(tallies[t], file, functions));
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
// Product files no test of a tier loaded count with all their lines uncovered (their branches are unknown to V8).
function productLines() {
  const out = new Map();
  for (const dir of ['client/src', 'server/src']) {
    for (const f of readdirSync(path.join(root, 'out', dir), { recursive: true })) {
      if (!String(f).endsWith('.js')) continue;
      const info = scriptInfo(path.join(root, 'out', dir, String(f)));
      if (!info) continue;
      for (const [, src, line] of info.segments) {
        const rel = info.sources[src];
        if (!isProduct(rel)) continue;
        if (!out.has(rel)) out.set(rel, new Set());
        out.get(rel).add(line);
      }
    }
  }
  return out;
}
const everyLine = productLines();
for (const t of Object.values(tallies)) {
  for (const [file, lines] of everyLine) {
    if (!t.lines.has(file)) t.lines.set(file, new Map([...lines].map((l) => [l, false])));
  }
}
const all = merge(Object.values(tallies));
const folders = byFolder(all);
const perTier = Object.fromEntries(chosen.map((t) => [t, byFolder(tallies[t])]));
const header = ['folder', ...chosen.map((t) => `${tierNames[t]} lines / branches`), 'all tiers lines / branches'];
const rows = [...folders.keys()].sort().map((folder) => [folder,
  ...chosen.map((t) => { const f = perTier[t].get(folder); return f ? `${pct(f.lines)} / ${pct(f.branches)}` : '0% / 0%'; }),
  `${pct(folders.get(folder).lines)} / ${pct(folders.get(folder).branches)}`]);
rows.push(['**total**', ...chosen.map((t) => `${pct(total(perTier[t], 'lines'))} / ${pct(total(perTier[t], 'branches'))}`),
  `${pct(total(folders, 'lines'))} / ${pct(total(folders, 'branches'))}`]);
console.log(`\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
const [lc, lt] = total(folders, 'lines');
const [bc, bt] = total(folders, 'branches');
console.log(`\ncoverage: lines ${lc}/${lt} (${pct([lc, lt])}), branches ${bc}/${bt} (${pct([bc, bt])})`);
process.exit(failed ? 1 : 0);
