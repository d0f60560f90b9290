// Quick fixes of the rules read from Liqo's webhooks and controllers: each applied to the text, after which the
// finding it fixes is gone and no other appears.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnose, fix } from '../util/service';

const codesOf = async (text: string): Promise<string[]> => (await diagnose(text)).map((d) => String(d.code));

/** A manifest of a Liqo kind: its apiVersion, kind, name and namespace, then `rest` (more metadata, spec). */
function manifest(apiVersion: string, kind: string, name: string, namespace: string, rest: string): string {
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n${rest}`;
}

const slice = (cls: string): string => manifest('authentication.liqo.io/v1beta1', 'ResourceSlice', 'gpu-pool', 'liqo-tenant-k8s-gpu', `  labels: {liqo.io/replication: "true", liqo.io/remoteID: k8s-gpu, liqo.io/remote-cluster-id: k8s-gpu}
  annotations:
    liqo.io/create-virtual-node: ""
spec: {class: ${cls}}
`);

void test('a slice class Default becomes default; another class has no fix', async () => {
  const { text, action } = await fix(slice('Default'), 'LIQO129');
  assert.equal(action.title, 'Change to default');
  assert.match(text, /class: default\}/);
  assert.deepEqual(await codesOf(text), ['LIQO123']);
  const other = (await diagnose(slice('gpu-a100'))).find((d) => d.code === 'LIQO129');
  assert.ok(other && !other.data);
});

void test('an empty create-virtual-node annotation becomes "true"', async () => {
  const { text } = await fix(slice('default'), 'LIQO123');
  assert.match(text, /liqo\.io\/create-virtual-node: "true"\n/);
  assert.deepEqual(await codesOf(text), []);
});

const offloading = (expression: string): string => manifest('offloading.liqo.io/v1beta1', 'NamespaceOffloading', 'offloading', 'team-gpu', `spec:
  clusterSelector:
    nodeSelectorTerms:
    - matchExpressions:
${expression}`);

void test('a selector operator in the wrong case is corrected', async () => {
  const { text, action } = await fix(offloading('      - key: liqo.io/provider\n        operator: notin\n        values: [eks]\n'), 'LIQO113');
  assert.equal(action.title, 'Change to NotIn');
  assert.match(text, /operator: NotIn\n/);
  assert.deepEqual(await codesOf(text), []);
});

void test('values that Exists forbids are removed, block or flow, and nothing else', async () => {
  for (const values of ['        values: [virtual-node]\n', '        values:\n        - virtual-node\n        - other\n']) {
    const before = offloading(`      - key: liqo.io/type\n        operator: Exists\n${values}      - key: liqo.io/provider\n        operator: In\n        values: [eks]\n`);
    const { text } = await fix(before, 'LIQO113');
    assert.equal(text, offloading('      - key: liqo.io/type\n        operator: Exists\n      - key: liqo.io/provider\n        operator: In\n        values: [eks]\n'));
  }
  // A value Gt cannot compare is the user's to correct.
  const gt = (await diagnose(offloading('      - key: gpu.count\n        operator: Gt\n        values: ["two"]\n'))).find((d) => d.code === 'LIQO113');
  assert.ok(gt && !gt.data);
});

/** A VirtualNode of k8s-gpu in `namespace`, with these lines in its spec. */
const virtualNode = (namespace: string, spec: string): string => manifest('offloading.liqo.io/v1beta1', 'VirtualNode', 'k8s-gpu', namespace, `  labels: {liqo.io/remote-cluster-id: k8s-gpu}
spec:
  kubeconfigSecretRef: {name: kubeconfig-controlplane-k8s-gpu}
${spec}`);

void test('a VirtualNode without a cluster ID gets the one its label names, and a resourceQuota', async () => {
  const withID = (await fix(virtualNode('liqo-tenant-k8s-gpu', ''), 'LIQO140')).text;
  assert.match(withID, /\n {2}clusterID: k8s-gpu\n/);
  const { text } = await fix(withID, 'LIQO141');
  assert.match(text, /resourceQuota:\n {4}hard:\n {6}cpu: "2"\n {6}memory: 4Gi\n/);
  assert.deepEqual(await codesOf(text), []);
});

void test('a VirtualNode outside a tenant namespace is moved to its cluster\'s', async () => {
  const { text } = await fix(virtualNode('default', '  clusterID: k8s-gpu\n  resourceQuota: {hard: {cpu: "2", memory: 4Gi}}\n'), 'LIQO144');
  assert.match(text, /namespace: liqo-tenant-k8s-gpu\n/);
  assert.deepEqual(await codesOf(text), []);
});

void test('a gateway or Configuration gets the peer label of its tenant namespace', async () => {
  const conf = manifest('networking.liqo.io/v1beta1', 'Configuration', 'k8s-lab', 'liqo-tenant-k8s-lab', 'spec:\n  remote:\n    cidr: {pod: ["10.243.0.0/16"], external: ["10.70.0.0/16"]}\n');
  const { text } = await fix(conf, 'LIQO160');
  assert.match(text, /labels:\n {4}liqo\.io\/remote-cluster-id: k8s-lab\n/);
  assert.deepEqual(await codesOf(text), []);
  const nowhere = (await diagnose(conf.replace('liqo-tenant-k8s-lab', 'networking'))).find((d) => d.code === 'LIQO160');
  assert.ok(nowhere && !nowhere.data, 'no fix when no tenant namespace names the peer');
});

void test('a Tenant in another cluster\'s tenant namespace is moved to its own', async () => {
  const tenant = manifest('authentication.liqo.io/v1beta1', 'Tenant', 'k8s-lab', 'liqo-tenant-k8s-other', 'spec:\n  clusterID: k8s-lab\n');
  const { text } = await fix(tenant, 'LIQO150');
  assert.match(text, /namespace: liqo-tenant-k8s-lab\n/);
  assert.deepEqual(await codesOf(text), []);
});

void test('hugepages limits are made equal to the requests', async () => {
  const pod = `apiVersion: v1
kind: Pod
metadata:
  name: dpdk
spec:
  containers:
  - name: forwarder
    resources:
      requests: {memory: 1Gi, hugepages-2Mi: 512Mi}
      limits: {memory: 1Gi, hugepages-2Mi: 1Gi}
`;
  const { text } = await fix(pod, 'LIQO201');
  assert.match(text, /limits: \{memory: 1Gi, hugepages-2Mi: 512Mi\}/);
  assert.deepEqual(await codesOf(text), []);
});
