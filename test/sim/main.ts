// `npm run sim -- [--kubeconfig PATH] [--clusters N] [--pods-per-cluster M] [--remote-share F] [--log-interval-ms MS] [--hostile]`:
// starts the simulator, prints one line `ready <kubeconfig path>`, and stops cleanly on SIGINT/SIGTERM.
import { startSim, type SimOptions } from './index.js';

function parseArgs(argv: string[]): SimOptions {
  const opts: SimOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const int = (name: string): number => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
      return n;
    };
    switch (flag) {
      case '--kubeconfig': opts.kubeconfigPath = value(); break;
      case '--clusters': opts.clusters = int('--clusters'); break;
      case '--pods-per-cluster': opts.podsPerCluster = int('--pods-per-cluster'); break;
      case '--remote-share': {
        const f = Number(value());
        if (!(f >= 0 && f <= 1)) throw new Error('--remote-share must be a number from 0 to 1');
        opts.remoteShare = f;
        break;
      }
      case '--log-interval-ms': opts.logIntervalMs = int('--log-interval-ms'); break;
      case '--hostile': opts.hostile = true; break;
      case '--help': case '-h':
        process.stdout.write('usage: npm run sim -- [--kubeconfig PATH] [--clusters N] [--pods-per-cluster M] [--remote-share F] [--log-interval-ms MS] [--hostile]\n');
        process.exit(0);
        break;
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  return opts;
}

async function main(): Promise<void> {
  let opts: SimOptions;
  try { opts = parseArgs(process.argv.slice(2)); } catch (e) {
    process.stderr.write(`sim: ${(e as Error).message}\n`);
    process.exit(2);
  }
  const sim = await startSim({ ...opts, kubeconfigPath: opts.kubeconfigPath ?? '.sim/kubeconfig' });
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    void sim.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  process.stdout.write(`ready ${sim.kubeconfigPath}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`sim: failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
