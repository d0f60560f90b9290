// The "Clusters" tree: maps the plain tree model to TreeItems and refreshes only the context that changed,
// debounced, so a busy cluster never makes the whole tree redraw. Long lists come a page at a time; the provider
// remembers how many pages each list shows.
import * as vscode from 'vscode';
import type { ClusterAccess } from '../clusterAccess';
import { checkCluster, runDoctor, type Finding } from '../kube/doctor';
import type { ClusterSnapshot } from '../kube/snapshot';
import { buildTree, contextNode, type IconName, type TreeNode } from './model';
import { issue, issuedNode } from './issued';

const themeIcons: Partial<Record<IconName, string>> = {
  folder: 'folder', loading: 'loading~spin', more: 'ellipsis', error: 'error', info: 'info', pass: 'pass', tool: 'tools',
};

/** What a "Show more" item runs: a command of this view only, so it lives with the provider and not in the command table. */
export const showMoreCommand = 'liqo.showMore';

/** Reveals and selects a tree item by its id (the GPU map and Check Clusters use it); resolves false when it is not shown. */
export const revealCommand = 'liqo.revealInTree';

export class ClusterTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private roots: TreeNode[] | undefined;
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private all = false;
  private readonly subs: vscode.Disposable[] = [];
  /** Pages shown per list, by the list's parent id (model.ts ListOptions). */
  private readonly pages = new Map<string, number>();

  constructor(private readonly clusters: ClusterAccess, private readonly media: vscode.Uri, private readonly debounceMs = 100) {
    this.subs.push(clusters.onDidChange((e) => this.schedule(e?.context)));
  }

  /** Refreshes one context (or, without one, the whole tree) after the debounce window. */
  schedule(context?: string): void {
    if (context) this.pending.add(context); else this.all = true;
    this.timer ??= setTimeout(() => this.flush(), this.debounceMs);
  }

  /** Shows one more page of the list the "Show more" item `n` ends. */
  showMore(arg: unknown): void {
    const n = issuedNode(arg);
    if (!n?.showMore) return;
    this.pages.set(n.showMore, (this.pages.get(n.showMore) ?? 1) + 1);
    this.schedule(n.ref.context);
  }

  private flush(): void {
    this.timer = undefined;
    const all = this.all || !this.roots;
    this.all = false;
    const contexts = [...this.pending];
    this.pending.clear();
    if (all) {
      this.roots = undefined;
      this.emitter.fire(undefined);
      return;
    }
    for (const c of contexts) {
      const old = this.roots?.find((n) => n.ref.context === c);
      const snap = this.clusters.session(c)?.snapshot();
      if (!old || !snap) { this.roots = undefined; this.emitter.fire(undefined); return; }
      // VS Code tracks elements by identity: update the existing root in place and fire it.
      const fresh = contextNode(snap, { pages: this.pages, findings: this.findingsOf(snap) });
      delete old.children;
      delete old.tooltip;
      Object.assign(old, fresh);
      this.emitter.fire(old);
    }
  }

  getTreeItem(n: TreeNode): vscode.TreeItem {
    // An empty folder has nothing to expand: with no arrow, it cannot be left open-but-empty, and it opens by itself
    // (up to 20 children) once something arrives.
    const state = !n.children?.length ? vscode.TreeItemCollapsibleState.None
      : n.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(n.label, state);
    item.id = n.id;
    item.description = n.description;
    item.tooltip = n.tooltip;
    item.contextValue = n.contextValue;
    if (n.showMore) item.command = { command: showMoreCommand, title: n.label, arguments: [n] };
    const theme = themeIcons[n.icon];
    item.iconPath = theme ? new vscode.ThemeIcon(theme) : {
      light: vscode.Uri.joinPath(this.media, 'light', `${n.icon}.svg`),
      dark: vscode.Uri.joinPath(this.media, 'dark', `${n.icon}.svg`),
    };
    return item;
  }

  getChildren(n?: TreeNode): TreeNode[] {
    if (n) return issue(n.children ?? []);
    // The first look at the tree is what starts cluster access (lazy activation).
    this.clusters.start();
    if (!this.roots) {
      const snaps = this.clusters.snapshots();
      this.roots = buildTree(snaps, { pages: this.pages, findings: runDoctor(snaps, this.clusters.sessions?.peerInfos() ?? snaps) });
    }
    return issue(this.roots);
  }

  /** The doctor's findings for one context, against cheap summaries of the others. */
  private findingsOf(snap: ClusterSnapshot): Finding[] {
    return checkCluster(snap, this.clusters.sessions?.peerInfos() ?? [snap]);
  }

  /** Lets the view reveal an item: its parent is the node whose children hold it. */
  getParent(n: TreeNode): TreeNode | undefined {
    const stack = [...(this.roots ?? [])];
    while (stack.length) {
      const p = stack.pop();
      if (!p?.children) continue;
      if (p.children.some((c) => c.id === n.id)) return p;
      stack.push(...p.children);
    }
    return undefined;
  }

  /** The current nodes, e.g. for tests and for commands that need a node by id. */
  find(id: string): TreeNode | undefined {
    const stack = [...(this.roots ?? [])];
    while (stack.length) {
      const n = stack.pop();
      if (!n) break;
      if (n.id === id) return n;
      stack.push(...(n.children ?? []));
    }
    return undefined;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subs) s.dispose();
    this.emitter.dispose();
  }
}

/** Registers the view and keeps its message in line with workspace trust and the kubeconfig. */
export function registerClusterTree(clusters: ClusterAccess, media: vscode.Uri): { provider: ClusterTreeProvider; disposables: vscode.Disposable[] } {
  const provider = new ClusterTreeProvider(clusters, media);
  const more = vscode.commands.registerCommand(showMoreCommand, (n: unknown) => provider.showMore(n));
  const view = vscode.window.createTreeView('liqo.clusters', { treeDataProvider: provider, showCollapseAll: true });
  const reveal = vscode.commands.registerCommand(revealCommand, async (id: unknown, expand: unknown) => {
    if (typeof id !== 'string') return false;
    provider.getChildren();
    const n = provider.find(id);
    if (!n) return false;
    await vscode.commands.executeCommand('workbench.view.extension.liqo');
    await view.reveal(n, { select: true, focus: true, expand: expand === true ? 2 : false });
    return true;
  });
  const updateMessage = (): void => {
    if (!clusters.trusted) view.message = 'Cluster access is off in an untrusted workspace. Trust the workspace to see your clusters.';
    else if (clusters.sessions && clusters.sessions.contexts().length === 0) view.message = 'No contexts found in the kubeconfig.';
    else view.message = undefined;
  };
  updateMessage();
  const sub = clusters.onDidChange((e) => { if (!e) updateMessage(); });
  const trust = vscode.workspace.onDidGrantWorkspaceTrust(updateMessage);
  return { provider, disposables: [provider, more, reveal, view, sub, trust] };
}
