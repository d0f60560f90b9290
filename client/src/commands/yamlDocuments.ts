// Read-only YAML documents: live objects (Open as YAML) and previews before a change. Served from memory
// through a custom scheme, so they can never be saved back to a cluster by accident.
import * as vscode from 'vscode';
import { stringify } from 'yaml';
import type { ClusterAccess } from '../clusterAccess';
import { kinds, resourcePath, type KObj, type ResourceKind } from '../kube/kinds';
import { buildTree, contextValues, walk, type TreeNode } from '../views/model';
import { pickSession, showError } from './picks';
import { inert } from '../inertText';

export const yamlScheme = 'liqo-yaml';

export class YamlDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly docs = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString()) ?? '';
  }

  /** Shows (or updates) a read-only document with this name and text. */
  async show(name: string, text: string): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: yamlScheme, path: `/${name}.yaml` });
    this.docs.set(uri.toString(), text);
    this.emitter.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'yaml') await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
    return vscode.window.showTextDocument(doc, { preview: true, preserveFocus: false });
  }

  async preview(name: string, text: string): Promise<void> {
    await this.show(`preview/${name}`, text);
  }

  dispose(): void {
    this.emitter.dispose();
    this.docs.clear();
  }
}

const kindOfItem: Record<string, ResourceKind> = {
  [contextValues.peering]: kinds.foreignCluster,
  [contextValues.virtualNode]: kinds.node,
  [contextValues.pod]: kinds.pod,
  [contextValues.pendingPod]: kinds.pod,
  [contextValues.offloadedNamespace]: kinds.namespaceOffloading,
  [contextValues.slice]: kinds.resourceSlice,
  [contextValues.tenant]: kinds.tenant,
  [contextValues.twin]: kinds.namespace,
};

export async function openYaml(clusters: ClusterAccess, docs: YamlDocuments, item?: TreeNode): Promise<void> {
  let target = item;
  if (!target) {
    const session = await pickSession(clusters, 'Liqo: Open as YAML');
    if (!session) return;
    const snap = session.snapshot();
    const nodes = [...walk(buildTree([snap]))].filter((n) => kindOfItem[n.contextValue]);
    const pick = await vscode.window.showQuickPick(nodes.map((n) => ({ label: n.label, description: `${kindOfItem[n.contextValue]?.kind ?? ''}${n.ref.namespace ? ` · ${n.ref.namespace}` : ''}`, node: n })), { title: 'Liqo: Open as YAML' });
    target = pick?.node;
  }
  if (!target) return;
  const kind = kindOfItem[target.contextValue];
  // A twin listed under a consumer's offloaded namespace lives on the provider: read it there.
  const onProvider = target.contextValue === contextValues.twin && target.ref.providerClusterID;
  const session = onProvider ? clusters.sessions?.byClusterID(target.ref.providerClusterID ?? '') : clusters.session(target.ref.context);
  if (onProvider && !session) {
    void vscode.window.showWarningMessage(inert(`Liqo: no connected context for the provider ${target.ref.providerClusterID ?? ''}.`));
    return;
  }
  if (!kind || !session) return;
  const name = kind === kinds.namespaceOffloading ? 'offloading' : kind === kinds.namespace ? target.ref.namespace : target.ref.name;
  if (!name) return;
  try {
    const obj = await session.http.request<KObj>('GET', resourcePath(kind, target.ref.namespace, name));
    const meta = obj.metadata as KObj['metadata'] & { managedFields?: unknown };
    delete meta.managedFields;
    const doc = { apiVersion: obj.apiVersion ?? (kind.group ? `${kind.group}/${kind.version}` : kind.version), kind: obj.kind ?? kind.kind, ...obj };
    await docs.show(`${target.ref.context}/${kind.plural}/${target.ref.namespace ? `${target.ref.namespace}/` : ''}${name}`, stringify(doc, { lineWidth: 0 }));
  } catch (e) {
    showError(`reading ${kind.kind} ${name}`, e);
  }
}
