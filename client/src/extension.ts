// Composition root: builds the context and wires the parts together. No logic lives here.
import * as vscode from 'vscode';
import { Ctx } from './ctx';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const ctx = new Ctx(context);
  ctx.own(vscode.workspace.onDidChangeConfiguration((e) => {
    if (ctx.config.needsRestart(e)) void ctx.restartClient();
  }));
  await ctx.startClient();
}

export function deactivate(): void {
  // The context disposes everything it owns.
}
