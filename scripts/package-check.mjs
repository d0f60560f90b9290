// Packages the extension with vsce and fails on any warning, so `npm run package` stays clean.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(tmpdir(), 'liqo-vsix-'));
const out = path.join(dir, 'liqo-workbench.vsix');
const r = spawnSync('npx', ['vsce', 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out], { cwd: root, encoding: 'utf8' });
rmSync(dir, { recursive: true, force: true });
const text = `${r.stdout}\n${r.stderr}`;
const warnings = text.split("\n").filter((l) => /(^|\s)WARNING(\s|$)/.test(l));
if (r.status !== 0 || warnings.length) {
  console.error(text);
  console.error(r.status !== 0 ? 'vsce package failed' : `vsce package warned:\n${warnings.join('\n')}`);
  process.exit(1);
}
console.log(text.split('\n').find((l) => /Packaged:/.test(l)) ?? 'packaged');
