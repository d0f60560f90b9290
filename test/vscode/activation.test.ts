// The extension activates in a real extension host and registers every command its manifest contributes; its
// language server starts with a YAML document and stops when the extension deactivates.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extensionId, liqoCodes, manifestCommands, waitForDiagnostics, workspaceFile } from './util';

suite('activation', () => {
  test('the extension is present and activates', async () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext, `extension ${extensionId} is not loaded`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  test('every contributed command is registered', async () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext);
    await ext.activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifestCommands(ext).filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  test('every command the walkthrough links to exists', async () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext);
    await ext.activate();
    const pkg = ext.packageJSON as { contributes?: { walkthroughs?: { steps: { description: string }[] }[] } };
    const steps = (pkg.contributes?.walkthroughs ?? []).flatMap((w) => w.steps);
    assert.ok(steps.length >= 5, 'the walkthrough has its steps');
    const linked = steps.flatMap((s) => [...s.description.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1] ?? ''));
    const registered = new Set(await vscode.commands.getCommands());
    assert.deepEqual(linked.filter((id) => !registered.has(id)), []);
    assert.ok(linked.includes('liqo.offloadNamespace') && linked.includes('liqo.streamLogs'));
  });

  test('the language server checks a YAML document once one is open', async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
    const doc = await vscode.workspace.openTextDocument(workspaceFile('namespace-offloading-mistakes.yaml'));
    await waitForDiagnostics(doc.uri, (d) => liqoCodes(d).includes('LIQO101'));
  });

  // Last in this suite: it stops the server, then starts it again for the suites that follow.
  test('deactivate returns a promise that settles once the server has stopped; Restart Language Server brings it back', async function () {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext);
    await ext.activate();
    const main = require.resolve(path.join(ext.extensionPath, 'dist', 'extension.js'));
    // Only the module instance the host loaded holds the running client.
    const mod = require.cache[main]?.exports as { deactivate?: () => unknown } | undefined;
    if (!mod) this.skip();
    const doc = await vscode.workspace.openTextDocument(workspaceFile('namespace-offloading-mistakes.yaml'));
    await waitForDiagnostics(doc.uri, (d) => liqoCodes(d).includes('LIQO101'));
    assert.equal(typeof mod.deactivate, 'function');
    const stopped = mod.deactivate?.();
    assert.ok(stopped instanceof Promise, 'deactivate returns a promise');
    await stopped;
    // A stopped client takes its diagnostics with it.
    await waitForDiagnostics(doc.uri, (d) => liqoCodes(d).length === 0, 10_000);
    await vscode.commands.executeCommand('liqo.restartServer');
    await waitForDiagnostics(doc.uri, (d) => liqoCodes(d).includes('LIQO101'));
  });
});
