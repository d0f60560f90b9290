// Request ResourceSlice: GPUs, cpu, memory and pods from a provider, as `liqoctl create resourceslice` does.
import * as vscode from 'vscode';
import type { ClusterAccess } from '../clusterAccess';
import { KubeError } from '../kube/errors';
import { buildResourceSlice, checkSliceRequest, createResourceSlice, findTenantNamespace, sliceAccess, sliceYaml, waitForSlice, type SliceRequest } from '../kube/slices';
import { requireAccess } from '../kube/access';
import { targetText } from './offload';
import { checkCount, checkObjectName, checkQuantity } from '../../../server/src/liqo/syntax';
import { contextValues, type TreeNode } from '../views/model';
import { pickOne, pickSession, showError } from './picks';
import type { YamlDocuments } from './yamlDocuments';
import { inert } from '../inertText';

export async function requestResourceSlice(clusters: ClusterAccess, docs: YamlDocuments, gpuResource: string, item?: TreeNode): Promise<void> {
  const title = 'Liqo: Request ResourceSlice';
  const session = await pickSession(clusters, title, (s) => s.foreignClusters.some((f) => f.role.includes('Provider')), item?.ref.context);
  if (!session) return;
  const snap = session.snapshot();
  let provider = item?.contextValue === contextValues.peering ? item.ref.providerClusterID : undefined;
  if (!provider) {
    provider = await pickOne(title, snap.foreignClusters.filter((f) => f.role.includes('Provider'))
      .map((f) => ({ label: f.clusterID, description: f.role })), 'Provider cluster');
  }
  if (!provider) return;
  const refused = (e: unknown): void => showError(`cannot request a ResourceSlice from ${provider} with ${targetText(session)}`, e);
  try {
    await requireAccess(session.http, sliceAccess(), session.context.user);
  } catch (e) { refused(e); return; }
  const ask = (prompt: string, value: string, check: (v: string) => string | undefined, optional = true): Thenable<string | undefined> =>
    vscode.window.showInputBox({ title, prompt, value, validateInput: (v) => (optional && v.trim() === '' ? undefined : check(v)) });
  const taken = new Set(snap.slices.map((s) => s.name));
  let suggestion = `${provider}-gpu`;
  for (let i = 2; taken.has(suggestion); i++) suggestion = `${provider}-gpu-${i}`;
  const name = await ask('Name of the ResourceSlice (also the name of its virtual node)', suggestion, checkObjectName, false);
  if (!name) return;
  const gpus = await ask(`Number of GPUs (${gpuResource}); 0 for none`, '1', (v) => checkCount(v, 'GPU count'));
  if (gpus === undefined) return;
  const cpu = await ask('CPU (e.g. 4 or 500m); empty for the provider default', '', (v) => checkQuantity(v, 'cpu'));
  if (cpu === undefined) return;
  const memory = await ask('Memory (e.g. 8Gi); empty for the provider default', '', (v) => checkQuantity(v, 'memory'));
  if (memory === undefined) return;
  const pods = await ask('Pods; empty for the provider default', '', (v) => checkCount(v, 'pods'));
  if (pods === undefined) return;
  const req: SliceRequest = { name, providerClusterID: provider, gpus, cpu, memory, pods, gpuResource };
  const problems = checkSliceRequest(req);
  if (problems.length) { void vscode.window.showErrorMessage(inert(`Liqo: ${problems.join('; ')}`)); return; }
  try {
    const ns = await findTenantNamespace(session.http, provider);
    try {
      await requireAccess(session.http, sliceAccess(ns), session.context.user);
    } catch (e) { refused(e); return; }
    const obj = buildResourceSlice(req, ns);
    await docs.preview(`resourceslice-${name}`, sliceYaml(obj));
    await createResourceSlice(session.http, obj, { dryRun: true });
    const answer = await vscode.window.showInformationMessage(inert(`Request ResourceSlice ${name} from ${provider} on ${targetText(session)}? The server-side dry-run passed.`), { modal: true }, 'Request');
    if (answer !== 'Request') return;
    await createResourceSlice(session.http, obj);
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `ResourceSlice ${name}`, cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      try {
        const info = await waitForSlice(session.http, ns, name, {
          signal: abort.signal, onProgress: (s) => progress.report({ message: `Authentication ${s.authentication}, Resources ${s.resourcesCondition}` }),
        });
        const granted = Object.entries(info.granted).map(([k, v]) => `${k}=${v}`).join(', ');
        if (info.authentication === 'Accepted' && info.resourcesCondition === 'Accepted') void vscode.window.showInformationMessage(inert(`Liqo: ${name} accepted by ${provider}: ${granted}.`));
        else void vscode.window.showWarningMessage(inert(`Liqo: ${name}: Authentication ${info.authentication}, Resources ${info.resourcesCondition}. ${info.alerts.join('; ')}`));
      } catch (e) {
        if (!(e instanceof KubeError && e.kind === 'aborted')) showError(`following ${name}`, e);
      }
    });
  } catch (e) {
    showError(`requesting ResourceSlice ${name}`, e);
  }
}
