// The Liqo output channel, with every write redacted (redact.ts): the extension's own lines, the language
// client's (its trace carries whole documents, Secrets included) and whatever they quote.
import * as vscode from 'vscode';
import { redactWrites } from './redact';

export function redactedLogChannel(name: string): vscode.LogOutputChannel {
  return redactWrites(vscode.window.createOutputChannel(name, { log: true }));
}
