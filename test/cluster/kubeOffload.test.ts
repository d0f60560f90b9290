// Offloading and ResourceSlice requests against the simulated consumer/provider pair.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { KubeError } from '../../client/src/kube/errors';
import { kinds, resourcePath, type KObj } from '../../client/src/kube/kinds';
import {
  applyOffloading, buildNamespaceOffloading, OffloadingExistsError, unoffload, waitForOffloading,
} from '../../client/src/kube/offload';
import type { Session } from '../../client/src/kube/session';
import { buildResourceSlice, createResourceSlice, findTenantNamespace, waitForSlice } from '../../client/src/kube/slices';
import { buildTree, contextValues, walk } from '../../client/src/views/model';
import { must, startEnv, until, type Env } from './kubeHelpers';

let env: Env;
let lab: Session;
let gpu: Session;
let viewer: Session;
before(async () => {
  env = await startEnv();
  const m = env.manager();
  await m.startAll();
  lab = must(m.get('admin@k8s-lab'), 'lab');
  gpu = must(m.get('admin@k8s-gpu'), 'gpu');
  viewer = must(m.get('viewer@k8s-lab'), 'viewer');
});
after(async () => { await env.stop(); });

async function exists(s: Session, ns: string): Promise<boolean> {
  try {
    await s.http.request<KObj>('GET', resourcePath(kinds.namespaceOffloading, ns, 'offloading'));
    return true;
  } catch (e) {
    if (e instanceof KubeError && e.kind === 'notFound') return false;
    throw e;
  }
}

const demo = buildNamespaceOffloading({ namespace: 'liqo-demo' });

/** liqo-demo offloaded and Ready, whichever tests ran before (each test that needs it says so, and runs alone). */
async function offloaded(): Promise<void> {
  if (!(await exists(lab, 'liqo-demo'))) await applyOffloading(lab.http, demo);
  const info = await waitForOffloading(lab.http, 'liqo-demo', { timeoutMs: 20_000 });
  assert.equal(info.phase, 'Ready', 'liqo-demo is offloaded before the test');
}

void test('a server-side dry-run checks the offloading and creates nothing', async () => {
  const r = await applyOffloading(lab.http, demo, { dryRun: true });
  assert.equal(r.action, 'created');
  assert.equal(await exists(lab, 'liqo-demo'), false);
});

void test('a read-only user is refused at the dry-run already', async () => {
  await assert.rejects(applyOffloading(viewer.http, demo, { dryRun: true }), (e: unknown) => e instanceof KubeError && e.kind === 'forbidden');
});

void test('the webhook refuses a NamespaceOffloading not named offloading, and the message reaches the caller', async () => {
  const bad = { ...demo, metadata: { ...demo.metadata, name: 'other' } };
  await assert.rejects(lab.http.request('POST', resourcePath(kinds.namespaceOffloading, 'liqo-demo'), { body: bad, query: { dryRun: 'All' } }),
    (e: unknown) => e instanceof KubeError && /offloading/.test(e.message));
});

void test('offloading liqo-demo: Ready, the twin on the provider, and the GPU pod runs there', async () => {
  // Before: the GPU pod waits, and the tree shows it waiting for a GPU.
  const before = await lab.http.request<{ items: KObj[] }>('GET', resourcePath(kinds.pod, 'liqo-demo'));
  assert.deepEqual(before.items.map((p) => (p.status as { phase?: string } | undefined)?.phase), ['Pending']);
  await until(lab, () => lab.snapshot().pods.some((p) => p.namespace === 'liqo-demo' && p.nodeName === '' && p.phase === 'Pending' && /Insufficient/.test(p.reason ?? '')),
    'the waiting GPU pod, with the scheduler\'s reason');
  const waiting = [...walk(buildTree([lab.snapshot()]))].find((n) => n.contextValue === contextValues.pendingPod);
  assert.match(waiting?.description ?? '', /^liqo-demo · 1 GPU · Pending$/);
  assert.match(waiting?.tooltip ?? '', /Insufficient nvidia\.com\/gpu[\s\S]*Offload liqo-demo/);
  const r = await applyOffloading(lab.http, demo);
  assert.equal(r.action, 'created');
  const phases: string[] = [];
  const info = await waitForOffloading(lab.http, 'liqo-demo', { timeoutMs: 20_000, onProgress: (i) => phases.push(i.phase) });
  assert.equal(info.phase, 'Ready');
  assert.equal(info.remoteNamespaceName, 'liqo-demo-k8s-lab');
  assert.deepEqual(info.remotes.map((x) => [x.clusterID, x.ready]), [['k8s-gpu', true]]);
  await until(gpu, () => Boolean(gpu.informer('namespaces')?.get('liqo-demo-k8s-lab')), 'the twin namespace on k8s-gpu');
  await until(lab, () => lab.snapshot().pods.some((p) => p.namespace === 'liqo-demo' && p.nodeName === 'k8s-gpu' && p.phase === 'Running'),
    'the demo pod running on the virtual node', 20_000);
  await until(gpu, () => gpu.snapshot().pods.some((p) => p.namespace === 'liqo-demo-k8s-lab' && p.phase === 'Running'), 'the provider pod');
  await until(lab, () => lab.snapshot().offloadings.some((o) => o.namespace === 'liqo-demo' && o.phase === 'Ready'), 'the informer to show it');
  assert.equal(lab.informer('pendingPods')?.list().length, 0, 'the pod left the pending pods once scheduled');
  // Both sides of the tree: the pod under the virtual node on the consumer, and under the tenant's twin on the provider.
  const [labTree] = buildTree([lab.snapshot()]);
  const vn = [...walk([must(labTree, 'lab tree')])].find((n) => n.contextValue === contextValues.virtualNode);
  assert.match(vn?.description ?? '', /1 GPU \(1 in use\)/);
  assert.match(vn?.children?.[0]?.description ?? '', /^liqo-demo · 1 GPU · Running$/);
  const [gpuTree] = buildTree([gpu.snapshot()]);
  const tenant = [...walk([must(gpuTree, 'gpu tree')])].find((n) => n.contextValue === contextValues.tenant);
  assert.equal(tenant?.label, 'k8s-lab');
  assert.equal(tenant?.children?.[0]?.label, 'liqo-demo-k8s-lab');
  assert.match(tenant?.children?.[0]?.children?.[0]?.label ?? '', /^web-nvidia-smi/);
});

void test('an existing offloading is never silently overwritten', async () => {
  await offloaded();
  assert.equal((await applyOffloading(lab.http, demo)).action, 'unchanged');
  const remote = buildNamespaceOffloading({ namespace: 'liqo-demo', podOffloadingStrategy: 'Remote' });
  await assert.rejects(applyOffloading(lab.http, remote), (e: unknown) => e instanceof OffloadingExistsError && !e.immutable && /podOffloadingStrategy/.test(e.message));
  const updated = await applyOffloading(lab.http, remote, { update: true });
  assert.equal(updated.action, 'updated');
  assert.equal((updated.object.spec as { podOffloadingStrategy?: string }).podOffloadingStrategy, 'Remote');
  assert.equal((await applyOffloading(lab.http, demo, { update: true })).action, 'updated');
});

void test('changing an immutable field is refused with a clear message, by us and by the webhook', async () => {
  await offloaded();
  const same = buildNamespaceOffloading({ namespace: 'liqo-demo', namespaceMappingStrategy: 'EnforceSameName' });
  await assert.rejects(applyOffloading(lab.http, same, { update: true }),
    (e: unknown) => e instanceof OffloadingExistsError && e.immutable && /immutable/.test(e.message) && /Unoffload it first/.test(e.message));
  // Sent anyway (e.g. by another tool), the webhook refuses it too.
  const cur = await lab.http.request<KObj>('GET', resourcePath(kinds.namespaceOffloading, 'liqo-demo', 'offloading'));
  const body = { ...cur, spec: { ...cur.spec, namespaceMappingStrategy: 'EnforceSameName' } };
  await assert.rejects(lab.http.request('PUT', resourcePath(kinds.namespaceOffloading, 'liqo-demo', 'offloading'), { body }),
    (e: unknown) => e instanceof KubeError && (e.kind === 'invalid' || e.kind === 'forbidden') && /immutable|cannot be modified/i.test(e.message));
});

void test('a concurrent change makes our update fail instead of overwriting it', async () => {
  await offloaded();
  const cur = await lab.http.request<KObj>('GET', resourcePath(kinds.namespaceOffloading, 'liqo-demo', 'offloading'));
  await lab.http.request('PUT', resourcePath(kinds.namespaceOffloading, 'liqo-demo', 'offloading'), { body: { ...cur, metadata: { ...cur.metadata, labels: { touched: 'yes' } } } });
  await assert.rejects(lab.http.request('PUT', resourcePath(kinds.namespaceOffloading, 'liqo-demo', 'offloading'), { body: cur }),
    (e: unknown) => e instanceof KubeError && e.kind === 'conflict');
});

void test('a selector that matches no virtual node ends in NoClusterSelected', async () => {
  await lab.http.request('POST', resourcePath(kinds.namespace), { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'nowhere' } } });
  await applyOffloading(lab.http, buildNamespaceOffloading({ namespace: 'nowhere', selectors: ['region=mars'] }));
  const info = await waitForOffloading(lab.http, 'nowhere', { timeoutMs: 20_000 });
  assert.equal(info.phase, 'NoClusterSelected');
  await unoffload(lab.http, 'nowhere', { timeoutMs: 20_000 });
});

void test('unoffload deletes the offloading, waits until it is gone, and the twin disappears', async () => {
  await offloaded();
  await unoffload(lab.http, 'liqo-demo', { timeoutMs: 30_000 });
  assert.equal(await exists(lab, 'liqo-demo'), false);
  await until(gpu, () => !gpu.informer('namespaces')?.get('liqo-demo-k8s-lab'), 'the twin namespace to go', 20_000);
  // Unoffloading something that is not offloaded is fine.
  await unoffload(lab.http, 'liqo-demo');
});

void test('a ResourceSlice request goes to the tenant namespace with liqoctl labels, dry-run first, then Accepted', async () => {
  const ns = await findTenantNamespace(lab.http, 'k8s-gpu');
  assert.equal(ns, 'liqo-tenant-k8s-gpu');
  const obj = buildResourceSlice({ name: 'gpu-extra', providerClusterID: 'k8s-gpu', gpus: '1', cpu: '2', memory: '4Gi' }, ns);
  await createResourceSlice(lab.http, obj, { dryRun: true });
  await assert.rejects(lab.http.request('GET', resourcePath(kinds.resourceSlice, ns, 'gpu-extra')), (e: unknown) => e instanceof KubeError && e.kind === 'notFound');
  const created = await createResourceSlice(lab.http, obj);
  assert.deepEqual(created.metadata.labels, obj.metadata.labels);
  assert.equal(created.metadata.annotations?.['liqo.io/create-virtual-node'], 'true');
  // Nothing here writes the status: the simulator's slice controller must accept the slice as the provider would.
  const info = await waitForSlice(lab.http, ns, 'gpu-extra', { timeoutMs: 20_000 })
    .catch((e: unknown) => { throw new Error(`the slice controller did not accept gpu-extra within 20 s: ${String(e)}`); });
  assert.equal(info.authentication, 'Accepted');
  assert.equal(info.resourcesCondition, 'Accepted');
  assert.equal(info.granted['nvidia.com/gpu'], '1');
  await assert.rejects(createResourceSlice(lab.http, obj), (e: unknown) => e instanceof KubeError && e.kind === 'alreadyExists' && /already exists/.test(e.message));
  await assert.rejects(findTenantNamespace(lab.http, 'nobody'), (e: unknown) => e instanceof KubeError && /tenant namespace not found/.test(e.message));
});
