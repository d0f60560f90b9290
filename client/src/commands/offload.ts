// Offload Namespace, Show Offloading as YAML and Unoffload Namespace.
import * as vscode from 'vscode';
import type { ClusterAccess } from '../clusterAccess';
import { KubeError } from '../kube/errors';
import { labels } from '../../../server/src/liqo/keys';
import { mappingStrategies, podStrategies, type MappingStrategy, type PodOffloadingStrategy } from '../../../server/src/liqo/names';
import {
  applyOffloading, buildNamespaceOffloading, checkOffloadRequest, offloadAccess, offloadingYaml, OffloadingExistsError, plannedTwinName, selectedVirtualNodes,
  unoffload, unoffloadAccess, waitForOffloading, type OffloadRequest,
} from '../kube/offload';
import { requireAccess } from '../kube/access';
import { apiVersionOf, kinds } from '../kube/kinds';
import { offloadingName } from '../../../server/src/liqo/names';
import { stringify } from 'yaml';
import { formatTerms, parseSelector, parseSelectors } from '../../../server/src/liqo/selector';
import type { Session } from '../kube/session';
import type { ClusterSnapshot } from '../kube/snapshot';
import { checkNamespaceName } from '../../../server/src/liqo/syntax';
import { contextValues, type TreeNode } from '../views/model';
import { pickOne, pickSession, showError } from './picks';
import type { YamlDocuments } from './yamlDocuments';
import { inert } from '../inertText';

const podHelp: Record<PodOffloadingStrategy, string> = {
  LocalAndRemote: 'pods may run here or on the selected providers',
  Remote: 'pods run only on the selected providers',
  Local: 'pods stay here; only the namespace is replicated',
};
const mappingHelp: Record<MappingStrategy, string> = {
  DefaultName: 'twin is named <namespace>-<this cluster ID>',
  EnforceSameName: 'twin has the same name (may clash on the provider)',
  SelectedName: 'you choose the twin name',
};
const systemNamespaces = /^(kube-|liqo$|liqo-tenant-|default$)/;

const hasVirtualNodes = (s: ClusterSnapshot): boolean => s.nodes.some((n) => n.virtual);

/** The request, from quick picks (and from a tree item when there is one). Undefined when cancelled. */
async function askRequest(session: Session, item: TreeNode | undefined, title: string,
  mayWrite?: (namespace: string) => Promise<boolean>): Promise<OffloadRequest | undefined> {
  const snap = session.snapshot();
  // From a pod waiting for a GPU, offload that pod's namespace.
  let namespace = item && (item.contextValue === contextValues.offloadedNamespace || item.contextValue === contextValues.pendingPod) ? item.ref.namespace : undefined;
  if (!namespace) {
    const offloaded = new Set(snap.offloadings.map((o) => o.namespace));
    const items = snap.namespaces.filter((n) => !systemNamespaces.test(n.name) && !n.labels[labels.remoteClusterID])
      .map((n) => ({ label: n.name, description: offloaded.has(n.name) ? 'already offloaded' : undefined }));
    const pick = await vscode.window.showQuickPick(items, { title, placeHolder: 'Namespace to offload' });
    namespace = pick?.label;
  }
  if (!namespace) return undefined;
  const nsErr = checkNamespaceName(namespace);
  if (nsErr) { void vscode.window.showErrorMessage(inert(`Liqo: ${nsErr}`)); return undefined; }
  if (mayWrite && !(await mayWrite(namespace))) return undefined;

  const pod = await pickOne(title, podStrategies.map((p) => ({ label: p, description: podHelp[p] })), 'Pod offloading strategy');
  if (!pod) return undefined;
  const mapping = await pickOne(title, mappingStrategies.map((m) => ({ label: m, description: mappingHelp[m] })), 'Namespace mapping strategy');
  if (!mapping) return undefined;
  let remoteNamespaceName: string | undefined;
  if (mapping === 'SelectedName') {
    remoteNamespaceName = await vscode.window.showInputBox({ title, prompt: 'Name of the twin namespace on the providers', validateInput: (v) => checkNamespaceName(v) });
    if (!remoteNamespaceName) return undefined;
  }
  const selectors = await askSelector(snap, title);
  if (!selectors) return undefined;
  return { namespace, podOffloadingStrategy: pod, namespaceMappingStrategy: mapping, remoteNamespaceName, selectors };
}

/** A cluster selector built from the live virtual nodes' labels. Returns [] for "all virtual nodes". */
async function askSelector(snap: ClusterSnapshot, title: string): Promise<string[] | undefined> {
  const vns = snap.nodes.filter((n) => n.virtual);
  const byLabel = new Map<string, string[]>();
  for (const n of vns) {
    for (const [k, v] of Object.entries(n.labels)) {
      if (k === 'kubernetes.io/hostname') continue;
      const key = `${k}=${v}`;
      byLabel.set(key, [...(byLabel.get(key) ?? []), n.name]);
    }
  }
  const typed = '$(edit) Type a selector…';
  const items: (vscode.QuickPickItem & { value?: string })[] = [...byLabel.entries()].sort(([a], [b]) => a.localeCompare(b))
    .map(([value, names]) => ({ label: value, value, description: `selects ${names.join(', ')}` }));
  items.push({ label: typed, alwaysShow: true });
  const picked = await vscode.window.showQuickPick(items, {
    title, canPickMany: true,
    placeHolder: `Cluster selector: pick labels (all must match), or none for every virtual node (${vns.map((n) => n.name).join(', ') || 'none yet'})`,
  });
  if (!picked) return undefined;
  if (picked.some((p) => p.label === typed)) {
    const text = await vscode.window.showInputBox({
      title, prompt: `Label selector, e.g. ${labels.provider}=kubeadm,region in (eu)`,
      validateInput: (v) => { try { parseSelector(v); return undefined; } catch (e) { return (e as Error).message; } },
    });
    return text === undefined ? undefined : [text];
  }
  const chosen = picked.map((p) => p.value).filter((v): v is string => Boolean(v));
  return chosen.length ? [chosen.join(',')] : [];
}

/** `admin@k8s-lab (https://127.0.0.1:6443)`: which cluster a confirmation is about. */
export function targetText(session: Session): string {
  return `context ${session.context.name}${session.context.server ? ` (${session.context.server})` : ''}`;
}

/** Asks the server (SelfSubjectAccessReview) before anything else; says who may not do what, and where, when refused. */
async function mayDo(session: Session, what: string, requests: Parameters<typeof requireAccess>[1]): Promise<boolean> {
  try {
    await requireAccess(session.http, requests, session.context.user);
    return true;
  } catch (e) {
    showError(`cannot ${what} with ${targetText(session)}`, e);
    return false;
  }
}

function selectedNodes(snap: ClusterSnapshot, r: OffloadRequest): string[] {
  return selectedVirtualNodes(snap.nodes, parseSelectors(r.selectors ?? [])).map((n) => n.name);
}

export async function offloadNamespace(clusters: ClusterAccess, docs: YamlDocuments, item?: TreeNode): Promise<void> {
  const title = 'Liqo: Offload Namespace';
  const session = await pickSession(clusters, title, hasVirtualNodes, item?.ref.context);
  if (!session) return;
  const req = await askRequest(session, item, title, (ns) => mayDo(session, `offload ${ns}`, offloadAccess(ns)));
  if (!req) return;
  const problems = checkOffloadRequest(req);
  if (problems.length) { void vscode.window.showErrorMessage(inert(`Liqo: ${problems.join('; ')}`)); return; }
  const obj = buildNamespaceOffloading(req);
  const snap = session.snapshot();
  const twin = plannedTwinName(req, session.clusterID);
  const nodes = selectedNodes(snap, req);
  const providers = [...new Set(snap.nodes.filter((n) => nodes.includes(n.name)).map((n) => n.providerClusterID))];
  await docs.preview(`offloading-${req.namespace}`,
    `# Twin namespace: ${twin} on ${providers.join(', ') || 'no provider (the selector matches no virtual node)'}\n` +
    `# Selector: ${formatTerms(obj.spec.clusterSelector.nodeSelectorTerms)}\n${offloadingYaml(obj)}`);
  try {
    await applyOffloading(session.http, obj, { dryRun: true });
  } catch (e) {
    if (!(e instanceof OffloadingExistsError && !e.immutable)) { showError(`the server refused the offloading of ${req.namespace} (dry-run)`, e); return; }
  }
  const answer = await vscode.window.showInformationMessage(
    inert(`Offload ${req.namespace} on ${targetText(session)}? The server-side dry-run passed. It creates the twin namespace ${twin} on ${providers.join(', ') || 'no provider'} ` +
    `(virtual nodes: ${nodes.join(', ') || 'none'}).`), { modal: true }, 'Offload');
  if (answer !== 'Offload') return;
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Offloading ${req.namespace}`, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    try {
      try {
        await applyOffloading(session.http, obj, { signal: abort.signal });
      } catch (e) {
        if (!(e instanceof OffloadingExistsError) || e.immutable) throw e;
        const update = await vscode.window.showWarningMessage(inert(`${e.message} Update it on ${targetText(session)}?`), { modal: true }, 'Update');
        if (update !== 'Update') return;
        await applyOffloading(session.http, obj, { update: true, signal: abort.signal });
      }
      const info = await waitForOffloading(session.http, req.namespace, {
        signal: abort.signal, timeoutMs: 60_000, onProgress: (i) => progress.report({ message: i.phase || 'waiting for the controller' }),
      });
      const where = `${info.remoteNamespaceName} on ${info.remotes.map((r) => r.clusterID).join(', ') || 'no provider'}`;
      if (info.phase === 'Ready') void vscode.window.showInformationMessage(inert(`Liqo: ${req.namespace} is offloaded (twin ${where}).`));
      else if (info.phase === 'NoClusterSelected') void vscode.window.showWarningMessage(inert(`Liqo: ${req.namespace}: no cluster selected; the selector matches no virtual node.`));
      else void vscode.window.showErrorMessage(inert(`Liqo: ${req.namespace}: ${info.phase}: ${info.remotes.filter((r) => !r.ready).map((r) => `${r.clusterID}: ${r.message ?? 'not ready'}`).join('; ')}`));
    } catch (e) {
      if (e instanceof KubeError && e.kind === 'aborted') return;
      showError(`offloading ${req.namespace}`, e);
    }
  });
}

export async function showOffloadingYaml(clusters: ClusterAccess, item?: TreeNode): Promise<void> {
  const title = 'Liqo: Show Offloading as YAML';
  const session = await pickSession(clusters, title, hasVirtualNodes, item?.ref.context);
  if (!session) return;
  const existing = item?.contextValue === contextValues.offloadedNamespace
    ? session.informer('offloadings')?.get('offloading', item.ref.namespace) : undefined;
  if (existing && item?.ref.namespace) {
    const spec = existing.spec as { namespaceMappingStrategy?: MappingStrategy; podOffloadingStrategy?: PodOffloadingStrategy; remoteNamespaceName?: string; clusterSelector?: { nodeSelectorTerms?: unknown[] } };
    const obj = buildNamespaceOffloading({ namespace: item.ref.namespace, namespaceMappingStrategy: spec.namespaceMappingStrategy,
      podOffloadingStrategy: spec.podOffloadingStrategy, remoteNamespaceName: spec.remoteNamespaceName });
    obj.spec.clusterSelector = { nodeSelectorTerms: (spec.clusterSelector?.nodeSelectorTerms ?? []) as typeof obj.spec.clusterSelector.nodeSelectorTerms };
    await openUntitled(offloadingYaml(obj));
    return;
  }
  const req = await askRequest(session, item, title);
  if (!req) return;
  const problems = checkOffloadRequest(req);
  if (problems.length) { void vscode.window.showErrorMessage(inert(`Liqo: ${problems.join('; ')}`)); return; }
  await openUntitled(offloadingYaml(buildNamespaceOffloading(req)));
}

async function openUntitled(text: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
  await vscode.window.showTextDocument(doc);
}

export async function unoffloadNamespace(clusters: ClusterAccess, docs: YamlDocuments, item?: TreeNode): Promise<void> {
  const title = 'Liqo: Unoffload Namespace';
  const session = await pickSession(clusters, title, (s) => s.offloadings.length > 0, item?.ref.context);
  if (!session) return;
  const snap = session.snapshot();
  let namespace = item?.contextValue === contextValues.offloadedNamespace ? item.ref.namespace : undefined;
  if (!namespace) {
    namespace = await pickOne(title, snap.offloadings.map((o) => ({ label: o.namespace, description: `${o.phase} · twin ${o.remoteNamespaceName}` })), 'Offloaded namespace');
  }
  if (!namespace) return;
  const ns = namespace;
  if (!(await mayDo(session, `unoffload ${ns}`, unoffloadAccess(ns)))) return;
  const info = snap.offloadings.find((o) => o.namespace === ns);
  const where = info?.remotes.length ? info.remotes.map((r) => r.clusterID).join(', ') : 'the selected providers';
  const existing = session.informer('offloadings')?.get(offloadingName, ns);
  const pods = snap.pods.filter((p) => p.namespace === ns && snap.nodes.some((n) => n.virtual && n.name === p.nodeName)).map((p) => p.name);
  await docs.preview(`unoffload-${ns}`,
    `# Unoffload ${ns} on ${targetText(session)}: deletes this NamespaceOffloading,\n` +
    `# the twin namespace ${info?.remoteNamespaceName || '(none yet)'} on ${where}, and the pods in it.\n` +
    `# Pods on virtual nodes that stop: ${pods.join(', ') || 'none'}\n` +
    // Items of a list may lack apiVersion and kind: the preview states them.
    stringify(existing ? { apiVersion: apiVersionOf(kinds.namespaceOffloading), kind: kinds.namespaceOffloading.kind, metadata: { name: offloadingName, namespace: ns }, spec: existing.spec } : { namespace: ns }, { lineWidth: 0 }));
  try {
    await unoffload(session.http, ns, { dryRun: true });
  } catch (e) {
    showError(`the server refused the unoffloading of ${ns} (dry-run)`, e);
    return;
  }
  const answer = await vscode.window.showWarningMessage(
    inert(`Unoffload ${ns} on ${targetText(session)}? The server-side dry-run passed. This deletes the twin namespace ${info?.remoteNamespaceName || ''} and everything running in it on ${where}. `) +
    'Pods scheduled on virtual nodes stop.', { modal: true }, 'Unoffload');
  if (answer !== 'Unoffload') return;
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Unoffloading ${ns}`, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    try {
      await unoffload(session.http, ns, { signal: abort.signal, onProgress: (i) => progress.report({ message: i.phase || 'deleting' }) });
      void vscode.window.showInformationMessage(inert(`Liqo: ${ns} is no longer offloaded.`));
    } catch (e) {
      if (e instanceof KubeError && e.kind === 'aborted') return;
      showError(`unoffloading ${ns}`, e);
    }
  });
}
