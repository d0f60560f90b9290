// What providers admit of offloaded pods (LIQO204-LIQO208): the fixture at its exact ranges and severities, the
// quick fixes applied, and the facts that make a provider count or not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { ClusterFacts, FactsCluster } from '../../server/src/liqo/clusterFacts';
import { createLanguageService } from '../../server/src/core/service';
import { describeAll, expectations, readFixture } from '../util/carets';
import { apply, docOf, uri } from '../util/service';
import { readmeSeverities } from '../util/severities';

const severities: Record<string, number> = { error: 1, warning: 2, information: 3, hint: 4 };
const ours = new Set(['LIQO204', 'LIQO205', 'LIQO206', 'LIQO207', 'LIQO208']);

function facts(): ClusterFacts {
  return JSON.parse(readFixture('admission.facts.json')) as ClusterFacts;
}

async function check(text: string, f: ClusterFacts = facts()): Promise<Diagnostic[]> {
  const service = createLanguageService();
  service.setFacts(f);
  return (await service.validate(docOf(text))) ?? [];
}

const where = (d: Diagnostic): string => `${String(d.code)}@${d.range.start.line + 1}:${d.range.start.character}-${d.range.end.character}`;

test('admission.yaml: each code at its carets, with the severity README.md gives it', async () => {
  const text = readFixture('admission.yaml');
  const diagnostics = await check(text);
  assert.deepEqual(diagnostics.map(where).sort(), describeAll(expectations(text)), diagnostics.map((d) => `${where(d)} ${d.message}`).join('\n'));
  // Severities as README.md's table gives them, not as the catalog under test does.
  const bySeverity = Object.fromEntries([...readmeSeverities()].map(([code, s]) => [code, severities[s]]));
  for (const d of diagnostics) assert.equal(d.severity, bySeverity[String(d.code)], `${where(d)} has the wrong severity`);
  assert.deepEqual([...new Set(diagnostics.map((d) => String(d.code)))].sort(), [...ours].sort(), 'every code of these rules is in the fixture');
  const edge = diagnostics.filter((d) => d.code === 'LIQO205').map((d) => d.message);
  assert.ok(edge.every((m) => m.includes('k8s-edge (admin@k8s-edge)') && m.includes('Hard')), edge.join('\n'));
});

async function fixed(text: string, code: string, title: string): Promise<string> {
  const service = createLanguageService();
  service.setFacts(facts());
  const target = ((await service.validate(docOf(text))) ?? []).find((d) => d.code === code);
  assert.ok(target, `no ${code}`);
  const action = service.codeActions(docOf(text), target.range, [target]).find((a) => a.title.startsWith(title));
  assert.ok(action?.edit?.changes, `no fix "${title}" for ${code}`);
  return apply(text, action.edit.changes[uri]);
}

const trainer = `apiVersion: v1
kind: Pod
metadata:
  name: trainer
  namespace: gpu-jobs
spec:
  runtimeClassName: nvidia
  containers:
  - name: train
    image: nvcr.io/nvidia/pytorch
    resources:
      requests: {cpu: "2", memory: 8Gi}
`;

test('a runtime class only the provider has moves to the remote-runtime-class annotation', async () => {
  const text = await fixed(trainer, 'LIQO208', 'Move nvidia to the annotation');
  assert.equal(text, trainer.replace('  namespace: gpu-jobs\n', '  namespace: gpu-jobs\n  annotations:\n    liqo.io/remote-runtime-class-name: nvidia\n')
    .replace('  runtimeClassName: nvidia\n', ''));
  assert.deepEqual((await check(text)).map(where), []);
  // The annotation already there decides the provider's class: the fix only drops runtimeClassName.
  const annotated = trainer.replace('  namespace: gpu-jobs\n', '  namespace: gpu-jobs\n  annotations: {liqo.io/remote-runtime-class-name: nvidia}\n');
  assert.equal(await fixed(annotated, 'LIQO208', 'Remove runtimeClassName'), annotated.replace('  runtimeClassName: nvidia\n', ''));
});

const hard = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: edge
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx
        resources:
          requests:
            cpu: 250m
            memory: 128Mi
          limits:
            cpu: 500m
`;

test('under Hard enforcement, the fixes make requests and limits equal', async () => {
  const found = (await check(hard)).map(where).sort();
  assert.deepEqual(found, ['LIQO205@19:20-25', 'LIQO205@21:17-21']);
  let text = await fixed(hard, 'LIQO205', 'Set requests.cpu to the limit');
  assert.match(text, / {12}cpu: 500m\n {12}memory: 128Mi\n/);
  text = await fixed(text, 'LIQO205', 'Add limits.memory equal to the request');
  assert.match(text, /limits:\n {12}cpu: 500m\n {12}memory: 128Mi\n$/);
  assert.deepEqual((await check(text)).map(where), []);
  const other = await fixed(hard, 'LIQO205', 'Set limits.cpu to the request');
  assert.match(other, /limits:\n {12}cpu: 250m\n$/);
});

test('facts without Quotas or RuntimeClasses (older clients, refused lists) add none of these findings', async () => {
  const bare = facts();
  for (const c of bare.clusters) {
    delete c.quotas;
    delete c.runtimeClasses;
  }
  const codes = (await check(readFixture('admission.yaml'), bare)).map((d) => String(d.code));
  assert.deepEqual(codes.filter((c) => ours.has(c)), []);
});

test('a second context of the same clusters repeats no finding; unreachable providers add none', async () => {
  const text = readFixture('admission.yaml');
  const once = (await check(text)).map(where).sort();
  const f = facts();
  const viewers = f.clusters.map((c): FactsCluster => ({ ...c, context: c.context.replace('admin@', 'viewer@') }));
  assert.deepEqual((await check(text, { ...f, clusters: [...f.clusters, ...viewers] })).map(where).sort(), once);
  const down = facts();
  for (const c of down.clusters) if (c.clusterID !== 'k8s-lab') c.reachable = false;
  assert.deepEqual([...new Set((await check(text, down)).map((d) => String(d.code)))], ['LIQO208']);
});

test('the Quota of the slice whose virtual node can take the pod is the one that counts', async () => {
  const f = facts();
  const lab = f.clusters.find((c) => c.clusterID === 'k8s-lab');
  const gpu = f.clusters.find((c) => c.clusterID === 'k8s-gpu');
  assert.ok(lab && gpu?.quotas?.[0]);
  // k8s-gpu's first slice gives no GPU; a second slice, gpu-pool, gives two, and only its virtual node can take the pod.
  const plain = lab.virtualNodes.find((n) => n.name === 'k8s-gpu');
  assert.ok(plain);
  delete plain.capacity['nvidia.com/gpu'];
  lab.virtualNodes.push({ ...plain, name: 'gpu-pool', capacity: { ...plain.capacity, 'nvidia.com/gpu': '2' } });
  const pod = trainer.replace('  runtimeClassName: nvidia\n', '').replace('requests: {cpu: "2", memory: 8Gi}', 'requests: {cpu: "2", memory: 8Gi}\n      limits: {nvidia.com/gpu: 1}');
  assert.deepEqual((await check(pod, f)).map(where), ['LIQO206@12:31-32'], 'without a Quota of its own slice, the consumer\'s only Quota counts');
  gpu.quotas.push({ ...gpu.quotas[0], name: 'gpu-pool-f9f4d78142fd', resourceSlice: 'gpu-pool', resources: { ...gpu.quotas[0].resources, 'nvidia.com/gpu': '2' } });
  assert.deepEqual((await check(pod, f)).map(where), []);
});

test('a Quota without limitsEnforcement is checked as Soft; None asks for no requests', async () => {
  const pod = trainer.replace('  runtimeClassName: nvidia\n', '').replace('requests: {cpu: "2", memory: 8Gi}', 'requests: {cpu: "2"}');
  const f = facts();
  const quota = f.clusters.find((c) => c.clusterID === 'k8s-gpu')?.quotas?.[0];
  assert.ok(quota);
  quota.limitsEnforcement = '';
  const unset = await check(pod, f);
  assert.deepEqual(unset.map(where), ['LIQO204@8:10-15']);
  assert.match(unset[0]?.message ?? '', /no limitsEnforcement set, which its webhook checks as Soft/);
  quota.limitsEnforcement = 'None';
  assert.deepEqual((await check(pod, f)).map(where), []);
});
