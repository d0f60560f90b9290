import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildNamespaceOffloading, checkOffloadRequest, offloadingYaml, plannedTwinName } from '../../client/src/kube/offload';
import { formatTerms, matchesTerms, parseSelector, parseSelectors, SelectorError } from '../../server/src/liqo/selector';
import { buildResourceSlice, checkSliceRequest } from '../../client/src/kube/slices';
import { parse } from 'yaml';

void test('defaults are those of liqoctl offload namespace: empty terms, DefaultName, LocalAndRemote', () => {
  const o = buildNamespaceOffloading({ namespace: 'liqo-demo' });
  assert.deepEqual(o, {
    apiVersion: 'offloading.liqo.io/v1beta1',
    kind: 'NamespaceOffloading',
    metadata: { name: 'offloading', namespace: 'liqo-demo' },
    spec: { clusterSelector: { nodeSelectorTerms: [] }, namespaceMappingStrategy: 'DefaultName', podOffloadingStrategy: 'LocalAndRemote' },
  });
  assert.equal(plannedTwinName({ namespace: 'liqo-demo' }, 'k8s-lab'), 'liqo-demo-k8s-lab');
  assert.equal(plannedTwinName({ namespace: 'a', namespaceMappingStrategy: 'EnforceSameName' }, 'k8s-lab'), 'a');
  assert.equal(plannedTwinName({ namespace: 'a', namespaceMappingStrategy: 'SelectedName', remoteNamespaceName: 'b' }, 'k8s-lab'), 'b');
});

void test('each selector string is one ORed term; requirements inside are ANDed', () => {
  const terms = parseSelectors(['liqo.io/provider=kubeadm,region in (eu, us)', '!spot', 'zone!=a,gpu']);
  assert.deepEqual(terms, [
    { matchExpressions: [{ key: 'liqo.io/provider', operator: 'In', values: ['kubeadm'] }, { key: 'region', operator: 'In', values: ['eu', 'us'] }] },
    { matchExpressions: [{ key: 'spot', operator: 'DoesNotExist' }] },
    { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }, { key: 'gpu', operator: 'Exists' }] },
  ]);
  assert.deepEqual(parseSelector('b==2,a=1').matchExpressions?.map((r) => r.key), ['a', 'b']);
  assert.equal(formatTerms(terms), 'liqo.io/provider=kubeadm,region in (eu,us) OR !spot OR zone!=a,gpu');
  assert.equal(formatTerms([]), 'all virtual nodes');
});

void test('selectors are evaluated against node labels', () => {
  const labels = { name: 'k8s-gpu', labels: { 'liqo.io/provider': 'kubeadm', region: 'eu' } };
  assert.equal(matchesTerms([], labels), true);
  assert.equal(matchesTerms(parseSelectors(['region=eu']), labels), true);
  assert.equal(matchesTerms(parseSelectors(['region=us']), labels), false);
  assert.equal(matchesTerms(parseSelectors(['region=us', 'liqo.io/provider']), labels), true);
  assert.equal(matchesTerms(parseSelectors(['region notin (eu)']), labels), false);
  assert.equal(matchesTerms(parseSelectors(['!gpu']), labels), true);
});

void test('bad selectors, names and strategies are refused before anything is sent', () => {
  assert.throws(() => parseSelector('bad key=1'), SelectorError);
  assert.throws(() => parseSelector('a in ()'), SelectorError);
  assert.throws(() => parseSelector('-x=1'), SelectorError);
  assert.deepEqual(checkOffloadRequest({ namespace: 'liqo-demo' }), []);
  assert.equal(checkOffloadRequest({ namespace: 'Bad_NS' }).length, 1);
  assert.match(checkOffloadRequest({ namespace: 'a', namespaceMappingStrategy: 'SelectedName' })[0] ?? '', /needs a remote namespace name/);
  assert.match(checkOffloadRequest({ namespace: 'a', namespaceMappingStrategy: 'SelectedName', remoteNamespaceName: 'UP' })[0] ?? '', /remote namespace name/);
  assert.match(checkOffloadRequest({ namespace: 'a', selectors: ['x in ('] })[0] ?? '', /cluster selector/);
  assert.equal(checkOffloadRequest({ namespace: 'x'.repeat(64) }).length, 1);
});

void test('the YAML round-trips to the same object, with remoteNamespaceName only when set', () => {
  const o = buildNamespaceOffloading({ namespace: 'a', namespaceMappingStrategy: 'SelectedName', remoteNamespaceName: 'b', podOffloadingStrategy: 'Remote', selectors: ['region=eu'] });
  const y = offloadingYaml(o);
  assert.deepEqual(parse(y), o);
  assert.match(y, /^apiVersion: offloading\.liqo\.io\/v1beta1\nkind: NamespaceOffloading\n/);
  assert.ok(!offloadingYaml(buildNamespaceOffloading({ namespace: 'a' })).includes('remoteNamespaceName'));
});

void test('a ResourceSlice is built as liqoctl create resourceslice builds it', () => {
  const o = buildResourceSlice({ name: 'gpu-pool', providerClusterID: 'k8s-gpu', cpu: '4', memory: '8Gi', pods: '30', gpus: '2' }, 'liqo-tenant-k8s-gpu');
  assert.deepEqual(o, {
    apiVersion: 'authentication.liqo.io/v1beta1',
    kind: 'ResourceSlice',
    metadata: {
      name: 'gpu-pool', namespace: 'liqo-tenant-k8s-gpu',
      labels: { 'liqo.io/replication': 'true', 'liqo.io/remoteID': 'k8s-gpu', 'liqo.io/remote-cluster-id': 'k8s-gpu' },
      annotations: { 'liqo.io/create-virtual-node': 'true' },
    },
    spec: { class: 'default', providerClusterID: 'k8s-gpu', resources: { cpu: '4', memory: '8Gi', pods: '30', 'nvidia.com/gpu': '2' } },
  });
  const bare = buildResourceSlice({ name: 'x', providerClusterID: 'p', createVirtualNode: false }, 'liqo-tenant-p');
  assert.equal(bare.metadata.annotations, undefined);
  assert.equal(bare.spec.resources, undefined);
});

void test('slice quantities are checked', () => {
  assert.deepEqual(checkSliceRequest({ name: 'ok', providerClusterID: 'k8s-gpu', cpu: '500m', memory: '8Gi', gpus: '1', pods: '10' }), []);
  const p = checkSliceRequest({ name: 'Bad Name', providerClusterID: 'K8S', cpu: 'four', memory: '-1Gi', gpus: '1.5', pods: 'x' });
  assert.equal(p.length, 6);
});
