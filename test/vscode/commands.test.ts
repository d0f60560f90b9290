// The tree's commands as the extension runs them on a tree item, against the simulator: Copy Cluster ID, Open as
// YAML, Show Offloading as YAML and Show Output; a setting changed at run time takes effect; and the Output
// channel holds no credential of the kubeconfig after all of it. (Cancel in the confirmations: test/e2e/cancel.test.ts.)
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { kinds, resourcePath } from '../../client/src/kube/kinds';
import type { KubeHttp } from '../../client/src/kube/http';
import { SessionManager } from '../../client/src/kube/manager';
import { applyOffloading, buildNamespaceOffloading, unoffload, waitForOffloading } from '../../client/src/kube/offload';
import type { LiqoApi } from '../../client/src/extension';
import { contextValues, type TreeNode } from '../../client/src/views/model';
import { extensionId, liqoCodes, waitForDiagnostics, workspaceFile } from './util';

const lab = 'admin@k8s-lab';
const namespace = 'cmd-check';

/** Polls until `probe` returns a value; fails naming what did not happen. */
async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

suite('tree commands on the simulator', () => {
  let manager: SessionManager;
  let http: KubeHttp;

  /**
   * An item of the extension's own Liqo view, as the view got it: commands act only on items the tree gave out (a
   * command link can pass any JSON), so a node built here from the test's own sessions would be ignored.
   */
  const node = (what: string, pick: (n: TreeNode) => boolean): Promise<TreeNode> => until(what, () => {
    const api = vscode.extensions.getExtension<LiqoApi>(extensionId)?.exports;
    const stack = [...api?.treeChildren() ?? []];
    for (let n = stack.pop(); n; n = stack.pop()) {
      if (pick(n)) return n;
      stack.push(...api?.treeChildren(n) ?? []);
    }
    return undefined;
  });

  suiteSetup(async () => {
    assert.ok(process.env.KUBECONFIG, 'KUBECONFIG must point at the simulator');
    manager = new SessionManager({ timeoutMs: 10_000, allowExec: false });
    manager.load([process.env.KUBECONFIG]);
    await manager.startAll();
    http = manager.get(lab)?.http as KubeHttp;
    assert.ok(http, `no ${lab} context`);
    await vscode.extensions.getExtension(extensionId)?.activate();
    await vscode.commands.executeCommand('workbench.view.extension.liqo');
  });

  suiteTeardown(async () => {
    await unoffload(http, namespace).catch(() => undefined);
    await http.request('DELETE', resourcePath(kinds.namespace, undefined, namespace)).catch(() => undefined);
    manager.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Copy Cluster ID copies a context\'s own ID, and a peering\'s provider ID', async () => {
    const ctx = await node('the ready admin@k8s-lab item', (n) => n.contextValue === contextValues.contextReady && n.ref.context === lab);
    await vscode.env.clipboard.writeText('');
    await vscode.commands.executeCommand('liqo.copyClusterId', ctx);
    assert.equal(await vscode.env.clipboard.readText(), 'k8s-lab');
    const peering = await node('the peering of admin@k8s-lab with k8s-gpu', (n) => n.contextValue === contextValues.peering && n.ref.context === lab);
    await vscode.commands.executeCommand('liqo.copyClusterId', peering);
    assert.equal(await vscode.env.clipboard.readText(), 'k8s-gpu');
  });

  test('Open as YAML shows the live object, read-only, in a liqo-yaml document', async () => {
    const vn = await node('the virtual node k8s-gpu', (n) => n.contextValue === contextValues.virtualNode && n.ref.context === lab);
    await vscode.commands.executeCommand('liqo.openYaml', vn);
    const editor = await until('the YAML of the virtual node to open', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.scheme === 'liqo-yaml' && /kind: Node/.test(e.document.getText()) ? e : undefined;
    });
    assert.match(editor.document.getText(), /^ {2}name: k8s-gpu$/m);
    assert.equal(editor.document.languageId, 'yaml');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('Show Offloading as YAML on an offloaded namespace shows its NamespaceOffloading', async () => {
    await http.request('POST', resourcePath(kinds.namespace), { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } } });
    await applyOffloading(http, buildNamespaceOffloading({ namespace, podOffloadingStrategy: 'LocalAndRemote' }));
    await waitForOffloading(http, namespace, { timeoutMs: 20_000 });
    const item = await node(`the offloaded namespace ${namespace}`, (n) => n.contextValue === contextValues.offloadedNamespace && n.ref.namespace === namespace);
    await vscode.commands.executeCommand('liqo.showOffloadingYaml', item);
    const editor = await until('the offloading YAML to open', () => {
      const e = vscode.window.activeTextEditor;
      return e && /kind: NamespaceOffloading/.test(e.document.getText()) ? e : undefined;
    });
    const text = editor.document.getText();
    assert.match(text, new RegExp(`namespace: ${namespace}`));
    assert.match(text, /podOffloadingStrategy: LocalAndRemote/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('turning liqo.validation.enable off at run time clears the diagnostics, and on brings them back', async () => {
    const uri = workspaceFile('gpu-resourceslice-mistakes.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await waitForDiagnostics(uri, (d) => liqoCodes(d).length > 0);
    const config = vscode.workspace.getConfiguration('liqo');
    try {
      await config.update('validation.enable', false, vscode.ConfigurationTarget.Global);
      await waitForDiagnostics(uri, (d) => liqoCodes(d).length === 0);
    } finally {
      await config.update('validation.enable', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitForDiagnostics(uri, (d) => liqoCodes(d).length > 0);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('after all of it, the Output channel holds no token, certificate or key of the kubeconfig', async () => {
    await vscode.commands.executeCommand('liqo.showOutput');
    const out = await until('the Liqo output channel to be readable', () =>
      vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'output' && /Liqo/.test(d.uri.toString()))?.getText() || undefined);
    const kubeconfig = readFileSync(must(process.env.KUBECONFIG), 'utf8');
    const secrets = [...kubeconfig.matchAll(/(?:token|client-certificate-data|client-key-data|certificate-authority-data):\s*(\S+)/g)].map((m) => must(m[1]));
    assert.ok(secrets.length >= 4, 'the kubeconfig has credentials to look for');
    assert.ok(out.length > 0, 'the channel has lines');
    assert.deepEqual(secrets.filter((s) => out.includes(s)).map((s) => `${s.slice(0, 6)}…`), [], 'no credential in the Output channel');
    assert.ok(!/Bearer |BEGIN [A-Z ]*PRIVATE KEY/.test(out), 'no Authorization header or key');
  });
});

function must<T>(v: T | undefined): T {
  if (v === undefined) throw new Error('missing value');
  return v;
}
