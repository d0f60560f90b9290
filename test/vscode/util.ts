// Small helpers shared by the extension-host suites.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { checkSeverities } from '../util/severities';

export const extensionId = 'liqo-workbench.liqo-workbench';

export function manifestCommands(ext: vscode.Extension<unknown>): string[] {
  const pkg = ext.packageJSON as { contributes?: { commands?: { command: string }[] } };
  return (pkg.contributes?.commands ?? []).map((c) => c.command);
}

/** The codes of our own diagnostics (source `liqo`), e.g. `['LIQO121']`. */
export function liqoCodes(ds: readonly vscode.Diagnostic[]): string[] {
  return ds.filter((d) => d.source === 'liqo').map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code)));
}

/** A file of the demo workspace (the folder VS Code was opened on). */
export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return vscode.Uri.file(path.join(folder.uri.fsPath, name));
}

/** Resolves when `probe` returns a value, checking again on every diagnostics change; rejects after `timeoutMs`. */
export function waitForDiagnostics(uri: vscode.Uri, probe: (d: readonly vscode.Diagnostic[]) => boolean, timeoutMs = 30_000): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const d = vscode.languages.getDiagnostics(uri);
      if (!probe(d)) return false;
      done();
      // Each of our diagnostics has the severity README.md's table gives its code.
      const names = ['error', 'warning', 'information', 'hint'] as const;
      try { checkSeverities(d.filter((x) => x.source === 'liqo').map((x) => ({ code: x.code, severity: names[x.severity] })), path.basename(uri.fsPath)); } catch (e) { reject(e instanceof Error ? e : new Error(String(e))); return true; }
      resolve(d);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      done();
      reject(new Error(`diagnostics of ${path.basename(uri.fsPath)} did not settle within ${timeoutMs} ms: ${JSON.stringify(vscode.languages.getDiagnostics(uri).map((x) => [x.code, x.message]))}`));
    }, timeoutMs);
    const done = (): void => {
      clearTimeout(timer);
      sub.dispose();
    };
    check();
  });
}
