// Quick fixes: each one applied to the text, and the diagnostic it fixes is gone afterwards.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnose, fix } from '../util/service';
import { parseDocument } from 'yaml';
import { setPathEdit, setSource } from '../../server/src/core/ast';
import { parseSegment } from '../../server/src/core/parse';

const offloading = `apiVersion: offloading.liqo.io/v1beta1
kind: NamespaceOffloading
metadata:
  name: offload
  namespace: liqo-demo
spec:
  podOffloadingStrategy: Remot
`;

test('an enum typo becomes the closest allowed value', async () => {
  const { text, action } = await fix(offloading, 'LIQO010', 'Change to');
  assert.equal(action.title, 'Change to Remote');
  assert.equal(action.isPreferred, true);
  assert.match(text, /podOffloadingStrategy: Remote\n/);
  assert.ok(!(await diagnose(text)).some((d) => d.code === 'LIQO010'));
});

test('a wrong NamespaceOffloading name becomes offloading', async () => {
  const { text } = await fix(offloading, 'LIQO101');
  assert.match(text, /name: offloading\n/);
  assert.ok(!(await diagnose(text)).some((d) => d.code === 'LIQO101'));
});

test('a NamespaceOffloading without a name gets one', async () => {
  const { text } = await fix(offloading.replace('  name: offload\n', ''), 'LIQO101');
  assert.match(text, /metadata:\n {2}namespace: liqo-demo\n {2}name: offloading\n/);
});

const slice = `apiVersion: authentication.liqo.io/v1beta1
kind: ResourceSlice
metadata:
  name: gpu-pool
  namespace: liqo-tenant-k8s-gpu
  labels:
    liqo.io/replication: "true"
spec:
  providerClusterID: k8s-gpu
  resources:
    nvidia.com/gpu: "1"
`;

test('the labels and annotation a ResourceSlice needs are added in one fix', async () => {
  const { text, action } = await fix(slice, 'LIQO121');
  assert.equal(action.title, 'Add the labels and annotation a ResourceSlice needs');
  assert.match(text, /liqo\.io\/remoteID: k8s-gpu/);
  assert.match(text, /liqo\.io\/remote-cluster-id: k8s-gpu/);
  assert.match(text, /annotations:\n {4}liqo\.io\/create-virtual-node: "true"/);
  const after = await diagnose(text);
  assert.deepEqual(after.map((d) => d.code), [], after.map((d) => d.message).join('\n'));
});

test('a ResourceSlice with no labels at all gets the whole labels map', async () => {
  const bare = slice.replace('  labels:\n    liqo.io/replication: "true"\n', '');
  const { text } = await fix(bare, 'LIQO121');
  assert.match(text, /labels:\n {4}liqo\.io\/replication: "true"\n {4}liqo\.io\/remoteID: k8s-gpu\n {4}liqo\.io\/remote-cluster-id: k8s-gpu/);
  assert.deepEqual((await diagnose(text)).map((d) => d.code), []);
});

test('a missing required field is inserted', async () => {
  const connection = `apiVersion: networking.liqo.io/v1beta1
kind: Connection
metadata:
  name: gw-k8s-lab
  namespace: liqo-tenant-k8s-lab
spec:
  type: Server
`;
  const { text, action } = await fix(connection, 'LIQO011');
  assert.equal(action.title, 'Add the missing field gatewayRef');
  assert.match(text, /\n {2}gatewayRef:/);
  assert.ok(!(await diagnose(text)).some((d) => d.code === 'LIQO011'));
});

const pod = `apiVersion: v1
kind: Pod
metadata:
  name: smi
spec:
  containers:
  - name: smi
    resources:
      requests:
        nvidia.com/gpu: 2
      limits:
        nvidia.com/gpu: 1
`;

test('GPU limits are made equal to the requests', async () => {
  const { text } = await fix(pod, 'LIQO201');
  assert.match(text, /limits:\n {8}nvidia\.com\/gpu: 2\n/);
  assert.deepEqual((await diagnose(text)).map((d) => d.code), []);
});

test('a GPU request without a limit gets the limit', async () => {
  const { text } = await fix(pod.replace('      limits:\n        nvidia.com/gpu: 1\n', ''), 'LIQO202');
  assert.match(text, /limits:\n {8}nvidia\.com\/gpu: 2/);
  assert.deepEqual((await diagnose(text)).map((d) => d.code), []);
});

test('a VirtualNode gets its cluster ID label', async () => {
  const vn = `apiVersion: offloading.liqo.io/v1beta1
kind: VirtualNode
metadata:
  name: k8s-gpu
  namespace: liqo-tenant-k8s-gpu
spec:
  clusterID: k8s-gpu
  kubeconfigSecretRef: {name: kubeconfig-controlplane-k8s-gpu}
  resourceQuota: {hard: {cpu: "2", memory: 4Gi}}
`;
  const { text } = await fix(vn, 'LIQO140');
  assert.match(text, /labels:\n {4}liqo\.io\/remote-cluster-id: k8s-gpu/);
  assert.deepEqual((await diagnose(text)).map((d) => d.code), []);
});

test('fixes carry positions in the file, not in the document', async () => {
  const two = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\n${offloading}`;
  const { text } = await fix(two, 'LIQO010');
  assert.ok(text.startsWith('apiVersion: v1\nkind: ConfigMap'));
  assert.match(text, /podOffloadingStrategy: Remote\n/);
});

test('a hand-set liqo.io/scheduling-enabled label is removed, and only its line', async () => {
  const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: stray\n  labels:\n    team: research\n    liqo.io/scheduling-enabled: "true" # set by hand\n    tier: gpu\n';
  const { text } = await fix(ns, 'LIQO110');
  assert.equal(text, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: stray\n  labels:\n    team: research\n    tier: gpu\n');
  assert.deepEqual(await diagnose(text), []);
});

test('a scheduling-enabled label in a flow map is reported but not removed by a text edit that could break the map', async () => {
  const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: stray, labels: {liqo.io/scheduling-enabled: "true"}}\n';
  const d = (await diagnose(ns)).filter((x) => x.code === 'LIQO110');
  assert.equal(d.length, 1);
  assert.equal(d[0].data, undefined);
});

test('a value a fix inserts reads back as the same string under YAML 1.1, as kubectl reads it', () => {
  for (const value of ['yes', 'on', 'N', '1_000', '0777', 'true', 'plain']) {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n';
    const doc = parseDocument(text);
    setSource(doc, text);
    const edit = setPathEdit(doc, ['data', 'k'], value);
    assert.ok(edit, value);
    const after = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
    assert.equal((parseSegment(after).value as { data: { k: unknown } }).data.k, value, after);
  }
});
