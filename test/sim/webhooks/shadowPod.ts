// shadowpod.validate.liqo.io on a provider (liqo.md §2; pkg/webhooks/shadowpod/webhook.go, spdescription.go,
// peeringinfo.go): the origin label must name the cluster the twin namespace belongs to, and, when the webhook
// enforces Quotas, the ShadowPod's creator needs a Quota that is not cordoned and that its pod fits, under the
// Quota's limitsEnforcement. Quota usage across ShadowPods is not tracked: the virtual node's capacity, which
// the scheduler checks, equals the Quota in every simulated peering.
import type { Cluster } from '../cluster.js';
import { quantity } from '../controllers/scheduler.js';
import { denied } from '../errors.js';
import { asArr, asObj, str } from '../objects.js';
import type { Admission } from '../registry.js';
import { deploymentType, namespaceType, quotaType, shadowPodType } from '../typeRefs.js';

type Obj = Record<string, unknown>;
const hook = 'shadowpod.validate.liqo.io';

/** Whether the cluster's Liqo webhook runs with --enable-resource-enforcement, as the chart sets it by default. */
function enforcesQuotas(c: Cluster): boolean {
  const dep = c.store.peekOne(deploymentType, 'liqo', 'liqo-webhook');
  const ctr = asArr(asObj(asObj(asObj(dep?.spec).template).spec).containers)[0];
  const args: unknown[] = Array.isArray(ctr?.args) ? ctr.args : [];
  return args.some((a) => a === '--enable-resource-enforcement' || a === '--enable-resource-enforcement=true');
}

/** Liqo's EscapeLabel: what the creator label holds for a user name. */
const escapeLabel = (s: string): string => s.replace(/[^\w\-.]/g, '-');

/** Why Liqo denies the pod under this enforcement and these Quota resources, or undefined. */
export function quotaProblem(pod: Obj, enforcement: string, resources: Obj): string | undefined {
  const sum: Record<string, number> = {};
  const init: Record<string, number> = {};
  for (const [list, what] of [['containers', 'container'], ['initContainers', 'initContainer']] as const) {
    for (const ctr of asArr(pod[list])) {
      const r = asObj(ctr.resources);
      const requests = asObj(r.requests);
      const limits = asObj(r.limits);
      for (const [key, v] of Object.entries(requests)) {
        const q = quantity(v);
        if (list === 'containers') sum[key] = (sum[key] ?? 0) + q;
        else init[key] = Math.max(init[key] ?? 0, q);
        if (enforcement === 'Hard' && quantity(limits[key]) !== q) return `${key} limits and requests are not equal for container ${str(ctr.name)}`;
      }
      if (enforcement !== 'None' && (requests.cpu === undefined || requests.memory === undefined)) return `CPU and/or memory requests not set for ${what} ${str(ctr.name)}`;
    }
  }
  for (const key of new Set([...Object.keys(sum), ...Object.keys(init)])) {
    if (resources[key] === undefined) return `${key} quota limit not found for this peering`;
  }
  return undefined;
}

export function shadowPodValidator(c: Cluster): Admission {
  return (req) => {
    if (req.t !== shadowPodType || req.op === 'DELETE' || req.subresource === 'status') return;
    const origin = req.obj.metadata.labels?.['offloading.liqo.io/origin'];
    const ns = c.store.get(namespaceType, undefined, req.obj.metadata.namespace ?? '');
    if (!origin || origin !== ns?.metadata.labels?.['liqo.io/remote-cluster-id']) {
      throw denied(hook, 'the offloading.liqo.io/origin label is missing or does not match the cluster the namespace belongs to');
    }
    if (req.op !== 'CREATE' || !enforcesQuotas(c)) return;
    const creator = req.obj.metadata.labels?.['liqo.io/creator-user'];
    if (!creator) throw denied(hook, 'missing creator label');
    const quota = [...c.store.peek(quotaType)].find((q) => escapeLabel(str(asObj(q.spec).user)) === creator);
    if (!quota) throw denied(hook, 'failed getting quota');
    const spec = asObj(quota.spec);
    if (spec.cordoned === true) throw denied(hook, 'user is cordoned');
    const problem = quotaProblem(asObj(asObj(req.obj.spec).pod), str(spec.limitsEnforcement), asObj(spec.resources));
    if (problem) throw denied(hook, problem);
  };
}
