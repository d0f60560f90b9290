// Benchmark: 100,000 log lines of the offloaded GPU pod, read through the consumer by our streamer (into the
// bounded ring a viewer keeps) and by `kubectl logs`, alternately in one run. Target: at most 1.5x kubectl's
// time, with bounded memory. Used by scripts/bench.mjs through run(); `node out/test/bench/logs.js` prints it.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SessionManager } from '../../client/src/kube/manager';
import { PodLogStream } from '../../client/src/kube/logStream';
import { applyOffloading, buildNamespaceOffloading, waitForOffloading } from '../../client/src/kube/offload';
import { LineRing } from '../../client/src/logs/ring';
import { spawnSim, type BenchResult } from './tree';

const LINES = 100_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function kubectl(args: string[]): Promise<{ ms: number; lines: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('kubectl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    let err = '';
    child.stdout.on('data', (d: Buffer) => { for (let i = d.indexOf(10); i >= 0; i = d.indexOf(10, i + 1)) lines++; });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('error', (e) => reject(new Error(`kubectl could not run (${e.message}); install kubectl to run this benchmark`)));
    child.on('close', (code) => (code === 0 ? resolve({ ms: performance.now() - t0, lines }) : reject(new Error(`kubectl failed: ${err.slice(0, 300)}`))));
  });
}

export async function run(opts: { rounds?: number } = {}): Promise<BenchResult> {
  const rounds = opts.rounds ?? 3;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liqo-bench-logs-'));
  // A 1 ms log interval makes the GPU pod write a 5-line frame per ms: 100,000 lines within 20 s of starting.
  const sim = await spawnSim(path.join(dir, 'kubeconfig'), ['--log-interval-ms', '1']);
  const manager = new SessionManager({ timeoutMs: 30_000, allowExec: false });
  try {
    manager.load([sim.kubeconfigPath]);
    const lab = manager.get('admin@k8s-lab');
    if (!lab) throw new Error('no admin@k8s-lab context');
    await lab.start();
    await applyOffloading(lab.http, buildNamespaceOffloading({ namespace: 'liqo-demo' }));
    await waitForOffloading(lab.http, 'liqo-demo', { timeoutMs: 30_000 });
    // Wait until the pod runs on the virtual node and its log holds enough lines (each tick adds a 5-line frame).
    let pod = '';
    for (;;) {
      const p = lab.snapshot().pods.find((x) => x.namespace === 'liqo-demo' && x.phase === 'Running' && x.nodeName === 'k8s-gpu');
      if (p) { pod = p.name; break; }
      await new Promise<void>((r) => { const sub = lab.onDidChange(() => { sub.dispose(); r(); }); });
    }
    const probe = await kubectl(['--kubeconfig', sim.kubeconfigPath, '--context', 'admin@k8s-lab', 'logs', '-n', 'liqo-demo', pod, `--tail=${LINES}`]);
    if (probe.lines < LINES) {
      // Not enough history yet: wait the time the remaining lines need, from the simulator's own rate.
      await new Promise((r) => setTimeout(r, Math.ceil(((LINES - probe.lines) / 5) * 1) + 500));
    }
    const ours: number[] = [];
    const theirs: number[] = [];
    let peakHeap = 0;
    let oursLines = 0;
    let kubectlLines = 0;
    for (let i = 0; i < rounds; i++) {
      const k = await kubectl(['--kubeconfig', sim.kubeconfigPath, '--context', 'admin@k8s-lab', 'logs', '-n', 'liqo-demo', pod, `--tail=${LINES}`]);
      theirs.push(k.ms);
      kubectlLines = k.lines;
      const ring = new LineRing(10_000);
      const heap0 = process.memoryUsage().heapUsed;
      const timer = setInterval(() => { peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed - heap0); }, 20);
      const t0 = performance.now();
      let n = 0;
      await new PodLogStream({ http: lab.http, namespace: 'liqo-demo', pod, via: 'admin@k8s-lab' }, { tailLines: LINES },
        { line: (t) => { n++; ring.push(t); }, notice: () => undefined }).run();
      ours.push(performance.now() - t0);
      clearInterval(timer);
      oursLines = n;
    }
    const ratio = median(ours) / median(theirs);
    const ok = ratio <= 1.5;
    return {
      name: 'logs',
      ok,
      valid: oursLines === LINES && kubectlLines === LINES,
      lines: [
        `logs: ${oursLines} lines (kubectl: ${kubectlLines}) of ${pod} through the consumer, median of ${rounds} rounds`,
        `logs: ours ${median(ours).toFixed(0)} ms, kubectl logs ${median(theirs).toFixed(0)} ms, ratio ${ratio.toFixed(2)} (target <= 1.5) ${ratio <= 1.5 ? 'OK' : 'MISSED'}`,
        `logs: viewer keeps 10,000 lines; peak heap growth while streaming ${(peakHeap / 2 ** 20).toFixed(1)} MB`,
      ],
    };
  } finally {
    manager.dispose();
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void run().then((r) => {
    for (const l of r.lines) console.log(l);
    process.exitCode = r.ok ? 0 : 1;
  });
}
