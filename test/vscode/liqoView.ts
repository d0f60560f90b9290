// What the extension-host suites read of the running extension: the Liqo view's items (through the extension's API,
// as the view gets them), its Output channel, and the kubeconfig files the simulator wrote.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import type { LiqoApi } from '../../client/src/extension';
import type { TreeNode } from '../../client/src/views/model';
import { extensionId } from './util';

/** Polls until `probe` returns a value; fails naming what did not happen, and what was seen last. */
export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000, seen?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${seen ? `; seen: ${seen()}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Activates the extension and shows the Liqo view, which starts cluster access as it does for a user. */
export async function showLiqoView(): Promise<LiqoApi> {
  const api = await vscode.extensions.getExtension<LiqoApi>(extensionId)?.activate();
  if (!api) throw new Error(`${extensionId} did not activate`);
  await vscode.commands.executeCommand('workbench.view.extension.liqo');
  return api;
}

/** The view's top items (one per context), with the label, contextValue and description a user sees. */
export function roots(api: LiqoApi): TreeNode[] {
  return api.treeChildren();
}

export const rootsText = (api: LiqoApi): string => roots(api).map((r) => `${r.label} [${r.contextValue}] ${r.description ?? ''}`).join('; ');

/** The whole text of the Liqo Output channel, as the Output view has it (shown first, so that it is loaded). */
export async function outputText(): Promise<string> {
  await vscode.commands.executeCommand('liqo.showOutput');
  return until('the Liqo output channel to be readable', () =>
    vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'output' && /Liqo/.test(d.uri.toString()))?.getText() || undefined);
}

export interface KubeconfigDoc {
  clusters: { name: string; cluster: Record<string, unknown> }[];
  users: { name: string; user: Record<string, unknown> & { exec?: { command: string; args?: string[]; env?: { name: string; value: string }[] } } }[];
  contexts: { name: string; context: { cluster: string; user: string; namespace?: string } }[];
}

/** The files of KUBECONFIG (the simulator's), parsed. */
export function simKubeconfigs(): { file: string; doc: KubeconfigDoc }[] {
  const files = (process.env.KUBECONFIG ?? '').split(path.delimiter).filter(Boolean);
  if (!files.length) throw new Error('KUBECONFIG must point at the simulator');
  return files.map((file) => ({ file, doc: parse(readFileSync(file, 'utf8')) as KubeconfigDoc }));
}

/** A kubeconfig document with one context. */
export function oneContext(name: string, cluster: Record<string, unknown>, user: Record<string, unknown>): string {
  return JSON.stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': name,
    clusters: [{ name: `${name}-cluster`, cluster }], users: [{ name: `${name}-user`, user }],
    contexts: [{ name, context: { cluster: `${name}-cluster`, user: `${name}-user`, namespace: 'default' } }],
  }, null, 2);
}

/** Sets `liqo.clusters.kubeconfig` in the user settings (undefined: removes it, so KUBECONFIG counts again). */
export async function setKubeconfigSetting(files: string[] | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('liqo').update('clusters.kubeconfig', files, vscode.ConfigurationTarget.Global);
}
