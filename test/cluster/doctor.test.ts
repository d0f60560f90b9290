// The cluster doctor against the simulator: the talk's stories planted in the demo world are found (LIQO901, 902,
// 906), each check is found and cleared by changing the simulated world, a kind that cannot be listed silences only
// the checks that need it, and `liqo-facts --doctor` prints them as text or JSON with exit code 1 on an error.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runDoctor, type DoctorCode, type Finding } from '../../client/src/kube/doctor';
import { kinds, resourcePath } from '../../client/src/kube/kinds';
import type { SessionManager } from '../../client/src/kube/manager';
import type { Session } from '../../client/src/kube/session';
import { must, startEnv, until, type Env } from './kubeHelpers';

const root = path.resolve(__dirname, '..', '..', '..');
const factsJs = path.join(root, 'dist', 'facts.js');
const LAB = 'admin@k8s-lab';
const GPU = 'admin@k8s-gpu';
const merge = 'application/merge-patch+json';

let env: Env;
let m: SessionManager;
let lab: Session;
let gpu: Session;
before(async () => {
  assert.ok(fs.existsSync(factsJs), 'dist/facts.js is built (node esbuild.mjs)');
  env = await startEnv();
  await env.sim.settled();
  m = env.manager();
  await m.startAll();
  lab = must(m.get(LAB), LAB);
  gpu = must(m.get(GPU), GPU);
});
after(async () => { await env.stop(); });

const findings = (): Finding[] => runDoctor([lab.snapshot(), gpu.snapshot()]);
const codes = (context: string): DoctorCode[] => findings().filter((f) => f.context === context).map((f) => f.code);
const has = (context: string, code: DoctorCode): boolean => findings().some((f) => f.context === context && f.code === code);

/** Waits until the doctor over the two admin sessions does (or does not) report `code` in `context`. */
async function expectFinding(context: string, code: DoctorCode, present: boolean): Promise<Finding | undefined> {
  await until(m, () => has(context, code) === present, `${code} ${present ? 'to be found' : 'to clear'} in ${context}`, 15_000);
  return findings().find((f) => f.context === context && f.code === code);
}

interface Run { code: number | null; stdout: string; stderr: string }
function facts(args: string[], timeoutMs = 60_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [factsJs, '--kubeconfig', env.sim.kubeconfigPath, ...args], { cwd: root, env: { ...process.env, KUBECONFIG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => { child.kill(); reject(new Error(`liqo-facts ${args.join(' ')} did not end within ${timeoutMs} ms`)); }, timeoutMs);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

void test('the demo world plants the talk\'s stories: Cilium and Talos on k8s-lab, and overlapping pod CIDRs on both sides', () => {
  assert.deepEqual(codes(LAB), ['LIQO901', 'LIQO902', 'LIQO906']);
  assert.deepEqual(codes(GPU), ['LIQO906']);
  const cilium = must(findings().find((f) => f.code === 'LIQO901'), 'LIQO901');
  assert.equal(cilium.severity, 'error');
  assert.match(cilium.message, /kube-system\/cilium-config: enable-source-ip-verification: "true"/);
  assert.match(cilium.message, /Invalid source ip DROPPED/);
  assert.match(cilium.fix, /daemon\.enableSourceIPVerification=false/);
  assert.match(cilium.fix, /SourceIPVerification=Disabled/);
  const talos = must(findings().find((f) => f.code === 'LIQO902'), 'LIQO902');
  assert.equal(talos.severity, 'warning');
  assert.match(talos.message, /4 node\(s\) run Talos \(v1\.10\.6\).*virtual node\(s\) k8s-gpu/);
  assert.match(talos.fix, /--pre-pull-images=false --upgrade-kubelet=false/);
  const overlap = must(findings().find((f) => f.code === 'LIQO906' && f.context === LAB), 'LIQO906');
  assert.equal(overlap.severity, 'information');
  assert.match(overlap.message, /k8s-gpu's pod CIDR 10\.244\.0\.0\/16 overlaps this cluster's \(10\.244\.0\.0\/16\).*at 10\.71\.0\.0\/16/);
});

void test('liqo-facts --doctor --format json prints {context, code, severity, message, fix} and exits 1 on an error', async () => {
  const r = await facts(['--doctor', '--format', 'json', '--context', LAB, '--context', GPU]);
  assert.equal(r.code, 1, r.stderr);
  const list = JSON.parse(r.stdout) as Record<string, unknown>[];
  assert.ok(list.every((f) => Object.keys(f).join() === 'context,code,severity,message,fix'), r.stdout);
  assert.deepEqual(list.map((f) => `${String(f.context)} ${String(f.code)} ${String(f.severity)}`), [
    `${GPU} LIQO906 information`, `${LAB} LIQO901 error`, `${LAB} LIQO902 warning`, `${LAB} LIQO906 information`]);
  assert.ok(list.every((f) => typeof f.fix === 'string' && f.fix.length > 20));
  assert.ok(!r.stdout.includes('BEGIN') && !r.stdout.includes(new URL(env.sim.cluster('k8s-lab').url).port), 'no credentials or server address');
});

void test('liqo-facts --doctor as text, exit 0 without an error, and its usage errors', async () => {
  const text = await facts(['--doctor', '--context', GPU]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^admin@k8s-gpu: information LIQO906: /);
  assert.match(text.stdout, /\n {2}fix: Write network policies/);
  assert.match(text.stdout, /1 finding\(s\) in 1 context\(s\): 0 error\(s\), 0 warning\(s\), 1 information\n$/);
  const noDoctor = await facts(['--format', 'json']);
  assert.equal(noDoctor.code, 2);
  assert.match(noDoctor.stderr, /--format only goes with --doctor/);
  const bad = await facts(['--doctor', '--format', 'xml']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--format takes text or json, not "xml"/);
});

void test('LIQO901 clears when cilium-config turns source-IP verification off, and is found again when the key is removed (the default is on)', async () => {
  const cm = resourcePath(kinds.configMap, 'kube-system', 'cilium-config');
  await lab.http.request('PATCH', cm, { body: { data: { 'enable-source-ip-verification': 'false' } }, contentType: merge });
  await expectFinding(LAB, 'LIQO901', false);
  await lab.http.request('PATCH', cm, { body: { data: { 'enable-source-ip-verification': null } }, contentType: merge });
  const f = await expectFinding(LAB, 'LIQO901', true);
  assert.match(f?.message ?? '', /enable-source-ip-verification is not set, and the agent's default is on/);
  await lab.http.request('DELETE', cm);
  await expectFinding(LAB, 'LIQO901', false);
});

void test('LIQO902 clears when the nodes no longer run Talos', async () => {
  const nodes = ['k8s-lab-control-plane', 'k8s-lab-worker', 'k8s-lab-worker2', 'k8s-lab-worker3'];
  for (const n of nodes) {
    await lab.http.request('PATCH', resourcePath(kinds.node, undefined, n, 'status'), { body: { status: { nodeInfo: { osImage: 'Debian GNU/Linux 12 (bookworm)' } } }, contentType: merge });
  }
  await expectFinding(LAB, 'LIQO902', false);
  await lab.http.request('PATCH', resourcePath(kinds.node, undefined, 'k8s-lab-worker2', 'status'), { body: { status: { nodeInfo: { osImage: 'Talos (v1.9.5)' } } }, contentType: merge });
  const f = await expectFinding(LAB, 'LIQO902', true);
  assert.match(f?.message ?? '', /^1 node\(s\) run Talos \(v1\.9\.5\)/);
});

void test('LIQO903 is found when the peers run different Liqo versions, and clears when they match', async () => {
  const dep = resourcePath(kinds.deployment, 'liqo', 'liqo-controller-manager');
  const setImage = (tag: string) => gpu.http.request('PATCH', dep, { contentType: 'application/strategic-merge-patch+json',
    body: { spec: { template: { spec: { containers: [{ name: 'controller-manager', image: `ghcr.io/liqotech/liqo-controller-manager:${tag}` }] } } } } });
  await setImage('v1.1.0');
  await gpu.retry();
  const f = await expectFinding(LAB, 'LIQO903', true);
  assert.match(f?.message ?? '', /runs Liqo v1\.2\.0 and its peer k8s-gpu \(context admin@k8s-gpu\) runs v1\.1\.0/);
  assert.match(f?.fix ?? '', /on the older one, admin@k8s-gpu/);
  assert.ok(has(GPU, 'LIQO903'), 'the provider sees it too');
  await setImage('v1.2.0');
  await gpu.retry();
  await expectFinding(LAB, 'LIQO903', false);
  await expectFinding(GPU, 'LIQO903', false);
});

void test('LIQO904 names the unhealthy module and its condition\'s reason, and clears when it is healthy again', async () => {
  const fc = resourcePath(kinds.foreignCluster, undefined, 'k8s-gpu', 'status');
  const current = await lab.http.request<{ status: { modules: { networking: { conditions: Record<string, unknown>[] } } } }>('GET', resourcePath(kinds.foreignCluster, undefined, 'k8s-gpu'));
  const healthy = current.status.modules.networking.conditions;
  const broken = healthy.map((c) => (c.type === 'NetworkConnectionStatus' ? { ...c, status: 'Error', reason: 'ConnectionError', message: 'the gateway is not reachable' } : c));
  await lab.http.request('PATCH', fc, { body: { status: { modules: { networking: { conditions: broken } } } }, contentType: merge });
  const f = await expectFinding(LAB, 'LIQO904', true);
  assert.equal(f?.severity, 'error');
  assert.equal(f?.message, 'The networking module of the peering with k8s-gpu is unhealthy: NetworkConnectionStatus is Error (reason ConnectionError): the gateway is not reachable.');
  assert.match(f?.fix ?? '', /liqoctl info peer k8s-gpu/);
  await lab.http.request('PATCH', fc, { body: { status: { modules: { networking: { conditions: healthy } } } }, contentType: merge });
  await expectFinding(LAB, 'LIQO904', false);
});

void test('LIQO905: a provider that lends GPUs with none allocatable, found and cleared', async () => {
  const node = resourcePath(kinds.node, undefined, 'k8s-gpu-gpu-worker', 'status');
  await gpu.http.request('PATCH', node, { body: { status: { allocatable: { 'nvidia.com/gpu': '0' } } }, contentType: merge });
  const f = await expectFinding(GPU, 'LIQO905', true);
  assert.match(f?.message ?? '', /lends 1 GPU\(s\) to k8s-lab through ResourceSlices, but none of its nodes has a GPU allocatable/);
  assert.match(f?.fix ?? '', /device plugin or operator/);
  await gpu.http.request('PATCH', node, { body: { status: { allocatable: { 'nvidia.com/gpu': '1' } } }, contentType: merge });
  await expectFinding(GPU, 'LIQO905', false);
});

void test('LIQO905: an offloaded GPU pod asking the provider for a runtime class it lacks, found and cleared', async () => {
  const pod = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'cuda-job', namespace: 'default', labels: { 'liqo.io/shadowPod': 'true' }, annotations: { 'liqo.io/remote-runtime-class-name': 'nvidia-cdi' } },
    spec: { nodeName: 'k8s-gpu', containers: [{ name: 'cuda', image: 'nvcr.io/nvidia/cuda:12.4.1-base-ubuntu22.04', resources: { limits: { 'nvidia.com/gpu': '1' } } }],
      tolerations: [{ key: 'virtual-node.liqo.io/not-allowed', operator: 'Exists', effect: 'NoExecute' }] },
  };
  await lab.http.request('POST', resourcePath(kinds.pod, 'default'), { body: pod });
  const f = await expectFinding(LAB, 'LIQO905', true);
  assert.match(f?.message ?? '', /default\/cuda-job runs on the virtual node k8s-gpu with the runtime class "nvidia-cdi", which k8s-gpu \(context admin@k8s-gpu\) does not have \(it has liqo, nvidia\)/);
  const podPath = resourcePath(kinds.pod, 'default', 'cuda-job');
  await lab.http.request('PATCH', podPath, { body: { metadata: { annotations: { 'liqo.io/remote-runtime-class-name': 'nvidia' } } }, contentType: merge });
  await expectFinding(LAB, 'LIQO905', false);
  await lab.http.request('DELETE', podPath);
});

void test('LIQO906 clears when the peer\'s pod CIDR no longer overlaps and is not remapped', async () => {
  const conf = resourcePath(kinds.networkConfiguration, 'liqo-tenant-k8s-gpu', 'k8s-gpu');
  await lab.http.request('PATCH', conf, { body: { spec: { remote: { cidr: { pod: ['10.245.0.0/16'] } } } }, contentType: merge });
  // Not overlapping any more, but still remapped (the status is the IPAM's, and it has not changed yet).
  const remapped = (): boolean => /pod CIDR 10\.245\.0\.0\/16 is remapped, so Liqo shows k8s-gpu's pods here at 10\.71\.0\.0\/16/.test(
    findings().find((f) => f.context === LAB && f.code === 'LIQO906')?.message ?? '');
  await until(m, remapped, 'LIQO906 to say the CIDR is remapped without an overlap');
  await lab.http.request('PATCH', `${conf}/status`, { body: { status: { remote: { cidr: { pod: ['10.245.0.0/16'] } } } }, contentType: merge });
  await expectFinding(LAB, 'LIQO906', false);
});

void test('a kind that cannot be listed silences only the checks that need it', async (t) => {
  const sim = env.sim.cluster('k8s-lab');
  // Put a cilium-config back, then refuse its list: the session stays ready, says the kind is not listed yet, and the
  // doctor neither finds nor clears LIQO901 from an empty store; LIQO902's input still arrives.
  await lab.http.request('POST', resourcePath(kinds.configMap, 'kube-system'), { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cilium-config', namespace: 'kube-system' }, data: {} } });
  sim.faults.failNext(1000, 503, 1, '/api/v1/configmaps');
  const m2 = env.manager();
  t.after(() => { m2.dispose(); sim.faults.failNext(0, 503); });
  const s = must(m2.get(LAB), LAB);
  await s.start();
  assert.equal(s.state, 'ready');
  assert.match(s.error?.message ?? '', /ConfigMaps not listed yet/);
  const snap = s.snapshot();
  assert.equal(snap.cilium, undefined, 'an unlisted kind is unknown, not empty');
  const list = runDoctor([snap]);
  // (LIQO906 was cleared by the test before.)
  assert.deepEqual(list.map((f) => f.code), ['LIQO902']);
});
