// A Liqo values file in the editor: a misspelt key is underlined with the chart's key as its quick fix, which
// applies; a values file of another chart stays quiet.
import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { extensionId, liqoCodes, waitForDiagnostics, workspaceFile } from './util';

suite('Helm values', () => {
  const written: vscode.Uri[] = [];
  suiteTeardown(() => {
    for (const u of written) rmSync(u.fsPath, { force: true });
  });

  async function openNew(name: string, text: string): Promise<vscode.TextDocument> {
    await vscode.extensions.getExtension(extensionId)?.activate();
    const uri = workspaceFile(name);
    writeFileSync(uri.fsPath, text);
    written.push(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    return doc;
  }

  test('serviceCidr in a Liqo values file gets LIQO301, and its quick fix writes serviceCIDR', async () => {
    const doc = await openNew('typo-liqo-values.yaml', 'discovery:\n  config:\n    clusterID: k8s-typo\nipam:\n  podCIDR: 10.244.0.0/16\n  serviceCidr: 10.96.0.0/12\n');
    const ds = await waitForDiagnostics(doc.uri, (d) => liqoCodes(d).includes('LIQO301'));
    const diag = ds.find((d) => liqoCodes([d])[0] === 'LIQO301');
    assert.ok(diag);
    assert.equal(diag.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(doc.getText(diag.range), 'serviceCidr');
    assert.match(diag.message, /did you mean "serviceCIDR"/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Change to serviceCIDR' && a.edit);
    assert.ok(fix?.edit, `no fix among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.getText(), /^ {2}serviceCIDR: 10\.96\.0\.0\/12$/m);
    await waitForDiagnostics(doc.uri, (d) => liqoCodes(d).length === 0);
  });

  test('a values file on disk with the same cluster ID makes LIQO308 on the open one, until it is deleted', async () => {
    const saved = workspaceFile('saved-twin-liqo-values.yaml');
    writeFileSync(saved.fsPath, 'discovery:\n  config:\n    clusterID: k8s-twin\n');
    written.push(saved);
    const doc = await openNew('open-twin-liqo-values.yaml', 'discovery:\n  config:\n    clusterID: k8s-twin\n');
    const ds = await waitForDiagnostics(doc.uri, (d) => liqoCodes(d).includes('LIQO308'));
    assert.match(ds.find((d) => liqoCodes([d])[0] === 'LIQO308')?.message ?? '', /saved-twin-liqo-values\.yaml/);
    rmSync(saved.fsPath);
    await waitForDiagnostics(doc.uri, (d) => !liqoCodes(d).includes('LIQO308'));
  });

  test('the same key in another chart\'s values file gets nothing', async () => {
    const doc = await openNew('values.yaml', 'ipam:\n  serviceCidr: 10.96.0.0/12\n');
    // A Liqo file opened after it has been checked: by then this one has been checked too (one server, in order).
    const probe = await openNew('probe-liqo-values.yaml', 'telemetry:\n  enable: false\n');
    await waitForDiagnostics(probe.uri, (d) => liqoCodes(d).includes('LIQO301'));
    assert.deepEqual(liqoCodes(vscode.languages.getDiagnostics(doc.uri)), []);
  });
});
