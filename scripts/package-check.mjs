// Packages the extension with vsce and fails on any warning, so `npm run package` stays clean. Then it checks
// that the .vsix holds every file the manifest and the running extension refer to: a file left out by the
// .vscodeignore allowlist would only show as a broken icon or an empty log viewer after installing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(tmpdir(), 'liqo-vsix-'));
const out = path.join(dir, 'liqo-workbench.vsix');
const r = spawnSync('npx', ['vsce', 'package', '--no-dependencies', '--no-rewrite-relative-links', '--allow-missing-repository', '--out', out], { cwd: root, encoding: 'utf8' });
const packed = r.status === 0 && existsSync(out) ? zipEntries(readFileSync(out)) : [];
rmSync(dir, { recursive: true, force: true });
const text = `${r.stdout}\n${r.stderr}`;
const warnings = text.split('\n').filter((l) => /(^|\s)WARNING(\s|$)/.test(l));
if (r.status !== 0 || warnings.length) {
  console.error(text);
  console.error(r.status !== 0 ? 'vsce package failed' : `vsce package warned:\n${warnings.join('\n')}`);
  process.exit(1);
}
const inside = new Set(packed.filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length)));
const missing = referencedFiles().filter((f) => !inside.has(f));
if (missing.length) {
  console.error(`the .vsix lacks files the extension refers to:\n${missing.map((f) => `  ${f}`).join('\n')}`);
  process.exit(1);
}
console.log(text.split('\n').find((l) => /Packaged:/.test(l)) ?? 'packaged');
console.log(`the .vsix holds all ${referencedFiles().length} files the extension refers to`);

/** Files named by package.json, and those the code loads at run time. */
function referencedFiles() {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const c = pkg.contributes ?? {};
  const files = [pkg.main, 'dist/server.js', 'dist/liqo-values.schema.json', 'dist/webview/logs.js', 'media/logs/logs.css', 'dist/webview/gpuMap.js', 'media/gpuMap/gpuMap.css', 'media/icons/light/pod.svg', 'media/icons/dark/pod.svg'];
  files.push(...Object.values(pkg.bin ?? {}));
  for (const v of c.viewsContainers?.activitybar ?? []) files.push(v.icon);
  for (const list of Object.values(c.views ?? {})) for (const v of list) if (v.icon) files.push(v.icon);
  for (const cmd of c.commands ?? []) {
    if (typeof cmd.icon === 'string' && !cmd.icon.startsWith('$(')) files.push(cmd.icon);
    else if (cmd.icon && typeof cmd.icon === 'object') files.push(cmd.icon.light, cmd.icon.dark);
  }
  for (const w of c.walkthroughs ?? []) {
    for (const s of w.steps) {
      const m = s.media ?? {};
      if (typeof m.image === 'string') files.push(m.image);
      else if (m.image) files.push(m.image.light, m.image.dark);
      if (m.markdown) files.push(m.markdown);
      if (m.svg) files.push(m.svg);
    }
  }
  return [...new Set(files.filter(Boolean).map((f) => f.replace(/^\.\//, '')))];
}

/** The names in a zip's central directory (a .vsix is a zip). */
function zipEntries(buf) {
  let end = buf.length - 22;
  while (end >= 0 && buf.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('the .vsix is not a zip file');
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('the .vsix has a broken central directory');
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    names.push(buf.toString('utf8', at + 46, at + 46 + nameLen));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}
