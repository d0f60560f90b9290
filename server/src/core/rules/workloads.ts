// Rules for pods and pod templates: GPU and other extended resources, hugepages, node affinity, and where the
// pod spec sits.
import { setPathEdit, type Path } from '../ast';
import { diag } from './codes';
import { at, get, isObj, obj, type DocContext } from '../docContext';
import { checkQuantities } from './peering';
import { checkNodeAffinity } from './selectors';
import { isExtendedResource, quantityValue } from '../../liqo/quantity';
import type { RawDiagnostic } from '../types';

/** Where the pod spec sits in each workload kind, by `apiVersion kind`. */
export const podSpecPaths: Record<string, Path> = {
  'v1 Pod': ['spec'],
  'apps/v1 Deployment': ['spec', 'template', 'spec'],
  'apps/v1 StatefulSet': ['spec', 'template', 'spec'],
  'apps/v1 DaemonSet': ['spec', 'template', 'spec'],
  'apps/v1 ReplicaSet': ['spec', 'template', 'spec'],
  'batch/v1 Job': ['spec', 'template', 'spec'],
  'batch/v1 CronJob': ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

export function podSpecPath(apiVersion: string | undefined, kind: string | undefined): Path | undefined {
  return podSpecPaths[`${apiVersion} ${kind}`];
}

function sameQuantity(a: unknown, b: unknown): boolean {
  const x = quantityValue(a);
  const y = quantityValue(b);
  return x !== undefined && y !== undefined && Math.abs(x - y) < 1e-9;
}

/** Hugepages (`hugepages-2Mi`, `hugepages-1Gi`) are native resources that Kubernetes does not overcommit either. */
function isHugePages(name: string): boolean {
  return name.startsWith('hugepages-');
}

/**
 * LIQO201/202: Kubernetes refuses a container whose request of a resource it does not overcommit (extended
 * resources such as GPUs, and hugepages) differs from its limit or has none (the API server's container resource
 * validation). LIQO113: the pod's node affinity.
 */
export function checkWorkload(ctx: DocContext, specPath: Path): RawDiagnostic[] {
  const out: RawDiagnostic[] = checkNodeAffinity(ctx, [...specPath, 'affinity', 'nodeAffinity'], 'pod');
  for (const list of ['initContainers', 'containers']) {
    const containers = get(ctx.value, [...specPath, list]);
    if (!Array.isArray(containers)) continue;
    containers.forEach((c, i) => {
      if (!isObj(c)) return;
      const base: Path = [...specPath, list, i, 'resources'];
      const requests = obj(ctx.value, [...base, 'requests']) ?? {};
      const limits = obj(ctx.value, [...base, 'limits']) ?? {};
      out.push(...checkQuantities(ctx, [...base, 'requests']), ...checkQuantities(ctx, [...base, 'limits']));
      const name = typeof c.name === 'string' ? c.name : `#${i + 1}`;
      for (const [res, req] of Object.entries(requests)) {
        if (!isExtendedResource(res) && !isHugePages(res)) continue;
        if (limits[res] !== undefined && sameQuantity(req, limits[res])) continue;
        const reqRange = at(ctx, [...base, 'requests', res]);
        const reqText = ctx.text.slice(reqRange[0], reqRange[1]);
        if (limits[res] === undefined) {
          const edit = setPathEdit(ctx.doc, [...base, 'limits', res], typeof req === 'number' ? req : String(req));
          out.push(diag('gpuLimitMissing', reqRange[0], reqRange[1],
            `Container ${name} requests ${res} without a limit. Kubernetes needs ${isHugePages(res) ? 'hugepages' : 'extended resources such as GPUs'} in limits (requests may be left out and then equal the limits).`,
            edit ? [{ title: `Add limits.${res}: ${reqText}`, edits: [edit], preferred: true }] : undefined));
        } else {
          const r = at(ctx, [...base, 'limits', res]);
          out.push(diag('gpuRequestLimit', r[0], r[1],
            `Container ${name}: limits.${res} (${JSON.stringify(limits[res])}) must equal requests.${res} (${JSON.stringify(req)}); Kubernetes does not overcommit ${isHugePages(res) ? 'hugepages' : 'extended resources such as GPUs'}.`,
            [{ title: `Make limits.${res} equal the request (${reqText})`, edits: [{ start: r[0], end: r[1], newText: reqText }], preferred: true }]));
        }
      }
    });
  }
  return out;
}

/** Keys of a pod spec that do not reach the provider when the pod is offloaded. */
export function placementKeys(ctx: DocContext, specPath: Path): { key: string; range(): [number, number] }[] {
  const spec = obj(ctx.value, specPath);
  if (!spec) return [];
  return ['nodeSelector', 'affinity']
    .filter((k) => spec[k] !== undefined && spec[k] !== null)
    .map((key) => ({ key, range: () => at(ctx, [...specPath, key]) }));
}

/** What one pod of a workload needs of an extended resource such as `nvidia.com/gpu`, and where that is written. */
export interface ExtendedDemand {
  resource: string;
  amount: number;
  range: () => [number, number];
}

/**
 * The extended resources one pod needs: the sum over its containers, or the largest init container if that is
 * more (init containers run one at a time). A container's limit counts where its request is left out.
 */
export function extendedDemand(ctx: DocContext, specPath: Path): ExtendedDemand[] {
  const sums = new Map<string, ExtendedDemand>();
  const inits = new Map<string, ExtendedDemand>();
  for (const list of ['containers', 'initContainers']) {
    const containers = get(ctx.value, [...specPath, list]);
    if (!Array.isArray(containers)) continue;
    containers.forEach((_, i) => {
      const base: Path = [...specPath, list, i, 'resources'];
      const requests = obj(ctx.value, [...base, 'requests']) ?? {};
      const limits = obj(ctx.value, [...base, 'limits']) ?? {};
      for (const res of new Set([...Object.keys(requests), ...Object.keys(limits)])) {
        if (!isExtendedResource(res) || /^(requests|limits)\./.test(res)) continue;
        const where = requests[res] !== undefined ? 'requests' : 'limits';
        const amount = quantityValue(requests[res] ?? limits[res]);
        if (amount === undefined || amount <= 0) continue;
        const range = (): [number, number] => at(ctx, [...base, where, res]);
        if (list === 'containers') {
          const prev = sums.get(res);
          sums.set(res, { resource: res, amount: (prev?.amount ?? 0) + amount, range: prev?.range ?? range });
        } else if (amount > (inits.get(res)?.amount ?? 0)) {
          inits.set(res, { resource: res, amount, range });
        }
      }
    });
  }
  for (const [res, d] of inits) {
    if (d.amount > (sums.get(res)?.amount ?? 0)) sums.set(res, d);
  }
  return [...sums.values()];
}

/** The pod's `runtimeClassName`, if set, with its range. */
export function runtimeClass(ctx: DocContext, specPath: Path): { name: string; range(): [number, number] } | undefined {
  const name = get(ctx.value, [...specPath, 'runtimeClassName']);
  return typeof name === 'string' && name ? { name, range: () => at(ctx, [...specPath, 'runtimeClassName']) } : undefined;
}
