// What liqo-lint reads: regular files only, found under the roots it was given, and no bigger than it checks.
// A CI job runs it on a checkout it does not control: a FIFO named *.yaml would block it for ever, a symlink to
// /dev/zero would fill its memory, and a symlink out of the checkout would read (and report on) files elsewhere.
// So: a directory walk follows no symlink out of its root and takes only regular files; every file is stat'ed
// before it is read, opened without following a link and without blocking, and stat'ed again on the open file.
import { closeSync, constants, fstatSync, openSync, readSync, readdirSync, realpathSync, statSync } from 'fs';
import * as path from 'path';

const skipDirs = new Set(['node_modules', '.git']);

export interface Collected {
  files: string[];
  /** Entries left out of a walk, with why (said on stderr, not an error). */
  skipped: string[];
}

function inside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * The YAML files to check. An explicit file argument must be a regular file (through a symlink is fine: the user
 * named it); otherwise it throws. In a directory, symlinks are followed only to regular files and directories
 * inside the directory's own real path, and only once each.
 */
export function collectFiles(paths: string[]): Collected {
  const out: Collected = { files: [], skipped: [] };
  for (const p of paths) {
    const st = statSync(p);
    if (st.isDirectory()) walk(p, realpathSync(p), out, new Set());
    else if (st.isFile()) out.files.push(p);
    else throw new Error(`${p} is not a regular file or a directory`);
  }
  return out;
}

function walk(dir: string, root: string, out: Collected, seen: Set<string>): void {
  const real = realpathSync(dir);
  if (seen.has(real)) return;
  seen.add(real);
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const child = path.join(dir, entry.name);
    const yaml = /\.ya?ml$/i.test(entry.name);
    if (entry.isDirectory()) {
      if (!skipDirs.has(entry.name)) walk(child, root, out, seen);
    } else if (entry.isFile()) {
      if (yaml) out.files.push(child);
    } else if (entry.isSymbolicLink()) {
      if (skipDirs.has(entry.name)) continue;
      let target: string;
      try {
        target = realpathSync(child);
      } catch {
        if (yaml) out.skipped.push(`${child}: a broken symbolic link`);
        continue;
      }
      if (!inside(root, target)) {
        out.skipped.push(`${child}: a symbolic link out of ${root}`);
        continue;
      }
      const st = statSync(target);
      if (st.isDirectory()) walk(child, root, out, seen);
      else if (!yaml) continue;
      else if (st.isFile()) out.files.push(child);
      else out.skipped.push(`${child}: not a regular file`);
    } else if (yaml) {
      out.skipped.push(`${child}: not a regular file`);
    }
  }
}

export type ReadResult =
  | { kind: 'text'; text: string }
  /** Over the limit (or grew while read): only its head was read, so that the caller can say why it was not checked. */
  | { kind: 'tooBig'; size: number; head: string };

/**
 * Reads a regular file of at most `max` bytes. Opened without blocking (a FIFO that slipped in between the walk and
 * now does not hang) and checked again on the open descriptor; a bigger file gives its first `headBytes` only.
 */
export function readRegularFile(file: string, max: number, headBytes = 65536): ReadResult {
  const before = statSync(file);
  if (!before.isFile()) throw new Error('not a regular file');
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOCTTY ?? 0));
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Error('not a regular file');
    const want = st.size > max ? Math.min(headBytes, st.size) : st.size;
    // One byte more than the stat said: a file that grows between the stat and the read is noticed.
    const buf = Buffer.alloc(want + 1);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, got);
      if (n === 0) break;
      got += n;
    }
    if (st.size > max) return { kind: 'tooBig', size: st.size, head: buf.subarray(0, Math.min(got, want)).toString('utf8') };
    if (got > st.size) return { kind: 'tooBig', size: got, head: buf.subarray(0, Math.min(got, headBytes)).toString('utf8') };
    return { kind: 'text', text: buf.subarray(0, got).toString('utf8') };
  } finally {
    closeSync(fd);
  }
}
