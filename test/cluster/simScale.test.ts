// Scale mode and the `npm run sim` command: more providers peered with k8s-lab, a bench workload per cluster,
// one `ready <kubeconfig>` line, and a clean stop on SIGTERM.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { findKubectl, Kubectl, Output } from '../sim/kubectl.js';
import { startSim } from '../sim/index.js';

const root = path.resolve(__dirname, '..', '..', '..');

describe('simulator scale mode and command', () => {
  it('adds providers with virtual nodes, peerings and pods per cluster', async () => {
    const sim = await startSim({ kubeconfigPath: path.join(mkdtempSync(path.join(tmpdir(), 'sim-scale-')), 'kubeconfig'), clusters: 6, podsPerCluster: 10 });
    try {
      assert.equal(sim.clusterNames.length, 6);
      assert.throws(() => sim.cluster('nope'), /no simulated cluster named nope/);
      const kc = new KubeConfig();
      kc.loadFromFile(sim.kubeconfigPath);
      // admin@ and viewer@ of each cluster, and the consumer's restricted@.
      assert.equal(kc.getContexts().length, 13);
      kc.setCurrentContext('admin@k8s-lab');
      const lab = kc.makeApiClient(CoreV1Api);
      const virtual = await lab.listNode({ labelSelector: 'liqo.io/type=virtual-node' });
      assert.deepEqual(virtual.items.map((n) => n.metadata?.name).sort(), sim.clusterNames.slice(1).sort());
      for (const name of sim.clusterNames) {
        kc.setCurrentContext(`admin@${name}`);
        const pods = await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: 'bench', fieldSelector: 'status.phase=Running' });
        assert.equal(pods.items.length, 10, `bench pods on ${name}`);
        if (name !== 'k8s-lab') {
          const fc = sim.cluster(name).get('core.liqo.io/v1beta1', 'ForeignCluster', 'k8s-lab') as { status: { role: string } } | undefined;
          assert.equal(fc?.status.role, 'Consumer');
        }
      }
    } finally {
      await sim.stop();
    }
  });

  it('`npm run sim` prints one ready line, serves kubectl, and stops on SIGTERM', async () => {
    const kubectl = findKubectl();
    const kubeconfig = path.join(mkdtempSync(path.join(tmpdir(), 'sim-cli-')), 'kubeconfig');
    const child = spawn(process.execPath, [path.join(root, 'scripts', 'sim.mjs'), '--kubeconfig', kubeconfig, '--clusters', '3'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = new Output(child);
    try {
      await out.until((o) => o.includes('\n'), 60_000);
      assert.equal(out.stdout, `ready ${kubeconfig}\n`);
      const k = new Kubectl(kubectl, kubeconfig);
      const nodes = await k.ok(['get', 'nodes', '-o', 'name'], { context: 'admin@k8s-prov-03' });
      assert.match(nodes, /node\/k8s-prov-03-worker/);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await out.exit(), 0);
    assert.equal(out.stdout, `ready ${kubeconfig}\n`);
  });
});
