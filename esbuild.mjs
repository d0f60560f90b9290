// Bundles the extension, the language server, the two CLIs and the log viewer's webview script into dist/.
// tsc -b does the type-checking; esbuild only transpiles and bundles.
import { copyFileSync, mkdirSync } from 'node:fs';
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

// The values schema of Liqo's Helm chart stays a file beside the bundles, read when the first values file is
// opened (server/src/core/helm/valuesSchema.ts): bundled, its text would cost every server its memory.
mkdirSync('dist', { recursive: true });
copyFileSync('schemas/helm/liqo-values.schema.json', 'dist/liqo-values.schema.json');
const valuesSchemaBeside = {
  name: 'values-schema-beside',
  setup(build) {
    build.onResolve({ filter: /liqo-values\.schema\.json$/ }, () => ({ path: './liqo-values.schema.json', external: true }));
  },
};

const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', plugins: [valuesSchemaBeside] },
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [valuesSchemaBeside] },
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
