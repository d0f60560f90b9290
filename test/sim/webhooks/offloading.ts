// nsoff.validate.liqo.io and pod.mutate.liqo.io (liqo.md §2).
import type { Cluster } from '../cluster.js';
import { ApiError, denied } from '../errors.js';
import { asArr, asObj, LIQO_TOLERATION, str } from '../objects.js';
import type { Admission } from '../registry.js';
import type { KObj } from '../store.js';
import { namespaceOffloadingType, namespaceType } from '../typeRefs.js';

type Obj = Record<string, unknown>;
const skip = (o: KObj): boolean => o.metadata.labels?.['liqo.io/webhook-skip'] === 'true';

export const validateNamespaceOffloading: Admission = (req) => {
  if (req.t !== namespaceOffloadingType || req.op === 'DELETE' || req.subresource === 'status' || skip(req.obj)) return;
  const hook = 'nsoff.validate.liqo.io';
  if (req.obj.metadata.name !== 'offloading') throw denied(hook, 'NamespaceOffloading name must match offloading');
  const spec = asObj(req.obj.spec);
  const strategy = spec.namespaceMappingStrategy ?? 'DefaultName';
  if (req.op === 'CREATE' && strategy === 'SelectedName' && !spec.remoteNamespaceName) {
    throw denied(hook, 'The RemoteNamespaceName value cannot be empty when using the SelectedName NamespaceMappingStrategy');
  }
  if (req.op === 'UPDATE' && req.old) {
    const old = asObj(req.old.spec);
    if ((old.namespaceMappingStrategy ?? 'DefaultName') !== strategy) throw denied(hook, 'The NamespaceMappingStrategy value cannot be modified after creation');
    if ((old.remoteNamespaceName ?? '') !== (spec.remoteNamespaceName ?? '')) throw denied(hook, 'The RemoteNamespaceName value cannot be modified after creation');
  }
};

const virtualNodeReq = (op: 'In' | 'NotIn'): Obj => ({ key: 'liqo.io/type', operator: op, values: ['virtual-node'] });

function terms(selector: unknown): Obj[] {
  return asArr(asObj(selector).nodeSelectorTerms).map((t) => structuredClone(t));
}

/** The required node affinity the webhook forces for each pod offloading strategy. */
function forcedTerms(strategy: string, selector: unknown): Obj[] | undefined {
  const sel = terms(selector);
  if (strategy === 'Remote') {
    const base = sel.length ? sel : [{}];
    return base.map((t) => ({ ...t, matchExpressions: [...asArr(t.matchExpressions), virtualNodeReq('In')] }));
  }
  if (strategy === 'LocalAndRemote' && sel.length) return [...sel, { matchExpressions: [virtualNodeReq('NotIn')] }];
  return undefined;
}

export function podMutator(c: Cluster): Admission {
  return (req) => {
    if (req.t.kind !== 'Pod' || req.t.group !== '' || req.op !== 'CREATE') return;
    const ns = c.store.get(namespaceType, undefined, req.obj.metadata.namespace ?? '');
    if (ns?.metadata.labels?.['liqo.io/scheduling-enabled'] !== 'true') return;
    const off = c.store.get(namespaceOffloadingType, ns.metadata.name, 'offloading');
    if (!off) throw new ApiError(500, 'InternalError', 'Internal error occurred: admission webhook "pod.mutate.liqo.io" denied the request: failed retrieving NamespaceOffloading');
    const spec = asObj(off.spec);
    const strategy = (str(spec.podOffloadingStrategy) || 'LocalAndRemote');
    const pod = asObj(req.obj.spec);
    if (strategy === 'Local' || pod.runtimeClassName === 'liqo') return;
    const tolerations = asArr(pod.tolerations);
    if (!tolerations.some((t) => t.key === LIQO_TOLERATION.key && t.operator === 'Exists')) pod.tolerations = [...tolerations, { ...LIQO_TOLERATION }];
    const forced = forcedTerms(strategy, spec.clusterSelector);
    if (!forced) return;
    const affinity = asObj(pod.affinity);
    const nodeAffinity = asObj(affinity.nodeAffinity);
    const required = asObj(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution);
    const existing = asArr(required.nodeSelectorTerms);
    // Both the pod's own terms and the forced ones must hold: AND every pair of terms.
    const merged = existing.length
      ? existing.flatMap((e) => forced.map((f) => ({ matchExpressions: [...asArr(e.matchExpressions), ...asArr(f.matchExpressions)] })))
      : forced;
    pod.affinity = { ...affinity, nodeAffinity: { ...nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: merged } } };
    req.obj.spec = pod;
  };
}
