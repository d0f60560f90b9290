// The extension activates in a real extension host and registers every command its manifest contributes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionId, manifestCommands } from './util';

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
});
