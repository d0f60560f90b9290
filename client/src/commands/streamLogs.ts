// Stream Logs and Stop Logs: picks the pods and options, resolves the provider-side fallback, and runs one
// viewer per stream.
import * as vscode from 'vscode';
import type { ClusterAccess } from '../clusterAccess';
import { twinNamespace } from '../../../server/src/liqo/names';
import type { PodInfo } from '../kube/readers';
import { MultiPodLogs, type LogOptions, type LogSource, type LogTarget } from '../kube/logStream';
import type { Session } from '../kube/session';
import { LogViewer } from '../logs/viewer';
import { contextValues, type TreeNode } from '../views/model';
import { pickPods, pickSession } from './picks';

export interface StreamOptions extends LogOptions {
  /** Every container of each pod, each with its own prefix, instead of one container. */
  allContainers?: boolean;
}

/** Arguments for calling Stream Logs programmatically, without quick picks. */
export interface StreamLogsArgs extends StreamOptions {
  context: string;
  namespace: string;
  pods: string[];
}

interface Running {
  id: number;
  name: string;
  logs: MultiPodLogs;
  viewer: LogViewer;
  /** Stopped by the user, as opposed to ended by the server. */
  stopped: boolean;
}

export class LogStreams implements vscode.Disposable {
  private readonly running = new Map<number, Running>();
  private next = 1;

  constructor(private readonly clusters: ClusterAccess, private readonly maxLines: () => number, private readonly log: vscode.LogOutputChannel, private readonly extensionUri: vscode.Uri) {}

  list(): { id: number; name: string }[] {
    return [...this.running.values()].map(({ id, name }) => ({ id, name }));
  }

  /** The same pod in the provider's twin namespace, through a context on the provider (if we have one). */
  private fallbackFor(session: Session, pod: PodInfo): (() => Promise<LogTarget | undefined>) | undefined {
    const snap = session.snapshot();
    const node = snap.nodes.find((n) => n.name === pod.nodeName);
    if (!node?.virtual || !node.providerClusterID) return undefined;
    return async () => {
      const provider = this.clusters.sessions?.byClusterID(node.providerClusterID);
      if (!provider) return undefined;
      const off = snap.offloadings.find((o) => o.namespace === pod.namespace);
      const namespace = off?.remoteNamespaceName || twinNamespace(pod.namespace, off?.namespaceMappingStrategy ?? 'DefaultName', undefined, snap.clusterID);
      return { http: provider.http, namespace, pod: pod.name, via: `context ${provider.context.name}` };
    };
  }

  start(session: Session, pods: PodInfo[], opts: StreamOptions, name: string): void {
    const id = this.next++;
    const viewer = new LogViewer(name, this.maxLines(), this.extensionUri, {
      stop: () => this.stop(id),
      // Closing the viewer ends its stream: nobody is reading it any more.
      closed: () => this.running.get(id)?.logs.stop(),
    }, opts.timestamps);
    viewer.notice(`streaming ${pods.map((p) => `${p.namespace}/${p.name}`).join(', ')} through context ${session.context.name}`);
    const sources = pods.flatMap((p): LogSource[] => {
      const target = { http: session.http, namespace: p.namespace, pod: p.name, via: `context ${session.context.name}` };
      const fallback = this.fallbackFor(session, p);
      if (!opts.allContainers || p.containers.length < 2) return [{ target, fallback }];
      return p.containers.map((container) => ({ target, fallback, container, label: pods.length > 1 ? `${p.name}/${container}` : container }));
    });
    const { allContainers: _all, ...streamOpts } = opts;
    const logs = new MultiPodLogs(sources, { ...streamOpts, timestamps: false }, {
      // Timestamps come separately, so that the viewer can show or hide them at any time.
      line: (t, _pod, ts) => viewer.line(t, ts),
      notice: (m) => { viewer.notice(m); this.log.info(`logs ${name}: ${m}`); },
    });
    this.running.set(id, { id, name, logs, viewer, stopped: false });
    viewer.show();
    void vscode.commands.executeCommand('setContext', 'liqo.logsRunning', true);
    void logs.run().then(() => {
      const r = this.running.get(id);
      viewer.notice(r?.stopped ? 'stopped' : 'stream ended');
      viewer.setState(r?.stopped ? 'stopped' : 'ended');
      this.running.delete(id);
      void vscode.commands.executeCommand('setContext', 'liqo.logsRunning', this.running.size > 0);
    });
  }

  stop(id: number): void {
    const r = this.running.get(id);
    if (!r) return;
    r.stopped = true;
    r.logs.stop();
  }

  dispose(): void {
    for (const r of this.running.values()) {
      r.logs.stop();
      r.viewer.dispose();
    }
    this.running.clear();
  }
}

async function askOptions(pods: PodInfo[], defaults: { tail: number }): Promise<StreamOptions | undefined> {
  const title = 'Liqo: Stream Logs';
  const opts: StreamOptions = {};
  const containers = [...new Set(pods.flatMap((p) => p.containers))];
  if (containers.length > 1) {
    const all = { label: 'All containers', description: 'each line prefixed with its container', all: true };
    const c = await vscode.window.showQuickPick([all, ...containers.map((label) => ({ label, all: false }))], { title, placeHolder: 'Container' });
    if (!c) return undefined;
    if (c.all) opts.allContainers = true;
    else opts.container = c.label;
  }
  const flags = await vscode.window.showQuickPick([
    { label: 'Follow', picked: true, key: 'follow' },
    { label: 'Timestamps', picked: false, key: 'timestamps' },
    { label: 'Previous container', description: 'the log of the last terminated container', picked: false, key: 'previous' },
  ], { title, canPickMany: true, placeHolder: 'Options' });
  if (!flags) return undefined;
  for (const f of flags) opts[f.key as 'follow' | 'timestamps' | 'previous'] = true;
  const range = await vscode.window.showQuickPick([
    { label: `Last ${defaults.tail} lines`, tail: defaults.tail },
    { label: 'Last 1000 lines', tail: 1000 },
    { label: 'Last 5 minutes', since: 300 },
    { label: 'Last hour', since: 3600 },
    { label: 'Everything' },
  ], { title, placeHolder: 'How much history' });
  if (!range) return undefined;
  if ('tail' in range) opts.tailLines = range.tail;
  if ('since' in range) opts.sinceSeconds = range.since;
  return opts;
}

const started = (p: PodInfo): boolean => p.nodeName !== '';

export async function streamLogs(clusters: ClusterAccess, streams: LogStreams, tail: number, arg?: TreeNode | StreamLogsArgs): Promise<void> {
  const title = 'Liqo: Stream Logs';
  const item = arg && 'contextValue' in arg ? arg : undefined;
  const direct = arg && !('contextValue' in arg) ? arg : undefined;
  // A twin listed under a consumer's offloaded namespace lives on the provider: stream from there.
  const providerID = item?.contextValue === contextValues.twin ? item.ref.providerClusterID : undefined;
  const onProvider = providerID ? clusters.sessions?.byClusterID(providerID)?.context.name : undefined;
  const session = await pickSession(clusters, title, (s) => s.pods.some(started), onProvider ?? item?.ref.context ?? direct?.context);
  if (!session) return;
  const snap = session.snapshot();
  // A pod that no node has taken yet has no log to read.
  const running = snap.pods.filter(started);
  let pods: PodInfo[] | undefined;
  let name: string;
  if (direct) {
    pods = snap.pods.filter((p) => p.namespace === direct.namespace && direct.pods.includes(p.name));
    name = `${session.context.name}/${direct.namespace}/${direct.pods.join(',')}`;
  } else if (item?.contextValue === contextValues.pod) {
    pods = snap.pods.filter((p) => p.namespace === item.ref.namespace && p.name === item.ref.name);
    name = `${session.context.name}/${item.ref.namespace ?? ''}/${item.ref.name ?? ''}`;
  } else if (item?.contextValue === contextValues.virtualNode) {
    pods = snap.pods.filter((p) => p.nodeName === item.ref.name && p.phase !== 'Succeeded' && p.phase !== 'Failed');
    name = `${session.context.name}/${item.ref.name ?? ''} (${pods.length} pods)`;
  } else if (item?.contextValue === contextValues.offloadedNamespace || item?.contextValue === contextValues.twin) {
    pods = await pickPods(snap, running.filter((p) => p.namespace === item.ref.namespace), title, true);
    name = `${session.context.name}/${item.ref.namespace ?? ''}/${pods?.map((p) => p.name).join(',') ?? ''}`;
  } else {
    const onVirtual = new Set(snap.nodes.filter((n) => n.virtual).map((n) => n.name));
    const candidates = [...running].sort((a, b) => Number(onVirtual.has(b.nodeName)) - Number(onVirtual.has(a.nodeName)));
    pods = await pickPods(snap, candidates, title, false);
    name = pods?.[0] ? `${session.context.name}/${pods[0].namespace}/${pods[0].name}` : '';
  }
  if (!pods?.length) {
    if (pods) void vscode.window.showWarningMessage('Liqo: no pods to stream.');
    return;
  }
  const opts = direct ? { follow: true, ...direct } : await askOptions(pods, { tail });
  if (!opts) return;
  streams.start(session, pods, opts, name);
}

export async function stopLogs(streams: LogStreams): Promise<void> {
  const running = streams.list();
  if (!running.length) { void vscode.window.showInformationMessage('Liqo: no log stream is running.'); return; }
  const pick = running.length === 1 ? { id: running[0]?.id ?? 0 } : await vscode.window.showQuickPick(running.map((r) => ({ label: r.name, id: r.id })), { title: 'Liqo: Stop Logs' });
  if (pick) streams.stop(pick.id);
}
