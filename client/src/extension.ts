// Composition root: builds the context and wires the parts together. No logic lives here.
import * as vscode from 'vscode';
import { ClusterAccess } from './clusterAccess';
import { saveFacts } from './commands/saveFacts';
import { registerCommands } from './commands/table';
import { Ctx, showActivationFailure } from './ctx';
import { registerStatus } from './status';
import { registerClusterTree } from './views/clusterTree';
import type { TreeNode } from './views/model';
import { WorkspaceValuesFiles } from './helmValuesFiles';

let ctx: Ctx | undefined;

/**
 * What other code in the extension host (and the editor-tier tests) may call. Commands take only arguments they
 * made themselves, since a command link can pass anything; code here is trusted as much as any extension.
 */
export interface LiqoApi {
  /** Saves the cluster facts to this file, with no dialog. */
  saveFactsTo(uri: vscode.Uri): Promise<vscode.Uri | undefined>;
  /** The Liqo view's items under this one (the roots without it), as the view gets them: commands accept these. */
  treeChildren(parent?: TreeNode): TreeNode[];
}

export function activate(context: vscode.ExtensionContext): LiqoApi {
  try {
    const c = ctx = new Ctx(context);
    c.own(vscode.workspace.onDidChangeConfiguration((e) => {
      if (c.config.needsRestart(e)) c.restartClientForSettings();
    }));
    const clusters = new ClusterAccess(c);
    const tree = registerClusterTree(clusters, vscode.Uri.joinPath(context.extensionUri, 'media', 'icons'));
    for (const d of tree.disposables) c.own(d);
    registerCommands(c, clusters);
    registerStatus(c, clusters);
    c.own(new WorkspaceValuesFiles(c));
    c.startClientWithFirstYaml();
    return { saveFactsTo: (uri) => saveFacts(clusters, undefined, uri), treeChildren: (parent) => tree.provider.getChildren(parent) };
  } catch (e) {
    showActivationFailure(e, ctx?.log);
    throw e;
  }
}

/** VS Code waits for the returned promise: the language server shuts down cleanly before the host goes. */
export function deactivate(): Promise<void> | undefined {
  return ctx?.stopClient();
}
