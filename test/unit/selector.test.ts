// A clusterSelector evaluated against virtual nodes as Liqo's controller and Kubernetes do.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selects } from '../../server/src/core/clusterSelection';
import type { FactsVirtualNode } from '../../server/src/liqo/clusterFacts';

const node: FactsVirtualNode = {
  name: 'k8s-gpu', clusterID: 'k8s-gpu', taints: [], capacity: {}, ready: true,
  labels: { 'liqo.io/type': 'virtual-node', region: 'eu-west', 'gpu-count': '4' },
};
const term = (...matchExpressions: unknown[]) => ({ nodeSelectorTerms: [{ matchExpressions }] });

test('no selector, no terms or an empty list of terms select every virtual node', () => {
  assert.equal(selects(undefined, node), true);
  assert.equal(selects({}, node), true);
  assert.equal(selects({ nodeSelectorTerms: [] }, node), true);
});

test('each operator, with absent keys as Kubernetes treats them', () => {
  assert.equal(selects(term({ key: 'region', operator: 'In', values: ['eu-west', 'us-east'] }), node), true);
  assert.equal(selects(term({ key: 'region', operator: 'NotIn', values: ['eu-west'] }), node), false);
  assert.equal(selects(term({ key: 'zone', operator: 'NotIn', values: ['a'] }), node), true);
  assert.equal(selects(term({ key: 'zone', operator: 'Exists' }), node), false);
  assert.equal(selects(term({ key: 'zone', operator: 'DoesNotExist' }), node), true);
  assert.equal(selects(term({ key: 'gpu-count', operator: 'Gt', values: ['2'] }), node), true);
  assert.equal(selects(term({ key: 'gpu-count', operator: 'Lt', values: ['2'] }), node), false);
  assert.equal(selects(term({ key: 'gpu-count', operator: 'Gt', values: ['2', '3'] }), node), false);
});

test('expressions of a term are ANDed, terms are ORed, and a term without requirements selects nothing', () => {
  const both = term({ key: 'region', operator: 'In', values: ['eu-west'] }, { key: 'zone', operator: 'Exists' });
  assert.equal(selects(both, node), false);
  assert.equal(selects({ nodeSelectorTerms: [...both.nodeSelectorTerms, { matchExpressions: [{ key: 'liqo.io/type', operator: 'Exists' }] }] }, node), true);
  assert.equal(selects({ nodeSelectorTerms: [{}] }, node), false);
  assert.equal(selects({ nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['k8s-gpu'] }] }] }, node), true);
});

test('a malformed selector gives no answer rather than a wrong one', () => {
  assert.equal(selects({ nodeSelectorTerms: 'all' }, node), undefined);
  assert.equal(selects(term({ operator: 'In', values: ['x'] }), node), undefined);
  assert.equal(selects('region=eu-west', node), undefined);
});
