// Streams that stall or drip, servers that ask for patience, and pods with no log yet. The informers and the
// log streams must notice a dead stream by its silence, come back without losing or repeating anything, and
// never come back sooner than a Retry-After asked. Times are asserted on the simulator's own request log.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyOffloading, buildNamespaceOffloading, waitForOffloading } from '../../client/src/kube/offload';
import { PodLogStream, type LogSink } from '../../client/src/kube/logStream';
import { kinds, resourcePath, type KObj } from '../../client/src/kube/kinds';
import type { Change } from '../../client/src/kube/informer';
import type { Session } from '../../client/src/kube/session';
import type { RequestRecord } from '../sim/index';
import { must, startEnv, until, type Env } from './kubeHelpers';

let env: Env;
let lab: Session;
let podName = '';
let logPath = '';
const namespacesPath = resourcePath(kinds.namespace);

before(async () => {
  // Bookmarks every 200 ms keep a healthy watch talking, so a watchdog of 1.5 s only fires on a dead one.
  env = await startEnv({ logIntervalMs: 40, bookmarkIntervalMs: 200 });
  const m = env.manager([], { watchIdleMs: 1500 });
  // Only this session: the request log then holds no other client's watches.
  lab = must(m.get('admin@k8s-lab'), 'lab');
  await lab.start();
  await applyOffloading(lab.http, buildNamespaceOffloading({ namespace: 'liqo-demo' }));
  await waitForOffloading(lab.http, 'liqo-demo', { timeoutMs: 20_000 });
  await until(lab, () => lab.snapshot().pods.some((p) => p.namespace === 'liqo-demo' && p.nodeName === 'k8s-gpu' && p.phase === 'Running'), 'the demo pod', 20_000);
  podName = must(lab.snapshot().pods.find((p) => p.namespace === 'liqo-demo'), 'pod').name;
  logPath = resourcePath(kinds.pod, 'liqo-demo', podName, 'log');
});
after(async () => { await env.stop(); });

/** A sink that records lines and notices and lets a test wait for a number of lines or a notice. */
function collector(): LogSink & { lines: string[]; notices: string[]; waitFor(n: number): Promise<void>; waitForNotice(re: RegExp): Promise<void> } {
  const lines: string[] = [];
  const notices: string[] = [];
  let waiters: { ok: () => boolean; resolve: () => void }[] = [];
  const wake = (): void => { waiters = waiters.filter((w) => (w.ok() ? (w.resolve(), false) : true)); };
  const wait = (ok: () => boolean, what: () => string): Promise<void> => new Promise((resolve, reject) => {
    if (ok()) { resolve(); return; }
    const timer = setTimeout(() => reject(new Error(what())), 20_000);
    waiters.push({ ok, resolve: () => { clearTimeout(timer); resolve(); } });
  });
  return {
    lines, notices,
    line(text) { lines.push(text); wake(); },
    notice(m) { notices.push(m); wake(); },
    waitFor: (n) => wait(() => lines.length >= n, () => `only ${lines.length} of ${n} lines arrived`),
    waitForNotice: (re) => wait(() => notices.some((x) => re.test(x)), () => `no notice like ${String(re)}; got: ${notices.join(' | ')}`),
  };
}

function assertConsecutive(lines: string[]): void {
  const s = lines.map((l) => Number(/seq=(\d+)/.exec(l)?.[1] ?? NaN));
  assert.ok(s.every((n) => Number.isFinite(n)), 'every line carries seq');
  for (let i = 1; i < s.length; i++) assert.equal(s[i], (s[i - 1] ?? 0) + 1, `line ${i}: seq ${s[i]} after ${s[i - 1]}`);
}

async function createNamespace(name: string): Promise<void> {
  await lab.http.request<KObj>('POST', namespacesPath, { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });
}

/** Records how often each namespace arrives as ADDED. */
function countAdds(): { count(name: string): number; dispose(): void } {
  const inf = must(lab.informer('namespaces'), 'informer');
  const adds = new Map<string, number>();
  const sub = inf.onChange((batch: Change[]) => {
    for (const c of batch) if (c.type === 'ADDED') adds.set(c.object.metadata.name, (adds.get(c.object.metadata.name) ?? 0) + 1);
  });
  return { count: (n) => adds.get(n) ?? 0, dispose: () => sub.dispose() };
}

const faultsOn = (path: string, fault: string): RequestRecord[] =>
  env.sim.cluster('k8s-lab').requests().filter((r) => r.path === path && r.fault === fault);

for (const fault of ['stall', 'slowDrip'] as const) {
  void test(`a ${fault === 'stall' ? 'stalled' : 'slow-drip'} watch is resumed from its resourceVersion: nothing lost, nothing repeated`, async () => {
    const inf = must(lab.informer('namespaces'), 'informer');
    const sim = env.sim.cluster('k8s-lab');
    const adds = countAdds();
    const idle = inf.stats.idleTimeouts;
    const relists = inf.stats.lists;
    try {
      if (fault === 'stall') sim.faults.stall(namespacesPath, 1);
      // A byte every 50 ms never completes a watch event within the 1.5 s watchdog.
      else sim.faults.slowDrip(namespacesPath, 50, 1);
      sim.faults.dropWatches();
      const name = `during-${fault.toLowerCase()}`;
      await createNamespace(name);
      await until(lab, () => Boolean(inf.get(name)) && inf.stats.idleTimeouts > idle, `${name} in the cache after an idle reconnect`, 20_000);
      assert.equal(faultsOn(namespacesPath, fault).length, 1, 'the reconnect met the fault');
      assert.equal(adds.count(name), 1, 'added exactly once');
      assert.equal(inf.stats.lists, relists, 'resumed from the resourceVersion, without a relist');
      // The next change still flows through the new watch.
      await createNamespace(`${name}-after`);
      await until(lab, () => Boolean(inf.get(`${name}-after`)), `${name}-after in the cache`);
      assert.equal(adds.count(`${name}-after`), 1);
    } finally {
      adds.dispose();
    }
  });

  void test(`a ${fault === 'stall' ? 'stalled' : 'slow-drip'} log stream resumes from its last timestamp with consecutive lines`, async () => {
    const sim = env.sim.cluster('k8s-lab');
    const sink = collector();
    const stream = new PodLogStream({ http: lab.http, namespace: 'liqo-demo', pod: podName, via: 'admin@k8s-lab' },
      { follow: true, tailLines: 10, idleTimeoutMs: 1000 }, sink);
    const done = stream.run();
    try {
      await sink.waitFor(20);
      if (fault === 'stall') sim.faults.stall(logPath, 1);
      else sim.faults.slowDrip(logPath, 50, 1);
      sim.faults.dropLogStreams();
      const seen = sink.lines.length;
      await sink.waitFor(seen + 40);
    } finally {
      stream.stop();
      await done;
    }
    assert.equal(faultsOn(logPath, fault).length, 1, 'a reconnect met the fault');
    assert.ok(stream.stats.idleTimeouts >= 1, 'the watchdog ended the silent stream');
    assertConsecutive(sink.lines);
  });
}

/** The first request on `path` after the one that met `fault`, and that one. */
function retryAfterFault(path: string, fault: string): { failed: RequestRecord; next: RequestRecord | undefined } {
  const reqs = env.sim.cluster('k8s-lab').requests().filter((r) => r.path === path && r.method === 'GET');
  const i = reqs.findIndex((r) => r.fault === fault);
  return { failed: must(reqs[i], `a request that got ${fault}`), next: reqs[i + 1] };
}

void test('a watch answered 429 with Retry-After comes back no sooner than it says', async () => {
  const inf = must(lab.informer('namespaces'), 'informer');
  const sim = env.sim.cluster('k8s-lab');
  const watches = inf.stats.watches;
  sim.faults.failNext(1, 429, 2, namespacesPath);
  sim.faults.dropWatches();
  // One failed attempt, then the one that stays: the informer is healthy again.
  await until(lab, () => inf.stats.watches >= watches + 2 && !inf.lastError, 'the watch back after the 429', 20_000);
  const { failed, next } = retryAfterFault(namespacesPath, '429');
  assert.ok(next, 'the watch came back');
  assert.ok(next.at - failed.at >= 2000, `came back after ${next.at - failed.at} ms, Retry-After said 2 s`);
  await createNamespace('after-429');
  await until(lab, () => Boolean(inf.get('after-429')), 'after-429 through the new watch');
});

void test('a log stream answered 503 with Retry-After reconnects no sooner than it says, and loses nothing', async () => {
  const sim = env.sim.cluster('k8s-lab');
  const sink = collector();
  const stream = new PodLogStream({ http: lab.http, namespace: 'liqo-demo', pod: podName, via: 'admin@k8s-lab' }, { follow: true, tailLines: 5 }, sink);
  const done = stream.run();
  try {
    await sink.waitFor(10);
    sim.faults.failNext(1, 503, 1, logPath);
    sim.faults.dropLogStreams();
    await sink.waitForNotice(/reconnecting/);
    await sink.waitFor(sink.lines.length + 30);
  } finally {
    stream.stop();
    await done;
  }
  const { failed, next } = retryAfterFault(logPath, '503');
  assert.ok(next, 'the stream came back');
  assert.ok(next.at - failed.at >= 1000, `came back after ${next.at - failed.at} ms, Retry-After said 1 s`);
  assertConsecutive(sink.lines);
});

void test('watches with allowWatchBookmarks get bookmarks; others do not', async () => {
  const seen = async (bookmarks: boolean): Promise<string[]> => {
    const types: string[] = [];
    const stop = new AbortController();
    await lab.http.stream(namespacesPath, {
      query: { watch: 1, resourceVersion: String(must(lab.informer('namespaces'), 'informer').list()[0]?.metadata.resourceVersion), allowWatchBookmarks: bookmarks || undefined, timeoutSeconds: 1 },
      signal: stop.signal,
      onLine: (l) => { if (l.trim()) types.push((JSON.parse(l) as { type: string }).type); },
    });
    return types;
  };
  assert.ok((await seen(true)).includes('BOOKMARK'), 'a one-second watch with 200 ms bookmarks saw one');
  assert.ok(!(await seen(false)).includes('BOOKMARK'));
});

void test('a pod that is not scheduled has no log (204): the follow says so once and waits, then streams once it runs', async () => {
  const label = 'example.io/logs-after-wait';
  await lab.http.request('POST', resourcePath(kinds.pod, 'default'), { body: {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'not-yet', namespace: 'default' },
    spec: { nodeSelector: { [label]: 'yes' }, containers: [{ name: 'app', image: 'busybox' }] },
  } });
  const path = resourcePath(kinds.pod, 'default', 'not-yet', 'log');
  const target = { http: lab.http, namespace: 'default', pod: 'not-yet', via: 'admin@k8s-lab' };
  // Without follow: nothing to read, said plainly, and no failure.
  const once = collector();
  await new PodLogStream(target, { maxRetries: 0 }, once).run();
  assert.deepEqual(once.lines, []);
  assert.ok(once.notices.some((n) => /not scheduled yet/.test(n)), once.notices.join(' | '));

  const sink = collector();
  const stream = new PodLogStream(target, { follow: true }, sink);
  const done = stream.run();
  try {
    await sink.waitForNotice(/not scheduled yet; waiting/);
    const nodes = await lab.http.request<{ items: KObj[] }>('GET', resourcePath(kinds.node));
    const node = must(nodes.items.find((n) => n.metadata.labels?.['liqo.io/type'] !== 'virtual-node' && !(n.spec as { taints?: unknown[] } | undefined)?.taints?.length), 'a plain node');
    await lab.http.request('PATCH', resourcePath(kinds.node, undefined, node.metadata.name), {
      body: { metadata: { labels: { [label]: 'yes' } } }, contentType: 'application/merge-patch+json',
    });
    await sink.waitFor(3);
  } finally {
    stream.stop();
    await done;
  }
  assertConsecutive(sink.lines);
  assert.equal(sink.notices.filter((n) => /not scheduled/.test(n)).length, 1, sink.notices.join(' | '));
  // One 204 for the plain read, one for the follow, then the one that streamed: the wait was a watch, not a poll.
  const reads = env.sim.cluster('k8s-lab').requests().filter((r) => r.path === path);
  assert.equal(reads.length, 3, reads.map((r) => r.query).join(' | '));
});
