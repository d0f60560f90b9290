// Composition root: builds the context and wires the parts together. No logic lives here.
import * as vscode from 'vscode';
import { ClusterAccess } from './clusterAccess';
import { registerCommands } from './commands/table';
import { Ctx } from './ctx';
import { registerStatus } from './status';
import { registerClusterTree } from './views/clusterTree';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const ctx = new Ctx(context);
  ctx.own(vscode.workspace.onDidChangeConfiguration((e) => {
    if (ctx.config.needsRestart(e)) void ctx.restartClient();
  }));
  const clusters = new ClusterAccess(ctx);
  for (const d of registerClusterTree(clusters, vscode.Uri.joinPath(context.extensionUri, 'media', 'icons'))) ctx.own(d);
  registerCommands(ctx, clusters);
  registerStatus(ctx, clusters);
  await ctx.startClient();
}

export function deactivate(): void {
  // The context disposes everything it owns.
}
