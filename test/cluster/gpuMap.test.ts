// The GPU map's data, picture and CSV from live sessions on the simulator: before the offload k8s-lab's GPU pod waits
// and k8s-gpu's GPU is lent but idle; after it, the peering k8s-lab -> k8s-gpu carries web-nvidia-smi with its GPU. A
// provider-only view (the consumer's contexts left out) still shows the peering from the provider's side.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gpuMapCsv } from '../../client/src/gpuMap/csv';
import { buildGpuMap } from '../../client/src/gpuMap/model';
import { renderSvg } from '../../client/src/gpuMap/svg';
import { applyOffloading, buildNamespaceOffloading, unoffload, waitForOffloading } from '../../client/src/kube/offload';
import type { SessionManager } from '../../client/src/kube/manager';
import { buildTree, walk } from '../../client/src/views/model';
import { must, startEnv, until, type Env } from './kubeHelpers';

let env: Env;
let m: SessionManager;
before(async () => {
  env = await startEnv();
  await env.sim.settled();
  m = env.manager();
  await m.startAll();
});
after(async () => { await env.stop(); });

const map = () => buildGpuMap(m.snapshots());

void test('before the offload: the pod waits on k8s-lab, and k8s-gpu lends its GPU with none in use', () => {
  const g = map();
  assert.deepEqual(g.clusters.map((c) => [c.clusterID, c.context, c.ownGpus, c.lent, c.lentInUse, c.idle]), [
    ['k8s-gpu', 'admin@k8s-gpu', 1, 1, 0, 1], ['k8s-lab', 'admin@k8s-lab', 0, 0, 0, 0]]);
  const waiting = g.clusters[1]?.waiting ?? [];
  assert.equal(waiting.length, 1);
  assert.match(`${waiting[0]?.namespace}/${waiting[0]?.name} ${waiting[0]?.gpus} ${waiting[0]?.treeId}`, /^liqo-demo\/web-nvidia-smi-\S+ 1 admin@k8s-lab\/pending\/liqo-demo\/web-nvidia-smi-/);
  assert.deepEqual(g.edges.map((e) => [e.consumer, e.provider, e.granted, e.capacity, e.inUse, e.pods.length, e.treeId]), [['k8s-lab', 'k8s-gpu', 1, 1, 0, 0, 'admin@k8s-lab/vn/k8s-gpu']]);
});

void test('after the offload the peering carries web-nvidia-smi; every tree id in the map is an item of the tree', async () => {
  const lab = must(m.get('admin@k8s-lab'), 'lab');
  await applyOffloading(lab.http, buildNamespaceOffloading({ namespace: 'liqo-demo' }));
  await waitForOffloading(lab.http, 'liqo-demo', { timeoutMs: 30_000 });
  // The consumer's pod and the provider's pending list come on two connections: wait for both to have caught up.
  await until(m, () => map().edges[0]?.pods[0]?.phase === 'Running' && map().clusters.every((c) => !c.waiting.length),
    'web-nvidia-smi running on the virtual node, and no GPU pod waiting anywhere', 30_000);
  const g = map();
  const e = must(g.edges[0], 'edge');
  assert.deepEqual([e.granted, e.capacity, e.inUse], [1, 1, 1]);
  assert.equal(e.pods.length, 1);
  const pod = must(e.pods[0], 'pod');
  assert.match(`${pod.namespace}/${pod.name} ${pod.gpus} ${pod.treeId}`, /^liqo-demo\/web-nvidia-smi-\S+ 1 admin@k8s-lab\/pod\/liqo-demo\/web-nvidia-smi-/);
  assert.equal(g.clusters[0]?.idle, 0);
  assert.deepEqual(g.clusters[1]?.waiting, []);
  const ids = new Set([...walk(buildTree(m.snapshots()))].map((n) => n.id));
  const treeIds = [...g.clusters.map((c) => c.treeId), ...g.edges.map((x) => x.treeId), ...g.edges.flatMap((x) => x.pods.map((p) => p.treeId))];
  for (const id of treeIds) assert.ok(id && ids.has(id), `${String(id)} is in the tree`);
  const svg = renderSvg(g, { standalone: true });
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(svg, /<style>/);
  assert.match(svg, /granted 1 · on node 1 · in use 1/);
  assert.ok(svg.includes(`data-tree="${pod.treeId}"`));
  assert.equal(gpuMapCsv(g), [
    'record,cluster,peer,namespace,pod,own_gpus,granted,virtual_node_capacity,in_use,idle,requested',
    'cluster,k8s-gpu,,,,1,1,,1,0,', 'cluster,k8s-lab,,,,0,0,,0,0,',
    'peering,k8s-lab,k8s-gpu,,,,1,1,1,0,', `pod,k8s-lab,k8s-gpu,liqo-demo,${pod.name},,,,1,,1`, ''].join('\r\n'));
  await unoffload(lab.http, 'liqo-demo', { timeoutMs: 30_000 });
});

void test('seen only from the provider, the peering and the pods it runs for k8s-lab still show', async () => {
  const lab = must(m.get('admin@k8s-lab'), 'lab');
  await applyOffloading(lab.http, buildNamespaceOffloading({ namespace: 'liqo-demo' }));
  await until(m, () => map().edges[0]?.pods[0]?.phase === 'Running', 'web-nvidia-smi running again', 30_000);
  await until(m, () => m.get('admin@k8s-gpu')?.snapshot().pods.some((p) => p.name.startsWith('web-nvidia-smi-') && p.phase === 'Running') ?? false, 'the remote pod on k8s-gpu', 30_000);
  const g = buildGpuMap([must(m.get('admin@k8s-gpu'), 'gpu').snapshot()]);
  assert.deepEqual(g.edges.map((e) => [e.consumer, e.provider, e.granted, e.inUse, e.pods.map((p) => p.name.replace(/-[^-]+-[^-]+$/, '')).join(), e.treeId]), [
    ['k8s-lab', 'k8s-gpu', 1, 1, 'web-nvidia-smi', 'admin@k8s-gpu/tenant/k8s-lab']]);
  assert.deepEqual(g.clusters.map((c) => [c.clusterID, c.ownGpus, c.context]), [['k8s-gpu', 1, 'admin@k8s-gpu'], ['k8s-lab', undefined, '']]);
  await unoffload(lab.http, 'liqo-demo', { timeoutMs: 30_000 });
});

void test('names from the cluster are escaped in the SVG and CSV cells are quoted and defused', () => {
  const g = { clusters: [{ clusterID: '<b>"x"</b>', context: 'a&b', gpuNodes: [], waiting: [{ namespace: 'ns', name: '=cmd,1', gpus: 1, phase: 'Pending', treeId: 't"id' }], lent: 0, lentInUse: 0 }], edges: [], unreachable: [] };
  const svg = renderSvg(g, { standalone: false });
  assert.ok(!svg.includes('<b>') && svg.includes('&lt;b&gt;&quot;x&quot;&lt;/b&gt;') && svg.includes('data-tree="t&quot;id"') && !svg.includes('<style>'));
  assert.match(gpuMapCsv(g), /\r\nwaiting,"<b>""x""<\/b>",,ns,"'=cmd,1",,,,,,1\r\n$/);
});
