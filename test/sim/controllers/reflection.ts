// Pod reflection (liqo.md §4.3): a consumer pod bound to a virtual node becomes a ShadowPod of the same name
// in the provider's twin namespace; the provider's shadowpod controller runs a Pod from it; the remote
// status flows back to the consumer pod.
import type { Cluster } from '../cluster.js';
import { providerOf, remoteNamespaceOf } from '../logProxy.js';
import { quotaName } from '../peering.js';
import { asArr, asObj, LIQO_TOLERATION, str } from '../objects.js';
import type { KObj } from '../store.js';
import { namespaceType, podType, shadowPodType, virtualNodeType } from '../typeRefs.js';
import type { World } from '../world.js';
import { recordEvent } from './events.js';
import { ownerRef, remove, setStatus, upsert } from './util.js';

type Obj = Record<string, unknown>;
const dropped = ['nodeName', 'nodeSelector', 'affinity', 'priorityClassName', 'schedulerName', 'resourceClaims', 'priority', 'preemptionPolicy', 'runtimeClassName'];

function remotePodSpec(pod: KObj, vn: KObj | undefined): Obj {
  const spec = structuredClone(asObj(pod.spec));
  const runtime = pod.metadata.annotations?.['liqo.io/remote-runtime-class-name'] || (spec.runtimeClassName !== 'liqo' ? spec.runtimeClassName : undefined);
  for (const k of dropped) delete spec[k];
  spec.automountServiceAccountToken = false;
  spec.hostNetwork = false; spec.hostPID = false; spec.hostIPC = false;
  const patch = asObj(asObj(vn?.spec).offloadingPatch);
  spec.tolerations = [...asArr(spec.tolerations).filter((t) => t.key !== LIQO_TOLERATION.key), ...asArr(patch.tolerations)];
  if (patch.nodeSelector) spec.nodeSelector = structuredClone(patch.nodeSelector);
  if (patch.affinity) spec.affinity = structuredClone(patch.affinity);
  const rc = runtime ?? (patch.runtimeClassName !== 'liqo' ? patch.runtimeClassName : undefined);
  if (rc) spec.runtimeClassName = rc;
  return spec;
}

/**
 * The last reflection failure of each consumer pod (by uid). A failure is retried on every pass, and recorded
 * only when it is new, so that a pod the provider keeps denying lets the clusters settle.
 */
const failures = new WeakMap<Cluster, Map<string, string>>();

/** Pod IPs are shown in the consumer's remapped range for the provider's pod CIDR. */
const remapIp = (ip: unknown): string | undefined => (typeof ip === 'string' && ip ? ip.replace(/^10\.244\./, '10.71.') : undefined);

function reflectConsumer(w: World, c: Cluster): void {
  for (const pod of [...c.store.peek(podType)]) {
    const remote = providerOf(w, c, pod);
    if (!remote) continue;
    const { provider, node } = remote;
    const ns = pod.metadata.namespace ?? '';
    const name = pod.metadata.name ?? '';
    const rns = remoteNamespaceOf(c, ns);
    if (!rns || pod.metadata.deletionTimestamp || !provider.store.peekOne(namespaceType, undefined, rns)) continue;
    // Read in place: a pass looks at every pod of the consumer and most need nothing. Copies only to write.
    let local = pod;
    if (local.metadata.labels?.['liqo.io/shadowPod'] !== 'true') {
      const labelled = structuredClone(pod);
      labelled.metadata.labels = { ...labelled.metadata.labels, 'liqo.io/shadowPod': 'true' };
      local = c.registry.update(podType, ns, name, labelled, { fieldManager: 'virtual-kubelet' });
    }
    let shadow = provider.store.peekOne(shadowPodType, rns, name);
    if (!shadow) {
      const vn = [...c.store.peek(virtualNodeType)].find((v) => v.metadata.name === node.metadata.name);
      // The virtual kubelet acts as its slice's identity, whose user name is also the name of the slice's Quota.
      const user = quotaName(vn?.metadata.labels?.['liqo.io/resourceslice-name'] ?? node.metadata.name ?? '', c.clusterID);
      const labels = { ...local.metadata.labels };
      delete labels['liqo.io/shadowPod'];
      try {
        shadow = provider.registry.create(shadowPodType, rns, {
          apiVersion: 'offloading.liqo.io/v1beta1', kind: 'ShadowPod',
          metadata: { name, namespace: rns, annotations: structuredClone(local.metadata.annotations),
            labels: { ...labels, 'offloading.liqo.io/origin': c.clusterID, 'offloading.liqo.io/destination': provider.clusterID, 'offloading.liqo.io/nodename': node.metadata.name ?? '', 'liqo.io/creator-user': user } },
          spec: { pod: remotePodSpec(local, vn) },
        }, { user, fieldManager: 'virtual-kubelet' });
      } catch (e) {
        const message = `Error while reflecting the pod to the remote cluster: ${(e as Error).message}`;
        const seen = failures.get(c) ?? new Map<string, string>();
        failures.set(c, seen);
        if (seen.get(local.metadata.uid ?? '') !== message) recordEvent(c, local, 'Warning', 'FailedReflection', message, 'virtual-kubelet');
        seen.set(local.metadata.uid ?? '', message);
        continue;
      }
      failures.get(c)?.delete(local.metadata.uid ?? '');
    }
    const rpod = provider.store.peekOne(podType, rns, name);
    if (!rpod) continue;
    // setStatus copies what it stores, so the provider's status is read, never changed, here.
    const rs = asObj(rpod.status);
    const hostIP = asArr(asObj(node.status).addresses).find((a) => a.type === 'InternalIP')?.address;
    const status: Obj = { ...rs, hostIP, hostIPs: hostIP ? [{ ip: hostIP }] : undefined };
    const podIP = remapIp(rs.podIP);
    if (podIP) { status.podIP = podIP; status.podIPs = [{ ip: podIP }]; }
    setStatus(c, podType, local, status);
  }
  // ShadowPods whose consumer pod is gone are deleted with their provider pod.
  for (const p of w.peerings.filter((x) => x.consumer === c)) {
    for (const sp of [...p.provider.store.peek(shadowPodType)]) {
      if (sp.metadata.labels?.['offloading.liqo.io/origin'] !== c.clusterID) continue;
      const localNs = p.provider.store.peekOne(namespaceType, undefined, sp.metadata.namespace ?? '')?.metadata.annotations?.['liqo.io/original-name'];
      const local = localNs ? c.store.peekOne(podType, localNs, sp.metadata.name ?? '') : undefined;
      if (!local || local.metadata.deletionTimestamp || str(asObj(local.spec).nodeName) !== sp.metadata.labels['offloading.liqo.io/nodename']) remove(p.provider, shadowPodType, sp);
    }
  }
}

function runShadowPods(c: Cluster): void {
  for (const sp of [...c.store.peek(shadowPodType)]) {
    if (sp.metadata.deletionTimestamp) continue;
    const ns = sp.metadata.namespace;
    const name = sp.metadata.name ?? '';
    let pod = c.store.peekOne(podType, ns, name);
    if (!pod) {
      try {
        pod = upsert(c, podType, {
          apiVersion: 'v1', kind: 'Pod',
          metadata: { name, namespace: ns, labels: { ...sp.metadata.labels, 'liqo.io/managed-by': 'shadowpod' }, annotations: sp.metadata.annotations, ownerReferences: [ownerRef(sp)] },
          spec: structuredClone(asObj(asObj(sp.spec).pod)),
        }, []);
      } catch { continue; }
    }
    setStatus(c, shadowPodType, sp, { phase: str(asObj(pod.status).phase) || 'Pending' });
  }
}

export function reflectionController(w: World): void {
  for (const c of w.active()) reflectConsumer(w, c);
  for (const c of w.active()) runShadowPods(c);
}
