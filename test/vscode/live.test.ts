// Checks that compare a manifest with the live clusters, end to end: the extension's own cluster sessions send
// their facts to the language server, and an offloading made behind the editor's back changes the diagnostics.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { newKubeConfig } from '../../client/src/kube/kubeconfig';
import { kinds, resourcePath } from '../../client/src/kube/kinds';
import { SessionManager } from '../../client/src/kube/manager';
import { applyOffloading, buildNamespaceOffloading, unoffload } from '../../client/src/kube/offload';
import type { KubeHttp } from '../../client/src/kube/http';
import type { ClusterFacts } from '../../server/src/liqo/clusterFacts';
import type { LiqoApi } from '../../client/src/extension';
import { extensionId, liqoCodes, waitForDiagnostics } from './util';

const namespace = 'live-check';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: trainer
  namespace: ${namespace}
spec:
  selector:
    matchLabels: {app: trainer}
  template:
    metadata:
      labels: {app: trainer}
    spec:
      containers:
      - name: trainer
        image: pytorch
        resources:
          limits:
            nvidia.com/gpu: 2
`;

const slice = `apiVersion: authentication.liqo.io/v1beta1
kind: ResourceSlice
metadata:
  name: two-gpus
  namespace: liqo-tenant-k8s-gpu
  labels:
    liqo.io/replication: "true"
    liqo.io/remoteID: k8s-gpu
    liqo.io/remote-cluster-id: k8s-gpu
  annotations:
    liqo.io/create-virtual-node: "true"
spec:
  resources:
    nvidia.com/gpu: "2"
`;

suite('checks against the live clusters', () => {
  let manager: SessionManager | undefined;
  let http: KubeHttp | undefined;
  // Each manifest gets a file of its own: untitled documents reuse names, and a reused URI can meet the close
  // of its predecessor on the way to the server.
  const dir = mkdtempSync(path.join(tmpdir(), 'liqo-live-'));
  const openManifest = async (name: string, text: string): Promise<vscode.TextDocument> => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    return doc;
  };

  suiteSetup(async () => {
    assert.ok(process.env.KUBECONFIG, 'KUBECONFIG must point at the simulator');
    manager = new SessionManager({ timeoutMs: 10_000, allowExec: false });
    manager.load([process.env.KUBECONFIG]);
    http = manager.get('admin@k8s-lab')?.http;
    assert.ok(http, 'no admin@k8s-lab context');
    await http.request('POST', resourcePath(kinds.namespace), { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } } });
    await vscode.extensions.getExtension(extensionId)?.activate();
    // Cluster access starts when the Liqo view is first shown, as for a user.
    await vscode.commands.executeCommand('workbench.view.extension.liqo');
  });

  suiteTeardown(async () => {
    if (http) await http.request('DELETE', resourcePath(kinds.namespace, undefined, namespace)).catch(() => undefined);
    manager?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a Deployment asking for 2 GPUs gets LIQO203 once its namespace is offloaded with Remote, and loses it after unoffloading', async () => {
    const doc = await openManifest('trainer.yaml', deployment);
    assert.ok(http);
    await applyOffloading(http, buildNamespaceOffloading({ namespace, podOffloadingStrategy: 'Remote' }));
    // admin@ and viewer@k8s-lab reach the same cluster; whichever watch sees the offloading first speaks for it
    // until both have, then the first context by name (admin@). Wait for that, not for the first LIQO203.
    const ds = await waitForDiagnostics(doc.uri, (d) => d.some((x) => liqoCodes([x])[0] === 'LIQO203' && x.message.includes('admin@k8s-lab')));
    const d = ds.find((x) => liqoCodes([x])[0] === 'LIQO203');
    assert.equal(d?.range.start.line, 17);
    assert.match(d?.message ?? '', /admin@k8s-lab.*no virtual node has 2 nvidia\.com\/gpu \(k8s-gpu has 1\)/);
    await unoffload(http, namespace);
    await waitForDiagnostics(doc.uri, (x) => !liqoCodes(x).includes('LIQO203'));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('a ResourceSlice asking k8s-gpu for 2 GPUs gets LIQO128: its own nodes have 1', async () => {
    // The facts from admin@k8s-gpu bring the GPUs of its own nodes.
    const doc = await openManifest('two-gpus.yaml', slice);
    const ds = await waitForDiagnostics(doc.uri, (d) => liqoCodes(d).includes('LIQO128'));
    assert.deepEqual(liqoCodes(ds), ['LIQO128']);
    assert.match(ds[0]?.message ?? '', /Provider k8s-gpu \(admin@k8s-gpu\) has only 1 nvidia\.com\/gpu/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('Save Cluster Facts writes what liqo-lint --facts needs to find the same problem in CI, and no secret', async () => {
    const target = vscode.Uri.file(path.join(dir, 'liqo-facts.json'));
    // The command always asks where to save; the extension's API writes where its caller says.
    const api = await vscode.extensions.getExtension<LiqoApi>(extensionId)?.activate();
    const saved = await api?.saveFactsTo(target);
    assert.equal(saved?.fsPath, target.fsPath);
    const text = readFileSync(target.fsPath, 'utf8');
    // Nothing of the kubeconfig's addresses and credentials is in the file.
    const kc = newKubeConfig();
    kc.loadFromFile(process.env.KUBECONFIG ?? '');
    const secrets = [...kc.clusters.flatMap((c) => [c.server, c.caData]), ...kc.users.flatMap((u) => [u.token, u.certData, u.keyData])]
      .filter((x): x is string => typeof x === 'string' && x.length > 0);
    assert.ok(secrets.length >= 4);
    assert.deepEqual(secrets.filter((x) => text.includes(x)), [], 'the facts hold no address or credential');
    const facts = JSON.parse(text) as ClusterFacts;
    assert.deepEqual(facts.clusters.find((c) => c.context === 'admin@k8s-gpu')?.nodeResources, { 'nvidia.com/gpu': '1' });
    const manifest = path.join(dir, 'ci-slice.yaml');
    writeFileSync(manifest, slice);
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext);
    const lint = spawnSync(process.execPath, [path.join(ext.extensionPath, 'dist', 'cli.js'), '--format', 'json', '--facts', target.fsPath, manifest],
      { encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    assert.equal(lint.status, 0, lint.stderr);
    assert.deepEqual((JSON.parse(lint.stdout) as { code: string }[]).map((f) => f.code), ['LIQO128']);
  });
});
