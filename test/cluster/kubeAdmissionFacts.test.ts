// What providers admit, read from live clusters: the facts built from the simulator carry each provider's Quotas,
// RuntimeClasses and webhook enforcement (kubectl sees the same objects), they follow a change of the provider's
// enforcement, the rules report from them, and the simulated provider denies what the rules warned about.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildFacts } from '../../client/src/kube/factsBuilder';
import type { SessionManager } from '../../client/src/kube/manager';
import type { FactsCluster } from '../../server/src/liqo/clusterFacts';
import { createLanguageService } from '../../server/src/core/service';
import { Kubectl, kubectlOrError } from '../sim/kubectl';
import { quotaName } from '../sim/peering';
import { docOf } from '../util/service';
import { startEnv, until, type Env } from './kubeHelpers';

const LAB = 'admin@k8s-lab';
const GPU = 'admin@k8s-gpu';

let env: Env;
let k: Kubectl;
let m: SessionManager;
before(async () => {
  env = await startEnv();
  k = new Kubectl(kubectlOrError(), env.sim.kubeconfigPath);
  m = env.manager();
  await m.startAll();
});
after(async () => { await env.stop(); });

const cluster = (context: string): FactsCluster | undefined => buildFacts(m.snapshots()).clusters.find((c) => c.context === context);

test('the facts carry the provider\'s Quota for its consumer, every cluster\'s RuntimeClasses and their webhooks\' enforcement', () => {
  const gpu = cluster(GPU);
  assert.deepEqual(gpu?.quotas, [{
    name: quotaName('k8s-gpu', 'k8s-lab'), namespace: 'liqo-tenant-k8s-lab', consumerClusterID: 'k8s-lab', resourceSlice: 'k8s-gpu',
    limitsEnforcement: 'None', resources: { cpu: '4', memory: '8Gi', pods: '110', 'ephemeral-storage': '20Gi', 'nvidia.com/gpu': '1' }, cordoned: false,
  }]);
  assert.deepEqual(gpu?.runtimeClasses, ['liqo', 'nvidia']);
  assert.equal(gpu?.resourceEnforcement, true);
  const lab = cluster(LAB);
  assert.deepEqual(lab?.quotas, []);
  assert.deepEqual(lab?.runtimeClasses, ['liqo']);
  // The read-only user sees the same.
  assert.deepEqual(cluster('viewer@k8s-gpu')?.quotas, gpu?.quotas);
});

test('kubectl lists the same Quotas and RuntimeClasses', async () => {
  const quotas = await k.ok(['get', 'quotas.offloading.liqo.io', '-A'], { context: GPU });
  assert.match(quotas, /^NAMESPACE\s+NAME\s+ENFORCEMENT\s+CORDONED\s+AGE$/m);
  assert.match(quotas, new RegExp(`^liqo-tenant-k8s-lab\\s+${quotaName('k8s-gpu', 'k8s-lab')}\\s+None\\s`, 'm'));
  const user = await k.ok(['get', 'qt', '-n', 'liqo-tenant-k8s-lab', '-o', 'jsonpath={.items[0].spec.user}/{.items[0].metadata.ownerReferences[0].kind}'], { context: GPU });
  assert.equal(user, `${quotaName('k8s-gpu', 'k8s-lab')}/ResourceSlice`);
  const classes = await k.ok(['get', 'runtimeclasses'], { context: GPU });
  assert.match(classes, /^NAME\s+HANDLER\s+AGE$/m);
  assert.match(classes, /^nvidia\s+nvidia\s/m);
  assert.equal((await k.ok(['get', 'runtimeclass', '-o', 'name'], { context: LAB })).trim(), 'runtimeclass.node.k8s.io/liqo');
});

const pod = (runtimeClass: string): string => `apiVersion: v1
kind: Pod
metadata:
  name: hard-up
  namespace: liqo-demo
spec:
${runtimeClass}  tolerations:
  - {key: virtual-node.liqo.io/not-allowed, operator: Exists, effect: NoExecute}
  containers:
  - name: app
    image: busybox
    resources:
      requests:
        cpu: 100m
`;

test('a provider switched to Hard enforcement reaches the facts, the rules name it, and its webhook denies the pod', async () => {
  await k.ok(['apply', '-f', '-'], { context: LAB, stdin: 'apiVersion: offloading.liqo.io/v1beta1\nkind: NamespaceOffloading\nmetadata:\n  name: offloading\n  namespace: liqo-demo\nspec:\n  podOffloadingStrategy: Remote\n' });
  await until(m, () => cluster(LAB)?.offloadings.some((o) => o.namespace === 'liqo-demo' && o.remoteClusterIDs?.includes('k8s-gpu')) === true, 'liqo-demo offloaded to k8s-gpu in the facts');
  // The chart's controllerManager.config.defaultLimitsEnforcement, as the provider's controller manager gets it.
  await k.ok(['patch', 'deployment', 'liqo-controller-manager', '-n', 'liqo', '--type=json',
    '-p', '[{"op":"replace","path":"/spec/template/spec/containers/0/args","value":["--default-limits-enforcement=Hard"]}]'], { context: GPU });
  await until(m, () => cluster(GPU)?.quotas?.[0]?.limitsEnforcement === 'Hard', 'the Quota enforcing Hard limits in the facts');

  const service = createLanguageService();
  service.setFacts(buildFacts(m.snapshots()));
  const found = ((await service.validate(docOf(pod('  runtimeClassName: nvidia\n')))) ?? []).map((d) => [String(d.code), d.message] as const);
  assert.deepEqual(found.map(([code]) => code).sort(), ['LIQO204', 'LIQO205', 'LIQO208']);
  for (const [code, message] of found) assert.match(message, code === 'LIQO208' ? /admin@k8s-lab has no RuntimeClass nvidia/ : /k8s-gpu \(admin@k8s-gpu\) enforces .* Hard limits/);

  // The consumer refuses the runtime class it lacks; without it, the provider denies the ShadowPod.
  const refused = await k.run(['apply', '-f', '-'], { context: LAB, stdin: pod('  runtimeClassName: nvidia\n') });
  assert.match(refused.stderr, /pod rejected: RuntimeClass "nvidia" not found/);
  await k.ok(['apply', '-f', '-'], { context: LAB, stdin: pod('') });
  await env.sim.settled();
  const events = await k.ok(['get', 'events', '-n', 'liqo-demo', '--field-selector', 'involvedObject.name=hard-up,reason=FailedReflection', '-o', 'jsonpath={.items[*].message}'], { context: LAB });
  assert.match(events, /shadowpod\.validate\.liqo\.io" denied the request: cpu limits and requests are not equal for container app/);
});

test('a provider cordoning the slice cordons its Quota, and the facts say so', async () => {
  await k.ok(['annotate', 'resourceslice', 'k8s-gpu', '-n', 'liqo-tenant-k8s-lab', 'liqo.io/cordon=true'], { context: GPU });
  await until(m, () => cluster(GPU)?.quotas?.[0]?.cordoned === true, 'the cordoned Quota in the facts');
  await k.ok(['annotate', 'resourceslice', 'k8s-gpu', '-n', 'liqo-tenant-k8s-lab', 'liqo.io/cordon=false', '--overwrite'], { context: GPU });
  await until(m, () => cluster(GPU)?.quotas?.[0]?.cordoned === false, 'the Quota no longer cordoned');
});
