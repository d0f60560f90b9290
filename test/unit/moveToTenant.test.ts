// The quick fix "Move it to liqo-tenant-<peer>" of LIQO120 (ResourceSlice) and LIQO150 (Tenant): applied, the
// object sits in its peer's tenant namespace and the problem is gone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnose, fix } from '../util/service';

const slice = (ns: string): string => `apiVersion: authentication.liqo.io/v1beta1
kind: ResourceSlice
metadata:
  name: gpu
${ns}  labels:
    liqo.io/replication: "true"
    liqo.io/remoteID: k8s-gpu
    liqo.io/remote-cluster-id: k8s-gpu
  annotations:
    liqo.io/create-virtual-node: "true"
spec:
  providerClusterID: k8s-gpu
  resources:
    nvidia.com/gpu: "1"
`;

test('a ResourceSlice in another namespace is moved to its provider\'s tenant namespace', async () => {
  const text = slice('  namespace: default\n');
  assert.ok((await diagnose(text)).some((d) => d.code === 'LIQO120'), 'LIQO120 before the fix');
  const { text: fixed, action } = await fix(text, 'LIQO120', 'Move it to');
  assert.equal(action.title, 'Move it to liqo-tenant-k8s-gpu');
  assert.equal(fixed, slice('  namespace: liqo-tenant-k8s-gpu\n'));
  assert.deepEqual((await diagnose(fixed)).map((d) => String(d.code)), []);
});

test('a Tenant outside its tenant namespace is moved there', async () => {
  const tenant = (ns: string): string => `apiVersion: authentication.liqo.io/v1beta1
kind: Tenant
metadata:
  name: k8s-lab
  namespace: ${ns}
  labels:
    liqo.io/remote-cluster-id: k8s-lab
spec:
  clusterID: k8s-lab
  tenantCondition: Active
`;
  const before = await diagnose(tenant('default'));
  assert.ok(before.some((d) => d.code === 'LIQO150'), before.map((d) => `${String(d.code)} ${d.message}`).join('\n'));
  const { text: fixed, action } = await fix(tenant('default'), 'LIQO150', 'Move it to');
  assert.equal(action.title, 'Move it to liqo-tenant-k8s-lab');
  assert.equal(fixed, tenant('liqo-tenant-k8s-lab'));
  assert.ok(!(await diagnose(fixed)).some((d) => d.code === 'LIQO150'));
});
