// One webview panel per log stream, named after cluster/namespace/pod. The host keeps the newest maxLines
// entries in a ring and sends new ones in batches; the view keeps at most as many rows. So an endless stream
// stays within bounded memory on both sides. Closing the panel stops its stream.
import * as vscode from 'vscode';
import { strictPage } from '../webviewPage';
import type { FromView, LogEntry, StreamState, ToView } from '../../../media/logs/protocol';
import { LineRing } from './ring';
import { inert } from '../inertText';
import { readFromView } from './messages';

export interface ViewerEvents {
  /** The user pressed Stop in the viewer. */
  stop(): void;
  /** The user closed the viewer. */
  closed(): void;
}

export class LogViewer implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  private readonly ring: LineRing<LogEntry>;
  private batch: LogEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private ready = false;
  private state: StreamState = 'streaming';
  private disposed = false;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Every line received, for the status line and tests. */
  received = 0;

  /** `timestamps`: whether the view starts with the lines' timestamps showing (the user can toggle them). */
  constructor(readonly name: string, private readonly maxLines: number, extensionUri: vscode.Uri, private readonly events: ViewerEvents,
    private readonly timestamps = false, private readonly flushMs = 100) {
    this.ring = new LineRing<LogEntry>(maxLines);
    // The page may load only its own script and style, not the rest of the bundle.
    const scripts = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    const styles = vscode.Uri.joinPath(extensionUri, 'media', 'logs');
    this.panel = vscode.window.createWebviewPanel('liqo.logs', `Logs: ${name}`, { viewColumn: vscode.ViewColumn.Active, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [scripts, styles],
    });
    const icon = (theme: string) => vscode.Uri.joinPath(extensionUri, 'media', 'icons', theme, 'pod.svg');
    this.panel.iconPath = { light: icon('light'), dark: icon('dark') };
    this.panel.webview.html = page(this.panel.webview, vscode.Uri.joinPath(scripts, 'logs.js'), vscode.Uri.joinPath(styles, 'logs.css'));
    this.subscriptions.push(
      this.panel.webview.onDidReceiveMessage((raw: unknown) => {
        const m = readFromView(raw, this.maxLines);
        if (m) this.receive(m);
      }),
      this.panel.onDidDispose(() => {
        this.disposed = true;
        clearTimeout(this.timer);
        this.events.closed();
      }),
    );
  }

  line(text: string, ts?: string): void {
    this.received++;
    this.add(ts ? { text, ts } : { text });
  }

  /** A message from the streamer itself, set apart from the log's own lines. */
  notice(text: string): void {
    this.add({ text: `[liqo] ${text}`, notice: true });
  }

  setState(state: StreamState): void {
    this.state = state;
    this.flush();
    this.post({ type: 'state', state });
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.batch.length) return;
    const entries = this.batch;
    this.batch = [];
    this.post({ type: 'append', entries, dropped: this.ring.dropped });
  }

  show(): void {
    if (!this.disposed) this.panel.reveal(undefined, true);
  }

  dispose(): void {
    if (this.disposed) return;
    this.flush();
    this.panel.dispose();
    for (const s of this.subscriptions) s.dispose();
  }

  private add(entry: LogEntry): void {
    this.ring.push(entry);
    if (!this.ready || this.disposed) return;
    this.batch.push(entry);
    // A batch never grows past the ring: older entries would be dropped by the view anyway.
    if (this.batch.length > this.maxLines) this.batch.splice(0, this.batch.length - this.maxLines);
    this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  private post(message: ToView): void {
    if (this.ready && !this.disposed) void this.panel.webview.postMessage(message);
  }

  private receive(m: FromView): void {
    switch (m.type) {
      case 'ready':
        // The view (re)loaded: it gets everything kept so far, and batches from then on.
        this.ready = true;
        this.batch = [];
        this.post({ type: 'reset', maxLines: this.maxLines, entries: this.ring.lines(), dropped: this.ring.dropped, state: this.state, timestamps: this.timestamps });
        break;
      case 'stop':
        this.events.stop();
        break;
      case 'clear':
        this.ring.clear();
        this.batch = [];
        break;
      case 'save':
        void this.save(m.lines ?? this.ring.lines().map((e) => (m.timestamps && e.ts ? `${e.ts} ${e.text}` : e.text)));
        break;
    }
  }

  private async save(lines: string[]): Promise<void> {
    const base = this.name.replace(/[^A-Za-z0-9._-]+/g, '_');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: `Save the log of ${this.name}`,
      defaultUri: folder ? vscode.Uri.joinPath(folder, `${base}.log`) : undefined,
      filters: { 'Log files': ['log', 'txt'] },
    });
    if (!target) return;
    try {
      await vscode.workspace.fs.writeFile(target, Buffer.from(`${lines.join('\n')}\n`, 'utf8'));
      void vscode.window.showInformationMessage(inert(`Liqo: saved ${lines.length} lines to ${target.fsPath}.`));
    } catch (e) {
      void vscode.window.showErrorMessage(inert(`Liqo: could not save the log: ${e instanceof Error ? e.message : String(e)}`));
    }
  }
}

function page(webview: vscode.Webview, script: vscode.Uri, style: vscode.Uri): string {
  return strictPage(webview, { script, style, body: `<div class="toolbar" role="toolbar" aria-label="Log viewer">
  <input id="filter" type="search" placeholder="Filter: text or /regex/" aria-label="Filter lines">
  <label><input id="invert" type="checkbox"> Invert</label>
  <label><input id="timestamps" type="checkbox"> Timestamps</label>
  <label><input id="wrap" type="checkbox"> Wrap</label>
  <label><input id="follow" type="checkbox" checked> Follow</label>
  <button id="stop" type="button">Stop</button>
  <button id="save" type="button">Save…</button>
  <button id="clear" type="button">Clear</button>
  <span id="status" role="status"></span>
</div>
<div id="lines" class="lines" role="log" tabindex="0"></div>` });
}
