// ResourceSlices (liqo.md §1.2): a local slice is completed, replicated to its provider, accepted there with
// the default class (defaults overlaid by the request, no capacity check), backed by a Quota, mirrored back,
// and turned into a VirtualNode when liqo.io/create-virtual-node is truthy.
import type { Cluster } from '../cluster.js';
import { asArr, asObj, condition, str } from '../objects.js';
import { quotaName, tenantNs } from '../peering.js';
import type { KObj } from '../store.js';
import { deploymentType, identityType, quotaType, resourceSliceType, virtualNodeType } from '../typeRefs.js';
import type { World } from '../world.js';
import { ownerRef, remove, setStatus, stable, upsert } from './util.js';

const DEFAULT_RESOURCES = { cpu: '4', memory: '8Gi', pods: '110', 'ephemeral-storage': '20Gi' };
const truthy = (v: string | undefined): boolean => !!v && v.toLowerCase() !== 'false';

/** A slice the provider (or its Tenant) cordons gets a cordoned Quota: its webhook then denies every new ShadowPod. */
function cordoned(replica: KObj): boolean {
  const on = (v: string | undefined): boolean => v !== undefined && !['false', 'False', '0'].includes(v);
  return on(replica.metadata.annotations?.['liqo.io/cordon']) || on(replica.metadata.annotations?.['liqo.io/cordon-tenant']);
}

/** The provider controller manager's --default-limits-enforcement, which every Quota it makes gets (the chart passes None). */
function defaultLimitsEnforcement(provider: Cluster): string {
  const dep = provider.store.peekOne(deploymentType, 'liqo', 'liqo-controller-manager');
  const args: unknown[] = asArr(asObj(asObj(asObj(dep?.spec).template).spec).containers)[0]?.args as unknown[] ?? [];
  const flag = args.find((a): a is string => typeof a === 'string' && a.startsWith('--default-limits-enforcement='));
  return flag ? flag.slice('--default-limits-enforcement='.length) : 'None';
}

function reconcileSlice(w: World, c: Cluster, rs: KObj): void {
  const labels = rs.metadata.labels ?? {};
  const P = labels['liqo.io/remoteID'];
  const provider = [...w.clusters.values()].find((x) => x.clusterID === P);
  if (!provider || rs.metadata.deletionTimestamp) return;
  const spec = asObj(rs.spec);
  const ns = rs.metadata.namespace ?? '';
  const name = rs.metadata.name ?? '';
  if (spec.consumerClusterID !== c.clusterID || spec.providerClusterID !== P) {
    rs = c.registry.update(resourceSliceType, ns, name, { ...rs, spec: { ...spec, consumerClusterID: c.clusterID, providerClusterID: P } });
  }
  const full = asObj(rs.spec);
  const cls = str(full.class);
  const accepted = cls === '' || cls === 'default';
  const granted = { ...DEFAULT_RESOURCES, ...(asObj(full.resources) as Record<string, string>) };
  const status = {
    conditions: [
      condition('Authentication', 'Accepted', 'ResourceSliceAuthenticationAccepted', 'ResourceSlice authentication accepted'),
      accepted ? condition('Resources', 'Accepted', 'ResourceSliceResourcesAccepted', 'ResourceSlice resources accepted')
        : condition('Resources', 'Denied', 'ResourceSliceResourcesDenied', `no controller handles the ResourceSlice class ${cls}`),
    ],
    ...(accepted ? { resources: granted } : {}),
    authParams: { apiServer: provider.url },
  };
  const replica = upsert(provider, resourceSliceType, {
    apiVersion: 'authentication.liqo.io/v1beta1', kind: 'ResourceSlice',
    metadata: { name, namespace: tenantNs(c.clusterID), labels: { 'liqo.io/replication': 'false', 'liqo.io/replicated': 'true', 'liqo.io/originID': c.clusterID, 'liqo.io/remote-cluster-id': c.clusterID } },
    spec: full, status,
  });
  if (accepted) {
    const q = quotaName(name, c.clusterID);
    upsert(provider, quotaType, { apiVersion: 'offloading.liqo.io/v1beta1', kind: 'Quota',
      metadata: { name: q, namespace: tenantNs(c.clusterID), ownerReferences: [ownerRef(replica)] },
      spec: { user: q, limitsEnforcement: defaultLimitsEnforcement(provider), resources: granted, ...(cordoned(replica) ? { cordoned: true } : {}) } });
  }
  rs = setStatus(c, resourceSliceType, rs, status);
  upsert(c, identityType, { apiVersion: 'authentication.liqo.io/v1beta1', kind: 'Identity',
    metadata: { name: `resourceslice-${name}`, namespace: ns, labels: { 'liqo.io/remote-cluster-id': P, 'liqo.io/identity-type': 'ResourceSlice', 'liqo.io/resourceslice-name': name } },
    spec: { clusterID: P, type: 'ResourceSlice', namespace: tenantNs(c.clusterID), authParams: { apiServer: provider.url } },
    status: { kubeconfigSecretRef: { name: `kubeconfig-resourceslice-${name}` } } }, ['spec']);
  if (!accepted || !truthy(rs.metadata.annotations?.['liqo.io/create-virtual-node'])) return;
  const vn = c.store.get(virtualNodeType, ns, name);
  if (!vn) {
    c.registry.create(virtualNodeType, ns, {
      apiVersion: 'offloading.liqo.io/v1beta1', kind: 'VirtualNode',
      metadata: { name, namespace: ns, labels: { 'liqo.io/remote-cluster-id': P, 'liqo.io/resourceslice-name': name }, ownerReferences: [ownerRef(rs)] },
      spec: { clusterID: P, createNode: true, disableNetworkCheck: false, kubeconfigSecretRef: { name: `kubeconfig-resourceslice-${name}` },
        vkOptionsTemplateRef: { name: 'virtual-kubelet-default', namespace: 'liqo' }, resourceQuota: { hard: granted }, labels: { 'liqo.io/provider': 'kubeadm' }, offloadingPatch: {} },
    });
  } else if (stable(asObj(asObj(vn.spec).resourceQuota).hard) !== stable(granted)) {
    c.registry.update(virtualNodeType, ns, name, { ...vn, spec: { ...asObj(vn.spec), resourceQuota: { hard: granted } } });
  }
}

export function sliceController(w: World): void {
  for (const c of w.active()) {
    const local = new Set<string>();
    for (const rs of [...c.store.peek(resourceSliceType)]) {
      const l = rs.metadata.labels ?? {};
      if (l['liqo.io/replication'] !== 'true' || !l['liqo.io/remoteID']) continue;
      local.add(`${l['liqo.io/remoteID']}/${rs.metadata.name ?? ''}`);
      reconcileSlice(w, c, structuredClone(rs));
    }
    // Replicas whose origin slice is gone are removed on the provider (their Quota goes with them).
    for (const p of w.peerings.filter((x) => x.consumer === c)) {
      for (const r of [...p.provider.store.peek(resourceSliceType)]) {
        if (r.metadata.labels?.['liqo.io/originID'] === c.clusterID && !local.has(`${p.provider.clusterID}/${r.metadata.name ?? ''}`)) remove(p.provider, resourceSliceType, r);
      }
    }
  }
}
