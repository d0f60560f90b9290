// The cluster tree's data provider in a real extension host, against the simulator that scripts/e2e.mjs (or
// npm run test:vscode) starts and points KUBECONFIG at. It builds its own provider from the client's classes,
// so it reads the items the view would show without going through the DOM.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ClusterAccess } from '../../client/src/clusterAccess';
import { Ctx } from '../../client/src/ctx';
import { ClusterTreeProvider } from '../../client/src/views/clusterTree';
import { contextValues, walk, type TreeNode } from '../../client/src/views/model';

/** Resolves with the roots once `ok` holds for them, re-checking on every tree change. */
function rootsWhen(provider: ClusterTreeProvider, ok: (roots: TreeNode[]) => boolean, timeoutMs = 30_000): Promise<TreeNode[]> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const roots = provider.getChildren();
      if (!ok(roots)) return;
      done();
      resolve(roots);
    };
    const sub = provider.onDidChangeTreeData(() => check());
    const timer = setTimeout(() => {
      done();
      reject(new Error(`tree did not settle: ${provider.getChildren().map((r) => `${r.label} (${r.contextValue})`).join(', ')}`));
    }, timeoutMs);
    const done = (): void => {
      clearTimeout(timer);
      sub.dispose();
    };
    check();
  });
}

suite('cluster tree', () => {
  const subscriptions: vscode.Disposable[] = [];
  let provider: ClusterTreeProvider;

  suiteSetup(() => {
    assert.ok(process.env.KUBECONFIG, 'KUBECONFIG must point at the simulator');
    const context = { subscriptions, asAbsolutePath: (p: string) => p } as unknown as vscode.ExtensionContext;
    const clusters = new ClusterAccess(new Ctx(context));
    provider = new ClusterTreeProvider(clusters, vscode.Uri.file('/media'), 10);
    subscriptions.push(provider);
  });

  suiteTeardown(() => {
    for (const d of subscriptions.splice(0).reverse()) d.dispose();
  });

  const ready = (roots: TreeNode[], name: string): TreeNode | undefined =>
    roots.find((r) => r.label === name && r.contextValue === contextValues.contextReady);

  test('lists the simulated contexts, connected', async () => {
    const roots = await rootsWhen(provider, (r) => Boolean(ready(r, 'admin@k8s-lab') && ready(r, 'admin@k8s-gpu')));
    const labels = roots.map((r) => r.label);
    assert.ok(labels.includes('admin@k8s-lab') && labels.includes('admin@k8s-gpu'), labels.join(', '));
  });

  test('k8s-lab has the virtual node k8s-gpu with 1 GPU', async () => {
    const roots = await rootsWhen(provider, (r) => {
      const lab = ready(r, 'admin@k8s-lab');
      return Boolean(lab && [...walk([lab])].some((n) => n.contextValue === contextValues.virtualNode));
    });
    const lab = ready(roots, 'admin@k8s-lab');
    assert.ok(lab);
    const vn = [...walk([lab])].find((n) => n.contextValue === contextValues.virtualNode && n.label === 'k8s-gpu');
    assert.ok(vn, 'no virtual node k8s-gpu under admin@k8s-lab');
    const item = provider.getTreeItem(vn);
    assert.equal(item.contextValue, contextValues.virtualNode);
    assert.match(String(item.description), /1 GPU/);
  });

  test('every item has a unique id', async () => {
    const roots = await rootsWhen(provider, (r) => Boolean(ready(r, 'admin@k8s-lab')));
    const ids = [...walk(roots)].map((n) => provider.getTreeItem(n).id);
    assert.equal(new Set(ids).size, ids.length);
  });
});
