// Save Cluster Facts: the snapshot the language server checks against, written to a JSON file for
// `liqo-lint --facts`, so CI can run the checks that compare manifests with live clusters.
import * as vscode from 'vscode';
import type { ClusterAccess } from '../clusterAccess';
import { buildFacts, factsJson } from '../kube/factsBuilder';
import { readySessions, requireTrust } from './picks';
import { inert } from '../inertText';

export const factsFileName = 'liqo-facts.json';

/**
 * Writes the facts to a file the user picks. `proposed` (a command argument, which a command link can forge) only
 * fills in the dialog: the user always chooses, and a file that exists is replaced only after a second yes.
 * `to` is for callers inside the extension host that chose the file themselves (the exported API). Returns
 * where they went.
 */
export async function saveFacts(clusters: ClusterAccess, proposed?: vscode.Uri, to?: vscode.Uri): Promise<vscode.Uri | undefined> {
  if (!requireTrust(clusters)) return undefined;
  await readySessions(clusters);
  const facts = buildFacts(clusters.snapshots());
  const reachable = facts.clusters.filter((c) => c.reachable);
  if (!reachable.length) {
    void vscode.window.showWarningMessage('Liqo: no cluster is reachable, so there are no facts to save.');
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri = to ?? await vscode.window.showSaveDialog({
    title: 'Liqo: Save Cluster Facts',
    defaultUri: proposed?.scheme === 'file' ? proposed : folder ? vscode.Uri.joinPath(folder, factsFileName) : undefined,
    filters: { JSON: ['json'] },
    saveLabel: 'Save Facts',
  });
  if (!uri) return undefined;
  if (!to && await exists(uri)) {
    const replace = await vscode.window.showWarningMessage(inert(`Replace ${vscode.workspace.asRelativePath(uri)}? It exists, and the cluster facts would overwrite it.`),
      { modal: true }, 'Replace');
    if (replace !== 'Replace') return undefined;
  }
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(factsJson(facts)));
  const skipped = facts.clusters.length - reachable.length;
  void vscode.window.showInformationMessage(
    `Liqo: saved the facts of ${reachable.length} cluster(s)${skipped ? ` (${skipped} unreachable)` : ''} to ${vscode.workspace.asRelativePath(uri)}. In CI: node dist/cli.js --facts ${vscode.workspace.asRelativePath(uri)} manifests/`);
  return uri;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
