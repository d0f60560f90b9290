// Reads what an extension wrote to an output channel: VS Code keeps each channel in a file under the
// user-data logs folder, which is on this machine because code-server runs here.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

function findFiles(dir: string, match: (name: string) => boolean): string[] {
  let out: string[] = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out = out.concat(findFiles(p, match));
    else if (match(e.name)) out.push(p);
  }
  return out;
}

/** The text of the output channel whose name contains `channel`, or '' while it has no file yet. */
export function outputChannelText(userData: string, channel: string): string {
  const files = findFiles(path.join(userData, 'logs'), (n) => n.includes(channel) && n.endsWith('.log'));
  return files.map((f) => readFileSync(f, 'utf8')).join('\n');
}

/** Polls `probe` until it returns a value (not a sleep: it stops as soon as the condition holds). */
export async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
