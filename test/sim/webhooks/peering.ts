// Webhooks on peering objects: resourceslice.validate, fc.mutate and tenant mutate/validate (liqo.md §2).
import type { Cluster } from '../cluster.js';
import { ApiError, denied } from '../errors.js';
import { asObj } from '../objects.js';
import type { Admission } from '../registry.js';
import { foreignClusterType, namespaceType, resourceSliceType, tenantType } from '../typeRefs.js';

export function resourceSliceValidator(c: Cluster): Admission {
  return (req) => {
    if (req.t !== resourceSliceType || req.op !== 'CREATE') return;
    if (req.obj.metadata.labels?.['liqo.io/replicated'] === 'true') return;
    const name = req.obj.metadata.name;
    const dup = [...c.store.peek(resourceSliceType)].find((r) => r.metadata.name === name && r.metadata.labels?.['liqo.io/replication'] === 'true');
    if (dup) throw denied('resourceslice.validate.liqo.io', `ResourceSlice ${name ?? ''} already exists in namespace ${dup.metadata.namespace ?? ''}: ResourceSlice names must be unique among the local ResourceSlices`);
  };
}

export const foreignClusterMutator: Admission = (req) => {
  if (req.t !== foreignClusterType || req.op === 'DELETE' || req.obj.metadata.labels?.['liqo.io/webhook-skip'] === 'true') return;
  const id = asObj(req.obj.spec).clusterID;
  if (typeof id === 'string' && id) req.obj.metadata.labels = { ...req.obj.metadata.labels, 'liqo.io/remote-cluster-id': id };
};

export function tenantHooks(c: Cluster): Admission {
  return (req) => {
    if (req.t !== tenantType || req.op === 'DELETE' || req.subresource === 'status' || req.obj.metadata.labels?.['liqo.io/webhook-skip'] === 'true') return;
    const id = asObj(req.obj.spec).clusterID;
    if (typeof id === 'string' && id && !req.obj.metadata.labels?.['liqo.io/remote-cluster-id']) {
      req.obj.metadata.labels = { ...req.obj.metadata.labels, 'liqo.io/remote-cluster-id': id };
    }
    const ns = c.store.get(namespaceType, undefined, req.obj.metadata.namespace ?? '');
    if (ns?.metadata.labels?.['liqo.io/tenant-namespace'] !== 'true') {
      throw new ApiError(400, 'BadRequest', 'admission webhook "tenant.validate.liqo.io" denied the request: Tenant must be created in a tenant namespace');
    }
    if (req.obj.metadata.labels?.['liqo.io/remote-cluster-id'] !== id) throw denied('tenant.validate.liqo.io', 'the liqo.io/remote-cluster-id label must match spec.clusterID');
    if (ns.metadata.labels['liqo.io/remote-cluster-id'] !== id) throw denied('tenant.validate.liqo.io', 'spec.clusterID must match the cluster ID of the tenant namespace');
  };
}
