// Hover texts and the document outline.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MarkupContent } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/core/service';
import type { ClusterFacts } from '../../server/src/protocol';
import { readFixture } from '../util/carets';
import { withCursor } from '../util/service';

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
  const symbols = service.symbols('file:///good.yaml', readFixture('good.yaml'));
  assert.deepEqual(symbols.map((s) => s.name), [
    'ResourceSlice/k8s-gpu', 'NamespaceOffloading/offloading', 'VirtualNode/k8s-gpu', 'ForeignCluster/k8s-gpu', 'Tenant/k8s-lab', 'GatewayServer/k8s-lab', 'Pod/web-nvidia-smi',
  ]);
  assert.equal(symbols[1].detail, 'liqo-demo · offloading.liqo.io/v1beta1');
});
