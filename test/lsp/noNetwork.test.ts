// "The language server never opens a network connection": the built server runs a whole session under a
// preload (test/util/noNetworkGuard.ts) that fails any socket, DNS lookup, HTTP request, fetch or child process,
// and the guard itself is shown to fire on each kind of call.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  CodeActionRequest, CompletionRequest, DocumentSymbolRequest, HoverRequest, type CompletionList, type Diagnostic, type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { serverExecArgv } from '../../client/src/serverProcess';
import type { ClusterFacts } from '../../server/src/liqo/clusterFacts';
import { clusterFactsNotification, serverStatusRequest } from '../../server/src/protocol';
import { root, startClient } from '../util/lspClient';
import { guardExitCode, guardMark } from '../util/noNetworkMark';

const guard = path.join(root, 'out', 'test', 'util', 'noNetworkGuard.js');

/** Runs a snippet of CommonJS under the guard. */
function underGuard(code: string): { status: number | null; stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, ['--require', guard, '-e', code], { encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

void test('the guard fails a socket, a DNS lookup, a child process, an HTTP request and fetch, even when the error is swallowed', async () => {
  // A real listener: a connection that got through would be counted here.
  let connections = 0;
  const srv = net.createServer((s) => { connections++; s.destroy(); });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  try {
    const cases: [string, string][] = [
      [`require('node:net').connect(${port}, '127.0.0.1')`, 'net.connect'],
      [`new (require('node:net').Socket)().connect(${port}, '127.0.0.1')`, 'net.Socket.prototype.connect'],
      [`require('node:tls').connect(${port}, '127.0.0.1')`, 'tls.connect'],
      [`require('node:http').get('http://127.0.0.1:${port}/')`, 'http.get'],
      [`require('node:https').request('https://127.0.0.1:${port}/')`, 'https.request'],
      ["require('node:dns').lookup('localhost', () => {})", 'dns.lookup'],
      ["require('node:dns').promises.resolve4('localhost')", 'dns.promises.resolve4'],
      ["require('node:child_process').spawnSync('true')", 'child_process.spawnSync'],
      ["require('node:child_process').execFile('true')", 'child_process.execFile'],
      [`fetch('http://127.0.0.1:${port}/')`, 'globalThis.fetch'],
    ];
    for (const [call, name] of cases) {
      // The snippet swallows the guard's error, as careless code would.
      const r = underGuard(`try { ${call}; } catch {} console.log('went on');`);
      assert.ok(r.stderr.includes(`${guardMark} ${name}\n`), `the guard did not report ${name}: ${r.stderr.slice(0, 300)}`);
      assert.equal(r.status, guardExitCode, `the exit code tells of ${name}`);
      assert.match(r.stdout, /went on/);
    }
    // ESM importers get the guarded functions too.
    const esm = spawnSync(process.execPath, ['--require', guard, '--input-type=module', '-e', `import { connect } from 'node:net'; try { connect(${port}, '127.0.0.1'); } catch {}`], { encoding: 'utf8', timeout: 20_000 });
    assert.ok(esm.stderr.includes(`${guardMark} net.connect`), esm.stderr.slice(0, 300));
    assert.equal(connections, 0, 'no connection reached the listener');
    // And a process that does none of it runs as usual.
    const clean = underGuard("require('node:fs').readFileSync(__filename === '[eval]' ? process.execPath : __filename); console.log('ok')");
    assert.equal(clean.status, 0);
    assert.equal(clean.stderr, '');
  } finally {
    srv.close();
  }
});

const nso = (strategy: string): string => `apiVersion: offloading.liqo.io/v1beta1
kind: NamespaceOffloading
metadata:
  name: offloading
  namespace: liqo-demo
spec:
  namespaceMappingStrategy: DefaultName
  podOffloadingStrategy: ${strategy}
`;

void test('a whole session of the built server runs under the guard without one forbidden call', async () => {
  const client = await startClient(['node', '--require', guard, ...serverExecArgv, path.join(root, 'dist', 'server.js'), '--stdio'],
    { capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } } },
    { configuration: (item) => (item.section === 'liqo' ? { validation: { enable: true, debounceMs: 10 } } : null) });
  try {
    const uri = 'file:///ws/session.yaml';
    await client.open(uri, nso('Remot'), 1);
    const first = await client.diagnostics(uri, (p) => p.version === 1);
    assert.deepEqual(first.diagnostics.map((d) => d.code), ['LIQO010']);
    await client.change(uri, 2, nso('Remot').replace('name: offloading', 'name: offload'));
    const second = await client.diagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(second.diagnostics.map((d) => d.code).sort(), ['LIQO010', 'LIQO101']);
    const typo = second.diagnostics.find((d) => d.code === 'LIQO010') as Diagnostic;
    const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: typo.range, context: { diagnostics: [typo] } });
    assert.ok(actions?.some((a) => a.title === 'Change to Remote'), 'the enum fix is offered');
    const completion = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 7, character: 24 } }) as CompletionList | null;
    assert.ok((completion?.items ?? []).some((i) => i.label === 'Remote'), 'completion offers the strategies');
    const facts: ClusterFacts = {
      takenAt: Date.now(),
      clusters: [{ context: 'admin@k8s-lab', clusterID: 'k8s-lab', reachable: true, foreignClusters: [], namespaces: [], offloadings: [], crdSchemas: {},
        virtualNodes: [{ name: 'k8s-gpu', clusterID: 'k8s-gpu', labels: {}, taints: [], capacity: { 'nvidia.com/gpu': '1' }, ready: true }] }],
    };
    await client.connection.sendNotification(clusterFactsNotification, facts);
    const status = await client.connection.sendRequest(serverStatusRequest);
    assert.equal(status.factsClusters, 1);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 6, character: 5 } });
    assert.match((hover?.contents as MarkupContent).value, /`liqo-demo-k8s-lab`/);
    const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
    assert.deepEqual(symbols?.map((s) => s.name), ['NamespaceOffloading/offload']);
    await client.close(uri);
    await client.diagnostics(uri, (p) => p.diagnostics.length === 0);
  } finally {
    await client.stop();
  }
  assert.ok(!client.stderr().includes(guardMark), `the server made a forbidden call:\n${client.stderr()}`);
  assert.equal(client.stderr(), '');
  assert.notEqual(client.process.exitCode, guardExitCode);
});
