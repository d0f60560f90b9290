// Logs of the offloaded GPU pod: follow through the consumer, resume after drops without gaps or duplicates
// (the simulator's seq numbers prove it), and fall back to the provider when the consumer's proxy fails.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyOffloading, buildNamespaceOffloading, waitForOffloading } from '../../client/src/kube/offload';
import { MultiPodLogs, PodLogStream, type LogSink, type LogTarget } from '../../client/src/kube/logStream';
import { kinds, resourcePath, type KObj } from '../../client/src/kube/kinds';
import type { Session } from '../../client/src/kube/session';
import { must, startEnv, until, type Env } from './kubeHelpers';

let env: Env;
let lab: Session;
let gpu: Session;
let podName = '';

before(async () => {
  env = await startEnv({ logIntervalMs: 40 });
  const m = env.manager();
  await m.startAll();
  lab = must(m.get('admin@k8s-lab'), 'lab');
  gpu = must(m.get('admin@k8s-gpu'), 'gpu');
  await applyOffloading(lab.http, buildNamespaceOffloading({ namespace: 'liqo-demo' }));
  await waitForOffloading(lab.http, 'liqo-demo', { timeoutMs: 20_000 });
  await until(lab, () => lab.snapshot().pods.some((p) => p.namespace === 'liqo-demo' && p.nodeName === 'k8s-gpu' && p.phase === 'Running'), 'the demo pod', 20_000);
  podName = must(lab.snapshot().pods.find((p) => p.namespace === 'liqo-demo'), 'pod').name;
});
after(async () => { await env.stop(); });

/** A sink that records lines and notices and lets a test wait for a number of lines. */
function collector(): LogSink & { lines: string[]; stamps: (string | undefined)[]; notices: string[]; waitFor(n: number): Promise<void> } {
  const lines: string[] = [];
  const stamps: (string | undefined)[] = [];
  const notices: string[] = [];
  let waiters: { n: number; resolve: () => void }[] = [];
  return {
    lines, stamps, notices,
    line(text, _pod, ts) {
      lines.push(text);
      stamps.push(ts);
      waiters = waiters.filter((w) => (lines.length >= w.n ? (w.resolve(), false) : true));
    },
    notice(m) { notices.push(m); },
    waitFor(n) {
      return new Promise((resolve, reject) => {
        if (lines.length >= n) { resolve(); return; }
        const timer = setTimeout(() => reject(new Error(`only ${lines.length} of ${n} lines arrived`)), 20_000);
        waiters.push({ n, resolve: () => { clearTimeout(timer); resolve(); } });
      });
    },
  };
}

function seqs(lines: string[]): number[] {
  return lines.map((l) => Number(/seq=(\d+)/.exec(l)?.[1] ?? NaN));
}

function assertConsecutive(lines: string[]): void {
  const s = seqs(lines);
  assert.ok(s.every((n) => Number.isFinite(n)), 'every line carries seq');
  for (let i = 1; i < s.length; i++) assert.equal(s[i], (s[i - 1] ?? 0) + 1, `line ${i}: seq ${s[i]} after ${s[i - 1]}`);
}

void test('following through the consumer survives dropped streams with no gap and no duplicate', async () => {
  const sink = collector();
  const stream = new PodLogStream({ http: lab.http, namespace: 'liqo-demo', pod: podName, via: 'admin@k8s-lab' }, { follow: true, tailLines: 10 }, sink);
  const done = stream.run();
  const sim = env.sim.cluster('k8s-lab');
  await sink.waitFor(20);
  sim.faults.dropLogStreams();
  env.sim.cluster('k8s-gpu').faults.dropLogStreams();
  await sink.waitFor(60);
  sim.faults.dropLogStreams();
  await sink.waitFor(120);
  stream.stop();
  await done;
  assertConsecutive(sink.lines);
  assert.ok(stream.stats.reconnects >= 2, `reconnected ${stream.stats.reconnects} times`);
  assert.ok(sink.notices.some((n) => /reconnecting/.test(n)));
  assert.ok(sink.lines.some((l) => /nvidia-smi frame/.test(l)));
});

void test('when the consumer cannot dial the virtual kubelet (500 with the dial error, as k3s answers), the stream falls back to the provider twin namespace and says so', async () => {
  const sim = env.sim.cluster('k8s-lab');
  sim.faults.failLogProxy(true);
  try {
    const sink = collector();
    const fallback = async (): Promise<LogTarget> => ({ http: gpu.http, namespace: 'liqo-demo-k8s-lab', pod: podName, via: 'context admin@k8s-gpu' });
    const stream = new PodLogStream({ http: lab.http, namespace: 'liqo-demo', pod: podName, via: 'context admin@k8s-lab' },
      { follow: true, tailLines: 5, fallback }, sink);
    const done = stream.run();
    await sink.waitFor(15);
    env.sim.cluster('k8s-gpu').faults.dropLogStreams();
    await sink.waitFor(40);
    stream.stop();
    await done;
    assertConsecutive(sink.lines);
    assert.equal(stream.stats.fallbacks, 1);
    assert.equal(stream.source.namespace, 'liqo-demo-k8s-lab');
    assert.ok(sink.notices.some((n) => /while dialing/.test(n) && /admin@k8s-gpu/.test(n) && /liqo-demo-k8s-lab/.test(n)), sink.notices.join('\n'));
  } finally {
    sim.faults.failLogProxy(false);
  }
});

void test('without a provider context the proxy failure is reported, not hidden', async () => {
  const sim = env.sim.cluster('k8s-lab');
  sim.faults.failLogProxy(true);
  try {
    const stream = new PodLogStream({ http: lab.http, namespace: 'liqo-demo', pod: podName, via: 'admin@k8s-lab' },
      { follow: false, maxRetries: 0, fallback: async () => undefined }, collector());
    await assert.rejects(stream.run(), /proxy error from .* while dialing/);
  } finally {
    sim.faults.failLogProxy(false);
  }
});

void test('tail, timestamps and a finished (non-follow) read', async () => {
  const sink = collector();
  await new PodLogStream({ http: lab.http, namespace: 'liqo-demo', pod: podName, via: 'lab' }, { tailLines: 7, timestamps: true }, sink).run();
  assert.equal(sink.lines.length, 7);
  assert.ok(sink.lines.every((l) => /^\d{4}-\d\d-\d\dT\S+Z seq=\d+ /.test(l)), sink.lines[0]);
  assertConsecutive(sink.lines);
  const plain = collector();
  await new PodLogStream({ http: lab.http, namespace: 'liqo-demo', pod: podName, via: 'lab' }, { tailLines: 3 }, plain).run();
  assert.ok(plain.lines.every((l) => l.startsWith('seq=')), 'no timestamps in the text unless asked');
  // The timestamp always comes along on its own, so a viewer can show or hide it.
  assert.ok(plain.stamps.every((t) => t !== undefined && /^\d{4}-\d\d-\d\dT\S+Z$/.test(t)), String(plain.stamps[0]));
});

void test('several pods merge into one sink with a pod prefix', async () => {
  // The session only watches offloaded pods; any other running pod will do, read straight from the API.
  const running = await lab.http.request<{ items: KObj[] }>('GET', resourcePath(kinds.pod), { query: { fieldSelector: 'status.phase=Running' } });
  const otherObj = must(running.items.find((p) => p.metadata.namespace !== 'liqo-demo'), 'another running pod');
  const other = { name: otherObj.metadata.name, namespace: otherObj.metadata.namespace ?? '' };
  const sink = collector();
  const multi = new MultiPodLogs([
    { target: { http: lab.http, namespace: 'liqo-demo', pod: podName, via: 'lab' } },
    { target: { http: lab.http, namespace: other.namespace, pod: other.name, via: 'lab' } },
  ], { tailLines: 3 }, sink);
  await multi.run();
  assert.ok(sink.lines.some((l) => l.startsWith(`[${podName}] seq=`)));
  assert.ok(sink.lines.some((l) => l.startsWith(`[${other.name}] `)));
});

void test('all containers of a pod merge into one sink, each line prefixed with its container', async () => {
  await lab.http.request('POST', resourcePath(kinds.pod, 'default'), { body: {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'two-containers', namespace: 'default' },
    spec: { containers: [{ name: 'trainer', image: 'cuda' }, { name: 'exporter', image: 'dcgm-exporter' }] },
  } });
  // The session does not watch this pod: ask the API until the kubelet has started it.
  for (let tries = 0; ; tries++) {
    const pod = await lab.http.request<KObj>('GET', resourcePath(kinds.pod, 'default', 'two-containers'));
    if ((pod.status as { phase?: string } | undefined)?.phase === 'Running') break;
    assert.ok(tries < 150, 'the two-container pod never ran');
    await new Promise((r) => setTimeout(r, 100));
  }
  const target = { http: lab.http, namespace: 'default', pod: 'two-containers', via: 'lab' };
  // Without a container the API refuses, and says which ones there are.
  await assert.rejects(new PodLogStream(target, { tailLines: 1, maxRetries: 0 }, collector()).run(), /container name must be specified.*trainer exporter/);
  // Follow until each container has given four lines: a pod this young may have fewer than that to tail.
  const sink = collector();
  const multi = new MultiPodLogs([
    { target, container: 'trainer', label: 'trainer' },
    { target, container: 'exporter', label: 'exporter' },
  ], { follow: true, tailLines: 4 }, sink);
  const running = multi.run();
  const own = (c: string) => sink.lines.filter((l) => l.startsWith(`[${c}] seq=`)).map((l) => l.slice(c.length + 3));
  for (let tries = 0; own('trainer').length < 4 || own('exporter').length < 4; tries++) {
    assert.ok(tries < 200, `too few lines: ${sink.lines.join(' | ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  multi.stop();
  await running;
  assert.deepEqual(sink.lines.filter((l) => !/^\[(trainer|exporter)\] seq=/.test(l)), [], 'every line names its container');
  for (const c of ['trainer', 'exporter']) assertConsecutive(own(c));
});
