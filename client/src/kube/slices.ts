// ResourceSlice as `liqoctl create resourceslice` builds it: in the tenant namespace of the provider, with the
// replication labels and the virtual-node annotation; then dry-run, create, and follow its conditions.
import { stringify } from 'yaml';
import { delay } from './backoff';
import { KubeError } from './errors';
import type { AccessRequest } from './access';
import type { KubeHttp } from './http';
import { annotations, labels } from '../../../server/src/liqo/keys';
import { apiVersionOf, kinds, resourcePath, type KObj } from './kinds';
import { readResourceSlice, type SliceInfo } from './readers';
import { fieldManager } from './offload';
import { checkClusterID, checkCount, checkObjectName, checkQuantity } from '../../../server/src/liqo/syntax';

export interface SliceRequest {
  name: string;
  providerClusterID: string;
  class?: string;
  cpu?: string;
  memory?: string;
  pods?: string;
  gpus?: string;
  /** The extended-resource key for GPUs. */
  gpuResource?: string;
  /** Other resources, e.g. `{ "ephemeral-storage": "20Gi" }`. */
  resources?: Record<string, string>;
  createVirtualNode?: boolean;
}

export interface ResourceSliceObject {
  apiVersion: string;
  kind: 'ResourceSlice';
  metadata: { name: string; namespace: string; labels: Record<string, string>; annotations?: Record<string, string> };
  spec: { class: string; providerClusterID: string; resources?: Record<string, string> };
}

export function checkSliceRequest(r: SliceRequest): string[] {
  const problems: string[] = [];
  const push = (e: string | undefined): void => { if (e) problems.push(e); };
  push(checkObjectName(r.name));
  push(checkClusterID(r.providerClusterID));
  if (r.cpu) push(checkQuantity(r.cpu, 'cpu'));
  if (r.memory) push(checkQuantity(r.memory, 'memory'));
  if (r.pods) push(checkCount(r.pods, 'pods'));
  if (r.gpus) push(checkCount(r.gpus, 'GPU count'));
  for (const [k, v] of Object.entries(r.resources ?? {})) push(checkQuantity(v, k));
  return problems;
}

/** What requesting a slice needs: finding the tenant namespace (listing namespaces), then creating the slice in it. */
export function sliceAccess(tenantNamespace?: string): AccessRequest[] {
  return tenantNamespace === undefined ? [{ verb: 'list', kind: kinds.namespace }] : [{ verb: 'create', kind: kinds.resourceSlice, namespace: tenantNamespace }];
}

/** The tenant namespace, as liqoctl finds it: by the peer's cluster ID and the tenant label. */
export async function findTenantNamespace(http: KubeHttp, providerClusterID: string): Promise<string> {
  const list = await http.request<{ items?: KObj[] }>('GET', resourcePath(kinds.namespace), {
    query: { labelSelector: `${labels.remoteClusterID}=${providerClusterID},${labels.tenantNamespace}` },
  });
  const ns = list.items?.[0]?.metadata.name;
  if (!ns) throw new KubeError('notFound', `tenant namespace not found for cluster ${providerClusterID}: peer with it first`);
  return ns;
}

export function buildResourceSlice(r: SliceRequest, tenantNamespace: string): ResourceSliceObject {
  const resources: Record<string, string> = {};
  if (r.cpu) resources.cpu = r.cpu.trim();
  if (r.memory) resources.memory = r.memory.trim();
  if (r.pods) resources.pods = r.pods.trim();
  for (const [k, v] of Object.entries(r.resources ?? {})) resources[k] = v.trim();
  if (r.gpus && r.gpus.trim() !== '0') resources[r.gpuResource ?? 'nvidia.com/gpu'] = r.gpus.trim();
  const obj: ResourceSliceObject = {
    apiVersion: apiVersionOf(kinds.resourceSlice),
    kind: 'ResourceSlice',
    metadata: {
      name: r.name,
      namespace: tenantNamespace,
      labels: {
        [labels.replication]: 'true',
        [labels.remoteID]: r.providerClusterID,
        [labels.remoteClusterID]: r.providerClusterID,
      },
    },
    spec: { class: r.class ?? 'default', providerClusterID: r.providerClusterID },
  };
  if (r.createVirtualNode !== false) obj.metadata.annotations = { [annotations.createVirtualNode]: 'true' };
  if (Object.keys(resources).length) obj.spec.resources = resources;
  return obj;
}

export function sliceYaml(o: ResourceSliceObject): string {
  return stringify(o, { lineWidth: 0 });
}

/** Creates the slice (dry-run when asked). An existing slice with the name is an error, never overwritten. */
export async function createResourceSlice(http: KubeHttp, o: ResourceSliceObject, opts: { dryRun?: boolean; signal?: AbortSignal } = {}): Promise<KObj> {
  try {
    return await http.request<KObj>('POST', resourcePath(kinds.resourceSlice, o.metadata.namespace), {
      body: o, query: { fieldManager, dryRun: opts.dryRun ? 'All' : undefined }, signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof KubeError && e.kind === 'alreadyExists') {
      throw new KubeError('alreadyExists', `a ResourceSlice named ${o.metadata.name} already exists in ${o.metadata.namespace}`, 409, 'AlreadyExists');
    }
    throw e;
  }
}

/** Follows the slice until Authentication is decided (and Resources too, when it comes). */
export async function waitForSlice(http: KubeHttp, namespace: string, name: string,
  o: { timeoutMs?: number; signal?: AbortSignal; onProgress?: (s: SliceInfo) => void } = {}): Promise<SliceInfo> {
  const deadline = Date.now() + (o.timeoutMs ?? 30_000);
  const path = resourcePath(kinds.resourceSlice, namespace, name);
  let lastKey = '';
  while (!o.signal?.aborted) {
    const info = readResourceSlice(await http.request<KObj>('GET', path, { signal: o.signal }));
    const key = `${info.authentication}/${info.resourcesCondition}`;
    if (key !== lastKey) o.onProgress?.(info);
    lastKey = key;
    if (info.authentication === 'Denied') return info;
    if (info.authentication === 'Accepted' && info.resourcesCondition !== 'Pending') return info;
    if (Date.now() > deadline) {
      if (info.authentication === 'Accepted') return info;
      throw new KubeError('slow', `${name}: authentication still pending after the timeout`);
    }
    await delay(100, o.signal);
  }
  throw new KubeError('aborted', 'cancelled');
}
