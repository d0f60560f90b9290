// The GPU map's webview panel: one per window, redrawn from the watches (debounced), with the strict CSP of the log
// viewer (its own script by nonce, its own stylesheet, nothing from the network). Clicks reveal the item in the tree;
// Export SVG and Export CSV save through a save dialog.
import * as vscode from 'vscode';
import { strictPage } from '../webviewPage';
import type { FromView, MapRow, ToView } from '../../../media/gpuMap/protocol';
import type { ClusterAccess } from '../clusterAccess';
import { inert } from '../inertText';
import { revealCommand } from '../views/clusterTree';
import { gpuMapCsv } from './csv';
import { buildGpuMap, type GpuMap } from './model';
import { renderSvg } from './svg';

const header = ['what', 'consumer / cluster', 'provider', 'granted', 'on virtual node', 'in use', 'idle', 'pods'];

function rows(map: GpuMap): MapRow[] {
  const out: MapRow[] = [];
  for (const e of map.edges) {
    out.push({ cells: ['peering', e.consumer, e.provider, String(e.granted), String(e.capacity), String(e.inUse), String(Math.max(0, e.granted - e.inUse)),
      e.pods.map((p) => `${p.namespace}/${p.name}`).join(', ')], tree: e.treeId });
  }
  for (const c of map.clusters) {
    if (c.lent > 0) out.push({ cells: ['provider', c.clusterID, '', String(c.lent), '', String(c.lentInUse), c.idle === undefined ? '' : String(c.idle), ''], tree: c.treeId });
    for (const p of c.waiting) out.push({ cells: ['waiting', c.clusterID, '', '', '', '', '', `${p.namespace}/${p.name} (${p.gpus})`], tree: p.treeId });
  }
  return out;
}

function summary(map: GpuMap): string {
  const lent = map.clusters.reduce((a, c) => a + c.lent, 0);
  const used = map.edges.reduce((a, e) => a + e.inUse, 0);
  const waiting = map.clusters.reduce((a, c) => a + c.waiting.length, 0);
  const parts = [`${map.clusters.length} cluster(s)`, `${map.edges.length} peering(s)`, `${lent} GPU(s) lent, ${used} in use`, `${waiting} GPU pod(s) waiting`];
  if (map.unreachable.length) parts.push(`not reachable: ${map.unreachable.map((u) => u.context).join(', ')}`);
  return parts.join(' · ');
}

export class GpuMapPanel implements vscode.Disposable {
  private static current: GpuMapPanel | undefined;
  readonly panel: vscode.WebviewPanel;
  private ready = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly subs: vscode.Disposable[] = [];
  /** Updates posted to the view, for tests. */
  updates = 0;

  static show(clusters: ClusterAccess, extensionUri: vscode.Uri): GpuMapPanel {
    clusters.start();
    if (GpuMapPanel.current) {
      GpuMapPanel.current.panel.reveal();
      GpuMapPanel.current.schedule(0);
      return GpuMapPanel.current;
    }
    GpuMapPanel.current = new GpuMapPanel(clusters, extensionUri);
    return GpuMapPanel.current;
  }

  private constructor(private readonly clusters: ClusterAccess, extensionUri: vscode.Uri) {
    const scripts = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    const styles = vscode.Uri.joinPath(extensionUri, 'media', 'gpuMap');
    this.panel = vscode.window.createWebviewPanel('liqo.gpuMap', 'GPU Map', vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [scripts, styles],
    });
    const icon = (theme: string): vscode.Uri => vscode.Uri.joinPath(extensionUri, 'media', 'icons', theme, 'gpu.svg');
    this.panel.iconPath = { light: icon('light'), dark: icon('dark') };
    this.panel.webview.html = page(this.panel.webview, vscode.Uri.joinPath(scripts, 'gpuMap.js'), vscode.Uri.joinPath(styles, 'gpuMap.css'));
    this.subs.push(
      this.panel.webview.onDidReceiveMessage((m: FromView) => { void this.receive(m); }),
      clusters.onDidChange(() => this.schedule()),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Redraws after the debounce window: a burst of watch events makes one update. */
  schedule(delayMs = 250): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = undefined; this.update(); }, delayMs);
  }

  private map(): GpuMap {
    return buildGpuMap(this.clusters.snapshots());
  }

  private update(): void {
    if (!this.ready) return;
    const map = this.map();
    const message: ToView = { type: 'update', svg: renderSvg(map, { standalone: false }), header, rows: rows(map), summary: summary(map) };
    this.updates++;
    void this.panel.webview.postMessage(message);
  }

  private async receive(m: FromView): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.update();
        break;
      case 'reveal':
        if (!await vscode.commands.executeCommand<boolean>(revealCommand, m.tree)) {
          void vscode.window.showInformationMessage('Liqo: that item is not in the tree right now (it may be on a page not shown yet).');
        }
        break;
      case 'export':
        await this.export(m.format);
        break;
    }
  }

  private async export(format: 'svg' | 'csv'): Promise<void> {
    const map = this.map();
    const text = format === 'svg' ? `<?xml version="1.0" encoding="UTF-8"?>\n${renderSvg(map, { standalone: true })}\n` : gpuMapCsv(map);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: `Liqo: Export the GPU map as ${format.toUpperCase()}`,
      defaultUri: folder ? vscode.Uri.joinPath(folder, `gpu-map.${format}`) : undefined,
      filters: format === 'svg' ? { 'SVG images': ['svg'] } : { 'CSV files': ['csv'] },
      saveLabel: 'Export',
    });
    if (!target) return;
    try {
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
      void vscode.window.showInformationMessage(`Liqo: exported the GPU map to ${vscode.workspace.asRelativePath(target)}.`);
    } catch (e) {
      void vscode.window.showErrorMessage(inert(`Liqo: could not export the GPU map: ${e instanceof Error ? e.message : String(e)}`));
    }
  }

  dispose(): void {
    if (GpuMapPanel.current === this) GpuMapPanel.current = undefined;
    clearTimeout(this.timer);
    for (const s of this.subs.splice(0)) s.dispose();
    this.panel.dispose();
  }
}

function page(webview: vscode.Webview, script: vscode.Uri, style: vscode.Uri): string {
  return strictPage(webview, { script, style, images: true, body: `<div class="toolbar" role="toolbar" aria-label="GPU map">
  <button id="exportSvg" type="button">Export SVG…</button>
  <button id="exportCsv" type="button">Export CSV…</button>
  <span id="status" role="status" aria-live="polite">loading…</span>
</div>
<div id="map" aria-label="GPU map: clusters, peerings and GPU pods. Tab to an item and press Enter to show it in the Liqo view."></div>
<table id="numbers" aria-label="GPU numbers per peering, provider and waiting pod"></table>` });
}
