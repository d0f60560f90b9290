// Rules that hold an offloaded pod against what admits it where it runs, from the cluster facts:
// - the provider's Quota for this consumer, which Liqo's ShadowPod webhook enforces on every pod offloaded there
//   (pkg/webhooks/shadowpod/spdescription.go for requests and limits, peeringinfo.go for the resources it lists);
// - the runtime class the pod gets on the provider (pkg/virtualKubelet/forge/pods.go, RuntimeClassNameMutator),
//   and the one it names on the consumer, which Kubernetes' RuntimeClass admission looks up there.
// A provider counts only if the pod could be scheduled to it: a virtual node of that provider in a cluster that
// offloads the pod's namespace (to that provider, when the facts say where), with room for what the pod requests.
import type { ClusterFacts, FactsCluster, FactsOffloading, FactsQuota, FactsVirtualNode } from '../../liqo/clusterFacts';
import { annotations } from '../../liqo/keys';
import { isExtendedResource, parseQuantity, quantityValue } from '../../liqo/quantity';
import { diag } from './codes';
import type { ContainerResources, PodResources, WorkloadSummary } from './podResources';
import type { RawDiagnostic, RawFix } from '../types';

/** The RuntimeClass Liqo installs; it sends pods to virtual nodes and is never passed to the provider. */
export const liqoRuntimeClass = 'liqo';

/** A cluster that offloads the pod's namespace, and how. */
export interface Offloader {
  cluster: FactsCluster;
  offloading: FactsOffloading;
}

interface Landing {
  provider: FactsCluster;
  /** The consumer's virtual nodes of that provider that have room for the pod. */
  nodes: FactsVirtualNode[];
}

/** Diagnostics for one workload document in a namespace that `offloaders` offload. */
export function checkProviderAdmission(s: WorkloadSummary, offloaders: readonly Offloader[], facts: ClusterFacts): RawDiagnostic[] {
  const pod = s.pod;
  if (!pod || !s.namespace) return [];
  const out: RawDiagnostic[] = [];
  const need = demand(pod.containers);
  for (const { cluster: consumer, offloading } of offloaders) {
    const own = s.runtimeClass;
    if (own && own.name !== liqoRuntimeClass && consumer.runtimeClasses && !consumer.runtimeClasses.includes(own.name)) {
      const edits = pod.runtimeClassToAnnotation();
      const title = pod.remoteRuntimeClass ? 'Remove runtimeClassName (the annotation already names the provider\'s class)' : `Move ${own.name} to the annotation ${annotations.remoteRuntimeClassName}`;
      out.push(diag('runtimeClassMissingLocally', ...own.range(),
        `${consumer.context} has no RuntimeClass ${own.name}${known(consumer.runtimeClasses)}, and it offloads namespace ${s.namespace}: its API server refuses the pod. For a runtime only the provider has (a GPU runtime such as nvidia), leave runtimeClassName out and set the annotation ${annotations.remoteRuntimeClassName}: ${own.name}; Liqo's virtual kubelet gives the pod it creates on the provider that class.`,
        edits ? [{ title, edits, preferred: true }] : undefined));
    }
    if (offloading.podOffloadingStrategy === 'Local') continue;
    for (const landing of landings(consumer, offloading, need, facts)) out.push(...checkLanding(s, pod, need, consumer, landing));
  }
  return out;
}

function checkLanding(s: WorkloadSummary, pod: PodResources, need: Record<string, number>, consumer: FactsCluster, { provider, nodes }: Landing): RawDiagnostic[] {
  const out: RawDiagnostic[] = [];
  const where = `provider ${provider.clusterID} (${provider.context})`;
  const remote = pod.remoteRuntimeClass ?? (s.runtimeClass?.name !== liqoRuntimeClass ? s.runtimeClass : undefined);
  if (remote && provider.runtimeClasses && !provider.runtimeClasses.includes(remote.name)) {
    out.push(diag('providerRuntimeClassMissing', ...remote.range(),
      `On ${where} the pod would run with RuntimeClass ${remote.name}, which that cluster does not have${known(provider.runtimeClasses)}: its API server refuses the pod Liqo creates there, and the offloaded pod never starts.`));
  }
  if (provider.resourceEnforcement === false) return out;
  const quotas = quotasFor(provider, consumer.clusterID, nodes);
  if (!quotas.length) return out;
  const enforced = quotas.find((q) => q.limitsEnforcement !== 'None');
  const hard = quotas.find((q) => q.limitsEnforcement === 'Hard');
  const quotaOf = (q: FactsQuota): string => `its Quota ${q.name} for ${consumer.clusterID}`;
  for (const c of pod.containers) {
    if (enforced) {
      const missing = ['cpu', 'memory'].filter((r) => c.requests[r] === undefined);
      if (missing.length) {
        const how = enforced.limitsEnforcement ? `${enforced.limitsEnforcement} limits` : 'no limitsEnforcement set, which its webhook checks as Soft';
        out.push(diag('enforcedRequestsMissing', ...c.nameRange(),
          `${containerOf(c)} sets no ${missing.join(' or ')} request (nor a limit, which would stand for it). ${capital(where)} enforces ${quotaOf(enforced)} with ${how}, and Liqo's ShadowPod webhook there denies an offloaded pod unless every container requests cpu and memory.`));
      }
    }
    if (hard) out.push(...hardMismatches(c, `${capital(where)} enforces ${quotaOf(hard)} with Hard limits, and Liqo's ShadowPod webhook there denies an offloaded pod unless each container's requests equal its limits.`));
  }
  for (const resource of Object.keys(need)) {
    if (quotas.some((q) => q.resources[resource] !== undefined)) continue;
    const first = pod.containers.find((c) => c.requests[resource] !== undefined);
    if (!first) continue;
    const listed = Object.keys(quotas[0].resources).sort().join(', ') || 'nothing';
    out.push(diag('quotaLacksResource', ...first.range('requests', resource),
      `The pod requests ${resource}, which ${quotas.length > 1 ? `no Quota of ${where} for ${consumer.clusterID} lists` : `the Quota ${quotas[0].name} of ${where} for ${consumer.clusterID} does not list (it lists ${listed})`}. Liqo's ShadowPod webhook there denies an offloaded pod that asks for a resource its Quota lacks, even when the virtual node advertises it.`));
  }
  return out;
}

/** Under Hard enforcement: each request needs an equal limit. Kubernetes already holds extended resources and hugepages to that. */
function hardMismatches(c: ContainerResources, why: string): RawDiagnostic[] {
  const out: RawDiagnostic[] = [];
  for (const [resource, request] of Object.entries(c.requests)) {
    if (isExtendedResource(resource) || resource.startsWith('hugepages-')) continue;
    const limit = c.limits[resource];
    if (limit !== undefined && sameQuantity(request, limit)) continue;
    const fixes: RawFix[] = [];
    const add = (title: string, from: 'requests' | 'limits', to: 'requests' | 'limits', preferred: boolean): void => {
      const edit = c.copy(from, to, resource);
      if (edit) fixes.push({ title, edits: [edit], ...(preferred ? { preferred } : {}) });
    };
    if (limit === undefined) {
      add(`Add limits.${resource} equal to the request`, 'requests', 'limits', true);
      out.push(diag('enforcedLimitsDiffer', ...c.range('requests', resource), `${containerOf(c)} requests ${resource} without a limit. ${why}`, fixes));
    } else {
      add(`Set requests.${resource} to the limit`, 'limits', 'requests', true);
      add(`Set limits.${resource} to the request`, 'requests', 'limits', false);
      out.push(diag('enforcedLimitsDiffer', ...c.range('limits', resource),
        `${containerOf(c)}: limits.${resource} (${shown(limit)}) differs from requests.${resource} (${shown(request)}). ${why}`, fixes));
    }
  }
  return out;
}

/**
 * The providers the pod could be scheduled to from this consumer: their virtual nodes in it that have room for
 * the pod's requests, among the providers the namespace is offloaded to.
 */
function landings(consumer: FactsCluster, offloading: FactsOffloading, need: Record<string, number>, facts: ClusterFacts): Landing[] {
  const targets = offloading.remoteClusterIDs?.length ? new Set(offloading.remoteClusterIDs) : undefined;
  const byProvider = new Map<string, FactsVirtualNode[]>();
  for (const n of consumer.virtualNodes) {
    if (!n.clusterID || (targets && !targets.has(n.clusterID))) continue;
    if (!Object.entries(need).every(([r, amount]) => (quantityValue(n.capacity[r]) ?? 0) >= amount)) continue;
    byProvider.set(n.clusterID, [...(byProvider.get(n.clusterID) ?? []), n]);
  }
  return [...byProvider].flatMap(([id, nodes]) => {
    // Several contexts often reach one cluster: the first reachable one speaks for it.
    const provider = facts.clusters.find((c) => c.reachable && c.clusterID === id);
    return provider ? [{ provider, nodes }] : [];
  });
}

/** The Quotas that admit the consumer's pods on these virtual nodes: the ones of their slices, else all of the consumer's. */
function quotasFor(provider: FactsCluster, consumerID: string, nodes: FactsVirtualNode[]): FactsQuota[] {
  const all = (provider.quotas ?? []).filter((q) => q.consumerClusterID === consumerID);
  const ofNodes = all.filter((q) => nodes.some((n) => n.name === q.resourceSlice));
  return ofNodes.length ? ofNodes : all;
}

/** What one pod requests, as Liqo's webhook counts it: the containers' sum, or the largest init container's if more. */
function demand(containers: readonly ContainerResources[]): Record<string, number> {
  const sum: Record<string, number> = {};
  const init: Record<string, number> = {};
  for (const c of containers) {
    for (const [r, q] of Object.entries(c.requests)) {
      const v = quantityValue(q) ?? 0;
      if (c.init) init[r] = Math.max(init[r] ?? 0, v);
      else sum[r] = (sum[r] ?? 0) + v;
    }
  }
  for (const [r, v] of Object.entries(init)) sum[r] = Math.max(sum[r] ?? 0, v);
  return sum;
}

function sameQuantity(a: unknown, b: unknown): boolean {
  const x = parseQuantity(a);
  const y = parseQuantity(b);
  return x !== undefined && y !== undefined && x.nanos === y.nanos;
}

function shown(quantity: unknown): string {
  return typeof quantity === 'string' || typeof quantity === 'number' ? String(quantity) : JSON.stringify(quantity);
}

function containerOf(c: ContainerResources): string {
  return `${c.init ? 'Init container' : 'Container'} ${c.name}`;
}

function known(classes: readonly string[]): string {
  return classes.length ? ` (it has ${classes.join(', ')})` : '';
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
