// The language features as the vscode API sees them: diagnostics of fixture documents, completion, quick fixes
// and hover, all served by the bundled language server through the extension's client.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extensionId, liqoCodes, waitForDiagnostics, workspaceFile } from './util';

async function open(name: string): Promise<vscode.TextDocument> {
  await vscode.extensions.getExtension(extensionId)?.activate();
  const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
  await vscode.window.showTextDocument(doc);
  return doc;
}

function positionOf(doc: vscode.TextDocument, text: string, offsetInText = 0): vscode.Position {
  const i = doc.getText().indexOf(text);
  assert.ok(i >= 0, `${text} not in ${doc.fileName}`);
  return doc.positionAt(i + offsetInText);
}

suite('manifests', () => {
  test('the ResourceSlice with mistakes gets LIQO121 and LIQO126 from source liqo', async () => {
    const doc = await open('gpu-resourceslice-mistakes.yaml');
    const ds = await waitForDiagnostics(doc.uri, (d) => liqoCodes(d).includes('LIQO121') && liqoCodes(d).includes('LIQO126'));
    const gpu = ds.find((d) => liqoCodes([d])[0] === 'LIQO126');
    assert.ok(gpu);
    assert.equal(gpu.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(doc.getText(gpu.range).replace(/"/g, ''), '0.5', 'LIQO126 underlines the fractional quantity');
  });

  test('the NamespaceOffloading with mistakes gets the name rule and the enum error', async () => {
    const doc = await open('namespace-offloading-mistakes.yaml');
    await waitForDiagnostics(doc.uri, (d) => liqoCodes(d).includes('LIQO101') && liqoCodes(d).includes('LIQO010'));
  });

  test('the GPU Deployment with mistakes gets the request/limit and whole-number rules', async () => {
    const doc = await open('web-nvidia-smi-deployment-mistakes.yaml');
    await waitForDiagnostics(doc.uri, (d) => liqoCodes(d).includes('LIQO201') && liqoCodes(d).includes('LIQO126'));
  });

  test('completion after podOffloadingStrategy: offers the three strategies', async () => {
    const doc = await open('namespace-offloading.yaml');
    const at = positionOf(doc, 'podOffloadingStrategy: ', 'podOffloadingStrategy: '.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, at);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const v of ['Local', 'Remote', 'LocalAndRemote']) assert.ok(labels.includes(v), `missing ${v} in ${labels.join(', ')}`);
  });

  test('a quick fix renames the NamespaceOffloading to offloading', async () => {
    const doc = await open('namespace-offloading-mistakes.yaml');
    const ds = await waitForDiagnostics(doc.uri, (d) => liqoCodes(d).includes('LIQO101'));
    const diag = ds.find((d) => liqoCodes([d])[0] === 'LIQO101');
    assert.ok(diag);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title.includes('offloading') && a.edit);
    assert.ok(fix?.edit, `no rename fix among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.getText(), /^ {2}name: offloading$/m);
    await waitForDiagnostics(doc.uri, (d) => !liqoCodes(d).includes('LIQO101'));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('hover on namespaceMappingStrategy lists its values', async () => {
    const doc = await open('namespace-offloading.yaml');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, 'namespaceMappingStrategy', 3));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /EnforceSameName/);
    assert.match(text, /SelectedName/);
  });

  test('a file whose first line is empty gets diagnostics, hover and completion (it once hung the server)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'liqo-blank-'));
    try {
      const file = path.join(dir, 'blank-first-line.yaml');
      writeFileSync(file, '\napiVersion: offloading.liqo.io/v1beta1\nkind: NamespaceOffloading\nmetadata:\n  name: liqo-demo\n  namespace: liqo-demo\nspec:\n  podOffloadingStrategy: \n  namespaceMappingStrategy: DefaultName\n');
      await vscode.extensions.getExtension(extensionId)?.activate();
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      await vscode.window.showTextDocument(doc);
      const ds = await waitForDiagnostics(doc.uri, (d) => liqoCodes(d).includes('LIQO101'));
      const name = ds.find((d) => liqoCodes([d])[0] === 'LIQO101');
      assert.equal(name?.range.start.line, 4, 'LIQO101 sits on the name, one line lower than without the empty line');
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, 'namespaceMappingStrategy', 3));
      assert.match(hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n'), /SelectedName/);
      const at = positionOf(doc, 'podOffloadingStrategy: ', 'podOffloadingStrategy: '.length);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, at);
      const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      assert.ok(labels.includes('Remote'), `missing Remote in ${labels.join(', ')}`);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
