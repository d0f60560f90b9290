// Save Cluster Facts: the snapshot the language server checks against, written to a JSON file for
// `liqo-lint --facts`, so CI can run the checks that compare manifests with live clusters.
import * as vscode from 'vscode';
import type { ClusterAccess } from '../clusterAccess';
import { buildFacts, factsJson } from '../kube/factsBuilder';
import { readySessions, requireTrust } from './picks';

export const factsFileName = 'liqo-facts.json';

/** Writes the facts to `target`, or to a file the user picks. Returns where they went. */
export async function saveFacts(clusters: ClusterAccess, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  if (!requireTrust(clusters)) return undefined;
  await readySessions(clusters);
  const facts = buildFacts(clusters.snapshots());
  const reachable = facts.clusters.filter((c) => c.reachable);
  if (!reachable.length) {
    void vscode.window.showWarningMessage('Liqo: no cluster is reachable, so there are no facts to save.');
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri = target ?? await vscode.window.showSaveDialog({
    title: 'Liqo: Save Cluster Facts',
    defaultUri: folder ? vscode.Uri.joinPath(folder, factsFileName) : undefined,
    filters: { JSON: ['json'] },
    saveLabel: 'Save Facts',
  });
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(factsJson(facts)));
  const skipped = facts.clusters.length - reachable.length;
  void vscode.window.showInformationMessage(
    `Liqo: saved the facts of ${reachable.length} cluster(s)${skipped ? ` (${skipped} unreachable)` : ''} to ${vscode.workspace.asRelativePath(uri)}. In CI: node dist/cli.js --facts ${vscode.workspace.asRelativePath(uri)} manifests/`);
  return uri;
}
