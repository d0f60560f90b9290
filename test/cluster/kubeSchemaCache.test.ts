// Served CRD schemas belong to the cluster that serves them: two clusters that claim the same Liqo version but
// serve different schemas each get their own, even through the cache and the schema pool their sessions share.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { must, startEnv, type Env } from './kubeHelpers';

let env: Env;
before(async () => { env = await startEnv(); });
after(async () => { await env.stop(); });

const KEY = 'offloading.liqo.io/v1beta1/NamespaceOffloading';

type Schema = { properties?: { spec?: { properties?: Record<string, unknown> } } };

void test('two clusters with the same claimed Liqo version and different schemas keep their own', async () => {
  // The real kubectl changes one cluster's CRD, as its admin (or an attacker holding it) could.
  const patch = [{ op: 'add', path: '/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/planted', value: { type: 'string' } }];
  // Asynchronously: the simulator answers from this same process.
  await promisify(execFile)('kubectl', ['--kubeconfig', env.sim.kubeconfigPath, '--context', 'admin@k8s-gpu', 'patch', 'crd', 'namespaceoffloadings.offloading.liqo.io', '--type=json', '-p', JSON.stringify(patch)], { timeout: 20_000 });
  const manager = env.manager();
  const gpu = must(manager.get('admin@k8s-gpu'), 'admin@k8s-gpu');
  await gpu.start();
  await gpu.schemasRead;
  const lab = must(manager.get('admin@k8s-lab'), 'admin@k8s-lab');
  await lab.start();
  await lab.schemasRead;
  assert.equal(gpu.liqoVersion, lab.liqoVersion, 'both claim the same Liqo version');
  const planted = (s: Record<string, object>) => Object.keys((s[KEY] as Schema | undefined)?.properties?.spec?.properties ?? {}).includes('planted');
  assert.ok(Object.keys(lab.crdSchemas).length > 0 && Object.keys(gpu.crdSchemas).length > 0, 'both served schemas were read');
  assert.equal(planted(gpu.crdSchemas), true, 'k8s-gpu serves its changed schema');
  assert.equal(planted(lab.crdSchemas), false, 'k8s-lab does not get k8s-gpu\'s schema');
  // The schemas both serve alike are held once (schemaPool.ts); the changed one is each cluster's own.
  const alike = Object.keys(lab.crdSchemas).filter((k) => k !== KEY);
  assert.ok(alike.length >= 10, `schemas both clusters serve: ${alike.length}`);
  for (const k of alike) assert.equal(lab.crdSchemas[k], gpu.crdSchemas[k], `${k} is one object for both contexts`);
  assert.notEqual(lab.crdSchemas[KEY], gpu.crdSchemas[KEY]);
});
