// Lint rules, including the process boundaries from ARCHITECTURE.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

const transportFree = {
  paths: ['vscode', 'net', 'http', 'https', 'fs', 'fs/promises', 'child_process', 'node:net', 'node:http', 'node:https',
    'node:fs', 'node:fs/promises', 'node:child_process', 'tls', 'node:tls', 'dgram', 'node:dgram', '@kubernetes/client-node'],
  patterns: ['vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageserver-protocol*', 'vscode-languageclient*', 'vscode-jsonrpc*'],
};

const testImports = { group: ['**/test/**'], message: 'Product code never imports test code (the simulator included).' };
// The protocol file pulls in the LSP protocol package: the core and the Liqo domain stay free of it.
const protocolImport = { regex: '(^|/)protocol$', message: 'The language core and server/src/liqo know no protocol: pass plain data in.' };
// From the server, the client may use the protocol and the Liqo domain module, nothing else.
const serverInternals = {
  regex: '/server/src/(?!protocol$|liqo/)',
  message: 'The client imports from server/src only protocol.ts and liqo/ (the rest is the language server\'s own).',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', '.cache/**', '.sim/**', 'test/e2e/artifacts/**', '**/*.mjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', {
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }],
      }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
    },
  },
  {
    // No module may import itself back through others, type-only imports aside (they vanish at run time).
    files: ['client/src/**/*.ts', 'server/src/**/*.ts', 'schemas/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['server/src/core/**/*.ts', 'server/src/liqo/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: transportFree.paths.map((name) => ({ name, message: 'The language core has no transport, file system or network.' })),
        patterns: [{ group: transportFree.patterns, message: 'The language core has no transport.' }, protocolImport, testImports],
      }],
    },
  },
  {
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/core/**', 'server/src/liqo/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['net', 'http', 'https', 'tls', 'dgram', 'node:net', 'node:http', 'node:https', 'node:tls', 'node:dgram',
          '@kubernetes/client-node', 'vscode'].map((name) => ({ name, message: 'The language server never opens a network connection.' })),
        patterns: [testImports],
      }],
    },
  },
  {
    files: ['client/src/**/*.ts'],
    ignores: ['client/src/kube/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [testImports, serverInternals] }] },
  },
  {
    files: ['media/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^(?!\\./)', message: 'Webview scripts run in a browser page: they import only their neighbours in media/.' }],
      }],
      // Log lines come from pods anyone may run: they are set as text, never parsed as HTML.
      'no-restricted-properties': ['error',
        ...['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'write', 'writeln', 'createContextualFragment'].map((property) => ({ property, message: 'Set text with textContent; never parse HTML in the log viewer.' }))],
    },
  },
  {
    // liqo-facts runs in CI, with no editor.
    files: ['client/src/factsCli.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'liqo-facts runs without an editor.' }],
        patterns: [{ group: ['vscode-*', './views/*', './commands/*', './logs/*'], message: 'liqo-facts is editor-free.' }, testImports, serverInternals],
      }],
    },
  },
  {
    files: ['client/src/kube/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'client/src/kube must not import vscode, so tests and the CLI can use it.' }],
        patterns: [{ group: ['vscode-*', '../views/*', '../commands/*', '../logs/*'], message: 'client/src/kube is editor-free.' }, testImports, serverInternals],
      }],
    },
  },
);
