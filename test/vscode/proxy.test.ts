// The cluster tree in a real extension host, with a kubeconfig whose context reaches the simulator only through an
// HTTP CONNECT proxy (test/util/proxies.ts): the server's name, kube.proxy.test, resolves inside the proxy alone.
// The tree loads the context with its virtual node, and the proxy counted the tunnels it carried.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parse, stringify } from 'yaml';
import { ClusterAccess } from '../../client/src/clusterAccess';
import { Ctx } from '../../client/src/ctx';
import { ClusterTreeProvider } from '../../client/src/views/clusterTree';
import { contextValues, walk, type TreeNode } from '../../client/src/views/model';
import { startProxy, type TestProxy } from '../util/proxies';

const hidden = 'kube.proxy.test';

interface SimConfig {
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { name: string; user: Record<string, string> }[];
}

suite('cluster tree through a proxy', () => {
  const subscriptions: vscode.Disposable[] = [];
  let provider: ClusterTreeProvider;
  let proxy: TestProxy;
  let dir = '';
  const saved = process.env.KUBECONFIG;

  suiteSetup(async () => {
    assert.ok(saved, 'KUBECONFIG must point at the simulator');
    const sim = parse(fs.readFileSync(saved.split(path.delimiter)[0] ?? '', 'utf8')) as SimConfig;
    const lab = sim.clusters.find((c) => c.name === 'k8s-lab');
    const admin = sim.users.find((u) => u.name === 'admin@k8s-lab')?.user;
    assert.ok(lab && admin, 'the simulator\'s kubeconfig has k8s-lab');
    proxy = await startProxy('http', { resolve: { [hidden]: '127.0.0.1' } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liqo-proxy-host-'));
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, stringify({
      apiVersion: 'v1', kind: 'Config', 'current-context': 'proxied@k8s-lab',
      clusters: [{ name: 'proxied', cluster: {
        server: `https://${hidden}:${new URL(lab.cluster.server).port}`, 'certificate-authority-data': lab.cluster['certificate-authority-data'],
        'tls-server-name': 'localhost', 'proxy-url': proxy.url,
      } }],
      users: [{ name: 'admin', user: admin }],
      contexts: [{ name: 'proxied@k8s-lab', context: { cluster: 'proxied', user: 'admin' } }],
    }), { mode: 0o600 });
    // The provider's ClusterAccess reads KUBECONFIG when it starts (no liqo.kubeconfig setting in the demo workspace).
    process.env.KUBECONFIG = file;
    const context = { subscriptions, asAbsolutePath: (p: string) => p } as unknown as vscode.ExtensionContext;
    provider = new ClusterTreeProvider(new ClusterAccess(new Ctx(context)), vscode.Uri.file('/media'), 10);
    subscriptions.push(provider);
  });

  suiteTeardown(async () => {
    for (const d of subscriptions.splice(0).reverse()) d.dispose();
    process.env.KUBECONFIG = saved;
    await proxy?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the proxied context loads with its virtual node, and every tunnel went through the proxy', async () => {
    const roots = await new Promise<TreeNode[]>((resolve, reject) => {
      const done = (): boolean => {
        const r = provider.getChildren();
        const ctx = r.find((n) => n.label === 'proxied@k8s-lab');
        return Boolean(ctx?.contextValue === contextValues.contextReady && [...walk([ctx])].some((n) => n.contextValue === contextValues.virtualNode));
      };
      const sub = provider.onDidChangeTreeData(() => { if (done()) { clearTimeout(timer); sub.dispose(); resolve(provider.getChildren()); } });
      const timer = setTimeout(() => {
        sub.dispose();
        reject(new Error(`the proxied context did not load: ${provider.getChildren().map((r) => `${r.label} (${r.contextValue}: ${r.description ?? ''})`).join(', ')}; proxy tunnels: ${proxy.count()}`));
      }, 30_000);
      if (done()) { clearTimeout(timer); sub.dispose(); resolve(provider.getChildren()); }
    });
    assert.deepEqual(roots.map((r) => r.label), ['proxied@k8s-lab']);
    const tunnels = [...proxy.tunnels.entries()];
    assert.ok(tunnels.length === 1 && (tunnels[0]?.[0] ?? '').startsWith(`${hidden}:`), `tunnels by target: ${JSON.stringify(tunnels)}`);
    assert.ok(proxy.count() >= 10, `the proxy carried the lists and the watches (${proxy.count()} tunnels)`);
    assert.ok(proxy.open() >= 10, `the watches hold their tunnels open (${proxy.open()})`);
  });
});
