// Completion at `|` in half-written documents.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CompletionItem } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/core/service';
import type { ClusterFacts } from '../../server/src/liqo/clusterFacts';
import { withCursor } from '../util/service';

function complete(marked: string, facts?: ClusterFacts): CompletionItem[] {
  const service = createLanguageService();
  if (facts) service.setFacts(facts);
  const { doc, position } = withCursor(marked);
  return service.complete(doc, position).items;
}

const labels = (items: CompletionItem[]) => items.map((i) => i.label);
const nso = 'apiVersion: offloading.liqo.io/v1beta1\nkind: NamespaceOffloading\nmetadata:\n  name: offloading\n  namespace: liqo-demo\n';

test('an empty document offers whole skeletons of every Liqo kind people write', () => {
  const items = complete('|');
  assert.equal(items.length, 19);
  const slice = items.find((i) => String(i.label).startsWith('ResourceSlice'));
  assert.ok(slice?.textEdit);
  const body = slice.textEdit.newText;
  for (const needed of ['liqo.io/replication: "true"', 'liqo.io/remoteID:', 'liqo.io/remote-cluster-id:', 'liqo.io/create-virtual-node: "true"', 'nvidia.com/gpu:', 'class: default', 'namespace: liqo-tenant-']) {
    assert.ok(body.includes(needed), `ResourceSlice skeleton lacks ${needed}`);
  }
  const offloading = items.find((i) => String(i.label).startsWith('NamespaceOffloading'));
  assert.match(offloading?.textEdit?.newText ?? '', /name: offloading\n[\s\S]*nodeSelectorTerms: \[\][\s\S]*namespaceMappingStrategy: \$\{2\|DefaultName,EnforceSameName,SelectedName\|\}[\s\S]*podOffloadingStrategy: \$\{3\|LocalAndRemote,Remote,Local\|\}/);
});

test('podOffloadingStrategy values', () => {
  const items = complete(`${nso}spec:\n  podOffloadingStrategy: |`);
  assert.deepEqual(labels(items), ['Local', 'Remote', 'LocalAndRemote']);
  assert.equal(items[0].detail, 'default: LocalAndRemote');
});

test('a partly typed value is replaced from where it starts', () => {
  const items = complete(`${nso}spec:\n  namespaceMappingStrategy: Def|`);
  const item = items.find((i) => i.label === 'DefaultName');
  assert.ok(item?.textEdit && 'range' in item.textEdit);
  assert.equal(item.textEdit.range.start.character, '  namespaceMappingStrategy: '.length);
});

test('keys of spec, without the ones already there', () => {
  const items = complete(`${nso}spec:\n  podOffloadingStrategy: Remote\n  |`);
  assert.deepEqual(labels(items).sort(), ['clusterSelector', 'namespaceMappingStrategy', 'remoteNamespaceName']);
});

test('required keys come first', () => {
  const items = complete('apiVersion: networking.liqo.io/v1beta1\nkind: Connection\nmetadata:\n  name: x\nspec:\n  |');
  const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
  assert.deepEqual(sorted.slice(0, 2).map((i) => i.label).sort(), ['gatewayRef', 'type']);
});

test('Liqo label keys and their values', () => {
  const keys = complete('apiVersion: authentication.liqo.io/v1beta1\nkind: ResourceSlice\nmetadata:\n  labels:\n    |');
  for (const k of ['liqo.io/replication', 'liqo.io/remoteID', 'liqo.io/remote-cluster-id']) assert.ok(labels(keys).includes(k), k);
  const values = complete('apiVersion: authentication.liqo.io/v1beta1\nkind: ResourceSlice\nmetadata:\n  annotations:\n    liqo.io/create-virtual-node: |');
  assert.deepEqual(labels(values), ['true', 'false']);
});

test('cluster IDs from the facts for the remoteID label', () => {
  const facts: ClusterFacts = { takenAt: 1, clusters: [{ context: 'admin@k8s-lab', clusterID: 'k8s-lab', reachable: true, foreignClusters: [{ name: 'k8s-gpu', clusterID: 'k8s-gpu', role: 'Provider', modules: {} }], virtualNodes: [], namespaces: [], offloadings: [], crdSchemas: {} }] };
  const items = complete('apiVersion: authentication.liqo.io/v1beta1\nkind: ResourceSlice\nmetadata:\n  labels:\n    liqo.io/remoteID: |', facts);
  assert.deepEqual(labels(items), ['k8s-gpu', 'k8s-lab']);
});

test('resource names in a slice and in a pod', () => {
  const slice = complete('apiVersion: authentication.liqo.io/v1beta1\nkind: ResourceSlice\nspec:\n  resources:\n    cpu: "4"\n    |');
  for (const r of ['memory', 'pods', 'ephemeral-storage', 'nvidia.com/gpu', 'amd.com/gpu']) assert.ok(labels(slice).includes(r), r);
  assert.ok(!labels(slice).includes('cpu'));
  const pod = complete('apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    resources:\n      limits:\n        |');
  assert.ok(labels(pod).includes('nvidia.com/gpu'));
});

test('clusterSelector operators and keys', () => {
  const base = `${nso}spec:\n  clusterSelector:\n    nodeSelectorTerms:\n    - matchExpressions:\n      - key: liqo.io/type\n`;
  assert.deepEqual(labels(complete(`${base}        operator: |`)), ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']);
  assert.ok(labels(complete(`${nso}spec:\n  clusterSelector:\n    nodeSelectorTerms:\n    - matchExpressions:\n      - key: |`)).includes('liqo.io/remote-cluster-id'));
});

test('apiVersion and kind values', () => {
  assert.ok(labels(complete('apiVersion: |')).includes('offloading.liqo.io/v1beta1'));
  assert.deepEqual(labels(complete('apiVersion: authentication.liqo.io/v1beta1\nkind: |')).sort(), ['Identity', 'Renew', 'ResourceSlice', 'Tenant']);
});

test('keys inside a list item', () => {
  const items = complete('apiVersion: offloading.liqo.io/v1beta1\nkind: VirtualNode\nspec:\n  offloadingPatch:\n    tolerations:\n    - key: nvidia.com/gpu\n      |');
  assert.ok(labels(items).includes('effect'));
  assert.ok(!labels(items).includes('key'));
});

/** A consumer with two virtual nodes in different regions. */
const twoRegions: ClusterFacts = { takenAt: 1, clusters: [{ context: 'admin@k8s-lab', clusterID: 'k8s-lab', reachable: true, foreignClusters: [], namespaces: [], offloadings: [], crdSchemas: {},
  virtualNodes: [
    { name: 'k8s-gpu', clusterID: 'k8s-gpu', labels: { 'liqo.io/type': 'virtual-node', 'topology.kubernetes.io/region': 'eu-west' }, taints: [], capacity: { 'nvidia.com/gpu': '1' }, ready: true },
    { name: 'k8s-cpu', clusterID: 'k8s-cpu', labels: { 'liqo.io/type': 'virtual-node', 'topology.kubernetes.io/region': 'us-east' }, taints: [], capacity: {}, ready: true },
  ] }] };

test('clusterSelector values come from the live virtual nodes\' labels for the expression\'s key', () => {
  const base = `${nso}spec:\n  clusterSelector:\n    nodeSelectorTerms:\n    - matchExpressions:\n      - key: topology.kubernetes.io/region\n        operator: In\n        values:\n`;
  assert.deepEqual(labels(complete(`${base}        - |`, twoRegions)), ['eu-west', 'us-east']);
  assert.deepEqual(labels(complete(`${base}        - eu-west\n        - |`, twoRegions)), ['eu-west', 'us-east']);
  assert.deepEqual(labels(complete(`${base}        - |`)), [], 'no facts, no guesses');
});
