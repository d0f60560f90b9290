// The clusters as the editor sees them: the session manager, the kubeconfig it follows, workspace trust, and
// the facts sent to the language server. Cluster access starts only when something needs it.
import * as vscode from 'vscode';
import { clusterFactsNotification } from '../../server/src/protocol';
import type { Ctx } from './ctx';
import { FactsPublisher } from './kube/factsBuilder';
import { kubeconfigPaths, watchKubeconfig } from './kube/kubeconfig';
import { SessionManager } from './kube/manager';
import type { Session, SessionEvent } from './kube/session';
import type { ClusterSnapshot } from './kube/snapshot';

export class ClusterAccess implements vscode.Disposable {
  private manager: SessionManager | undefined;
  private managerSubs: { dispose(): void }[] = [];
  private watcher: { dispose(): void } | undefined;
  private started = false;
  private readonly facts: FactsPublisher;
  private readonly changed = new vscode.EventEmitter<SessionEvent | undefined>();
  /** A session changed (event) or the whole set of contexts did (undefined). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly ctx: Ctx) {
    this.facts = new FactsPublisher(() => this.snapshots(), (f) => this.ctx.languageClient?.sendNotification(clusterFactsNotification, f));
    ctx.own(this);
    ctx.own(ctx.onDidStartClient(() => this.facts.flush(true)));
    ctx.own(vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (this.started) { this.started = false; this.start(); }
      this.changed.fire(undefined);
    }));
    ctx.own(vscode.workspace.onDidChangeConfiguration((e) => {
      if (ctx.config.needsClusterReload(e) && this.started) this.rebuild();
    }));
  }

  get trusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  /** Loads the kubeconfig and connects every context in parallel (once; later calls are no-ops). */
  start(): void {
    if (this.started) return;
    this.started = true;
    if (!this.trusted) {
      this.ctx.log.info('untrusted workspace: cluster access stays off');
      return;
    }
    this.rebuild();
  }

  private rebuild(): void {
    for (const s of this.managerSubs.splice(0)) s.dispose();
    this.watcher?.dispose();
    this.manager?.dispose();
    const settings = this.ctx.config.settings;
    const manager = new SessionManager({
      timeoutMs: settings.requestTimeoutMs,
      allowExec: this.trusted,
      autoRetry: true,
      log: (m) => this.ctx.log.warn(m),
    });
    this.manager = manager;
    const paths = kubeconfigPaths(settings.kubeconfigPaths);
    this.managerSubs.push(manager.onDidChange((e) => {
      this.changed.fire(e);
      this.facts.schedule();
    }));
    this.load(paths);
    this.watcher = watchKubeconfig(paths, () => {
      this.ctx.log.info('kubeconfig changed; reloading contexts');
      this.load(paths);
    });
  }

  private load(paths: string[]): void {
    const manager = this.manager;
    if (!manager) return;
    const loaded = manager.load(paths);
    for (const e of loaded.errors) this.ctx.log.warn(e);
    this.ctx.log.info(`kubeconfig: ${loaded.contexts.length} context(s) from ${loaded.files.length} file(s)`);
    this.changed.fire(undefined);
    this.facts.schedule();
    void manager.startAll();
  }

  get sessions(): SessionManager | undefined {
    return this.manager;
  }

  snapshots(): ClusterSnapshot[] {
    return this.manager?.snapshots() ?? [];
  }

  session(context: string): Session | undefined {
    return this.manager?.get(context);
  }

  /** Redraws every view of the clusters (e.g. the Health folders after Check Clusters), without reconnecting. */
  refreshViews(): void {
    this.changed.fire(undefined);
  }

  /** Counts for the status item. */
  health(): { total: number; ready: number; failed: number } {
    const all = this.manager?.all() ?? [];
    return { total: all.length, ready: all.filter((s) => s.state === 'ready').length, failed: all.filter((s) => s.state === 'failed').length };
  }

  async retry(context?: string): Promise<void> {
    const one = context ? this.session(context) : undefined;
    const targets = one ? [one] : context ? [] : this.manager?.all().filter((s) => s.state === 'failed') ?? [];
    await Promise.all(targets.map((s) => s.retry()));
  }

  /** Rebuilds everything from the kubeconfig (Refresh). */
  refresh(): void {
    if (!this.started) { this.start(); return; }
    if (this.trusted) this.rebuild();
  }

  dispose(): void {
    for (const s of this.managerSubs.splice(0)) s.dispose();
    this.watcher?.dispose();
    this.manager?.dispose();
    this.facts.dispose();
    this.changed.dispose();
  }
}
