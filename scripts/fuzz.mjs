// `npm run fuzz -- --n 10000 --seed 7`: builds the server, then feeds it seeded mutations of every fixture and
// prints what went wrong (see test/fuzz/run.ts). Exit 1 when a target is missed.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status;

if (run('node', ['esbuild.mjs']) !== 0) process.exit(2);
if (run('npx', ['tsc', '-b']) !== 0) process.exit(2);
process.exit(run('node', [path.join(root, 'out', 'test', 'fuzz', 'run.js'), ...process.argv.slice(2)]) ?? 1);
