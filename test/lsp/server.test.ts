// The built language server over stdio, driven by a real LSP client.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CancellationTokenSource, CodeActionRequest, CompletionRequest, DocumentSymbolRequest, HoverRequest, LSPErrorCodes,
  type CompletionList, type Diagnostic, type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import type { ClusterFacts } from '../../server/src/liqo/clusterFacts';
import { clusterFactsNotification, serverStatusRequest } from '../../server/src/protocol';
import { startClient, type Client } from '../util/lspClient';

let client: Client;
before(async () => { client = await startClient(); });
after(async () => { await client.stop(); });

const nso = (strategy: string) => `apiVersion: offloading.liqo.io/v1beta1
kind: NamespaceOffloading
metadata:
  name: offloading
  namespace: liqo-demo
spec:
  namespaceMappingStrategy: DefaultName
  podOffloadingStrategy: ${strategy}
`;

test('open and change publish diagnostics with the document version', async () => {
  const uri = 'file:///ws/nso.yaml';
  await client.open(uri, nso('Remot'), 1);
  const first = await client.diagnostics(uri, (p) => p.version === 1);
  assert.deepEqual(first.diagnostics.map((d) => d.code), ['LIQO010']);
  assert.equal(first.diagnostics[0].source, 'liqo');
  assert.deepEqual(first.diagnostics[0].range, { start: { line: 7, character: 25 }, end: { line: 7, character: 30 } });
  await client.change(uri, 2, nso('Remote'));
  const second = await client.diagnostics(uri, (p) => p.version === 2);
  assert.deepEqual(second.diagnostics, []);
});

test('a burst of edits ends with the diagnostics of the last version, in order', async () => {
  const uri = 'file:///ws/burst.yaml';
  const big = Array.from({ length: 400 }, (_, i) => nso('Remote').replace('liqo-demo', `ns-${i}`)).join('---\n');
  await client.open(uri, big, 1);
  for (let v = 2; v <= 6; v++) await client.change(uri, v, v === 6 ? big.replace('Remote\n', 'Remot\n') : big);
  const last = await client.diagnostics(uri, (p) => p.version === 6);
  assert.equal(last.diagnostics.length, 1);
  const versions = client.published.filter((p) => p.uri === uri).map((p) => p.version ?? 0);
  assert.deepEqual(versions, [...versions].sort((a, b) => a - b), `published out of order: ${versions.join(',')}`);
});

test('completion offers the pod offloading strategies', async () => {
  const uri = 'file:///ws/complete.yaml';
  const text = nso('').replace('podOffloadingStrategy: \n', 'podOffloadingStrategy: ');
  await client.open(uri, text);
  const result = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 7, character: 25 } }) as CompletionList;
  assert.deepEqual(result.items.map((i) => i.label), ['Local', 'Remote', 'LocalAndRemote']);
});

test('hover explains namespaceMappingStrategy', async () => {
  const uri = 'file:///ws/hover.yaml';
  await client.open(uri, nso('Remote'));
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 6, character: 5 } });
  assert.match((hover?.contents as MarkupContent).value, /namespaceMappingStrategy[\s\S]*Allowed: `EnforceSameName`, `DefaultName`, `SelectedName`/);
});

test('code actions come from the published diagnostics', async () => {
  const uri = 'file:///ws/fix.yaml';
  await client.open(uri, nso('Remot').replace('name: offloading', 'name: offload'));
  const published = await client.diagnostics(uri);
  const typo = published.diagnostics.find((d) => d.code === 'LIQO010') as Diagnostic;
  const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: typo.range, context: { diagnostics: [typo] } });
  assert.ok(actions && actions.length > 0, 'the typo has code actions');
  const action = actions.find((a) => 'title' in a && a.title === 'Change to Remote');
  assert.ok(action && 'edit' in action);
  assert.deepEqual(action.edit?.changes?.[uri], [{ range: typo.range, newText: 'Remote' }]);
});

test('outline', async () => {
  const uri = 'file:///ws/outline.yaml';
  await client.open(uri, `${nso('Remote')}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: smi\n`);
  const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
  assert.deepEqual(symbols?.map((s) => s.name), ['NamespaceOffloading/offloading', 'Pod/smi']);
});

test('a cancelled request is answered as cancelled, and the server keeps serving', async () => {
  const uri = 'file:///ws/cancel.yaml';
  await client.open(uri, nso('Remote'));
  // The request and its cancellation go out in one write, so the server reads both before it handles either.
  // Sent through the connection, a 1 ms completion may be answered before the cancellation arrives, which LSP allows.
  const id = 'cancel-probe';
  const answer = rawResponse(client, id);
  writeTogether(client, [
    { jsonrpc: '2.0', id, method: CompletionRequest.method, params: { textDocument: { uri }, position: { line: 7, character: 25 } } },
    { jsonrpc: '2.0', method: '$/cancelRequest', params: { id } },
  ]);
  const outcome = await answer;
  assert.ok(outcome.error?.code === LSPErrorCodes.RequestCancelled || ('result' in outcome && outcome.result === null), JSON.stringify(outcome));

  // A cancellation that arrives after the answer is harmless too.
  const source = new CancellationTokenSource();
  const late = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 7, character: 25 } }, source.token);
  source.cancel();
  assert.deepEqual((late as CompletionList).items.map((i) => i.label), ['Local', 'Remote', 'LocalAndRemote']);
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 6, character: 5 } });
  assert.ok(hover);
});

function writeTogether(c: Client, messages: object[]): void {
  const framed = messages.map((m) => {
    const body = Buffer.from(JSON.stringify(m), 'utf8');
    return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
  });
  c.process.stdin?.write(Buffer.concat(framed));
}

/** Watches the server's raw output for the response to `id`, which the connection does not know about. */
function rawResponse(c: Client, id: string, timeoutMs = 30_000): Promise<{ result?: unknown; error?: { code: number } }> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => { c.process.stdout?.off('data', onData); reject(new Error(`the server sent no response to request ${id} within ${timeoutMs} ms`)); }, timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      for (const part of seen.split(/Content-Length: \d+\r\n\r\n/)) {
        if (!part.includes(`"id":"${id}"`)) continue;
        try {
          const message = JSON.parse(part) as { result?: unknown; error?: { code: number } };
          c.process.stdout?.off('data', onData);
          clearTimeout(timer);
          resolve(message);
          return;
        } catch {
          // Not all of it has arrived yet.
        }
      }
    };
    c.process.stdout?.on('data', onData);
  });
}

test('cluster facts reach the server and change what it says', async () => {
  const facts: ClusterFacts = {
    takenAt: Date.now(),
    clusters: [{ context: 'admin@k8s-lab', clusterID: 'k8s-lab', reachable: true, foreignClusters: [], namespaces: [], offloadings: [], crdSchemas: {},
      virtualNodes: [{ name: 'k8s-gpu', clusterID: 'k8s-gpu', labels: {}, taints: [], capacity: { 'nvidia.com/gpu': '1' }, ready: true }] }],
  };
  await client.connection.sendNotification(clusterFactsNotification, facts);
  const status = await client.connection.sendRequest(serverStatusRequest);
  assert.equal(status.factsClusters, 1);
  const uri = 'file:///ws/facts.yaml';
  await client.open(uri, nso('Remote'));
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 6, character: 5 } });
  assert.match((hover?.contents as MarkupContent).value, /`liqo-demo-k8s-lab`/);
});

test('hostile documents never take the server down', async () => {
  const uri = 'file:///ws/hostile.yaml';
  await client.open(uri, `apiVersion: offloading.liqo.io/v1beta1\nkind: NamespaceOffloading\nspec: ${'['.repeat(50000)}\n\u0000\u0001`);
  const published = await client.diagnostics(uri);
  assert.ok(published.diagnostics.length > 0);
  await client.close(uri);
  const cleared = await client.diagnostics(uri, (p) => p.diagnostics.length === 0);
  assert.deepEqual(cleared.diagnostics, []);
  assert.equal(client.process.exitCode, null);
});

test('the server writes nothing but protocol to stdout and no errors to stderr', () => {
  assert.equal(client.stderr(), '');
});
