// One table of clusterSelector cases, run against both users of Liqo's selector semantics: the offload
// preview in the client (which virtual nodes an offloading would use) and the language server (the hover on a
// clusterSelector and LIQO112). Kubernetes: terms ORed, requirements ANDed, an empty term selects nothing, Gt and
// Lt compare int64. Liqo: no terms at all select every virtual node.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selectedVirtualNodes } from '../../client/src/kube/offload';
import type { NodeInfo } from '../../client/src/kube/readers';
import { selection } from '../../server/src/core/clusterSelection';
import type { FactsCluster } from '../../server/src/liqo/clusterFacts';
import type { NodeSelectorTerm } from '../../server/src/liqo/selector';

const gpuLabels = { 'liqo.io/type': 'virtual-node', 'liqo.io/remote-cluster-id': 'k8s-gpu', region: 'eu-west', gpus: '4', big: '9223372036854775807' };
const cpuLabels = { 'liqo.io/type': 'virtual-node', 'liqo.io/remote-cluster-id': 'k8s-cpu', region: 'us-east', gpus: '0' };
const nodes = [{ name: 'k8s-gpu', labels: gpuLabels }, { name: 'k8s-cpu', labels: cpuLabels }];

const expr = (key: string, operator: string, values?: string[]) => ({ key, operator, ...(values ? { values } : {}) });

const table: { name: string; terms: NodeSelectorTerm[]; picks: string[] }[] = [
  { name: 'no terms: every virtual node (Liqo)', terms: [], picks: ['k8s-gpu', 'k8s-cpu'] },
  { name: 'an empty term selects nothing', terms: [{}], picks: [] },
  { name: 'a term with empty lists selects nothing', terms: [{ matchExpressions: [], matchFields: [] }], picks: [] },
  { name: 'an empty term beside a real one', terms: [{}, { matchExpressions: [expr('region', 'In', ['us-east'])] }], picks: ['k8s-cpu'] },
  { name: 'In', terms: [{ matchExpressions: [expr('region', 'In', ['eu-west', 'ap-south'])] }], picks: ['k8s-gpu'] },
  { name: 'NotIn matches an absent key', terms: [{ matchExpressions: [expr('zone', 'NotIn', ['a'])] }], picks: ['k8s-gpu', 'k8s-cpu'] },
  { name: 'Exists', terms: [{ matchExpressions: [expr('big', 'Exists')] }], picks: ['k8s-gpu'] },
  { name: 'DoesNotExist', terms: [{ matchExpressions: [expr('big', 'DoesNotExist')] }], picks: ['k8s-cpu'] },
  { name: 'Gt compares integers, not strings', terms: [{ matchExpressions: [expr('gpus', 'Gt', ['3'])] }], picks: ['k8s-gpu'] },
  { name: 'Lt', terms: [{ matchExpressions: [expr('gpus', 'Lt', ['1'])] }], picks: ['k8s-cpu'] },
  { name: 'Gt with int64 values beyond 2^53', terms: [{ matchExpressions: [expr('big', 'Gt', ['9223372036854775806'])] }], picks: ['k8s-gpu'] },
  { name: 'Gt with a value that is not an int64 is refused', terms: [{ matchExpressions: [expr('gpus', 'Gt', ['1.5'])] }], picks: [] },
  { name: 'Gt with a value past int64 is refused', terms: [{ matchExpressions: [expr('big', 'Lt', ['9223372036854775808'])] }], picks: [] },
  { name: 'Gt with two values is refused', terms: [{ matchExpressions: [expr('gpus', 'Gt', ['1', '2'])] }], picks: [] },
  { name: 'In without values is refused', terms: [{ matchExpressions: [expr('region', 'In', [])] }], picks: [] },
  { name: 'Exists with values is refused', terms: [{ matchExpressions: [expr('region', 'Exists', ['eu-west'])] }], picks: [] },
  { name: 'an unknown operator is refused', terms: [{ matchExpressions: [expr('region', 'Equals', ['eu-west'])] }], picks: [] },
  { name: 'an invalid label key is refused', terms: [{ matchExpressions: [expr('bad key', 'DoesNotExist')] }], picks: [] },
  { name: 'requirements of a term are ANDed', terms: [{ matchExpressions: [expr('region', 'In', ['eu-west']), expr('gpus', 'Lt', ['1'])] }], picks: [] },
  { name: 'terms are ORed', terms: [{ matchExpressions: [expr('region', 'In', ['eu-west'])] }, { matchExpressions: [expr('gpus', 'Lt', ['1'])] }], picks: ['k8s-gpu', 'k8s-cpu'] },
  { name: 'matchFields on the node name', terms: [{ matchFields: [expr('metadata.name', 'In', ['k8s-cpu'])] }], picks: ['k8s-cpu'] },
  { name: 'matchFields with two values is refused', terms: [{ matchFields: [expr('metadata.name', 'In', ['k8s-cpu', 'k8s-gpu'])] }], picks: [] },
];

function previewPicks(terms: NodeSelectorTerm[]): string[] {
  const infos: NodeInfo[] = nodes.map((n) => ({
    name: n.name, virtual: true, providerClusterID: n.labels['liqo.io/remote-cluster-id'], ready: true, labels: n.labels,
    taints: [], capacity: {}, allocatable: {},
  }));
  // A real node with the same labels is never a target.
  infos.push({ ...infos[0], name: 'worker-1', virtual: false });
  return selectedVirtualNodes(infos, terms).map((n) => n.name);
}

function serverPicks(terms: NodeSelectorTerm[]): string[] {
  const cluster: FactsCluster = {
    context: 'k8s-lab', clusterID: 'k8s-lab', reachable: true, foreignClusters: [], namespaces: [], offloadings: [], crdSchemas: {},
    virtualNodes: nodes.map((n) => ({ name: n.name, clusterID: n.labels['liqo.io/remote-cluster-id'], labels: n.labels, taints: [], capacity: {}, ready: true })),
  };
  // The server reads the selector from the manifest's data, as YAML gives it.
  const picks = selection(JSON.parse(JSON.stringify({ nodeSelectorTerms: terms })), [cluster]);
  assert.ok(picks, 'a well-formed selector gets an answer');
  return picks[0].chosen.map((n) => n.name);
}

for (const row of table) {
  void test(`selector table: ${row.name}`, () => {
    assert.deepEqual(previewPicks(row.terms), row.picks, 'offload preview');
    assert.deepEqual(serverPicks(row.terms), row.picks, 'language server');
  });
}
