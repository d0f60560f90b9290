// `npm run demo -- --code-server` as a user runs it: it prints a URL, that page is the workbench with the Liqo view
// and the simulated clusters in it, and Ctrl-C (SIGINT to the terminal's process group) leaves no process behind.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { after, test } from 'node:test';
import { startBrowser, type Browser } from './harness/browser';
import { repoRoot } from './harness/paths';
import { until } from './harness/wait';
import { Workbench } from './harness/workbench';

interface Ps { pid: number; ppid: number; pgid: number; args: string }

function ps(): Ps[] {
  const r = spawnSync('ps', ['-eo', 'pid=,ppid=,pgid=,args='], { encoding: 'utf8' });
  return r.stdout.split('\n').map((l) => /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), pgid: Number(m[3]), args: m[4] ?? '' }));
}

/** The process tree under `root`, and every process in the groups of that tree (a group leader's helpers). */
function treeOf(root: number): Ps[] {
  const all = ps();
  const found = new Map<number, Ps>();
  const walk = (pid: number): void => {
    for (const p of all) if (p.ppid === pid && !found.has(p.pid)) { found.set(p.pid, p); walk(p.pid); }
  };
  const self = all.find((p) => p.pid === root);
  if (self) found.set(root, self);
  walk(root);
  const groups = new Set([...found.values()].map((p) => p.pgid));
  for (const p of all) if (groups.has(p.pgid) && p.pgid !== process.pid) found.set(p.pid, p);
  return [...found.values()];
}

const alive = (pid: number): boolean => { try { process.kill(pid, 0); return true; } catch { return false; } };

let browser: Browser | undefined;
let demoPid: number | undefined;
after(async () => {
  await browser?.stop();
  // Only if the test failed before its Ctrl-C: stop the demo's group so that nothing outlives the test.
  if (demoPid !== undefined) try { process.kill(-demoPid, 'SIGKILL'); } catch { /* gone */ }
});

void test('npm run demo -- --code-server prints a URL that opens the workbench with the Liqo view, and Ctrl-C stops everything', async () => {
  // A group of its own, like a terminal's foreground job: Ctrl-C sends SIGINT to the whole group.
  const demo = spawn('npm', ['run', 'demo', '--', '--code-server'], { cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  demoPid = demo.pid;
  let out = '';
  demo.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  demo.stderr.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | null>((r) => demo.once('exit', (code) => r(code)));
  const url = await until('the demo to print its URL', () => /^\s+(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)$/m.exec(out)?.[1] ?? (demo.exitCode !== null ? (() => { throw new Error(`the demo exited ${demo.exitCode}:\n${out}`); })() : undefined), 240_000, 250);

  browser = await startBrowser();
  const wb = new Workbench(browser.page);
  await wb.open(url, 'gpu-resourceslice.yaml', 120_000);
  await wb.showLiqoView();
  await wb.treeRow(/admin@k8s-lab/).waitFor({ state: 'visible', timeout: 60_000 });
  await wb.treeRow(/admin@k8s-gpu/).waitFor({ state: 'visible', timeout: 60_000 });
  await wb.screenshot('demo-code-server');
  await browser.stop();
  browser = undefined;

  const before = treeOf(must(demoPid));
  assert.ok(before.some((p) => /code-server/.test(p.args)), `code-server runs under the demo: ${before.map((p) => p.args).join('\n')}`);
  assert.ok(before.some((p) => /sim\.mjs/.test(p.args)), 'the simulator runs under the demo');

  process.kill(-must(demoPid), 'SIGINT');
  let lateTimer: NodeJS.Timeout | undefined;
  const code = await Promise.race([exited, new Promise<'late'>((r) => { lateTimer = setTimeout(() => r('late'), 30_000); })]);
  clearTimeout(lateTimer);
  assert.notEqual(code, 'late', `the demo did not exit within 30 s of Ctrl-C:\n${out.slice(-2000)}`);
  assert.match(out, /everything it started is stopped/);
  await until(`every process the demo started to be gone (${before.length} were running)`, () => before.every((p) => !alive(p.pid)) || undefined, 15_000)
    .catch(() => { throw new Error(`left behind after Ctrl-C:\n${before.filter((p) => alive(p.pid)).map((p) => `${p.pid} ${p.args}`).join('\n')}`); });
  const tmp = /KUBECONFIG=(\S+)\/kubeconfig/.exec(out)?.[1];
  assert.ok(tmp, 'the demo named its kubeconfig');
  assert.deepEqual(ps().filter((p) => p.args.includes(tmp)).map((p) => p.args), [], 'no process mentions the demo\'s folder');
  demoPid = undefined;
});

function must<T>(v: T | undefined, what = 'a value'): T {
  if (v === undefined) throw new Error(`missing ${what}`);
  return v;
}
