// Benchmark: the cluster tree over a fleet of simulated clusters (default 30 with 1,000 pods each, a share of them
// offloaded), one more context unreachable. `npm run bench tree -- --clusters N --pods-per-cluster M --remote-share F`.
// Measures the time until every context is ready or failed and the tree model is complete, the client heap it
// takes, and how long a change takes to show in the tree model. Targets (issue 10, at 100 x 1,000 with F = 0.2):
// complete <= 3 s, update <= 1 s, heap <= 150 MB.
// Used by scripts/bench.mjs through run(); `node out/test/bench/tree.js [same flags]` prints the same lines.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { kinds, resourcePath } from '../../client/src/kube/kinds';
import { SessionManager } from '../../client/src/kube/manager';
import { buildTree, walk } from '../../client/src/views/model';
import { labels } from '../../server/src/liqo/keys';

export interface BenchResult {
  name: string;
  lines: string[];
  /** Whether every target was met. */
  ok: boolean;
  /** Whether the measurement itself is sound (false fails `npm run bench`). */
  valid: boolean;
}

async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

function mb(n: number): string {
  return `${(n / 2 ** 20).toFixed(1)} MB`;
}

/**
 * The simulator reports ready before it has worked off its start-up backlog (scheduling thousands of pods).
 * Wait until every cluster answers a discovery request promptly, and have each list one pod, so the measurement is
 * of the client.
 */
async function settle(manager: SessionManager): Promise<number> {
  const deadline = Date.now() + 120_000;
  const admins = manager.all().filter((s) => s.context.name.startsWith('admin@'));
  let avg = NaN;
  while (Date.now() < deadline) {
    const t0 = performance.now();
    for (const s of admins) await s.http.request('GET', '/version', { timeoutMs: 30_000 });
    avg = (performance.now() - t0) / admins.length;
    if (avg < 20) break;
  }
  // And once through its list path (selectors, serialisation), which the probes above never take.
  for (const s of admins) await s.http.request('GET', resourcePath(kinds.pod), { query: { labelSelector: `${labels.shadowPod}=true`, limit: 1 }, timeoutMs: 30_000 });
  return avg;
}

export interface TreeBenchOptions {
  clusters?: number;
  podsPerCluster?: number;
  /** The share of each cluster's pods in an offloaded namespace, running on a virtual node (default 0.2). */
  remoteShare?: number;
  /** Measure against a simulator already running (`npm run sim -- ...`) with this kubeconfig instead of starting one. */
  kubeconfig?: string;
}

const goals = { completeMs: 3000, updateMs: 1000, heapBytes: 150 * 2 ** 20 };

/** A real gc() even when node runs without --expose-gc, so the heap figures are of live objects. */
function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

export async function run(opts: TreeBenchOptions = {}): Promise<BenchResult> {
  const clusters = opts.clusters ?? 30;
  const pods = opts.podsPerCluster ?? 1000;
  const share = opts.remoteShare ?? 0.2;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liqo-bench-tree-'));
  const simStart = Date.now();
  // The simulator runs in its own process, so its work does not share the client's event loop.
  const sim: SimProcess = opts.kubeconfig ? { kubeconfigPath: opts.kubeconfig, stop: () => Promise.resolve() }
    : await spawnSim(path.join(dir, 'kubeconfig'), ['--clusters', String(clusters), '--pods-per-cluster', String(pods), '--remote-share', String(share)]);
  const simMs = Date.now() - simStart;
  const down = path.join(dir, 'down');
  fs.writeFileSync(down, ['apiVersion: v1', 'kind: Config', 'clusters:', '- name: down', '  cluster:', `    server: https://127.0.0.1:${await closedPort()}`,
    'users:', '- name: down', '  user:', '    token: x', 'contexts:', '- name: down', '  context:', '    cluster: down', '    user: down', ''].join('\n'));
  const gc = collector();
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  // A generous timeout: the simulator serves every cluster from one process, so a single answer can take seconds.
  const manager = new SessionManager({ timeoutMs: 30_000, allowExec: false });
  try {
    // Only the admin contexts: the viewer ones would double the same clusters.
    manager.load([sim.kubeconfigPath, down]);
    const probeMs = await settle(manager);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const wanted = manager.all().filter((s) => !/^(viewer|restricted)@/.test(s.context.name));
    let firstMs = Infinity;
    await Promise.all(wanted.map(async (s) => { await s.start(); firstMs = Math.min(firstMs, performance.now() - t0); }));
    const tSnap = performance.now();
    const snapshots = wanted.map((s) => s.snapshot());
    const tModel = performance.now();
    const tree = buildTree(snapshots);
    const completeMs = performance.now() - t0;
    const snapshotMs = tModel - tSnap;
    const modelMs = performance.now() - tModel;
    const cpu = process.cpuUsage(cpu0);
    const clientCpuMs = (cpu.user + cpu.system) / 1000;
    await Promise.all(wanted.map((s) => s.schemasRead));
    const nodes = [...walk(tree)].length;
    const podCount = snapshots.reduce((a, s) => a + s.pods.length, 0);
    const ready = wanted.filter((s) => s.state === 'ready').length;
    const fleet = wanted.length - 1;
    const failed = wanted.filter((s) => s.state === 'failed').map((s) => `${s.context.name} (${s.error?.kind ?? '?'})`);
    gc();
    const heapAfter = process.memoryUsage().heapUsed;

    // Update latency: create a namespace on a cluster and time until the rebuilt tree model shows it (5 samples).
    const targets = wanted.filter((s) => s.state === 'ready').slice(0, 5);
    const updates: number[] = [];
    for (const target of targets) {
      const name = `bench-update-${Date.now()}`;
      const seen = new Promise<void>((resolve) => {
        const sub = manager.onDidChange((e) => {
          if (e.context !== target.context.name) return;
          if (!target.snapshot().namespaces.some((n) => n.name === name)) return;
          buildTree([target.snapshot()]);
          sub.dispose();
          resolve();
        });
      });
      const t1 = performance.now();
      await target.http.request('POST', resourcePath(kinds.namespace), { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });
      await seen;
      updates.push(performance.now() - t1);
    }
    updates.sort((a, b) => a - b);
    const updateMs = updates.length ? updates[updates.length - 1] ?? NaN : NaN;
    const heapBytes = heapAfter - heapBefore;
    const ok = completeMs <= goals.completeMs && updateMs <= goals.updateMs && heapBytes <= goals.heapBytes;
    // Sound only if every simulated cluster connected and only the unreachable context failed.
    const valid = (opts.kubeconfig ? ready === wanted.length - 1 : ready === clusters) && failed.length === 1 && updates.length > 0;
    return {
      name: 'tree',
      ok,
      valid,
      lines: [
        `tree: ${wanted.length} contexts (${ready} ready, failed: ${failed.join(', ') || 'none'}), ${podCount} pods, ${nodes} tree nodes; ${opts.kubeconfig ? `simulator of ${opts.kubeconfig}` : `fleet ${clusters} x ${pods} pods, remote share ${share}`}`,
        `tree: complete tree model in ${completeMs.toFixed(0)} ms (target <= ${goals.completeMs} ms) ${completeMs <= goals.completeMs ? 'OK' : 'MISSED'}; first cluster ready after ${firstMs.toFixed(0)} ms`,
        `tree: client CPU for all of it ${clientCpuMs.toFixed(0)} ms (snapshots ${snapshotMs.toFixed(0)} ms, tree model ${modelMs.toFixed(0)} ms); the rest is the simulator, which serves all ${fleet} clusters from one process`,
        `tree: a change seen in the tree model after at most ${updateMs.toFixed(0)} ms over ${updates.length} samples (median ${(updates[Math.floor(updates.length / 2)] ?? NaN).toFixed(0)} ms; target <= ${goals.updateMs} ms) ${updateMs <= goals.updateMs ? 'OK' : 'MISSED'}`,
        `tree: client heap for sessions, caches and the tree model ${mb(heapBytes)} (target <= ${mb(goals.heapBytes)}) ${heapBytes <= goals.heapBytes ? 'OK' : 'MISSED'}; rss ${mb(process.memoryUsage().rss)}`,
        `tree: (simulator start-up, not measured: ${(simMs / 1000).toFixed(1)} s; one request took ${probeMs.toFixed(1)} ms on average once it settled)`,
      ],
    };
  } finally {
    manager.dispose();
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface SimProcess {
  kubeconfigPath: string;
  stop(): Promise<void>;
}

/** Starts `npm run sim` (scripts/sim.mjs) as a child process and waits for its ready line. */
const root = path.resolve(__dirname, '..', '..', '..');

export function spawnSim(kubeconfigPath: string, args: string[], timeoutMs = 600_000): Promise<SimProcess> {
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'scripts', 'sim.mjs'), '--kubeconfig', kubeconfigPath, ...args], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = (): Promise<void> => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) { resolve(); return; }
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => { void stop(); reject(new Error('the simulator did not get ready in time')); }, timeoutMs);
    child.stderr?.on('data', (d: Buffer) => { err = (err + d.toString()).slice(-2000); });
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^ready (.+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ kubeconfigPath: m[1]?.trim() ?? kubeconfigPath, stop });
      }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the simulator exited (${code}) before it was ready: ${err}`)); });
  });
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const num = (flag: string): number | undefined => {
    const i = args.indexOf(flag);
    return i >= 0 ? Number(args[i + 1]) : undefined;
  };
  const kubeconfig = args.includes('--kubeconfig') ? args[args.indexOf('--kubeconfig') + 1] : undefined;
  void run({ clusters: num('--clusters'), podsPerCluster: num('--pods-per-cluster'), remoteShare: num('--remote-share'), kubeconfig }).then((r) => {
    for (const l of r.lines) console.log(l);
    process.exitCode = r.ok ? 0 : 1;
  });
}
