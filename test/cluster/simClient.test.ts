// @kubernetes/client-node against the simulator: list, chunking, write semantics, watch with bookmarks,
// 410 Gone, informers that relist and reconnect, logs, and the fault injection the client tests build on.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { ApiException, CoreV1Api, CustomObjectsApi, KubeConfig, Log, makeInformer, Watch, type V1ConfigMap } from '@kubernetes/client-node';
import { startSim, type Sim } from '../sim/index.js';
import { exitWithoutTeardown } from '../util/exitQuietly';

const code = (e: unknown): number | undefined => (e instanceof ApiException ? e.code : undefined);
const reason = (e: unknown): string | undefined => {
  if (!(e instanceof ApiException)) return undefined;
  const body: unknown = typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
  return (body as { reason?: string } | undefined)?.reason;
};

function until(pred: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = (): void => {
      if (pred()) { resolve(); return; }
      if (Date.now() - started > timeoutMs) { reject(new Error(`timed out waiting for ${what}`)); return; }
      setTimeout(tick, 10);
    };
    tick();
  });
}

// Each test makes its own clients and undoes the faults it injects (in finally), so that it passes alone and a
// failure leaves nothing behind for the tests after it.
describe('@kubernetes/client-node against the simulator', () => {
  let sim: Sim;

  /** Fresh clients for one context, so no test sees another's current-context change. */
  const clients = (context = 'admin@k8s-lab'): { kc: KubeConfig; core: CoreV1Api; custom: CustomObjectsApi } => {
    const kc = new KubeConfig();
    kc.loadFromFile(sim.kubeconfigPath);
    kc.setCurrentContext(context);
    return { kc, core: kc.makeApiClient(CoreV1Api), custom: kc.makeApiClient(CustomObjectsApi) };
  };

  const cm = (name: string, data: Record<string, string> = { a: '1' }): V1ConfigMap => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data });

  before(async () => {
    sim = await startSim({ kubeconfigPath: path.join(mkdtempSync(path.join(tmpdir(), 'sim-client-')), 'kubeconfig'), logIntervalMs: 100, bookmarkIntervalMs: 100 });
  });
  after(async () => { await sim?.stop(); exitWithoutTeardown(); });

  it('writes contexts for both clusters and lists with selectors and chunks', async () => {
    const { kc, core, custom } = clients();
    assert.deepEqual(kc.getContexts().map((c) => c.name).sort(), ['admin@k8s-gpu', 'admin@k8s-lab', 'restricted@k8s-lab', 'viewer@k8s-gpu', 'viewer@k8s-lab']);
    const virtual = await core.listNode({ labelSelector: 'liqo.io/type=virtual-node' });
    assert.deepEqual(virtual.items.map((n) => n.metadata?.name), ['k8s-gpu']);
    assert.equal(virtual.items[0].status?.capacity?.['nvidia.com/gpu'], '1');
    const all = await core.listPodForAllNamespaces({});
    const seen: string[] = [];
    let cont: string | undefined;
    do {
      const page = await core.listPodForAllNamespaces({ limit: 2, _continue: cont });
      assert.ok(page.items.length <= 2);
      seen.push(...page.items.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`));
      cont = page.metadata?._continue;
    } while (cont);
    assert.deepEqual(seen, all.items.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`));
    const running = await core.listPodForAllNamespaces({ fieldSelector: 'status.phase=Running,metadata.namespace=kube-system' });
    assert.ok(running.items.length >= 1 && running.items.every((p) => p.metadata?.namespace === 'kube-system'));
    const fcs = await custom.listClusterCustomObject({ group: 'core.liqo.io', version: 'v1beta1', plural: 'foreignclusters' }) as { items: { status: { role: string } }[] };
    assert.equal(fcs.items[0].status.role, 'Provider');
  });

  it('keeps each cluster\'s ID in the ConfigMap Liqo\'s chart creates', async () => {
    for (const cluster of ['k8s-lab', 'k8s-gpu']) {
      const list = await clients(`admin@${cluster}`).core.listNamespacedConfigMap({ namespace: 'liqo', labelSelector: 'app.kubernetes.io/name=clusterid-configmap' });
      assert.deepEqual(list.items.map((m) => [m.metadata?.name, m.data?.CLUSTER_ID]), [['liqo-clusterid-configmap', cluster]]);
    }
  });

  it('keeps uid, resourceVersion and generation semantics, with 409 AlreadyExists and Conflict', async () => {
    const { core, custom } = clients();
    const created = await core.createNamespacedConfigMap({ namespace: 'default', body: cm('semantics') });
    assert.match(created.metadata?.uid ?? '', /^[0-9a-f-]{36}$/);
    assert.ok(created.metadata?.creationTimestamp);
    await assert.rejects(core.createNamespacedConfigMap({ namespace: 'default', body: cm('semantics') }), (e) => code(e) === 409 && reason(e) === 'AlreadyExists');
    const updated = await core.replaceNamespacedConfigMap({ name: 'semantics', namespace: 'default', body: { ...created, data: { a: '2' } } });
    assert.ok(Number(updated.metadata?.resourceVersion) > Number(created.metadata?.resourceVersion));
    assert.equal(updated.metadata?.uid, created.metadata?.uid);
    await assert.rejects(core.replaceNamespacedConfigMap({ name: 'semantics', namespace: 'default', body: { ...created, data: { a: '3' } } }), (e) => code(e) === 409 && reason(e) === 'Conflict');
    await assert.rejects(core.readNamespacedConfigMap({ name: 'missing', namespace: 'default' }), (e) => code(e) === 404 && reason(e) === 'NotFound');

    const nsoff = { apiVersion: 'offloading.liqo.io/v1beta1', kind: 'NamespaceOffloading', metadata: { name: 'offloading', namespace: 'default' },
      spec: { clusterSelector: { nodeSelectorTerms: [] }, namespaceMappingStrategy: 'DefaultName', podOffloadingStrategy: 'Local' } };
    const target = { group: 'offloading.liqo.io', version: 'v1beta1', namespace: 'default', plural: 'namespaceoffloadings', name: 'offloading' };
    try {
      const dry = await custom.createNamespacedCustomObject({ ...target, body: nsoff, dryRun: 'All' }) as { metadata: { uid: string } };
      assert.ok(dry.metadata.uid);
      await assert.rejects(custom.getNamespacedCustomObject(target), (e) => code(e) === 404);
      const off = await custom.createNamespacedCustomObject({ ...target, body: nsoff }) as { metadata: { generation: number } };
      assert.equal(off.metadata.generation, 1);
      const relabelled = await custom.patchNamespacedCustomObject({ ...target, body: [{ op: 'add', path: '/metadata/labels', value: { a: 'b' } }] }) as { metadata: { generation: number } };
      assert.equal(relabelled.metadata.generation, 1, 'metadata changes keep the generation');
      const respec = await custom.patchNamespacedCustomObject({ ...target, body: [{ op: 'replace', path: '/spec/podOffloadingStrategy', value: 'LocalAndRemote' }] }) as { metadata: { generation: number } };
      assert.equal(respec.metadata.generation, 2);
      await sim.settled();
      const settled = await custom.getNamespacedCustomObject(target) as { status: { observedGeneration: number; remoteNamespaceName: string } };
      assert.equal(settled.status.observedGeneration, 2);
      assert.equal(settled.status.remoteNamespaceName, 'default-k8s-lab');
      await assert.rejects(custom.patchNamespacedCustomObject({ ...target, body: [{ op: 'replace', path: '/spec/namespaceMappingStrategy', value: 'EnforceSameName' }] }),
        (e) => code(e) === 403 && /cannot be modified/.test(String((e as ApiException<string>).body)));
      await custom.deleteNamespacedCustomObject(target);
      await sim.settled();
      assert.equal(sim.cluster('k8s-gpu').get('v1', 'Namespace', 'default-k8s-lab'), undefined);
    } finally {
      await custom.deleteNamespacedCustomObject(target).catch(() => undefined);
    }
  });

  it('watches from a resourceVersion with bookmarks, and answers 410 for an expired one', async () => {
    const { kc, core } = clients();
    const list = await core.listNamespacedConfigMap({ namespace: 'default' });
    const rv = list.metadata?.resourceVersion ?? '';
    const events: { type: string; name?: string; rv?: string }[] = [];
    let doneErr: unknown = 'not yet';
    const w = new Watch(kc);
    const ctl = await w.watch('/api/v1/namespaces/default/configmaps', { resourceVersion: rv, allowWatchBookmarks: true },
      (type: string, obj: { metadata?: { name?: string; resourceVersion?: string } }) => { events.push({ type, name: obj.metadata?.name, rv: obj.metadata?.resourceVersion }); },
      (err: unknown) => { doneErr = err; });
    await core.createNamespacedConfigMap({ namespace: 'default', body: cm('watched') });
    await until(() => events.some((e) => e.type === 'ADDED' && e.name === 'watched'), 'ADDED event');
    await until(() => events.some((e) => e.type === 'BOOKMARK'), 'a bookmark');
    assert.ok(!events.some((e) => e.type === 'ADDED' && e.name === 'semantics'), 'no replay of objects older than the resourceVersion');
    ctl.abort();

    // Watch-list: the current state first, then a bookmark that marks its end.
    const initial: { type: string; name?: string; end?: string }[] = [];
    const wl = await w.watch('/api/v1/namespaces/default/configmaps', { sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: true },
      (type: string, obj: { metadata?: { name?: string; annotations?: Record<string, string> } }) => { initial.push({ type, name: obj.metadata?.name, end: obj.metadata?.annotations?.['k8s.io/initial-events-end'] }); },
      () => undefined);
    await until(() => initial.some((e) => e.end === 'true'), 'the end of the initial events');
    assert.ok(initial.some((e) => e.type === 'ADDED' && e.name === 'watched'));
    wl.abort();

    sim.cluster('k8s-lab').faults.expireResourceVersions();
    const expired: { type: string; code?: number }[] = [];
    doneErr = 'not yet';
    await w.watch('/api/v1/namespaces/default/configmaps', { resourceVersion: rv }, (type: string, obj: { code?: number }) => { expired.push({ type, code: obj.code }); }, (err: unknown) => { doneErr = err; });
    await until(() => doneErr !== 'not yet', 'the expired watch to end');
    assert.deepEqual(expired, [{ type: 'ERROR', code: 410 }]);
  });

  it('informers relist after 410 and reconnect after a dropped watch', async () => {
    const { kc, core } = clients();
    let lists = 0;
    const informer = makeInformer<V1ConfigMap>(kc, '/api/v1/namespaces/default/configmaps', () => { lists++; return core.listNamespacedConfigMap({ namespace: 'default' }); });
    const names = new Set<string>();
    let errors = 0;
    informer.on('add', (o) => { names.add(o.metadata?.name ?? ''); });
    // No restart here: the informer must come back by itself, or the waits below time out.
    informer.on('error', () => { errors++; });
    // Its own object to find in the first list, so the test does not lean on an earlier one's.
    await core.createNamespacedConfigMap({ namespace: 'default', body: cm('informer-initial') });
    await informer.start();
    try {
      await until(() => names.has('informer-initial'), 'the initial list');
      const lab = sim.cluster('k8s-lab');
      lab.faults.dropWatches();
      await core.createNamespacedConfigMap({ namespace: 'default', body: cm('after-drop') });
      await until(() => names.has('after-drop'), 'the informer to reconnect after a dropped watch');
      assert.equal(lists, 1, 'a dropped watch resumes from its resourceVersion, with no new list');
      lab.faults.expireResourceVersions();
      await core.createNamespacedConfigMap({ namespace: 'default', body: cm('after-expire') });
      await until(() => names.has('after-expire'), 'the informer to relist after 410');
      assert.equal(lists, 2, 'the 410 made the informer list again');
      assert.ok(informer.get('after-expire', 'default'));
      assert.equal(errors, 0, 'client-node relists and rewatches by itself: no error reached the informer');
    } finally {
      await informer.stop();
    }
  });

  it('injects 429/503/500 with Retry-After, latency, token revocation, and stop/restart with the data', async () => {
    // The provider cluster: no informer of another test talks to it.
    const lab = sim.cluster('k8s-gpu');
    const { kc: pkc, core } = clients('admin@k8s-gpu');
    let stopped = false;
    try {
      await core.createNamespacedConfigMap({ namespace: 'default', body: cm('semantics', { a: '2' }) });
      lab.faults.failNext(1, 429, 3);
      await assert.rejects(core.listNamespace(), (e) => code(e) === 429 && reason(e) === 'TooManyRequests' && (e as ApiException<string>).headers['retry-after'] === '3');
      lab.faults.failNext(2, 503);
      await assert.rejects(core.listNamespace(), (e) => code(e) === 503);
      await assert.rejects(core.listNamespace(), (e) => code(e) === 503);
      lab.faults.failNext(1, 500);
      await assert.rejects(core.listNamespace(), (e) => code(e) === 500 && reason(e) === 'InternalError');
      assert.ok((await core.listNamespace()).items.length > 0);

      lab.faults.setLatency(150);
      const t0 = Date.now();
      await core.listNamespace();
      assert.ok(Date.now() - t0 >= 140);
      lab.faults.setLatency(0);

      const viewer = clients('viewer@k8s-gpu').core;
      assert.ok((await viewer.listNamespace()).items.length > 0);
      await assert.rejects(viewer.createNamespacedConfigMap({ namespace: 'default', body: cm('viewer') }), (e) => code(e) === 403 && reason(e) === 'Forbidden');
      lab.faults.revokeToken('viewer@k8s-gpu');
      await assert.rejects(viewer.listNamespace(), (e) => code(e) === 401);

      // The same faults over HTTP, on the cluster's own port.
      const admin = async (action: string, body: unknown): Promise<number> => {
        const opts: https.RequestOptions = { method: 'POST', headers: { 'Content-Type': 'application/json' } };
        await pkc.applyToHTTPSOptions(opts);
        return new Promise((resolve, reject) => {
          const req = https.request(`${lab.url}/__sim/faults/${action}`, opts, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
          req.on('error', reject);
          req.end(JSON.stringify(body));
        });
      };
      assert.equal(await admin('failNext', { n: 1, code: 503, retryAfterSeconds: 2 }), 200);
      await assert.rejects(core.listNamespace(), (e) => code(e) === 503 && (e as ApiException<string>).headers['retry-after'] === '2');
      assert.equal(await admin('setLatency', { ms: 0 }), 200);
      assert.equal(await admin('nope', {}), 404);

      const url = lab.url;
      stopped = true;
      await lab.faults.stop();
      await assert.rejects(core.listNamespace(), (e: Error) => /ECONNREFUSED|fetch failed|connect/i.test(`${e.message} ${String((e as { code?: string }).code)}`));
      await lab.faults.restart();
      stopped = false;
      assert.equal(lab.url, url);
      const kept = await core.readNamespacedConfigMap({ name: 'semantics', namespace: 'default' });
      assert.equal(kept.data?.a, '2');
    } finally {
      // Whatever failed, k8s-gpu serves again, with no delay and no injected failure left for the next test.
      lab.faults.setLatency(0);
      lab.faults.failNext(0, 500);
      if (stopped) await lab.faults.restart();
    }
  });

  it('serves pods/log locally and through the consumer for offloaded pods, with 500 and the dial error when the proxy fails', async () => {
    const { kc, core, custom } = clients();
    const nsoff = { apiVersion: 'offloading.liqo.io/v1beta1', kind: 'NamespaceOffloading', metadata: { name: 'offloading', namespace: 'liqo-demo' },
      spec: { clusterSelector: { nodeSelectorTerms: [] }, podOffloadingStrategy: 'LocalAndRemote' } };
    await custom.createNamespacedCustomObject({ group: 'offloading.liqo.io', version: 'v1beta1', namespace: 'liqo-demo', plural: 'namespaceoffloadings', body: nsoff });
    await sim.settled();
    const pods = await core.listNamespacedPod({ namespace: 'liqo-demo', labelSelector: 'app=web-nvidia-smi' });
    const pod = pods.items[0];
    assert.equal(pod.status?.phase, 'Running');
    assert.equal(pod.metadata?.labels?.['liqo.io/shadowPod'], 'true');
    const name = pod.metadata?.name ?? '';
    const provider = clients('admin@k8s-gpu').core;
    const remotePod = await provider.readNamespacedPod({ name, namespace: 'liqo-demo-k8s-lab' });
    assert.equal(remotePod.metadata?.labels?.['liqo.io/managed-by'], 'shadowpod');
    assert.equal(remotePod.status?.phase, 'Running');

    const tail = await core.readNamespacedPodLog({ name, namespace: 'liqo-demo', tailLines: 3, timestamps: true });
    const lines = tail.trim().split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[0], /^\S+Z seq=\d+ /);
    const prev = await core.readNamespacedPodLog({ name, namespace: 'liqo-demo', previous: true });
    assert.match(prev.split('\n')[0], /^seq=1 /);
    const recent = await core.readNamespacedPodLog({ name, namespace: 'liqo-demo', sinceSeconds: 1 });
    assert.ok(recent.split('\n').filter(Boolean).length <= 5 * 12);

    // Follow through the consumer: new lines keep coming, in order.
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (d: Buffer) => { text += d.toString(); });
    const req = await new Log(kc).log('liqo-demo', name, 'nvidia-smi', stream, { follow: true, tailLines: 1 });
    await until(() => (text.match(/seq=/g) ?? []).length >= 11, 'followed lines');
    req.abort();
    const seqs = (text.match(/seq=(\d+)/g) ?? []).map((x) => Number(x.slice(4)));
    assert.ok(seqs.every((v, i) => i === 0 || v === seqs[i - 1] + 1));

    sim.cluster('k8s-lab').faults.failLogProxy(true);
    try {
      // As kube-apiserver (k3s) answers a proxy that cannot dial the kubelet: 500 with the dial error.
      await assert.rejects(core.readNamespacedPodLog({ name, namespace: 'liqo-demo' }), (e) => code(e) === 500 && /while dialing/.test(String((e as Error).message)));
      const direct = await provider.readNamespacedPodLog({ name, namespace: 'liqo-demo-k8s-lab', tailLines: 1 });
      assert.match(direct, /seq=\d+/);
    } finally {
      sim.cluster('k8s-lab').faults.failLogProxy(false);
    }
  });
});
