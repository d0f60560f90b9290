// Rules that compare a file with what the client knows of the live clusters (the facts). They run over the
// documents' summaries on every check, so new facts never make a document be analysed again. Without facts,
// only what the file itself shows counts.
import type { ClusterFacts, FactsCluster } from '../../liqo/clusterFacts';
import { diag } from './codes';
import { labels } from '../../liqo/keys';
import { quantityValue } from '../../liqo/quantity';
import { selection } from '../clusterSelection';
import type { OffloadSummary } from './crossDocument';
import type { WorkloadSummary } from './podResources';
import { checkProviderAdmission, liqoRuntimeClass, type Offloader } from './providerAdmission';
import type { RawDiagnostic, RawEdit, RawFix } from '../types';

/** Where pods may run under each pod offloading strategy. */
const allowed: Record<string, string[]> = { Local: ['in this cluster'], Remote: ['on a provider'], LocalAndRemote: ['in this cluster', 'on a provider'] };

/** Diagnostics by document index. */
export function checkAgainstClusters(summaries: (WorkloadSummary | undefined)[], facts: ClusterFacts): Map<number, RawDiagnostic[]> {
  const out = new Map<number, RawDiagnostic[]>();
  const add = (i: number, d: RawDiagnostic): void => { out.set(i, [...(out.get(i) ?? []), d]); };
  // Several contexts (admin, viewer) often reach one cluster: the first that shows an offloading speaks for it.
  const live = new Map<string, Offloader[]>();
  for (const cluster of facts.clusters) {
    if (!cluster.reachable) continue;
    for (const offloading of cluster.offloadings) {
      const list = live.get(offloading.namespace) ?? [];
      if (!list.some((l) => l.cluster.clusterID && l.cluster.clusterID === cluster.clusterID)) list.push({ cluster, offloading });
      live.set(offloading.namespace, list);
    }
  }
  const inFile = new Set(summaries.flatMap((s) => (s?.offloads ? [s.offloads.namespace] : [])));
  const offloadedSomewhere = (ns: string): boolean => inFile.has(ns) || live.has(ns);

  summaries.forEach((s, i) => {
    if (!s) return;
    if (s.offloads) {
      for (const l of live.get(s.offloads.namespace) ?? []) {
        for (const d of compareOffloading(s.offloads, l)) add(i, d);
      }
    }
    if (s.offloads?.selector !== undefined) {
      const picks = selection(s.offloads.selector, facts.clusters);
      if (picks?.length && picks.every((p) => p.chosen.length === 0)) {
        const where = picks.map((p) => `${p.cluster.context} (${p.others.map((n) => n.name).join(', ')})`).join('; ');
        add(i, diag('selectsNothing', ...s.offloads.range('clusterSelector'),
          `This clusterSelector matches none of the virtual nodes in ${where}. Liqo would set the phase NoClusterSelected and create no twin namespace. Hover it to compare with the nodes' labels.`));
      }
    }
    if (s.sliceRequests?.length && s.peer) {
      const provider = facts.clusters.find((c) => c.reachable && c.clusterID === s.peer?.id && c.nodeResources);
      if (provider) {
        for (const d of s.sliceRequests) {
          const has = quantityValue(provider.nodeResources?.[d.resource]) ?? 0;
          if (d.amount <= has) continue;
          const what = has ? `only ${has} ${d.resource} on its own nodes in all` : `no ${d.resource} on its own nodes`;
          add(i, diag('sliceBeyondProvider', ...d.range(),
            `Provider ${provider.clusterID} (${provider.context}) has ${what}, and this slice asks for ${d.amount}. Liqo's default class grants what is asked without checking, so the virtual node would offer more than exists and pods that count on it would wait on the provider.`));
        }
      }
    }
    if (s.schedulingEnabled && s.name && !offloadedSomewhere(s.name)) {
      add(i, diag('schedulingWithoutOffloading', ...s.schedulingEnabled.range(),
        `Namespace ${s.name} is labelled ${labels.schedulingEnabled}, but no NamespaceOffloading for it is in this file or in a connected cluster. Liqo's pod webhook then refuses every new pod in it. Remove the label: Liqo sets it itself when the namespace is offloaded.`,
        fixOf(s.schedulingEnabled.remove(), `Remove the ${labels.schedulingEnabled} label`)));
    }
    if (s.runtimeClass?.name === liqoRuntimeClass && s.namespace && !offloadedSomewhere(s.namespace)) {
      add(i, diag('runtimeClassWithoutOffloading', ...s.runtimeClass.range(),
        `runtimeClassName liqo sends the pod to a virtual node, but namespace ${s.namespace} is not offloaded in this file or in a connected cluster, so the virtual kubelet will not run it. Offload the namespace (the Local strategy is enough).`));
    }
    if (s.pod && s.namespace) {
      for (const d of checkProviderAdmission(s, live.get(s.namespace) ?? [], facts)) add(i, d);
    }
    if (s.demand?.length && s.namespace) {
      for (const l of live.get(s.namespace) ?? []) {
        for (const d of s.demand) {
          const problem = unmetDemand(l.cluster, l.offloading.podOffloadingStrategy, d.resource, d.amount);
          if (problem) {
            add(i, diag('podCapacity', ...d.range(),
              `In ${l.cluster.context}, namespace ${s.namespace} is offloaded with the ${l.offloading.podOffloadingStrategy} strategy, and ${problem.why} The pod would stay Pending.${problem.advice ?? ''}`));
          }
        }
      }
    }
  });
  return out;
}

function fixOf(edit: RawEdit | undefined, title: string): RawFix[] | undefined {
  return edit ? [{ title, edits: [edit], preferred: true }] : undefined;
}

function compareOffloading(o: OffloadSummary, { cluster, offloading: live }: Offloader): RawDiagnostic[] {
  const where = `${cluster.context} already offloads ${o.namespace}`;
  const out: RawDiagnostic[] = [];
  if (live.namespaceMappingStrategy && o.mapping !== live.namespaceMappingStrategy) {
    out.push(diag('offloadingImmutable', ...o.range('namespaceMappingStrategy'),
      `${where} with namespaceMappingStrategy ${live.namespaceMappingStrategy}, and Liqo refuses to change it (${o.mapping} here). Unoffload the namespace first, then apply this.`));
  } else if (live.specRemoteNamespaceName !== undefined) {
    // Liqo's webhook compares the field as written, whatever the strategy: adding, changing and removing it are
    // all refused (pkg/webhooks/namespaceoffloading/nsoff.go).
    const now = o.remoteName ?? '';
    if (now !== live.specRemoteNamespaceName) {
      const was = live.specRemoteNamespaceName ? `remoteNamespaceName ${live.specRemoteNamespaceName}` : 'no remoteNamespaceName';
      const change = !now ? 'removing it' : live.specRemoteNamespaceName ? `changing it to ${now}` : `adding ${now}`;
      out.push(diag('offloadingImmutable', ...o.range('remoteNamespaceName'),
        `${where} with ${was}, and Liqo refuses any change of that field (${change}). Unoffload the namespace first, then apply this.`));
    }
  } else if (o.mapping === 'SelectedName' && live.remoteNamespaceName && o.remoteName && o.remoteName !== live.remoteNamespaceName) {
    // Facts from older clients carry only the computed twin name.
    out.push(diag('offloadingImmutable', ...o.range('remoteNamespaceName'),
      `${where} to the twin namespace ${live.remoteNamespaceName}, and Liqo refuses to change remoteNamespaceName (${o.remoteName} here). Unoffload the namespace first, then apply this.`));
  }
  const before = allowed[live.podOffloadingStrategy] ?? [];
  const after = allowed[o.pods] ?? before;
  const dropped = before.filter((x) => !after.includes(x));
  if (dropped.length) {
    out.push(diag('offloadingTightened', ...o.range('podOffloadingStrategy'),
      `${where} with podOffloadingStrategy ${live.podOffloadingStrategy}. Changing it to ${o.pods} applies to new pods only: pods already running ${dropped.join(' or ')} are not evicted.`));
  }
  return out;
}

/**
 * Why no node the strategy allows can take `amount` of `resource`, or undefined if one can or the facts cannot
 * tell. The cluster's own nodes count only as a sum, which is enough to rule them out, never to rule them in.
 */
function unmetDemand(cluster: FactsCluster, strategy: string, resource: string, amount: number): { why: string; advice?: string } | undefined {
  const local = strategy === 'Local' || strategy === 'LocalAndRemote';
  const remote = strategy === 'Remote' || strategy === 'LocalAndRemote';
  if (!local && !remote) return undefined;
  const own = quantityValue(cluster.nodeResources?.[resource]) ?? (cluster.nodeResources ? 0 : undefined);
  if (local && (own === undefined || own >= amount)) return undefined;
  const offers = cluster.virtualNodes
    .map((n) => ({ name: n.name, has: quantityValue(n.capacity[resource]) ?? 0 }))
    .filter((n) => n.has > 0);
  if (remote && offers.some((n) => n.has >= amount)) return undefined;
  const ownText = own ? `its own nodes have ${own} ${resource} in all` : `its own nodes have no ${resource}`;
  const remoteText = offers.length
    ? `no virtual node has ${amount} ${resource} (${offers.map((n) => `${n.name} has ${n.has}`).join(', ')})`
    : `no virtual node offers ${resource}`;
  const advice = remote && !offers.length ? ' Ask a provider for it with Request ResourceSlice (Liqo view or palette).' : undefined;
  if (!remote) return { why: `pods stay in the cluster, where ${ownText}.` };
  if (!local) return { why: `pods can only run on a virtual node, but ${remoteText}.`, advice };
  return { why: `${ownText} and ${remoteText}.`, advice };
}
