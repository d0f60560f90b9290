// Hover texts and the document outline.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MarkupContent } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/core/service';
import type { ClusterFacts } from '../../server/src/liqo/clusterFacts';
import { readFixture } from '../util/carets';
import { docOf, withCursor } from '../util/service';

function hover(marked: string, facts?: ClusterFacts): string {
  const service = createLanguageService();
  if (facts) service.setFacts(facts);
  const { doc, position } = withCursor(marked);
  const h = service.hover(doc, position);
  return h ? (h.contents as MarkupContent).value : '';
}

const nso = 'apiVersion: offloading.liqo.io/v1beta1\nkind: NamespaceOffloading\nmetadata:\n  name: offloading\n  namespace: liqo-demo\nspec:\n  namespace|MappingStrategy: DefaultName\n';
const lab: ClusterFacts = {
  takenAt: 1,
  clusters: [{ context: 'admin@k8s-lab', clusterID: 'k8s-lab', reachable: true, foreignClusters: [], namespaces: [], offloadings: [], crdSchemas: {},
    virtualNodes: [{ name: 'k8s-gpu', clusterID: 'k8s-gpu', labels: {}, taints: [], capacity: { 'nvidia.com/gpu': '1' }, ready: true }] }],
};

test('a field shows its meaning, type, allowed values and default', () => {
  const text = hover(nso);
  assert.match(text, /\*\*namespaceMappingStrategy\*\* · string/);
  assert.match(text, /Allowed: `EnforceSameName`, `DefaultName`, `SelectedName`/);
  assert.match(text, /Default: `"DefaultName"`/);
});

test('a NamespaceOffloading shows the twin namespace it will create', () => {
  assert.match(hover(nso), /Twin namespace on every selected provider: `liqo-demo-<consumer cluster ID>`/);
  assert.match(hover(nso, lab), /`liqo-demo-k8s-lab` \(from consumer k8s-lab\)/);
  assert.match(hover(nso.replace('DefaultName', 'EnforceSameName')), /`liqo-demo`/);
});

test('Liqo label keys are explained', () => {
  const text = hover('apiVersion: authentication.liqo.io/v1beta1\nkind: ResourceSlice\nmetadata:\n  labels:\n    liqo.io/remo|teID: k8s-gpu\n');
  assert.match(text, /\*\*liqo\.io\/remoteID\*\* · Liqo label/);
});

test('no hover outside Liqo documents', () => {
  assert.equal(hover('name: ci\non: [push]\njo|bs: {}\n'), '');
});

test('the outline has one symbol per document, kind/name', () => {
  const service = createLanguageService();
  const symbols = service.symbols(docOf(readFixture('good.yaml'), 'file:///good.yaml'));
  assert.deepEqual(symbols.map((s) => s.name), [
    'ResourceSlice/k8s-gpu', 'NamespaceOffloading/offloading', 'VirtualNode/k8s-gpu', 'ForeignCluster/k8s-gpu', 'Tenant/k8s-lab', 'GatewayServer/k8s-lab', 'Pod/web-nvidia-smi',
  ]);
  assert.equal(symbols[1].detail, 'liqo-demo · offloading.liqo.io/v1beta1');
});

test('on a clusterSelector, which live virtual nodes it selects, with their GPUs', () => {
  const facts: ClusterFacts = { takenAt: 1, clusters: [{ context: 'admin@k8s-lab', clusterID: 'k8s-lab', reachable: true, foreignClusters: [], namespaces: [], offloadings: [], crdSchemas: {},
    virtualNodes: [
      { name: 'k8s-gpu', clusterID: 'k8s-gpu', labels: { 'liqo.io/type': 'virtual-node', region: 'eu-west' }, taints: [], capacity: { cpu: '4', 'nvidia.com/gpu': '1' }, ready: true },
      { name: 'k8s-cpu', clusterID: 'k8s-cpu', labels: { 'liqo.io/type': 'virtual-node', region: 'us-east' }, taints: [], capacity: { cpu: '8' }, ready: true },
    ] }] };
  const doc = (expr: string) => `apiVersion: offloading.liqo.io/v1beta1\nkind: NamespaceOffloading\nmetadata:\n  name: offloading\n  namespace: liqo-demo\nspec:\n  cluster|Selector:\n    nodeSelectorTerms:\n    - matchExpressions:\n${expr}`;
  assert.match(hover(doc('      - {key: region, operator: In, values: [eu-west]}\n'), facts), /On admin@k8s-lab, selects `k8s-gpu` \(1 nvidia\.com\/gpu\); not `k8s-cpu`\./);
  assert.match(hover(doc('      - {key: region, operator: NotIn, values: [eu-west, us-east]}\n'), facts), /On admin@k8s-lab, selects no virtual node \(there: `k8s-gpu` `liqo\.io\/type=virtual-node`, `region=eu-west`/);
  assert.match(hover(doc('      - {key: gpu-count, operator: DoesNotExist}\n'), facts), /selects `k8s-gpu` \(1 nvidia\.com\/gpu\), `k8s-cpu`\./);
});
