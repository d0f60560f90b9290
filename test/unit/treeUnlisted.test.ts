// Kinds the tree cannot show are items, never an empty list: forbidden ones with what to ask for, and kinds whose
// first list is still retried. A folder of such a kind says so instead of a count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSnapshot } from '../../client/src/kube/snapshot';
import { contextNode, walk } from '../../client/src/views/model';
import { consumerObjects } from './treeFixtures';

const forbiddenMessage = 'namespaceoffloadings.offloading.liqo.io is forbidden: User "dev@corp" cannot list resource "namespaceoffloadings" in API group "offloading.liqo.io" at the cluster scope';

test('a forbidden kind is an item with the user and what to ask for; its folder reads forbidden, not 0', () => {
  const snap = buildSnapshot({ context: 'c', state: 'ready', clusterID: 'lab', unlistedKinds: [
    { resource: 'namespaceoffloadings', group: 'offloading.liqo.io', why: 'forbidden', message: forbiddenMessage },
    { resource: 'pods', group: '', why: 'forbidden', message: 'pods is forbidden: User "dev@corp" cannot list resource "pods" in API group "" at the cluster scope' },
  ] }, { ...consumerObjects(), offloadings: [] });
  const tree = contextNode(snap);
  const top = tree.children ?? [];
  assert.equal(top[0]?.label, 'Forbidden: cannot list namespaceoffloadings (offloading.liqo.io) at cluster scope');
  assert.equal(top[0]?.description, 'as dev@corp');
  assert.match(top[0]?.tooltip ?? '', /ClusterRole allowing list and watch on namespaceoffloadings in API group offloading\.liqo\.io, bound to dev@corp/);
  assert.equal(top[1]?.label, 'Forbidden: cannot list pods at cluster scope');
  assert.match(top[1]?.tooltip ?? '', /in the core API group/);
  const folder = top.find((n) => n.id === 'c/offloadings');
  assert.equal(folder?.description, 'forbidden');
  assert.equal(folder?.icon, 'warning');
  assert.equal(folder?.children?.[0]?.id, 'c/offloadings/unlisted');
  const ids = [...walk([tree])].map((n) => n.id);
  assert.equal(new Set(ids).size, ids.length, 'ids stay unique');
  // The other kinds still show.
  assert.ok(top.some((n) => n.label === 'Virtual nodes' && n.children?.length));
});

test('a kind not listed yet is an item that says it retries; a listed folder is unchanged', () => {
  const snap = buildSnapshot({ context: 'c', state: 'ready', unlistedKinds: [
    { resource: 'resourceslices', group: 'authentication.liqo.io', why: 'pending', message: 'Too many requests, please try again later.' },
  ] }, { ...consumerObjects(), resourceSlices: [] });
  const top = contextNode(snap).children ?? [];
  assert.equal(top[0]?.label, 'Not listed yet: resourceslices (authentication.liqo.io)');
  assert.equal(top[0]?.description, 'retrying');
  assert.equal(top.find((n) => n.id === 'c/slices')?.description, 'not listed yet');
  assert.equal(top.find((n) => n.id === 'c/offloadings')?.description, '1');
  assert.equal(contextNode(buildSnapshot({ context: 'c', state: 'ready' }, consumerObjects())).children?.some((n) => n.id.includes('/unlisted')), false);
});

test('a kind listed only in the context\'s namespace says so on its folder and keeps its items', () => {
  const snap = buildSnapshot({ context: 'c', state: 'ready', unlistedKinds: [
    { resource: 'namespaceoffloadings', group: 'offloading.liqo.io', why: 'forbidden', message: forbiddenMessage, namespace: 'team-a' },
  ] }, consumerObjects());
  const top = contextNode(snap).children ?? [];
  assert.equal(top[0]?.label, 'Only namespace team-a: cannot list namespaceoffloadings (offloading.liqo.io) at cluster scope');
  assert.match(top[0]?.tooltip ?? '', /shows the namespaceoffloadings of team-a \(the context's namespace\)/);
  const folder = top.find((n) => n.id === 'c/offloadings');
  assert.equal(folder?.description, '1 in team-a only');
  assert.deepEqual(folder?.children?.map((n) => n.id), ['c/offloadings/unlisted', 'c/nso/liqo-demo']);
});
