// The cluster simulator (test/sim, issue 3), started in this process so tests can inject faults.
// It is loaded by path at run time, so this harness compiles whatever state the simulator is in.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

export interface SimObject {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

export interface SimCluster {
  readonly name: string;
  readonly clusterID: string;
  readonly url: string;
  readonly faults: { dropLogStreams(): void } & Record<string, unknown>;
  get(apiVersion: string, kind: string, name: string, ns?: string): SimObject | undefined;
}

export interface Sim {
  readonly kubeconfigPath: string;
  readonly clusterNames: string[];
  cluster(name: string): SimCluster;
  stop(): Promise<void>;
}

interface SimModule {
  startSim(opts: { kubeconfigPath: string }): Promise<Sim>;
}

export async function startSimulator(): Promise<Sim> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'liqo-e2e-sim-'));
  // out/test/e2e/harness -> out/test/sim
  const modulePath = path.resolve(__dirname, '..', '..', 'sim', 'index.js');
  const mod = createRequire(__filename)(modulePath) as SimModule;
  const sim = await mod.startSim({ kubeconfigPath: path.join(dir, 'kubeconfig') });
  return {
    kubeconfigPath: sim.kubeconfigPath,
    clusterNames: sim.clusterNames,
    cluster: (name) => sim.cluster(name),
    async stop() {
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
