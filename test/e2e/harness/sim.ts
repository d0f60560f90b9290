// The cluster simulator (test/sim), started in the test process so tests can read its state and inject faults.
// Each call gets a kubeconfig in a folder of its own, removed on stop().
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSim, type Sim as SimHandle } from '../../sim/index';

export type Sim = SimHandle;

/** `hostile`: with the hostile cluster k8s-evil (test/sim/hostile.ts); `execPlugin`: with exec@<cluster> contexts that run it. */
export async function startSimulator(opts: { hostile?: boolean; execPlugin?: string } = {}): Promise<Sim> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'liqo-e2e-sim-'));
  let sim: Sim;
  try {
    sim = await startSim({ kubeconfigPath: path.join(dir, 'kubeconfig'), hostile: opts.hostile, execPlugin: opts.execPlugin });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    ...sim,
    cluster: (name) => sim.cluster(name),
    settled: () => sim.settled(),
    async stop() {
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
