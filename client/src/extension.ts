// Composition root: builds the context and wires the parts together. No logic lives here.
import * as vscode from 'vscode';
import { ClusterAccess } from './clusterAccess';
import { registerCommands } from './commands/table';
import { Ctx, showActivationFailure } from './ctx';
import { registerStatus } from './status';
import { registerClusterTree } from './views/clusterTree';
import { WorkspaceValuesFiles } from './helmValuesFiles';

let ctx: Ctx | undefined;

export function activate(context: vscode.ExtensionContext): void {
  try {
    const c = ctx = new Ctx(context);
    c.own(vscode.workspace.onDidChangeConfiguration((e) => {
      if (c.config.needsRestart(e)) c.restartClientForSettings();
    }));
    const clusters = new ClusterAccess(c);
    for (const d of registerClusterTree(clusters, vscode.Uri.joinPath(context.extensionUri, 'media', 'icons'))) c.own(d);
    registerCommands(c, clusters);
    registerStatus(c, clusters);
    c.own(new WorkspaceValuesFiles(c));
    c.startClientWithFirstYaml();
  } catch (e) {
    showActivationFailure(e, ctx?.log);
    throw e;
  }
}

/** VS Code waits for the returned promise: the language server shuts down cleanly before the host goes. */
export function deactivate(): Promise<void> | undefined {
  return ctx?.stopClient();
}
