// `npm run sim`: bundles the simulator (test/sim/main.ts) with esbuild, then runs it in this process.
// esbuild only transpiles, so the simulator starts on a fresh clone after `npm ci` without a tsc build.
import { createRequire } from 'node:module';
import path from 'node:path';
import * as esbuild from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const outfile = path.join(root, 'out', 'sim-cli', 'main.cjs');
await esbuild.build({
  entryPoints: [path.join(root, 'test', 'sim', 'main.ts')],
  outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external',
  sourcemap: true, logLevel: 'warning', absWorkingDir: root,
});
// The default kubeconfig is the repository's (git-ignored) .sim/kubeconfig; a given path is relative to where npm ran.
if (!process.argv.some((a) => a === '--kubeconfig' || a.startsWith('--kubeconfig='))) {
  process.argv.push('--kubeconfig', path.join(root, '.sim', 'kubeconfig'));
}
process.chdir(process.env.INIT_CWD ?? process.cwd());
createRequire(import.meta.url)(outfile);
