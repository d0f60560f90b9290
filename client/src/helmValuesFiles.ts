// The cluster IDs of the workspace's Liqo values files, for the server's check that no two give the same one
// (LIQO308) even when only one of them is open. Found with the `liqo.helmValues.files` globs, read as saved, and
// only in a trusted workspace; sent at each start of the server and again when such files or the setting change.
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import { valuesClusterIDsNotification, type ValuesFileID } from '../../server/src/protocol';
import type { Ctx } from './ctx';

/** Bounds: files looked at per glob, and the size of one file. */
const maxFiles = 500;
const maxBytes = 1024 * 1024;

/** The cluster ID a values file gives, '' when none or when it does not parse. */
export function clusterIDOf(text: string): string {
  try {
    const doc = parseDocument(text, { logLevel: 'silent' });
    if (doc.errors.length) return '';
    const id = doc.getIn(['discovery', 'config', 'clusterID']);
    return typeof id === 'string' || typeof id === 'number' ? String(id) : '';
  } catch {
    return '';
  }
}

export class WorkspaceValuesFiles implements vscode.Disposable {
  private files: ValuesFileID[] = [];
  private watchers: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private readonly own: vscode.Disposable[] = [];

  constructor(private readonly ctx: Ctx) {
    this.own.push(
      ctx.onDidStartClient(() => this.send()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.restart()),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('liqo.helmValues.files')) this.restart(); }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.later()),
    );
    this.restart();
  }

  private globs(): string[] {
    const v = vscode.workspace.getConfiguration('liqo').get<unknown>('helmValues.files');
    return Array.isArray(v) ? v.filter((g): g is string => typeof g === 'string' && g.trim() !== '').slice(0, 20) : [];
  }

  private restart(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    if (!vscode.workspace.isTrusted) return;
    for (const glob of this.globs()) {
      const w = vscode.workspace.createFileSystemWatcher(glob);
      w.onDidCreate(() => this.later());
      w.onDidChange(() => this.later());
      w.onDidDelete(() => this.later());
      this.watchers.push(w);
    }
    this.later(0);
  }

  /** Scans again shortly: saves and checkouts come in bursts. */
  private later(ms = 500): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => { void this.scan(); }, ms);
  }

  private async scan(): Promise<void> {
    if (this.scanning) { this.later(); return; }
    this.scanning = (async () => {
      try {
        const found = new Map<string, vscode.Uri>();
        for (const glob of this.globs()) {
          for (const uri of await vscode.workspace.findFiles(glob, '**/node_modules/**', maxFiles)) found.set(uri.toString(), uri);
        }
        const files: ValuesFileID[] = [];
        for (const [key, uri] of found) {
          try {
            if ((await vscode.workspace.fs.stat(uri)).size > maxBytes) continue;
            files.push({ uri: key, clusterID: clusterIDOf(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))) });
          } catch {
            // Gone between the search and the read: the watcher scans again.
          }
        }
        this.files = files;
        this.send();
      } catch (e) {
        this.ctx.log.warn(`Looking for Liqo values files failed: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        this.scanning = undefined;
      }
    })();
    await this.scanning;
  }

  private send(): void {
    void this.ctx.languageClient?.sendNotification(valuesClusterIDsNotification, this.files).catch(() => undefined);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of [...this.watchers, ...this.own]) d.dispose();
  }
}
