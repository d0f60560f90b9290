// Informers keep the cache right through dropped watches and expired resourceVersions, without polling.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { kinds, resourcePath, type KObj } from '../../client/src/kube/kinds';
import type { Session } from '../../client/src/kube/session';
import { must, readySession, startEnv, until, type Env } from './kubeHelpers';

let env: Env;
let lab: Session;
before(async () => {
  env = await startEnv();
  lab = await readySession(env, 'admin@k8s-lab');
});
after(async () => { await env.stop(); });

async function createNamespace(name: string): Promise<void> {
  await lab.http.request<KObj>('POST', resourcePath(kinds.namespace), { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });
}

const hasNamespace = (name: string) => (): boolean => Boolean(lab.informer('namespaces')?.get(name));

void test('a change reaches the cache through the watch, without a relist', async () => {
  const inf = must(lab.informer('namespaces'), 'informer');
  const lists = inf.stats.lists;
  await createNamespace('live-1');
  await until(lab, hasNamespace('live-1'), 'live-1', 15_000);
  assert.equal(inf.stats.lists, lists);
});

void test('after the server drops every watch, the informer reconnects and misses nothing', async () => {
  const inf = must(lab.informer('namespaces'), 'informer');
  const before = inf.stats.watches;
  env.sim.cluster('k8s-lab').faults.dropWatches();
  // Created while the watch is being re-established: it must still arrive (resumed from the resourceVersion).
  await createNamespace('after-drop');
  await until(lab, hasNamespace('after-drop'), 'after-drop');
  await until(lab, () => inf.stats.watches > before, 'a new watch');
  assert.equal(inf.stats.relistsAfterGone, 0, 'a plain drop resumes without a relist');
});

void test('410 Gone makes the informer relist, and deletions during the gap are seen', async () => {
  const inf = must(lab.informer('namespaces'), 'informer');
  await createNamespace('to-delete');
  await until(lab, hasNamespace('to-delete'), 'to-delete');
  const sim = env.sim.cluster('k8s-lab');
  sim.faults.expireResourceVersions();
  sim.faults.dropWatches();
  await lab.http.request('DELETE', resourcePath(kinds.namespace, undefined, 'to-delete'));
  await createNamespace('after-gone');
  await until(lab, () => hasNamespace('after-gone')() && !hasNamespace('to-delete')(), 'the relisted state', 15_000);
  assert.ok(inf.stats.relistsAfterGone >= 1, 'relisted after 410');
});

void test('only offloaded pods are watched, and they are stored slimmed, without managedFields or full specs', async () => {
  await lab.http.request('POST', resourcePath(kinds.pod, 'default'), { body: {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'marked', namespace: 'default', labels: { 'liqo.io/shadowPod': 'true' } },
    spec: { containers: [{ name: 'c', image: 'busybox', resources: { limits: { 'nvidia.com/gpu': '1' } } }] },
  } });
  await until(lab, () => Boolean(lab.informer('pods')?.get('marked', 'default')), 'the labelled pod');
  const pods = must(lab.informer('pods'), 'pods').list();
  assert.ok(pods.every((p) => p.metadata.labels?.['liqo.io/shadowPod'] === 'true'), 'unlabelled pods are not listed');
  assert.ok(pods.length > 0);
  for (const p of pods) {
    assert.equal((p.metadata as { managedFields?: unknown }).managedFields, undefined);
    assert.deepEqual(Object.keys(p.spec ?? {}).sort(), ['containers', 'nodeName']);
  }
});

void test('pods waiting for a GPU are watched; other unscheduled pods are dropped without a change', async () => {
  const inf = must(lab.informer('pendingPods'), 'pendingPods');
  const seen: string[] = [];
  const sub = inf.onChange((batch) => { for (const c of batch) seen.push(`${c.type} ${c.object.metadata.name}`); });
  const podWith = (name: string, spec: Record<string, unknown>) => lab.http.request('POST', resourcePath(kinds.pod, 'default'), { body: {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec,
  } });
  try {
    // Neither fits any node: one asks for a node label nobody has, the other for four GPUs.
    await podWith('no-gpu-stuck', { nodeSelector: { 'example.io/nowhere': 'true' }, containers: [{ name: 'c', image: 'busybox' }] });
    await podWith('four-gpus', { containers: [{ name: 'c', image: 'cuda', resources: { limits: { 'nvidia.com/gpu': '4' } } }] });
    // Watch events come in order: once the GPU pod is in, the other pod's events have been read too.
    await until(lab, () => Boolean(inf.get('four-gpus', 'default')), 'the GPU pod waiting');
    assert.equal(inf.get('no-gpu-stuck', 'default'), undefined);
    assert.ok(seen.every((s) => !s.includes('no-gpu-stuck')), seen.join(', '));
    // The scheduler's verdict arrives as a later change of the same pod.
    await until(lab, () => /Insufficient nvidia\.com\/gpu/.test(lab.snapshot().pods.find((p) => p.name === 'four-gpus')?.reason ?? ''), 'the reason');
    await lab.http.request('DELETE', resourcePath(kinds.pod, 'default', 'four-gpus'));
    await until(lab, () => !inf.get('four-gpus', 'default'), 'the deleted GPU pod to go');
    await lab.http.request('DELETE', resourcePath(kinds.pod, 'default', 'no-gpu-stuck'));
  } finally {
    sub.dispose();
  }
});
