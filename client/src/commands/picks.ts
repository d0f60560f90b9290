// Quick picks shared by the commands: which context, namespace, pod. Each returns undefined when the user
// cancels, and says plainly when there is nothing to pick.
import * as vscode from 'vscode';
import type { ClusterAccess } from '../clusterAccess';
import type { Session } from '../kube/session';
import type { PodInfo } from '../kube/readers';
import type { ClusterSnapshot } from '../kube/snapshot';
import { inert } from '../inertText';

export interface Deps {
  clusters: ClusterAccess;
}

/** Cluster access needs a trusted workspace; says so when it is not. */
export function requireTrust(clusters: ClusterAccess): boolean {
  if (clusters.trusted) return true;
  void vscode.window.showWarningMessage('Liqo: cluster access is off in an untrusted workspace.');
  return false;
}

/** Starts cluster access if needed and waits for every context to be ready or failed. */
export async function readySessions(clusters: ClusterAccess): Promise<Session[]> {
  clusters.start();
  const manager = clusters.sessions;
  if (!manager) return [];
  if (manager.all().some((s) => s.state === 'idle' || s.state === 'connecting')) {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Liqo: connecting to clusters' }, () => manager.startAll());
  }
  return manager.all().filter((s) => s.state === 'ready');
}

export async function pickSession(clusters: ClusterAccess, title: string, filter: (s: ClusterSnapshot) => boolean = () => true,
  context?: string): Promise<Session | undefined> {
  if (!requireTrust(clusters)) return undefined;
  const ready = await readySessions(clusters);
  if (context) {
    const s = ready.find((x) => x.context.name === context);
    if (!s) void vscode.window.showErrorMessage(inert(`Liqo: context ${context} is not connected.`));
    return s;
  }
  const candidates = ready.filter((s) => filter(s.snapshot()));
  if (!candidates.length) {
    void vscode.window.showWarningMessage(`Liqo: no connected cluster fits (${title.toLowerCase()}).`);
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  const pick = await vscode.window.showQuickPick(candidates.map((s) => ({
    label: s.context.name, description: [s.clusterID, s.liqoVersion].filter(Boolean).join(' · '), session: s,
  })), { title, placeHolder: 'Context' });
  return pick?.session;
}

export async function pickOne<T extends string>(title: string, items: { label: T; description?: string; detail?: string }[],
  placeHolder?: string): Promise<T | undefined> {
  const pick = await vscode.window.showQuickPick(items, { title, placeHolder });
  return pick?.label;
}

export async function pickPods(snap: ClusterSnapshot, pods: PodInfo[], title: string, many: boolean): Promise<PodInfo[] | undefined> {
  if (!pods.length) {
    void vscode.window.showWarningMessage(inert(`Liqo: no pods to choose from in ${snap.context}.`));
    return undefined;
  }
  const items = pods.map((p) => ({ label: p.name, description: `${p.namespace} · ${p.phase}${p.nodeName ? ` · ${p.nodeName}` : ''}`, pod: p }));
  if (many) {
    const picked = await vscode.window.showQuickPick(items, { title, canPickMany: true, placeHolder: 'Pods' });
    return picked?.length ? picked.map((p) => p.pod) : undefined;
  }
  const one = await vscode.window.showQuickPick(items, { title, placeHolder: 'Pod' });
  return one ? [one.pod] : undefined;
}

/** Where a failure's full text goes when the user asks for its details (set once, by the command table). */
let detailsLog: vscode.LogOutputChannel | undefined;

export function setDetailsLog(log: vscode.LogOutputChannel): void {
  detailsLog = log;
}

/**
 * Reports a failure of a command as a message (never as an unhandled rejection). The message quotes the error
 * inert (a webhook's refusal is cluster text, and VS Code would render its links); its Details button writes the
 * full text to the output channel, where it is plain text, and shows it.
 */
export function showError(what: string, e: unknown, log = detailsLog): void {
  const msg = e instanceof Error ? e.message : String(e);
  const details = log ? ['Details'] : [];
  void vscode.window.showErrorMessage(`Liqo: ${inert(what)}: ${inert(msg)}`, ...details).then((pick) => {
    if (!pick || !log) return;
    log.error(`${what}: ${msg}`);
    log.show(true);
  });
}
