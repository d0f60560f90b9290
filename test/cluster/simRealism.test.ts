// Where kube-apiserver is harsher than a naive simulator (issue 10, part 3): unsupported field selectors are refused
// with 400 "field label not supported", pods terminate gracefully (Terminating for their grace period, at once with
// --grace-period=0 --force), a watch with a selector gets DELETED with the last matching state when an object
// leaves it, and bookmarks come about every 60 s. kubectl judges the simulator; the client's tree and informers
// are checked against the same behaviour.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { kinds, resourcePath, type KObj } from '../../client/src/kube/kinds';
import type { Session } from '../../client/src/kube/session';
import { contextNode, walk } from '../../client/src/views/model';
import { Kubectl, kubectlOrError, Output } from '../sim/kubectl';
import { eventLogLimit } from '../sim/store';
import { must, readySession, startEnv, until, type Env } from './kubeHelpers';

let env: Env;
let k: Kubectl;
let lab: Session;
/** Opened in before(): a quiet watch with bookmarks at the simulator's default interval. */
let bookmarkWatch: Promise<number[]>;

before(async () => {
  env = await startEnv();
  k = new Kubectl(kubectlOrError(), env.sim.kubeconfigPath);
  lab = await readySession(env, 'admin@k8s-lab');
  const rv = (await lab.http.request<{ metadata: { resourceVersion: string } }>('GET', resourcePath(kinds.runtimeClass))).metadata.resourceVersion;
  bookmarkWatch = (async () => {
    const times: number[] = [];
    const start = Date.now();
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 75_000).unref();
    await lab.http.stream(resourcePath(kinds.runtimeClass), {
      query: { watch: 1, resourceVersion: rv, allowWatchBookmarks: true }, signal: abort.signal, idleTimeoutMs: 0,
      onLine: (l) => { if ((JSON.parse(l) as { type: string }).type === 'BOOKMARK') { times.push(Date.now() - start); abort.abort(); } },
    }).catch(() => undefined);
    return times;
  })();
});
after(async () => { await env.stop(); });

test('kubectl: a field selector the kind does not support is a 400 "field label not supported"', async () => {
  const pods = await k.run(['get', 'pods', '-A', '--field-selector', 'spec.nodeName=x,spec.priority=1']);
  assert.notEqual(pods.code, 0);
  // kubectl wraps the server's 400 in its own words, as against kube-apiserver.
  assert.match(pods.stderr, /^Error from server \(BadRequest\): Unable to find "\/v1, Resource=pods" that match label selector "", field selector "spec\.nodeName=x,spec\.priority=1": field label not supported: spec\.priority$/m);
  const vn = await k.run(['get', 'virtualnodes', '-A', '--field-selector', 'spec.clusterID=k8s-gpu']);
  assert.match(vn.stderr, /^Error from server \(BadRequest\): Unable to find "offloading\.liqo\.io\/v1beta1, Resource=virtualnodes" .*: field label not supported: spec\.clusterID$/m);
  const watch = await k.run(['get', 'nodes', '--watch', '--request-timeout=5s', '--field-selector', 'metadata.namespace=x']);
  assert.match(watch.stderr, /field label not supported: metadata\.namespace/);
  // What the kinds do support.
  assert.match(await k.ok(['get', 'pods', '-A', '--field-selector', 'status.phase=Pending,spec.nodeName=,metadata.namespace=liqo-demo']), /web-nvidia-smi/);
  assert.match(await k.ok(['get', 'nodes', '--field-selector', 'metadata.name=k8s-lab-worker']), /k8s-lab-worker/);
  assert.match(await k.ok(['get', 'virtualnodes', '-A', '--field-selector', 'metadata.name=k8s-gpu']), /k8s-gpu/);
});

test('the client only sends field selectors a real server supports: every informer lists', async () => {
  for (const what of ['pendingPods', 'pods', 'remotePods', 'virtualNodes'] as const) assert.equal(lab.informer(what)?.synced, true, what);
  assert.equal(lab.error, undefined);
  const r = await lab.http.request<{ message?: string }>('GET', resourcePath(kinds.pod), { query: { fieldSelector: 'status.hostIP=1.2.3.4' } }).then(() => undefined, (e: unknown) => e as Error);
  assert.match(String(r?.message), /field label not supported: status\.hostIP/, 'and the client reads the 400 as invalid');
});

async function makePod(name: string, grace?: number): Promise<void> {
  await lab.http.request('POST', resourcePath(kinds.pod, 'default'), { body: {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { 'liqo.io/shadowPod': 'true' } },
    spec: { nodeName: 'k8s-gpu', ...(grace === undefined ? {} : { terminationGracePeriodSeconds: grace }), containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] },
  } });
}

const podJson = async (name: string): Promise<KObj | undefined> => {
  const r = await k.run(['get', 'pod', name, '-n', 'default', '-o', 'json']);
  return r.code === 0 ? JSON.parse(r.stdout) as KObj : undefined;
};

test('pods terminate gracefully: Terminating for their grace period in kubectl and in the tree, then gone', async () => {
  await makePod('grace-short', 3);
  await until(lab, () => lab.snapshot().pods.some((p) => p.name === 'grace-short'), 'the pod in the session');
  const deletedAt = Date.now();
  await k.ok(['delete', 'pod', 'grace-short', '-n', 'default', '--wait=false']);
  assert.match(await k.ok(['get', 'pod', 'grace-short', '-n', 'default']), /^grace-short\s+\S+\s+Terminating\s/m);
  const pod = must(await podJson('grace-short'), 'the terminating pod');
  assert.equal((pod.metadata as { deletionGracePeriodSeconds?: number }).deletionGracePeriodSeconds, 3);
  const at = Date.parse(String(pod.metadata.deletionTimestamp));
  assert.ok(Math.abs(at - (deletedAt + 3000)) < 2000, `deletionTimestamp is the end of the grace period (${pod.metadata.deletionTimestamp})`);

  await until(lab, () => lab.snapshot().pods.find((p) => p.name === 'grace-short')?.phase === 'Terminating', 'Terminating in the session');
  const item = must([...walk([contextNode(lab.snapshot())])].find((n) => n.id === 'admin@k8s-lab/pod/default/grace-short'), 'the pod under its virtual node');
  assert.match(item.description ?? '', /Terminating/);

  await until(lab, () => !lab.snapshot().pods.some((p) => p.name === 'grace-short'), 'the pod gone after its grace period', 10_000);
  assert.ok(Date.now() - deletedAt >= 2500, `not removed before the grace period (${Date.now() - deletedAt} ms)`);
  assert.equal(await podJson('grace-short'), undefined);
});

test('the default grace period is 30 s; --grace-period=0 --force deletes at once', async () => {
  await makePod('grace-default');
  await k.ok(['delete', 'pod', 'grace-default', '-n', 'default', '--wait=false']);
  const pod = must(await podJson('grace-default'), 'terminating');
  assert.equal((pod.metadata as { deletionGracePeriodSeconds?: number }).deletionGracePeriodSeconds, 30);
  // A second delete may shorten the period: --grace-period=0 --force, as kubectl sends it.
  const forced = await k.run(['delete', 'pod', 'grace-default', '-n', 'default', '--grace-period=0', '--force']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal(await podJson('grace-default'), undefined);
  // A pod without a node goes at once too, as kube-apiserver deletes an unscheduled pod.
  await lab.http.request('POST', resourcePath(kinds.pod, 'default'), { body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'unscheduled' },
    spec: { schedulerName: 'nobody', containers: [{ name: 'a', image: 'x' }] } } });
  await k.ok(['delete', 'pod', 'unscheduled', '-n', 'default', '--wait=false']);
  assert.equal(await podJson('unscheduled'), undefined);
});

test('a watch with a selector gets DELETED with the last matching state when an object leaves the selector', async () => {
  const path = resourcePath(kinds.configMap, 'default');
  await lab.http.request('POST', path, { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'leaver', labels: { tier: 'gpu' } }, data: { v: '1' } } });
  const events: { type: string; object: KObj }[] = [];
  const abort = new AbortController();
  const watching = lab.http.stream(path, {
    query: { watch: 1, labelSelector: 'tier=gpu', allowWatchBookmarks: true }, signal: abort.signal,
    onLine: (l) => { events.push(JSON.parse(l) as { type: string; object: KObj }); },
  }).catch(() => undefined);
  const wait = async (check: () => boolean, what: string): Promise<void> => {
    const end = Date.now() + 10_000;
    while (!check()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  await wait(() => events.some((e) => e.type === 'ADDED'), 'the initial ADDED');
  const changed = await lab.http.request<KObj>('PATCH', `${path}/leaver`, { contentType: 'application/merge-patch+json', body: { metadata: { labels: { tier: 'cpu' } }, data: { v: '2' } } });
  await wait(() => events.some((e) => e.type === 'DELETED'), 'the DELETED event');
  abort.abort();
  await watching;
  const del = must(events.find((e) => e.type === 'DELETED'), 'DELETED').object;
  assert.equal(del.metadata.labels?.tier, 'gpu', 'the previous object, which matched');
  assert.deepEqual(del.data, { v: '1' });
  assert.equal(del.metadata.resourceVersion, changed.metadata.resourceVersion, 'at the resourceVersion of the change');
});

test('kubectl get --watch --output-watch-events shows the DELETED object as it last matched the selector', async () => {
  const path = resourcePath(kinds.configMap, 'default');
  await lab.http.request('POST', path, { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'leaver2', labels: { tier: 'gpu' } }, data: { v: 'before' } } });
  const out = new Output(k.spawn(['get', 'configmaps', '-n', 'default', '-l', 'tier=gpu', '--watch', '--output-watch-events', '-o', 'json'], 'admin@k8s-lab'));
  try {
    await out.until((s) => s.includes('"leaver2"'), 20_000);
    await lab.http.request('PATCH', `${path}/leaver2`, { contentType: 'application/merge-patch+json', body: { metadata: { labels: { tier: 'cpu' } }, data: { v: 'after' } } });
    const text = await out.until((s) => /^\{"type":"DELETED".*\}$/m.test(s), 20_000);
    const line = must(/^\{"type":"DELETED".*\}$/m.exec(text)?.[0], 'the DELETED line');
    const deleted = (JSON.parse(line) as { object: KObj }).object;
    assert.equal(deleted.metadata.labels?.tier, 'gpu');
    assert.deepEqual(deleted.data, { v: 'before' });
  } finally {
    out.child.kill();
  }
});

test('a list shows each write at once: the simulator reuses an object\'s JSON only while its resourceVersion stays', async () => {
  const list = async (): Promise<KObj[]> => (JSON.parse(await k.ok(['get', 'configmaps', '-n', 'default', '-l', 'list-cache=yes', '-o', 'json'])) as { items: KObj[] }).items;
  await k.ok(['create', 'configmap', 'cached-a', '-n', 'default', '--from-literal=v=1']);
  await k.ok(['create', 'configmap', 'cached-b', '-n', 'default', '--from-literal=v=1']);
  await k.ok(['label', 'configmap', 'cached-a', 'cached-b', '-n', 'default', 'list-cache=yes']);
  const first = await list();
  assert.deepEqual(first.map((o) => o.metadata.name), ['cached-a', 'cached-b']);
  for (let round = 2; round <= 3; round++) {
    await k.ok(['label', '--overwrite', 'configmap', 'cached-b', '-n', 'default', `round=${round}`]);
    const items = await list();
    assert.equal(items[1]?.metadata.labels?.round, String(round), `round ${round}: the list shows the new label`);
    assert.notEqual(items[1]?.metadata.resourceVersion, first[1]?.metadata.resourceVersion);
    // Every listed object is the one a GET returns, byte for byte as JSON.
    for (const item of items) {
      const got = JSON.parse(await k.ok(['get', 'configmap', item.metadata.name, '-n', 'default', '-o', 'json'])) as KObj;
      assert.deepEqual(item, got, item.metadata.name);
    }
    assert.deepEqual(items[0], first[0], 'the unchanged object is listed as before');
  }
  await k.ok(['delete', 'configmap', 'cached-a', 'cached-b', '-n', 'default']);
  assert.deepEqual(await list(), []);
});

test('each cluster\'s event log is bounded by the size of the world: 20,000 events for a few clusters, 2,000 each in a fleet of 100', () => {
  assert.equal(eventLogLimit(2), 20_000);
  assert.equal(eventLogLimit(10), 20_000);
  assert.equal(eventLogLimit(40), 5_000);
  assert.equal(eventLogLimit(100), 2_000);
  assert.equal(eventLogLimit(1_000), 2_000);
});

test('bookmarks come about every 60 s by default, as kube-apiserver sends them', async () => {
  const times = await bookmarkWatch;
  assert.equal(times.length, 1, 'a bookmark within 75 s');
  const [first] = times as [number];
  assert.ok(first >= 55_000 && first <= 65_000, `the first bookmark after ${first} ms`);
});

