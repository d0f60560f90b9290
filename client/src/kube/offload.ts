// NamespaceOffloading as `liqoctl offload namespace` builds it, checked before sending, dry-run on the server,
// created without overwriting an existing one, then followed until it settles. And its removal.
import { stringify } from 'yaml';
import { delay } from './backoff';
import { KubeError } from './errors';
import type { AccessRequest } from './access';
import type { KubeHttp } from './http';
import { apiVersionOf, kinds, resourcePath, type KObj } from './kinds';
import { mappingStrategies, type MappingStrategy, offloadingName, type PodOffloadingStrategy, podStrategies, twinNamespace } from '../../../server/src/liqo/names';
import { readOffloading, type NodeInfo, type OffloadingInfo } from './readers';
import { matchesTerms, parseSelectors, SelectorError, type NodeSelectorTerm } from '../../../server/src/liqo/selector';
import { checkNamespaceName } from '../../../server/src/liqo/syntax';

export const fieldManager = 'liqo-workbench';

export interface OffloadRequest {
  namespace: string;
  podOffloadingStrategy?: PodOffloadingStrategy;
  namespaceMappingStrategy?: MappingStrategy;
  remoteNamespaceName?: string;
  /** Selector strings, one per term (ORed), each like `liqo.io/provider=kind,region in (eu)`. */
  selectors?: string[];
}

export interface NamespaceOffloadingObject {
  apiVersion: string;
  kind: 'NamespaceOffloading';
  metadata: { name: string; namespace: string };
  spec: {
    clusterSelector: { nodeSelectorTerms: NodeSelectorTerm[] };
    namespaceMappingStrategy: MappingStrategy;
    podOffloadingStrategy: PodOffloadingStrategy;
    remoteNamespaceName?: string;
  };
}

/** The virtual nodes, among a cluster's nodes, that an offloading with these selector terms would use. */
export function selectedVirtualNodes(nodes: readonly NodeInfo[], terms: readonly NodeSelectorTerm[]): NodeInfo[] {
  return nodes.filter((n) => n.virtual && matchesTerms(terms, n));
}

/** Every problem with the request, in words; empty when it can be sent. */
export function checkOffloadRequest(r: OffloadRequest): string[] {
  const problems: string[] = [];
  const nsErr = checkNamespaceName(r.namespace);
  if (nsErr) problems.push(nsErr);
  if (r.podOffloadingStrategy && !podStrategies.includes(r.podOffloadingStrategy)) {
    problems.push(`pod offloading strategy must be one of ${podStrategies.join(', ')}`);
  }
  const mapping = r.namespaceMappingStrategy ?? 'DefaultName';
  if (!mappingStrategies.includes(mapping)) problems.push(`namespace mapping strategy must be one of ${mappingStrategies.join(', ')}`);
  if (mapping === 'SelectedName') {
    const err = checkNamespaceName(r.remoteNamespaceName ?? '');
    if (!r.remoteNamespaceName) problems.push('SelectedName needs a remote namespace name');
    else if (err) problems.push(`remote namespace name: ${err}`);
  }
  try {
    parseSelectors(r.selectors ?? []);
  } catch (e) {
    if (e instanceof SelectorError) problems.push(`cluster selector: ${e.message}`); else throw e;
  }
  return problems;
}

/** The object liqoctl would create. Throws SelectorError on a bad selector (check first to get all problems). */
export function buildNamespaceOffloading(r: OffloadRequest): NamespaceOffloadingObject {
  const mapping = r.namespaceMappingStrategy ?? 'DefaultName';
  const spec: NamespaceOffloadingObject['spec'] = {
    clusterSelector: { nodeSelectorTerms: parseSelectors(r.selectors ?? []) },
    namespaceMappingStrategy: mapping,
    podOffloadingStrategy: r.podOffloadingStrategy ?? 'LocalAndRemote',
  };
  if (r.remoteNamespaceName) spec.remoteNamespaceName = r.remoteNamespaceName;
  return {
    apiVersion: apiVersionOf(kinds.namespaceOffloading),
    kind: 'NamespaceOffloading',
    metadata: { name: offloadingName, namespace: r.namespace },
    spec,
  };
}

/** What offloading a namespace needs: creating its NamespaceOffloading (and reading it, to compare with an existing one). */
export function offloadAccess(namespace: string): AccessRequest[] {
  return [{ verb: 'create', kind: kinds.namespaceOffloading, namespace }, { verb: 'get', kind: kinds.namespaceOffloading, namespace, name: offloadingName }];
}

/** What unoffloading a namespace needs: deleting its NamespaceOffloading. */
export function unoffloadAccess(namespace: string): AccessRequest[] {
  return [{ verb: 'delete', kind: kinds.namespaceOffloading, namespace, name: offloadingName }];
}

/** What `liqoctl offload namespace … --output yaml` prints, for GitOps. */
export function offloadingYaml(o: NamespaceOffloadingObject): string {
  return stringify(o, { lineWidth: 0 });
}

/** The twin namespace this request creates on every selected provider. */
export function plannedTwinName(r: OffloadRequest, consumerClusterID: string): string {
  return twinNamespace(r.namespace, r.namespaceMappingStrategy ?? 'DefaultName', r.remoteNamespaceName, consumerClusterID);
}

/** An offloading already exists and differs from the request: we never overwrite it silently. */
export class OffloadingExistsError extends Error {
  constructor(readonly existing: OffloadingInfo, readonly differences: string[], readonly immutable: boolean) {
    super(immutable
      ? `${existing.namespace} is already offloaded, and ${differences.join('; ')} cannot change (the mapping is immutable). Unoffload it first.`
      : `${existing.namespace} is already offloaded with different settings: ${differences.join('; ')}.`);
  }
}

function differences(existing: KObj, wanted: NamespaceOffloadingObject): { diffs: string[]; immutable: boolean } {
  const cur = readOffloading(existing);
  const curRemote = typeof existing.spec?.remoteNamespaceName === 'string' ? existing.spec.remoteNamespaceName : '';
  const diffs: string[] = [];
  let immutable = false;
  if (cur.namespaceMappingStrategy !== wanted.spec.namespaceMappingStrategy) {
    diffs.push(`namespaceMappingStrategy ${cur.namespaceMappingStrategy} -> ${wanted.spec.namespaceMappingStrategy}`);
    immutable = true;
  }
  if (curRemote !== (wanted.spec.remoteNamespaceName ?? '')) {
    diffs.push(`remoteNamespaceName "${curRemote}" -> "${wanted.spec.remoteNamespaceName ?? ''}"`);
    immutable = true;
  }
  if (cur.podOffloadingStrategy !== wanted.spec.podOffloadingStrategy) {
    diffs.push(`podOffloadingStrategy ${cur.podOffloadingStrategy} -> ${wanted.spec.podOffloadingStrategy}`);
  }
  const curTerms = JSON.stringify((existing.spec?.clusterSelector as { nodeSelectorTerms?: unknown } | undefined)?.nodeSelectorTerms ?? []);
  if (curTerms !== JSON.stringify(wanted.spec.clusterSelector.nodeSelectorTerms)) diffs.push('clusterSelector differs');
  return { diffs, immutable };
}

export interface ApplyOptions {
  dryRun?: boolean;
  /** Update an existing offloading's mutable fields (strategy, selector). Never set without asking the user. */
  update?: boolean;
  signal?: AbortSignal;
}

export type ApplyResult = { action: 'created' | 'updated' | 'unchanged'; object: KObj };

/**
 * Creates the offloading (or, with update, changes an existing one's mutable fields with optimistic
 * concurrency). An existing, different offloading raises OffloadingExistsError; a webhook refusal raises
 * a KubeError whose message is the webhook's.
 */
export async function applyOffloading(http: KubeHttp, o: NamespaceOffloadingObject, opts: ApplyOptions = {}): Promise<ApplyResult> {
  const query = { fieldManager, dryRun: opts.dryRun ? 'All' : undefined };
  const collection = resourcePath(kinds.namespaceOffloading, o.metadata.namespace);
  try {
    const created = await http.request<KObj>('POST', collection, { body: o, query, signal: opts.signal });
    return { action: 'created', object: created };
  } catch (e) {
    if (!(e instanceof KubeError) || e.kind !== 'alreadyExists') throw e;
  }
  const path = resourcePath(kinds.namespaceOffloading, o.metadata.namespace, offloadingName);
  const existing = await http.request<KObj>('GET', path, { signal: opts.signal });
  const { diffs, immutable } = differences(existing, o);
  if (!diffs.length) return { action: 'unchanged', object: existing };
  if (immutable || !opts.update) throw new OffloadingExistsError(readOffloading(existing), diffs, immutable);
  const body = { ...existing, spec: { ...existing.spec, podOffloadingStrategy: o.spec.podOffloadingStrategy, clusterSelector: o.spec.clusterSelector } };
  const updated = await http.request<KObj>('PUT', path, { body, query, signal: opts.signal });
  return { action: 'updated', object: updated };
}

export const settledPhases = ['Ready', 'NoClusterSelected', 'SomeFailed', 'AllFailed'];

export interface WaitOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (info: OffloadingInfo) => void;
  intervalMs?: number;
}

/** Follows the offloading until the controller has seen this generation and the phase has settled. */
export async function waitForOffloading(http: KubeHttp, namespace: string, o: WaitOptions = {}): Promise<OffloadingInfo> {
  const deadline = Date.now() + (o.timeoutMs ?? 20_000);
  const path = resourcePath(kinds.namespaceOffloading, namespace, offloadingName);
  let last: OffloadingInfo | undefined;
  while (!o.signal?.aborted) {
    const info = readOffloading(await http.request<KObj>('GET', path, { signal: o.signal }));
    if (!last || last.phase !== info.phase || last.observedGeneration !== info.observedGeneration) o.onProgress?.(info);
    last = info;
    const seen = info.observedGeneration === undefined || info.generation === undefined || info.observedGeneration >= info.generation;
    if (seen && settledPhases.includes(info.phase)) return info;
    if (Date.now() > deadline) throw new KubeError('slow', `${namespace}: still ${info.phase || 'without a phase'} after the timeout`);
    await delay(o.intervalMs ?? 100, o.signal);
  }
  throw new KubeError('aborted', 'cancelled');
}

/** Deletes the offloading (absent is fine) and waits until it is gone, as `liqoctl unoffload namespace` does. */
export async function unoffload(http: KubeHttp, namespace: string, o: WaitOptions & { dryRun?: boolean } = {}): Promise<void> {
  const path = resourcePath(kinds.namespaceOffloading, namespace, offloadingName);
  try {
    await http.request('DELETE', path, { query: { dryRun: o.dryRun ? 'All' : undefined }, signal: o.signal });
  } catch (e) {
    if (e instanceof KubeError && e.kind === 'notFound') return;
    throw e;
  }
  if (o.dryRun) return;
  const deadline = Date.now() + (o.timeoutMs ?? 120_000);
  while (!o.signal?.aborted) {
    try {
      const info = readOffloading(await http.request<KObj>('GET', path, { signal: o.signal }));
      o.onProgress?.(info);
    } catch (e) {
      if (e instanceof KubeError && e.kind === 'notFound') return;
      throw e;
    }
    if (Date.now() > deadline) throw new KubeError('slow', `${namespace}: the offloading is still there after the timeout`);
    await delay(o.intervalMs ?? 100, o.signal);
  }
  throw new KubeError('aborted', 'cancelled');
}
