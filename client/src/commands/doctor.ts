// Check Clusters: the doctor's day-2 checks over every context, now. The findings are in each context's Health folder
// (which follows the watches by itself); the command waits for the contexts, writes the report to the Liqo log and
// says what it found, with a button to the first Health folder that has something.
import * as vscode from 'vscode';
import type { ClusterAccess } from '../clusterAccess';
import { findingsText, runDoctor, type Finding } from '../kube/doctor';
import { inert } from '../inertText';
import { revealCommand } from '../views/clusterTree';
import { contextValues, type TreeNode } from '../views/model';
import { readySessions, requireTrust } from './picks';

export async function checkClusters(clusters: ClusterAccess, log: vscode.LogOutputChannel): Promise<Finding[] | undefined> {
  if (!requireTrust(clusters)) return undefined;
  const ready = await readySessions(clusters);
  if (!ready.length) {
    void vscode.window.showWarningMessage('Liqo: no cluster is reachable, so there is nothing to check.');
    return undefined;
  }
  const findings = runDoctor(clusters.snapshots(), clusters.sessions?.peerInfos());
  log.info(`Check Clusters:\n${findingsText(findings, ready.length)}`);
  clusters.refreshViews();
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  if (!findings.length) {
    void vscode.window.showInformationMessage(`Liqo: every day-2 check passes on ${ready.length} context(s).`);
    return findings;
  }
  const text = `Liqo: ${findings.length} finding(s) in ${new Set(findings.map((f) => f.context)).size} context(s): ${errors} error(s), ${warnings} warning(s). See each context's Health folder.`;
  const show = errors ? vscode.window.showErrorMessage : warnings ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(text, 'Show Health').then(async (pick) => {
    const first = findings[0];
    if (pick && first) await vscode.commands.executeCommand(revealCommand, `${first.context}/health`, true);
  });
  return findings;
}

/** The fix of a finding item (or of its Fix row), to the clipboard. */
export async function copyFix(n: TreeNode | undefined): Promise<void> {
  const row = n?.contextValue === contextValues.finding ? n.children?.find((c) => c.contextValue === contextValues.findingFix) : n;
  if (row?.contextValue !== contextValues.findingFix) {
    void vscode.window.showInformationMessage('Liqo: pick a finding in a Health folder to copy its fix.');
    return;
  }
  await vscode.env.clipboard.writeText(row.label.replace(/^Fix: /, ''));
  void vscode.window.showInformationMessage(inert(`Liqo: copied the fix of ${n?.ref.name ?? 'the finding'}.`));
}
