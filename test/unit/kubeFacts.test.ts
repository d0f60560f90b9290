import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFacts, FactsPublisher } from '../../client/src/kube/factsBuilder';
import { describe, fromHttp, fromTransport, KubeError } from '../../client/src/kube/errors';
import { gpuCount } from '../../client/src/kube/readers';
import { quantityValue } from '../../server/src/liqo/quantity';
import type { ClusterFacts } from '../../server/src/liqo/clusterFacts';
import { buildSnapshot } from '../../client/src/kube/snapshot';
import { boolFlag } from '../../client/src/kube/session';
import type { KObj } from '../../client/src/kube/kinds';
import { demoSnapshots, providerObjects } from './treeFixtures';

void test('the facts hold contexts, IDs, peerings, virtual nodes with labels, taints and capacity, namespaces and offloadings', () => {
  const f = buildFacts(demoSnapshots(), 42);
  assert.equal(f.takenAt, 42);
  assert.deepEqual(f.clusters.map((c) => [c.context, c.clusterID, c.reachable]), [
    ['admin@k8s-gpu', 'k8s-gpu', true], ['admin@k8s-lab', 'k8s-lab', true], ['broken', '', false]]);
  const lab = f.clusters[1];
  assert.ok(lab);
  assert.deepEqual(lab.foreignClusters, [{ name: 'k8s-gpu', clusterID: 'k8s-gpu', role: 'Provider', modules: {
    networking: { enabled: true, healthy: true }, authentication: { enabled: true, healthy: true }, offloading: { enabled: true, healthy: true } } }]);
  assert.equal(lab.virtualNodes.length, 1);
  const vn = lab.virtualNodes[0];
  assert.equal(vn?.clusterID, 'k8s-gpu');
  assert.equal(vn?.capacity['nvidia.com/gpu'], '1');
  assert.deepEqual(vn?.taints, [{ key: 'virtual-node.liqo.io/not-allowed', value: 'true', effect: 'NoExecute' }]);
  assert.equal(vn?.labels['liqo.io/type'], 'virtual-node');
  assert.deepEqual(lab.offloadings, [{ namespace: 'liqo-demo', phase: 'Ready', remoteNamespaceName: 'liqo-demo-k8s-lab', specRemoteNamespaceName: '',
    namespaceMappingStrategy: 'DefaultName', podOffloadingStrategy: 'LocalAndRemote', remoteClusterIDs: ['k8s-gpu'] }]);
  assert.ok(lab.namespaces.some((n) => n.name === 'liqo-demo'));
  // Only real nodes count: the consumer's GPU is on its virtual node, the provider's on gpu-1.
  assert.deepEqual(lab.nodeResources, {});
  assert.deepEqual(f.clusters[0]?.nodeResources, { 'nvidia.com/gpu': '1' });
});

void test('facts carry no addresses or credentials', () => {
  const text = JSON.stringify(buildFacts(demoSnapshots()));
  assert.ok(!/https?:\/\//.test(text));
  assert.ok(!/token|BEGIN CERTIFICATE|client-key/i.test(text));
});

void test('the publisher debounces and sends only changed facts', async () => {
  let snaps = demoSnapshots();
  const sent: ClusterFacts[] = [];
  let resolve!: () => void;
  let wait = new Promise<void>((r) => { resolve = r; });
  const p = new FactsPublisher(() => snaps, (f) => { sent.push(f); resolve(); }, 10);
  for (let i = 0; i < 5; i++) p.schedule();
  await wait;
  assert.equal(sent.length, 1);
  p.flush();
  assert.equal(sent.length, 1, 'unchanged facts are not sent again');
  snaps = snaps.slice(0, 1);
  wait = new Promise<void>((r) => { resolve = r; });
  p.schedule();
  await wait;
  assert.equal(sent.length, 2);
  assert.equal(sent[1]?.clusters.length, 1);
  p.flush(true);
  assert.equal(sent.length, 3, 'a forced flush resends (e.g. after a server restart)');
  p.dispose();
});

void test('errors are classified into the kinds the tree explains', () => {
  assert.equal(fromHttp(401, '{"kind":"Status","code":401,"reason":"Unauthorized","message":"Unauthorized"}').kind, 'unauthorised');
  assert.equal(fromHttp(403, '{}').kind, 'forbidden');
  assert.equal(fromHttp(409, '{"reason":"AlreadyExists"}').kind, 'alreadyExists');
  assert.equal(fromHttp(409, '{"reason":"Conflict"}').kind, 'conflict');
  assert.equal(fromHttp(410, '{}').kind, 'gone');
  assert.equal(fromHttp(502, '<html>Bad Gateway</html>').kind, 'badGateway');
  assert.equal(fromHttp(429, '{}', 3).retryAfter, 3);
  assert.equal(fromTransport(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })).kind, 'unreachable');
});

void test('a stream that went silent is described as such, not as a request that got no answer', () => {
  assert.equal(describe(new KubeError('slow', 'the stream was silent for 150000 ms')), 'too slow: the stream was silent for 150000 ms');
  assert.equal(describe(new KubeError('slow', 'no answer within 10000 ms')), 'too slow: no answer within 10000 ms');
});

void test('quantities', () => {
  assert.equal(quantityValue('500m'), 0.5);
  assert.equal(quantityValue('8Gi'), 8 * 2 ** 30);
  assert.equal(quantityValue('1e3'), 1000);
  assert.equal(quantityValue('x'), undefined);
  assert.equal(gpuCount({ 'nvidia.com/gpu': '2', cpu: '4' }), 2);
});

const quota = (name: string, namespace: string, spec: Record<string, unknown>, owner?: string): KObj => ({
  metadata: { name, namespace, ...(owner ? { ownerReferences: [{ apiVersion: 'authentication.liqo.io/v1beta1', kind: 'ResourceSlice', name: owner, controller: true }] } : {}) },
  spec,
});

void test('a provider\'s facts carry its Quotas with the consumer each is for, its RuntimeClasses and whether its webhook enforces Quotas', () => {
  const raw = providerObjects();
  raw.namespaces?.push({ metadata: { name: 'tenant-renamed', labels: { 'liqo.io/tenant-namespace': 'true', 'liqo.io/remote-cluster-id': 'k8s-edge' } } });
  raw.quotas = [
    quota('k8s-gpu-f9f4d78142fd', 'liqo-tenant-k8s-lab', { user: 'k8s-gpu-f9f4d78142fd', limitsEnforcement: 'Hard', resources: { cpu: '4', 'nvidia.com/gpu': '1' }, cordoned: true }, 'k8s-gpu'),
    // Tenant namespaces are found by their labels, whatever their name; a Quota without an owner or enforcement still counts.
    quota('edge-0123456789ab', 'tenant-renamed', { user: 'edge-0123456789ab', resources: { cpu: '2' } }),
  ];
  raw.runtimeClasses = [{ metadata: { name: 'nvidia' } }, { metadata: { name: 'liqo' } }];
  const snap = buildSnapshot({ context: 'admin@k8s-gpu', state: 'ready', clusterID: 'k8s-gpu', resourceEnforcement: true }, raw);
  const [gpu] = buildFacts([snap]).clusters;
  assert.deepEqual(gpu?.quotas, [
    { name: 'edge-0123456789ab', namespace: 'tenant-renamed', consumerClusterID: 'k8s-edge', limitsEnforcement: '', resources: { cpu: '2' }, cordoned: false },
    { name: 'k8s-gpu-f9f4d78142fd', namespace: 'liqo-tenant-k8s-lab', consumerClusterID: 'k8s-lab', resourceSlice: 'k8s-gpu', limitsEnforcement: 'Hard',
      resources: { cpu: '4', 'nvidia.com/gpu': '1' }, cordoned: true },
  ]);
  assert.deepEqual(gpu?.runtimeClasses, ['liqo', 'nvidia']);
  assert.equal(gpu?.resourceEnforcement, true);
});

void test('what could not be listed is absent from the facts, not empty', () => {
  const raw = { ...providerObjects(), quotas: [], runtimeClasses: [{ metadata: { name: 'liqo' } }] };
  const [refused] = buildFacts([buildSnapshot({ context: 'viewer@k8s-gpu', state: 'ready', clusterID: 'k8s-gpu', unlisted: ['quotas'] }, raw)]).clusters;
  assert.equal(refused?.quotas, undefined);
  assert.deepEqual(refused?.runtimeClasses, ['liqo']);
  assert.equal(refused?.resourceEnforcement, undefined);
  // Snapshots of clusters that are not ready know nothing of either.
  const broken = buildFacts(demoSnapshots()).clusters.find((c) => c.context === 'broken');
  assert.ok(broken && !('quotas' in broken) && !('runtimeClasses' in broken));
});

void test('the webhook\'s enforcement flag is read as Go\'s flag package reads a boolean', () => {
  const flag = '--enable-resource-enforcement';
  assert.equal(boolFlag(['--cluster-id=x', flag], flag), true);
  assert.equal(boolFlag([`${flag}=true`], flag), true);
  assert.equal(boolFlag([`${flag}=false`], flag), false);
  assert.equal(boolFlag([flag, `${flag}=0`], flag), false, 'the last one wins');
  assert.equal(boolFlag(['--enable-resource-enforcement-extra'], flag), false);
  assert.equal(boolFlag([], flag), false);
});
