import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTree, contextValues, listLimits, walk, type TreeNode } from '../../client/src/views/model';
import { buildSnapshot, type ClusterSnapshot } from '../../client/src/kube/snapshot';
import type { KObj } from '../../client/src/kube/kinds';
import { consumerObjects, namespace, node, pod, providerObjects } from './treeFixtures';

function find(nodes: TreeNode[], pred: (n: TreeNode) => boolean): TreeNode {
  const n = [...walk(nodes)].find(pred);
  assert.ok(n, 'node not found');
  return n;
}

const pods = (n: number, ns: string, nodeName: string, from = 0): KObj[] =>
  Array.from({ length: n }, (_, i) => pod(`p-${String(from + i).padStart(4, '0')}`, ns, nodeName));

/** The consumer with `perNs` pods of each namespace on its virtual node k8s-gpu. */
function consumer(perNs: Record<string, number>): ClusterSnapshot {
  const raw = consumerObjects();
  const extra = Object.entries(perNs).flatMap(([ns, n]) => pods(n, ns, 'k8s-gpu'));
  return buildSnapshot({ context: 'admin@k8s-lab', state: 'ready', clusterID: 'k8s-lab' }, { ...raw, pods: [...(raw.pods ?? []), ...extra] });
}

const virtualNode = (tree: TreeNode[]): TreeNode => find(tree, (n) => n.contextValue === contextValues.virtualNode);

void test('a virtual node with a few pods lists them directly', () => {
  const vn = virtualNode(buildTree([consumer({ team: 10 })]));
  assert.equal(vn.children?.length, 11);
  assert.ok(vn.children?.every((c) => c.contextValue === contextValues.pod));
});

void test('many pods over several namespaces are grouped by namespace, with counts, in name order', () => {
  const vn = virtualNode(buildTree([consumer({ 'team-b': 40, 'team-a': 30 })]));
  assert.deepEqual(vn.children?.map((c) => [c.label, c.description, c.contextValue]), [
    ['liqo-demo', '1 pod · 1 GPU', contextValues.podGroup],
    ['team-a', '30 pods', contextValues.podGroup],
    ['team-b', '40 pods', contextValues.podGroup],
  ]);
  const group = vn.children?.[1];
  assert.equal(group?.id, 'admin@k8s-lab/vn/k8s-gpu/ns/team-a');
  assert.equal(group?.ref.namespace, 'team-a');
  assert.equal(group?.children?.length, 30);
  assert.equal(group?.children?.[0]?.id, 'admin@k8s-lab/pod/team-a/p-0000');
});

void test('many pods of one namespace are not wrapped in a single group', () => {
  const raw = consumerObjects();
  const snap = buildSnapshot({ context: 'admin@k8s-lab', state: 'ready', clusterID: 'k8s-lab' }, { ...raw, pods: pods(80, 'team', 'k8s-gpu') });
  const vn = virtualNode(buildTree([snap]));
  assert.equal(vn.children?.length, 80);
  assert.ok(vn.children?.every((c) => c.contextValue === contextValues.pod));
});

void test('a long list shows one page and a "Show more" item that names what is left; more pages show more', () => {
  const total = listLimits.pageSize * 2 + 30;
  const raw = consumerObjects();
  const snap = buildSnapshot({ context: 'admin@k8s-lab', state: 'ready', clusterID: 'k8s-lab' }, { ...raw, pods: pods(total, 'team', 'k8s-gpu') });
  const vn = virtualNode(buildTree([snap]));
  assert.equal(vn.children?.length, listLimits.pageSize + 1);
  const more = vn.children?.at(-1);
  assert.equal(more?.contextValue, contextValues.more);
  assert.equal(more?.label, `Show ${listLimits.pageSize} more…`);
  assert.equal(more?.description, `${listLimits.pageSize} of ${total} shown`);
  assert.equal(more?.showMore, vn.id);
  assert.equal(more?.id, `${vn.id}/more`);
  assert.equal(more?.children, undefined);

  const two = virtualNode(buildTree([snap], { pages: new Map([[vn.id, 2]]) }));
  assert.equal(two.children?.at(-1)?.label, 'Show 30 more…');
  const all = virtualNode(buildTree([snap], { pages: new Map([[vn.id, 3]]) }));
  assert.equal(all.children?.length, total);
  assert.ok(all.children?.every((c) => c.contextValue === contextValues.pod));
  // The first page is the same items, with the same ids, whatever the page count.
  assert.deepEqual(two.children?.slice(0, listLimits.pageSize).map((c) => c.id), vn.children?.slice(0, listLimits.pageSize).map((c) => c.id));
});

void test('a group pages its own pods, by its own id', () => {
  const snap = consumer({ big: listLimits.pageSize + 5, small: 3 });
  const group = find(buildTree([snap]), (n) => n.contextValue === contextValues.podGroup && n.label === 'big');
  assert.equal(group.description, `${listLimits.pageSize + 5} pods`);
  assert.equal(group.children?.at(-1)?.showMore, group.id);
  const opened = find(buildTree([snap], { pages: new Map([[group.id, 2]]) }), (n) => n.id === group.id);
  assert.equal(opened.children?.length, listLimits.pageSize + 5);
});

void test('a folder counts every item but builds one page of them', () => {
  const raw = consumerObjects();
  const many = Array.from({ length: listLimits.pageSize + 1 }, (_, i) => `prov-${String(i).padStart(3, '0')}`);
  const snap = buildSnapshot({ context: 'c', state: 'ready', clusterID: 'k8s-lab' }, {
    ...raw, nodes: [...(raw.nodes ?? []), ...many.map((id) => node(id, id))],
  });
  const folder = find(buildTree([snap]), (n) => n.id === 'c/virtualNodes');
  assert.equal(folder.description, String(listLimits.pageSize + 2));
  assert.equal(folder.expanded, false);
  assert.equal(folder.children?.length, listLimits.pageSize + 1);
  assert.equal(folder.children?.at(-1)?.label, 'Show 2 more…');
});

void test('a twin namespace on the provider pages its pods too', () => {
  const raw = providerObjects();
  const snap = buildSnapshot({ context: 'admin@k8s-gpu', state: 'ready', clusterID: 'k8s-gpu' }, {
    ...raw, namespaces: [...(raw.namespaces ?? []), namespace('other')], pods: pods(listLimits.pageSize + 1, 'liqo-demo-k8s-lab', 'gpu-1'),
  });
  const twin = find(buildTree([snap]), (n) => n.contextValue === contextValues.twin);
  assert.equal(twin.description, `twin of k8s-lab · ${listLimits.pageSize + 1} pods`);
  assert.equal(twin.children?.length, listLimits.pageSize + 1);
  assert.equal(twin.children?.at(-1)?.contextValue, contextValues.more);
  assert.ok(twin.children?.slice(0, -1).every((c) => c.ref.remote === true));
});

void test('ids of groups, pages and "Show more" items are unique and stable across rebuilds', () => {
  const snap = (): ClusterSnapshot => consumer({ a: listLimits.pageSize + 1, b: 60 });
  const ids = [...walk(buildTree([snap()]))].map((n) => n.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual([...walk(buildTree([snap()]))].map((n) => n.id), ids);
});
