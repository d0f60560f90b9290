import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTree, contextValues, walk, type TreeNode } from '../../client/src/views/model';
import { buildSnapshot } from '../../client/src/kube/snapshot';
import { consumerObjects, demoSnapshots, offloading } from './treeFixtures';

function find(nodes: TreeNode[], pred: (n: TreeNode) => boolean): TreeNode {
  const n = [...walk(nodes)].find(pred);
  assert.ok(n, 'node not found');
  return n;
}

void test('one root per context, sorted, each labelled with its context name', () => {
  const tree = buildTree(demoSnapshots());
  assert.deepEqual(tree.map((n) => n.label), ['admin@k8s-gpu', 'admin@k8s-lab', 'broken']);
  const lab = tree[1];
  assert.ok(lab);
  assert.equal(lab.contextValue, contextValues.contextReady);
  assert.match(lab.description ?? '', /k8s-lab · Liqo v1\.0\.0/);
});

void test('an unreachable context gets its own item with the reason and the Retry context value', () => {
  const broken = buildTree(demoSnapshots())[2];
  assert.ok(broken);
  assert.equal(broken.contextValue, contextValues.contextFailed);
  assert.equal(broken.icon, 'warning');
  assert.match(broken.description ?? '', /unreachable/);
  assert.equal(broken.children, undefined);
});

void test('the virtual node shows readiness, capacity, its GPU, GPUs in use and the provider', () => {
  const tree = buildTree(demoSnapshots());
  const vn = find(tree, (n) => n.contextValue === contextValues.virtualNode);
  assert.equal(vn.label, 'k8s-gpu');
  assert.match(vn.description ?? '', /^Ready · 4 cpu · 8Gi · 1 GPU \(1 in use\) · → k8s-gpu$/);
  assert.equal(vn.icon, 'gpu');
  assert.deepEqual(vn.children?.map((c) => [c.label, c.description]), [['web-nvidia-smi-abc', 'liqo-demo · 1 GPU · Running']]);
  assert.equal(vn.ref.providerClusterID, 'k8s-gpu');
});

void test('physical nodes are not listed as virtual nodes', () => {
  const vns = [...walk(buildTree(demoSnapshots()))].filter((n) => n.contextValue === contextValues.virtualNode);
  assert.deepEqual(vns.map((n) => n.label), ['k8s-gpu']);
});

void test('peerings show role and module health; a failing condition shows in the tooltip', () => {
  const snaps = demoSnapshots();
  const fc = find(buildTree(snaps), (n) => n.contextValue === contextValues.peering && n.ref.context === 'admin@k8s-lab');
  assert.equal(fc.description, 'Provider · network ✓ · auth ✓ · offloading ✓');
  const raw = consumerObjects();
  const sick = { ...raw.foreignClusters?.[0] } as NonNullable<typeof raw.foreignClusters>[number];
  (sick.status as { modules: { networking: unknown } }).modules.networking = { enabled: true, conditions: [{ type: 'NetworkConnectionStatus', status: 'Error', message: 'tunnel down' }] };
  const tree = buildTree([buildSnapshot({ context: 'c', state: 'ready', clusterID: 'k8s-lab' }, { ...raw, foreignClusters: [sick] })]);
  const bad = find(tree, (n) => n.contextValue === contextValues.peering);
  assert.equal(bad.icon, 'warning');
  assert.match(bad.description ?? '', /network ✗/);
  assert.match(bad.tooltip ?? '', /tunnel down/);
});

void test('offloaded namespaces show phase, twin name, strategy and one child per provider', () => {
  const nso = find(buildTree(demoSnapshots()), (n) => n.contextValue === contextValues.offloadedNamespace);
  assert.equal(nso.label, 'liqo-demo');
  assert.equal(nso.description, 'Ready · twin liqo-demo-k8s-lab · LocalAndRemote');
  assert.deepEqual(nso.children?.map((c) => c.label), ['k8s-gpu: liqo-demo-k8s-lab']);
});

void test('resource slices show both conditions; requested and granted are in the tooltip', () => {
  const rs = find(buildTree(demoSnapshots()), (n) => n.contextValue === contextValues.slice);
  assert.equal(rs.description, 'Authentication Accepted · Resources Accepted · 1 GPU');
  assert.match(rs.tooltip ?? '', /requested: .*nvidia\.com\/gpu=1/);
  assert.match(rs.tooltip ?? '', /granted: .*nvidia\.com\/gpu=1/);
});

void test('on the provider: tenants, their twin namespaces and the pods running there for them', () => {
  const tree = buildTree(demoSnapshots());
  const t = find(tree, (n) => n.contextValue === contextValues.tenant);
  assert.equal(t.label, 'k8s-lab');
  assert.match(t.description ?? '', /Active · 1 twin namespace · 1 slice/);
  const twin = t.children?.[0];
  assert.equal(twin?.label, 'liqo-demo-k8s-lab');
  assert.equal(twin?.children?.[0]?.label, 'web-nvidia-smi-abc');
  assert.equal(twin?.children?.[0]?.ref.remote, true);
});

void test('a pending GPU pod is not under any virtual node before offloading, but waits for a GPU with the reason and what to do', () => {
  const snap = buildSnapshot({ context: 'admin@k8s-lab', state: 'ready', clusterID: 'k8s-lab' }, consumerObjects(false));
  const tree = buildTree([snap]);
  const vn = find(tree, (n) => n.contextValue === contextValues.virtualNode);
  assert.deepEqual(vn.children, []);
  assert.match(vn.description ?? '', /1 GPU \(0 in use\)/);
  const waiting = find(tree, (n) => n.label === 'Waiting for a GPU');
  assert.deepEqual(waiting.children?.map((c) => [c.label, c.description, c.contextValue, c.ref.namespace]),
    [['web-nvidia-smi-abc', 'liqo-demo · 1 GPU · Pending', contextValues.pendingPod, 'liqo-demo']]);
  const tip = waiting.children?.[0]?.tooltip ?? '';
  assert.match(tip, /4 Insufficient nvidia\.com\/gpu/);
  assert.match(tip, /Offload liqo-demo to run it on a provider's GPU \(virtual node k8s-gpu\)/);
});

void test('once offloaded, nothing waits for a GPU and the folder is gone', () => {
  const snap = buildSnapshot({ context: 'admin@k8s-lab', state: 'ready', clusterID: 'k8s-lab' }, consumerObjects(true));
  assert.equal([...walk(buildTree([snap]))].some((n) => n.label === 'Waiting for a GPU'), false);
});

void test('a GPU pod kept local by a Local offloading says why it waits', () => {
  const raw = consumerObjects(false);
  const local = offloading('liqo-demo', 'Ready', 'liqo-demo-k8s-lab', 'k8s-gpu');
  (local.spec as { podOffloadingStrategy: string }).podOffloadingStrategy = 'Local';
  const snap = buildSnapshot({ context: 'admin@k8s-lab', state: 'ready', clusterID: 'k8s-lab' }, { ...raw, offloadings: [local] });
  const item = find(buildTree([snap]), (n) => n.contextValue === contextValues.pendingPod);
  assert.match(item.tooltip ?? '', /pod offloading strategy Local/);
});

void test('ids are unique and stable across rebuilds', () => {
  const ids = [...walk(buildTree(demoSnapshots()))].map((n) => n.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual([...walk(buildTree(demoSnapshots()))].map((n) => n.id), ids);
});

void test('a connecting context has no children yet and says so', () => {
  const [n] = buildTree([buildSnapshot({ context: 'x', state: 'connecting' }, {})]);
  assert.equal(n?.description, 'connecting…');
  assert.equal(n?.contextValue, contextValues.contextConnecting);
});
