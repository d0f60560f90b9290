// Bundles the extension, the language server, the two CLIs and the log viewer's webview script into dist/.
// tsc -b does the type-checking; esbuild only transpiles and bundles.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // liqo-facts: the client's cluster access without vscode.
  { entryPoints: ['client/src/factsCli.ts'], outfile: 'dist/facts.js', banner: { js: '#!/usr/bin/env node' } },
  // The log viewer's script runs in a webview, a browser page without node.
  { entryPoints: ['media/logs/main.ts'], outfile: 'dist/webview/logs.js', platform: 'browser', format: 'iife', target: 'es2022' },
  // The GPU map's script, in its own webview.
  { entryPoints: ['media/gpuMap/main.ts'], outfile: 'dist/webview/gpuMap.js', platform: 'browser', format: 'iife', target: 'es2022' },
];

if (watch) {
  for (const b of builds) {
    const ctx = await esbuild.context({ ...common, ...b });
    await ctx.watch();
  }
} else {
  await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
}
