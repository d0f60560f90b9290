// The NamespaceOffloading controller (liqo.md §1.3, §3.1, §4.2): cluster selection over the virtual nodes,
// twin namespaces on the selected providers, NamespaceMap mappings, the scheduling label, status and finalizer.
import type { Cluster } from '../cluster.js';
import { asObj, condition, str } from '../objects.js';
import { matchNodeSelectorTerms } from '../selectors.js';
import type { KObj } from '../store.js';
import { namespaceMapType, namespaceOffloadingType, namespaceType, nodeType, podType, virtualNodeType } from '../typeRefs.js';
import type { World } from '../world.js';
import { remove, setStatus, upsert } from './util.js';

export const NSOFF_FINALIZER = 'namespaceoffloading-controller.liqo.io/finalizer';
type Obj = Record<string, unknown>;

export function remoteName(off: KObj, consumerID: string): string {
  const spec = asObj(off.spec);
  const ns = off.metadata.namespace ?? '';
  if (spec.namespaceMappingStrategy === 'EnforceSameName') return ns;
  if (spec.namespaceMappingStrategy === 'SelectedName') return str(spec.remoteNamespaceName);
  return `${ns}-${consumerID}`;
}

/** Provider cluster IDs with a virtual node, and the labels the cluster selector is evaluated against. */
function virtualClusters(c: Cluster): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const vn of c.store.peek(virtualNodeType)) {
    const spec = asObj(vn.spec);
    const id = str(spec.clusterID);
    if (!id) continue;
    const node = c.store.get(nodeType, undefined, vn.metadata.name ?? '');
    const labels = node?.metadata.labels ?? { ...(asObj(spec.labels) as Record<string, string>), 'liqo.io/remote-cluster-id': id, 'storage.liqo.io/available': 'false' };
    const prev = out.get(id);
    out.set(id, prev ? { ...labels, ...prev } : labels);
  }
  return out;
}

function twinManaged(twin: KObj | undefined, c: Cluster, localNs: string): boolean {
  return !!twin && twin.metadata.labels?.['liqo.io/remote-cluster-id'] === c.clusterID && twin.metadata.annotations?.['liqo.io/original-name'] === localNs;
}

function setMapping(c: Cluster, providerID: string, localNs: string, remote: string | undefined): void {
  const nm = [...c.store.peek(namespaceMapType)].find((m) => m.metadata.name === providerID && m.metadata.namespace === `liqo-tenant-${providerID}`);
  if (!nm) return;
  const desired = { ...(asObj(asObj(nm.spec).desiredMapping) as Record<string, string>) };
  const current = { ...asObj(asObj(nm.status).currentMapping) };
  if (remote) { desired[localNs] = remote; current[localNs] = { remoteNamespace: remote, phase: 'Accepted' }; } else { delete desired[localNs]; delete current[localNs]; }
  const next = upsert(c, namespaceMapType, { ...structuredClone(nm), spec: { ...asObj(nm.spec), desiredMapping: desired } }, ['spec']);
  setStatus(c, namespaceMapType, next, { ...asObj(nm.status), currentMapping: current });
}

function setSchedulingLabel(c: Cluster, nsName: string, on: boolean): void {
  const ns = c.store.get(namespaceType, undefined, nsName);
  if (!ns || ns.metadata.deletionTimestamp) return;
  const has = ns.metadata.labels?.['liqo.io/scheduling-enabled'] === 'true';
  if (has === on) return;
  const labels = { ...ns.metadata.labels };
  if (on) labels['liqo.io/scheduling-enabled'] = 'true'; else delete labels['liqo.io/scheduling-enabled'];
  c.registry.update(namespaceType, undefined, nsName, { ...ns, metadata: { ...ns.metadata, labels } });
}

/** Pods the virtual kubelet ran for a namespace that is no longer offloaded are evicted. */
function evictVirtualPods(c: Cluster, nsName: string, providerID?: string, keepRuntimeClass = false): void {
  for (const p of [...c.store.peek(podType)]) {
    if (p.metadata.namespace !== nsName) continue;
    if (keepRuntimeClass && asObj(p.spec).runtimeClassName === 'liqo') continue;
    const node = c.store.get(nodeType, undefined, str(asObj(p.spec).nodeName));
    const id = node?.metadata.labels?.['liqo.io/type'] === 'virtual-node' ? node.metadata.labels['liqo.io/remote-cluster-id'] : undefined;
    if (id && (!providerID || id === providerID)) remove(c, podType, p);
  }
}

function reconcile(w: World, c: Cluster, off: KObj): void {
  const localNs = off.metadata.namespace ?? '';
  const providers = w.peerings.filter((p) => p.consumer === c).map((p) => p.provider);
  const remote = remoteName(off, c.clusterID);
  const spec = asObj(off.spec);

  if (off.metadata.deletionTimestamp) {
    let pending = 0;
    for (const p of providers) {
      const twin = p.store.get(namespaceType, undefined, remote);
      if (twinManaged(twin, c, localNs)) { pending++; if (!twin?.metadata.deletionTimestamp) remove(p, namespaceType, twin as KObj); }
      setMapping(c, p.clusterID, localNs, undefined);
    }
    setSchedulingLabel(c, localNs, false);
    evictVirtualPods(c, localNs);
    if (pending === 0) {
      const fin = (off.metadata.finalizers ?? []).filter((f) => f !== NSOFF_FINALIZER);
      c.registry.update(namespaceOffloadingType, localNs, 'offloading', { ...off, metadata: { ...off.metadata, finalizers: fin } });
    } else {
      setStatus(c, namespaceOffloadingType, off, { ...asObj(off.status), offloadingPhase: 'Terminating' });
    }
    return;
  }
  if (!(off.metadata.finalizers ?? []).includes(NSOFF_FINALIZER)) {
    off = c.registry.update(namespaceOffloadingType, localNs, 'offloading', { ...off, metadata: { ...off.metadata, finalizers: [...(off.metadata.finalizers ?? []), NSOFF_FINALIZER] } });
  }
  const labelsById = virtualClusters(c);
  const conditions: Record<string, Obj[]> = {};
  let selected = 0;
  let ready = 0;
  let failed = 0;
  for (const p of providers) {
    const labels = labelsById.get(p.clusterID);
    if (!labels) continue;
    const twin = p.store.get(namespaceType, undefined, remote);
    if (!matchNodeSelectorTerms(asObj(spec.clusterSelector).nodeSelectorTerms, labels)) {
      if (twinManaged(twin, c, localNs) && !twin?.metadata.deletionTimestamp) remove(p, namespaceType, twin as KObj);
      setMapping(c, p.clusterID, localNs, undefined);
      evictVirtualPods(c, localNs, p.clusterID);
      conditions[p.clusterID] = [condition('OffloadingRequired', 'False', 'ClusterNotSelected', 'You have not selected this cluster through ClusterSelector fields')];
      continue;
    }
    selected++;
    const required = condition('OffloadingRequired', 'True', 'ClusterSelected', 'You have selected this cluster through ClusterSelector fields');
    const validName = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(remote) && remote.length <= 63;
    if (!validName || (twin && !twinManaged(twin, c, localNs))) {
      failed++;
      conditions[p.clusterID] = [required, condition('Ready', 'False', 'CreationLoopBackOff', `the remote namespace ${remote} cannot be created: it already exists or its name is not valid`)];
      continue;
    }
    if (twin?.metadata.deletionTimestamp) {
      conditions[p.clusterID] = [required, condition('Ready', 'False', 'Terminating', 'the remote namespace is being deleted')];
      continue;
    }
    if (!twin) {
      p.registry.create(namespaceType, undefined, {
        apiVersion: 'v1', kind: 'Namespace',
        metadata: { name: remote, labels: { 'liqo.io/remote-cluster-id': c.clusterID },
          annotations: { 'liqo.io/managed-by-namespace-map': `liqo-tenant-${c.clusterID}/${p.clusterID}`, 'liqo.io/original-name': localNs } },
      });
    }
    setMapping(c, p.clusterID, localNs, remote);
    ready++;
    conditions[p.clusterID] = [required, condition('Ready', 'True', 'NamespaceCreated', 'Namespace correctly offloaded on this cluster')];
  }
  const strategy = (str(spec.podOffloadingStrategy) || 'LocalAndRemote');
  setSchedulingLabel(c, localNs, strategy !== 'Local');
  if (strategy === 'Local') evictVirtualPods(c, localNs, undefined, true);
  const phase = selected === 0 ? 'NoClusterSelected' : ready === selected ? 'Ready' : failed === selected ? 'AllFailed' : failed > 0 ? 'SomeFailed' : 'InProgress';
  setStatus(c, namespaceOffloadingType, off, { observedGeneration: off.metadata.generation, remoteNamespaceName: remote, offloadingPhase: phase, remoteNamespacesConditions: conditions });
}

export function offloadingController(w: World): void {
  for (const c of w.active()) {
    for (const off of [...c.store.peek(namespaceOffloadingType)]) {
      if (off.metadata.name !== 'offloading') continue;
      reconcile(w, c, structuredClone(off));
    }
  }
}

/** The pod offloading strategy of `ns` when it is offloaded to `providerID` (twin namespace ready), else undefined. */
export function offloadedTo(c: Cluster, ns: string, providerID: string): string | undefined {
  const off = c.store.get(namespaceOffloadingType, ns, 'offloading');
  if (!off || off.metadata.deletionTimestamp) return undefined;
  const conds = asObj(asObj(off.status).remoteNamespacesConditions)[providerID];
  const ready = Array.isArray(conds) && (conds as Obj[]).some((x) => x.type === 'Ready' && x.status === 'True');
  return ready ? (str(asObj(off.spec).podOffloadingStrategy) || 'LocalAndRemote') : undefined;
}
