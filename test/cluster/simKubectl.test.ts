// The real kubectl judges the simulator: discovery, categories, explain, apply (client-side, server-side,
// dry-run), webhooks, offloading, logs, watch, authorization and finalizers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kubectl, kubectlOrError, Output } from '../sim/kubectl.js';
import { startSim, type Sim } from '../sim/index.js';
import { exitWithoutTeardown } from '../util/exitQuietly';

const LAB = 'admin@k8s-lab';
const GPU = 'admin@k8s-gpu';

const offloading = (ns: string, extra = ''): string => `apiVersion: offloading.liqo.io/v1beta1
kind: NamespaceOffloading
metadata:
  name: offloading
  namespace: ${ns}
spec:
  clusterSelector:
    nodeSelectorTerms: []
  namespaceMappingStrategy: DefaultName
  podOffloadingStrategy: LocalAndRemote
${extra}`;

describe('kubectl against the simulator', () => {
  let sim: Sim;
  let k: Kubectl;

  before(async () => {
    // Without kubectl every test fails with the install hint (a throwing hook would only cancel them).
    const bin = kubectlOrError();
    sim = await startSim({ kubeconfigPath: path.join(mkdtempSync(path.join(tmpdir(), 'sim-kubectl-')), 'kubeconfig'), logIntervalMs: 200 });
    k = new Kubectl(bin, sim.kubeconfigPath);
  });
  after(async () => { await sim?.stop(); exitWithoutTeardown(); });

  it('lists the virtual node by label, Liqo objects by category and by resource names', async () => {
    const nodes = await k.ok(['get', 'nodes', '-l', 'liqo.io/type=virtual-node', '-o', 'name'], { context: LAB });
    assert.equal(nodes.trim(), 'node/k8s-gpu');
    const all = await k.ok(['get', 'nodes', '--no-headers'], { context: LAB });
    assert.equal(all.trim().split('\n').length, 5, 'four nodes plus the virtual node');
    const liqo = await k.ok(['get', 'liqo', '-A'], { context: LAB });
    for (const want of ['foreigncluster.core.liqo.io/k8s-gpu', 'resourceslice.authentication.liqo.io/k8s-gpu', 'virtualnode.offloading.liqo.io/k8s-gpu', 'Provider']) {
      assert.match(liqo, new RegExp(want.replace(/\./g, '\\.')));
    }
    const two = await k.ok(['get', 'virtualnodes,resourceslices', '-A', '-o', 'name'], { context: LAB });
    assert.deepEqual(two.trim().split('\n').sort(), ['resourceslice.authentication.liqo.io/k8s-gpu', 'virtualnode.offloading.liqo.io/k8s-gpu']);
    const provider = await k.ok(['get', 'fc', '-o', 'jsonpath={.items[*].status.role}'], { context: GPU });
    assert.equal(provider, 'Consumer');
    const gpu = await k.ok(['get', 'node', 'k8s-gpu', '-o', 'jsonpath={.status.capacity.nvidia\\.com/gpu}'], { context: LAB });
    assert.equal(gpu, '1');
  });

  it('explains namespaceoffloading.spec from the served OpenAPI', async () => {
    const out = await k.ok(['explain', 'namespaceoffloading.spec'], { context: LAB });
    assert.match(out, /KIND:\s+NamespaceOffloading/);
    assert.match(out, /podOffloadingStrategy/);
    assert.match(out, /clusterSelector/);
  });

  it('refuses a NamespaceOffloading with the wrong name with the webhook message', async () => {
    const r = await k.run(['apply', '-f', '-'], { context: LAB, stdin: offloading('liqo-demo').replace('name: offloading', 'name: wrong') });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /admission webhook "nsoff\.validate\.liqo\.io" denied the request: NamespaceOffloading name must match offloading/);
    const selected = await k.run(['apply', '-f', '-'], { context: LAB, stdin: offloading('default').replace('DefaultName', 'SelectedName') });
    assert.match(selected.stderr, /RemoteNamespaceName value cannot be empty/);
  });

  it('keeps the GPU pod Pending with a FailedScheduling event until liqo-demo is offloaded', async () => {
    const phase = await k.ok(['get', 'pods', '-n', 'liqo-demo', '-l', 'app=web-nvidia-smi', '-o', 'jsonpath={.items[0].status.phase}'], { context: LAB });
    assert.equal(phase, 'Pending');
    const events = await k.ok(['get', 'events', '-n', 'liqo-demo', '--field-selector', 'reason=FailedScheduling', '-o', 'jsonpath={.items[*].message}'], { context: LAB });
    assert.match(events, /Insufficient nvidia\.com\/gpu/);
    // An unscheduled pod has no log: kube-apiserver answers 204 No Content, and kubectl prints nothing and succeeds.
    const name = await k.ok(['get', 'pods', '-n', 'liqo-demo', '-l', 'app=web-nvidia-smi', '-o', 'jsonpath={.items[0].metadata.name}'], { context: LAB });
    const logs = await k.run(['logs', '-n', 'liqo-demo', name, '-v=6'], { context: LAB });
    assert.equal(logs.code, 0, logs.stderr);
    assert.equal(logs.stdout, '');
    assert.match(logs.stderr, /GET https:\S+\/log\S* 204 No Content/);
  });

  it('offloads liqo-demo: twin namespace on the provider, pod on the virtual node, ShadowPod and remote pod', async () => {
    await k.ok(['apply', '-f', '-'], { context: LAB, stdin: offloading('liqo-demo') });
    await k.ok(['wait', '--for=jsonpath={.status.offloadingPhase}=Ready', 'namespaceoffloading/offloading', '-n', 'liqo-demo', '--timeout=20s'], { context: LAB });
    const twin = await k.ok(['get', 'ns', 'liqo-demo-k8s-lab', '-o', 'jsonpath={.metadata.labels.liqo\\.io/remote-cluster-id}'], { context: GPU });
    assert.equal(twin, 'k8s-lab');
    const label = await k.ok(['get', 'ns', 'liqo-demo', '-o', 'jsonpath={.metadata.labels.liqo\\.io/scheduling-enabled}'], { context: LAB });
    assert.equal(label, 'true');
    await k.ok(['wait', '--for=condition=Ready', 'pod', '-l', 'app=web-nvidia-smi', '-n', 'liqo-demo', '--timeout=20s'], { context: LAB });
    const node = await k.ok(['get', 'pods', '-n', 'liqo-demo', '-l', 'app=web-nvidia-smi', '-o', 'jsonpath={.items[0].spec.nodeName}'], { context: LAB });
    assert.equal(node, 'k8s-gpu');
    const remote = await k.ok(['get', 'pods,shadowpods', '-n', 'liqo-demo-k8s-lab', '-o', 'name'], { context: GPU });
    assert.match(remote, /^pod\/web-nvidia-smi-/m);
    assert.match(remote, /^shadowpod\.offloading\.liqo\.io\/web-nvidia-smi-/m);
    const remoteNode = await k.ok(['get', 'pods', '-n', 'liqo-demo-k8s-lab', '-o', 'jsonpath={.items[0].spec.nodeName}'], { context: GPU });
    assert.equal(remoteNode, 'k8s-gpu-gpu-worker');
  });

  it('follows the demo pod log through the consumer with increasing seq', async () => {
    const child = k.spawn(['logs', '-f', '-n', 'liqo-demo', 'deploy/web-nvidia-smi', '--tail=1'], LAB);
    try {
      const out = await new Output(child).until((o) => (o.match(/seq=\d+/g) ?? []).length >= 12);
      const seqs = (out.match(/seq=(\d+)/g) ?? []).map((s) => Number(s.slice(4)));
      for (let i = 1; i < seqs.length; i++) assert.equal(seqs[i], seqs[i - 1] + 1, `seq increases by one: ${seqs.join(',')}`);
      assert.match(out, /NVIDIA A100/);
      assert.match(out, /GPU-Util \d+%/);
    } finally { child.kill(); }
    // A dropped log stream ends kubectl logs -f.
    const again = new Output(k.spawn(['logs', '-f', '-n', 'liqo-demo', 'deploy/web-nvidia-smi', '--tail=1'], LAB));
    await again.until((o) => /seq=/.test(o));
    sim.cluster('k8s-lab').faults.dropLogStreams();
    await again.exit();
    const future = await k.ok(['logs', '-n', 'liqo-demo', 'deploy/web-nvidia-smi', `--since-time=${new Date(Date.now() + 60_000).toISOString()}`], { context: LAB });
    assert.equal(future, '');
    const prev = await k.ok(['logs', '-n', 'liqo-demo', 'deploy/web-nvidia-smi', '--previous'], { context: LAB });
    assert.match(prev, /seq=1 /);
    const limited = await k.ok(['logs', '-n', 'liqo-demo', 'deploy/web-nvidia-smi', '--limit-bytes=10'], { context: LAB });
    assert.equal(limited.length, 10);
    const stamped = await k.ok(['logs', '-n', 'liqo-demo', 'deploy/web-nvidia-smi', '--tail=2', '--timestamps'], { context: LAB });
    assert.match(stamped, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z seq=\d+/m);
    assert.equal(stamped.trim().split('\n').length, 2);
    // A consumer whose proxy cannot dial the virtual kubelet answers as k3s does: 500 InternalError with the dial error.
    sim.cluster('k8s-lab').faults.failLogProxy(true);
    try {
      const failed = await k.run(['logs', '-n', 'liqo-demo', 'deploy/web-nvidia-smi', '--tail=1'], { context: LAB });
      assert.notEqual(failed.code, 0);
      assert.match(failed.stderr, /Error from server \(InternalError\): .*proxy error from 127\.0\.0\.1:6443 while dialing .*, code 502/);
    } finally { sim.cluster('k8s-lab').faults.failLogProxy(false); }
  });

  it('server-side apply with field managers and conflicts, and server dry-run that creates nothing', async () => {
    const cm = (v: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\n  namespace: default\ndata:\n  key: ${v}\n`;
    assert.match(await k.ok(['apply', '--server-side', '-f', '-'], { context: LAB, stdin: cm('one') }), /serverside-applied/);
    const conflict = await k.run(['apply', '--server-side', '--field-manager=other', '-f', '-'], { context: LAB, stdin: cm('two') });
    assert.notEqual(conflict.code, 0);
    assert.match(conflict.stderr, /conflict/i);
    await k.ok(['apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', '-'], { context: LAB, stdin: cm('two') });
    assert.equal(await k.ok(['get', 'cm', 'ssa', '-n', 'default', '-o', 'jsonpath={.data.key}'], { context: LAB }), 'two');
    const dry = await k.ok(['apply', '--dry-run=server', '-f', '-'], { context: LAB, stdin: cm('dry').replace('name: ssa', 'name: dry') });
    assert.match(dry, /created \(server dry run\)/);
    const get = await k.run(['get', 'cm', 'dry', '-n', 'default'], { context: LAB });
    assert.match(get.stderr, /NotFound/);
  });

  it('get pods -w receives an event', async () => {
    const child = k.spawn(['get', 'pods', '-n', 'default', '-w', '--output-watch-events'], LAB);
    const output = new Output(child);
    try {
      // Whether kubectl lists before or after the create, the pod shows up as an ADDED event.
      await k.ok(['apply', '-f', '-'], { context: LAB, stdin: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: watched\n  namespace: default\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n' });
      const out = await output.until((o) => /ADDED\s+watched/.test(o));
      assert.match(out, /ADDED\s+watched/);
    } finally { child.kill(); }
  });

  it('viewer contexts read but get Forbidden on create', async () => {
    assert.match(await k.ok(['get', 'ns'], { context: 'viewer@k8s-lab' }), /liqo-demo/);
    const r = await k.run(['create', 'namespace', 'nope'], { context: 'viewer@k8s-lab' });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Forbidden.*User "viewer@k8s-lab" cannot create resource "namespaces"/);
    const r2 = await k.run(['apply', '-f', '-'], { context: 'viewer@k8s-gpu', stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: v\n  namespace: default\n' });
    assert.match(r2.stderr, /Forbidden/);
    const can = await k.run(['auth', 'can-i', 'create', 'namespaceoffloadings', '-n', 'liqo-demo'], { context: 'viewer@k8s-lab' });
    assert.equal(can.stdout.trim().split(' ')[0], 'no');
    assert.equal((await k.ok(['auth', 'can-i', 'list', 'pods', '-A'], { context: 'viewer@k8s-lab' })).trim(), 'yes');
    assert.equal((await k.ok(['auth', 'can-i', 'create', 'pods'], { context: LAB })).trim(), 'yes');
    assert.match(await k.ok(['auth', 'whoami'], { context: 'viewer@k8s-gpu' }), /viewer@k8s-gpu/);
  });

  it('delete waits for finalizers and completes once they are removed', async () => {
    await k.ok(['apply', '-f', '-'], { context: LAB, stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: held\n  namespace: default\n  finalizers: [example.com/hold]\n' });
    await k.ok(['delete', 'cm', 'held', '-n', 'default', '--wait=false'], { context: LAB });
    const ts = await k.ok(['get', 'cm', 'held', '-n', 'default', '-o', 'jsonpath={.metadata.deletionTimestamp}'], { context: LAB });
    assert.match(ts, /^\d{4}-/);
    const waiting = new Output(k.spawn(['delete', 'cm', 'held', '-n', 'default', '--timeout=20s', '-v=6'], LAB));
    // kubectl has sent its DELETE and watches for the object to go away.
    await waiting.until((_o, e) => /watch=true/.test(e));
    await k.ok(['patch', 'cm', 'held', '-n', 'default', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]'], { context: LAB });
    assert.equal(await waiting.exit(), 0);
    assert.match((await k.run(['get', 'cm', 'held', '-n', 'default'], { context: LAB })).stderr, /NotFound/);
  });

  it('unoffloading removes the twin namespace; a Local strategy keeps the GPU pod Pending', async () => {
    await k.ok(['delete', 'namespaceoffloading', 'offloading', '-n', 'liqo-demo', '--timeout=20s'], { context: LAB });
    await k.ok(['wait', '--for=delete', 'ns/liqo-demo-k8s-lab', '--timeout=20s'], { context: GPU });
    await k.ok(['apply', '-f', '-'], { context: LAB, stdin: offloading('liqo-demo').replace('LocalAndRemote', 'Local') });
    await k.ok(['wait', '--for=jsonpath={.status.offloadingPhase}=Ready', 'namespaceoffloading/offloading', '-n', 'liqo-demo', '--timeout=20s'], { context: LAB });
    await sim.settled();
    const phase = await k.ok(['get', 'pods', '-n', 'liqo-demo', '-l', 'app=web-nvidia-smi', '-o', 'jsonpath={.items[*].status.phase}'], { context: LAB });
    assert.equal(phase, 'Pending');
    // A pod that asks for the liqo RuntimeClass still goes to the virtual node.
    await k.ok(['apply', '-f', '-'], { context: LAB, stdin: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: explicit\n  namespace: liqo-demo\nspec:\n  runtimeClassName: liqo\n  containers:\n  - name: cuda\n    image: nvcr.io/nvidia/cuda:12.4.1-base-ubuntu22.04\n    resources:\n      limits: {nvidia.com/gpu: "1"}\n' });
    await k.ok(['wait', '--for=condition=Ready', 'pod/explicit', '-n', 'liqo-demo', '--timeout=20s'], { context: LAB });
    assert.equal(await k.ok(['get', 'pod', 'explicit', '-n', 'liqo-demo', '-o', 'jsonpath={.spec.nodeName}'], { context: LAB }), 'k8s-gpu');
    // Pods terminate gracefully (30 s): kubectl would wait for all of it.
    await k.ok(['delete', 'pod', 'explicit', '-n', 'liqo-demo', '--wait=false'], { context: LAB });
  });

  it('reports NoClusterSelected when the cluster selector matches no virtual node', async () => {
    // kubectl create sends protobuf bodies for built-in kinds.
    await k.ok(['create', 'namespace', 'nowhere'], { context: LAB });
    await k.ok(['create', 'configmap', 'settings', '-n', 'nowhere', '--from-literal=mode=gpu'], { context: LAB });
    assert.equal(await k.ok(['get', 'cm', 'settings', '-n', 'nowhere', '-o', 'jsonpath={.data.mode}'], { context: LAB }), 'gpu');
    await k.ok(['create', 'deployment', 'web', '-n', 'nowhere', '--image=nginx:1.27', '--replicas=2', '--port=8080'], { context: LAB });
    await k.ok(['rollout', 'status', 'deployment/web', '-n', 'nowhere', '--timeout=20s'], { context: LAB });
    assert.equal(await k.ok(['get', 'deployment', 'web', '-n', 'nowhere', '-o', 'jsonpath={.spec.template.spec.containers[0].ports[0].containerPort}/{.status.readyReplicas}'], { context: LAB }), '8080/2');
    const sel = offloading('nowhere').replace('nodeSelectorTerms: []', 'nodeSelectorTerms:\n    - matchExpressions:\n      - {key: liqo.io/provider, operator: In, values: [eks]}');
    await k.ok(['apply', '-f', '-'], { context: LAB, stdin: sel });
    await k.ok(['wait', '--for=jsonpath={.status.offloadingPhase}=NoClusterSelected', 'namespaceoffloading/offloading', '-n', 'nowhere', '--timeout=20s'], { context: LAB });
    // Custom resources take merge patches, not strategic ones, as on a real API server.
    const smp = await k.run(['patch', 'nsoff', 'offloading', '-n', 'nowhere', '-p', '{"spec":{"podOffloadingStrategy":"Remote"}}'], { context: LAB });
    assert.match(smp.stderr, /strategic-merge-patch\+json is not supported/);
    await k.ok(['patch', 'nsoff', 'offloading', '-n', 'nowhere', '--type=merge', '-p', '{"spec":{"podOffloadingStrategy":"Remote"}}'], { context: LAB });
    const imm = await k.run(['apply', '-f', '-'], { context: LAB, stdin: sel.replace('namespaceMappingStrategy: DefaultName', 'namespaceMappingStrategy: EnforceSameName') });
    assert.match(imm.stderr, /NamespaceMappingStrategy value cannot be modified/);
  });

  it('refuses a second local ResourceSlice with the same name', async () => {
    const rs = (ns: string): string => `apiVersion: authentication.liqo.io/v1beta1\nkind: ResourceSlice\nmetadata:\n  name: k8s-gpu\n  namespace: ${ns}\n  labels: {liqo.io/replication: "true", liqo.io/remoteID: k8s-gpu, liqo.io/remote-cluster-id: k8s-gpu}\nspec:\n  class: default\n  providerClusterID: k8s-gpu\n`;
    const r = await k.run(['apply', '-f', '-'], { context: LAB, stdin: rs('default') });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /resourceslice\.validate\.liqo\.io/);
  });

  it('accepts a new ResourceSlice on the provider and turns it into a virtual node with its capacity', async () => {
    const rs = `apiVersion: authentication.liqo.io/v1beta1
kind: ResourceSlice
metadata:
  name: gpu-pool
  namespace: liqo-tenant-k8s-gpu
  labels: {liqo.io/replication: "true", liqo.io/remoteID: k8s-gpu, liqo.io/remote-cluster-id: k8s-gpu}
  annotations: {liqo.io/create-virtual-node: "true"}
spec:
  class: default
  providerClusterID: k8s-gpu
  resources: {cpu: "2", nvidia.com/gpu: "2"}
`;
    await k.ok(['apply', '-f', '-'], { context: LAB, stdin: rs });
    await k.ok(['wait', '--for=jsonpath={.status.conditions[?(@.type=="Authentication")].status}=Accepted', 'resourceslice/gpu-pool', '-n', 'liqo-tenant-k8s-gpu', '--timeout=20s'], { context: LAB });
    await k.ok(['wait', '--for=condition=Ready', 'node/gpu-pool', '--timeout=20s'], { context: LAB });
    assert.equal(await k.ok(['get', 'node', 'gpu-pool', '-o', 'jsonpath={.status.allocatable.nvidia\\.com/gpu}'], { context: LAB }), '2');
    assert.match(await k.ok(['get', 'quotas', '-n', 'liqo-tenant-k8s-lab', '-o', 'name'], { context: GPU }), /quota\.offloading\.liqo\.io\/gpu-pool-/);
    await k.ok(['delete', 'resourceslice', 'gpu-pool', '-n', 'liqo-tenant-k8s-gpu'], { context: LAB });
    await k.ok(['wait', '--for=delete', 'node/gpu-pool', '--timeout=20s'], { context: LAB });
  });

  it('validates Liqo objects against their schema: defaults, 422 Invalid, and strict unknown fields', async () => {
    const bad = await k.run(['apply', '-f', '-'], { context: LAB, stdin: offloading('kube-public').replace('podOffloadingStrategy: LocalAndRemote', 'podOffloadingStrategy: Sometimes') });
    assert.match(bad.stderr, /is invalid: spec\.podOffloadingStrategy: Unsupported value: "Sometimes"/);
    const unknown = await k.run(['apply', '-f', '-'], { context: LAB, stdin: offloading('kube-public', '  colour: blue\n') });
    assert.match(unknown.stderr, /strict decoding error: unknown field "spec\.colour"/);
    await k.ok(['apply', '-f', '-'], { context: LAB, stdin: 'apiVersion: offloading.liqo.io/v1beta1\nkind: NamespaceOffloading\nmetadata:\n  name: offloading\n  namespace: kube-public\nspec: {}\n' });
    const spec = await k.ok(['get', 'nsoff', 'offloading', '-n', 'kube-public', '-o', 'jsonpath={.spec.namespaceMappingStrategy}/{.spec.podOffloadingStrategy}'], { context: LAB });
    assert.equal(spec, 'DefaultName/LocalAndRemote');
  });

  it('client-side apply and kubectl patch use strategic merge on built-in kinds', async () => {
    const deploy = (image: string, env: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: smp
  namespace: default
spec:
  replicas: 1
  selector: {matchLabels: {app: smp}}
  template:
    metadata: {labels: {app: smp}}
    spec:
      containers:
      - name: app
        image: ${image}
        env: [${env}]
      - name: sidecar
        image: busybox:1.36
`;
    await k.ok(['apply', '-f', '-'], { context: LAB, stdin: deploy('nginx:1.26', '{name: A, value: "1"}') });
    await k.ok(['apply', '-f', '-'], { context: LAB, stdin: deploy('nginx:1.27', '{name: A, value: "1"}, {name: B, value: "2"}') });
    await k.ok(['patch', 'deployment', 'smp', '-n', 'default', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox:1.37"}]}}}}'], { context: LAB });
    const out = await k.ok(['get', 'deployment', 'smp', '-n', 'default', '-o', 'jsonpath={range .spec.template.spec.containers[*]}{.name}={.image};{end}|{.spec.template.spec.containers[0].env[*].name}|{.metadata.generation}'], { context: LAB });
    assert.equal(out, 'app=nginx:1.27;sidecar=busybox:1.37;|A B|3');
    await k.ok(['rollout', 'status', 'deployment/smp', '-n', 'default', '--timeout=20s'], { context: LAB });
    const images = await k.ok(['get', 'pods', '-n', 'default', '-l', 'app=smp', '-o', 'jsonpath={.items[*].spec.containers[1].image}'], { context: LAB });
    assert.equal(images, 'busybox:1.37');
  });
});
