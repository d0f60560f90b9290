// The built server over stdio with Helm values files: the liqo.helmValues.files setting, and a duplicate cluster ID
// reported in the other open values file too, and withdrawn when one closes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { valuesClusterIDsNotification } from '../../server/src/protocol';
import { startClient, type Client } from '../util/lspClient';

function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms); })])
    .finally(() => clearTimeout(timer));
}

const codes = (p: PublishDiagnosticsParams): string[] => p.diagnostics.map((d) => String(d.code));
const typo = 'ipam:\n  serviceCidr: 10.96.0.0/12\n';

async function withClient(configuration: Record<string, unknown> | undefined, run: (c: Client) => Promise<void>): Promise<void> {
  const c = await startClient(undefined, configuration ? { capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } } } : {},
    configuration ? { configuration: (item) => (item.section === 'liqo' ? configuration : null) } : {});
  try {
    await run(c);
  } finally {
    await c.stop();
  }
}

test('liqo.helmValues.files decides which files are Liqo values files', async () => {
  await withClient({ helmValues: { files: ['**/clusters/*.yaml'] } }, async (c) => {
    await c.open('file:///w/clusters/gpu.yaml', typo);
    await c.open('file:///w/liqo-values.yaml', typo);
    const ours = await within(10_000, 'diagnostics of clusters/gpu.yaml', c.diagnostics('file:///w/clusters/gpu.yaml'));
    assert.deepEqual(codes(ours), ['LIQO301']);
    const theirs = await within(10_000, 'diagnostics of liqo-values.yaml', c.diagnostics('file:///w/liqo-values.yaml'));
    assert.deepEqual(codes(theirs), [], 'the default globs no longer apply');
  });
});

test('a settings value that is not a list of globs leaves the default', async () => {
  await withClient({ helmValues: { files: 'oops' } }, async (c) => {
    await c.open('file:///w/liqo-values.yaml', typo);
    assert.deepEqual(codes(await within(10_000, 'diagnostics of liqo-values.yaml', c.diagnostics('file:///w/liqo-values.yaml'))), ['LIQO301']);
  });
});

test('the same cluster ID in two open values files: both are told, and the other is cleared when one closes', async () => {
  await withClient(undefined, async (c) => {
    const a = 'file:///w/a-liqo-values.yaml';
    const b = 'file:///w/b-liqo-values.yaml';
    const text = 'discovery:\n  config:\n    clusterID: k8s-gpu\n';
    await c.open(a, text);
    assert.deepEqual(codes(await within(10_000, 'first diagnostics of a', c.diagnostics(a))), []);
    await c.open(b, text);
    assert.deepEqual(codes(await within(10_000, 'LIQO308 on b', c.diagnostics(b, (p) => codes(p).includes('LIQO308')))), ['LIQO308']);
    await within(10_000, 'LIQO308 on a, the file opened first', c.diagnostics(a, (p) => codes(p).includes('LIQO308')));
    const seen = c.published.length;
    await c.close(b);
    await within(10_000, 'a cleared after b closed', new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (c.published.slice(seen).some((p) => p.uri === a && p.diagnostics.length === 0)) { clearInterval(poll); resolve(); }
      }, 20);
    }));
  });
});

test('a Helm template gets no syntax errors, and a misspelt key of its Liqo kind is found', async () => {
  await withClient(undefined, async (c) => {
    const uri = 'file:///w/chart/templates/offloading.yaml';
    await c.open(uri, 'apiVersion: offloading.liqo.io/v1beta1\nkind: NamespaceOffloading\nmetadata:\n  name: offloading\n  namespace: {{ .Release.Namespace }}\n  {{- include "labels" . | nindent 2 }}\nspec:\n  podOffloadingStrategi: Remote\n');
    assert.deepEqual(codes(await within(10_000, 'diagnostics of the template', c.diagnostics(uri))), ['LIQO012']);
  });
});

test('the cluster IDs of values files the client found in the workspace reach the open ones', async () => {
  await withClient(undefined, async (c) => {
    const uri = 'file:///w/gpu-liqo-values.yaml';
    await c.open(uri, 'discovery:\n  config:\n    clusterID: k8s-gpu\n');
    assert.deepEqual(codes(await within(10_000, 'first diagnostics', c.diagnostics(uri))), []);
    await c.connection.sendNotification(valuesClusterIDsNotification, [{ uri: 'file:///w/old/gpu-liqo-values.yaml', clusterID: 'k8s-gpu' }]);
    await within(10_000, 'LIQO308 after the workspace\'s IDs came', c.diagnostics(uri, (p) => codes(p).includes('LIQO308')));
  });
});
