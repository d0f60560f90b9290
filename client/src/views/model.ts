// The cluster tree as plain data, built from cluster snapshots. No vscode here: the tree provider only maps
// these nodes to TreeItems, and tests build the tree from fixtures.
import { formatBytes } from './format';
import { gpuCount, type NodeInfo, type PodInfo } from '../kube/readers';
import { labels } from '../../../server/src/liqo/keys';
import { quantityValue } from '../../../server/src/liqo/quantity';
import { KubeError, describe } from '../kube/errors';
import type { Finding, Severity } from '../kube/doctor';
import type { ClusterSnapshot, UnlistedKind } from '../kube/snapshot';

export type IconName = 'cluster' | 'peering' | 'virtualNode' | 'gpu' | 'namespace' | 'pod' | 'slice' | 'warning' | 'loading' | 'folder' | 'tenant' | 'more'
  | 'error' | 'info' | 'pass' | 'tool';

/** What a node points at, so commands invoked from the tree know their target. */
export interface NodeRef {
  context: string;
  clusterID?: string;
  namespace?: string;
  name?: string;
  /** For a virtual node: the provider's cluster ID. For a pod: the node it runs on. */
  node?: string;
  providerClusterID?: string;
  /** The pod runs for another cluster (provider side). */
  remote?: boolean;
}

export interface TreeNode {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  icon: IconName;
  /** Drives the menus in package.json. */
  contextValue: string;
  ref: NodeRef;
  /** undefined: a leaf. */
  children?: TreeNode[];
  expanded?: boolean;
  /** On a "Show more" item: the id of the list it lengthens (see ListOptions.pages). */
  showMore?: string;
}

/** Long lists at fleet size: pods are grouped by namespace, and any list is shown a page at a time. */
export const listLimits = {
  /** Items per page; a longer list ends in a "Show N more…" item. */
  pageSize: 100,
  /** A pod list longer than this, over more than one namespace, is grouped by namespace. */
  groupOver: 50,
} as const;

export interface ListOptions {
  /** How many pages each list shows, by the id of its parent node; one when absent. */
  pages?: ReadonlyMap<string, number>;
  /** The doctor's findings (any context's; each context shows its own in a Health folder). Without them, no folder. */
  findings?: readonly Finding[];
}

export const contextValues = {
  contextReady: 'liqo.context.ready',
  contextFailed: 'liqo.context.failed',
  contextConnecting: 'liqo.context.connecting',
  folder: 'liqo.folder',
  folderOffloadings: 'liqo.folder.offloadings',
  folderSlices: 'liqo.folder.slices',
  peering: 'liqo.peering',
  virtualNode: 'liqo.virtualNode',
  pod: 'liqo.pod',
  podGroup: 'liqo.podGroup',
  more: 'liqo.more',
  pendingPod: 'liqo.pendingPod',
  offloadedNamespace: 'liqo.offloadedNamespace',
  twin: 'liqo.twinNamespace',
  slice: 'liqo.slice',
  tenant: 'liqo.tenant',
  message: 'liqo.message',
  folderHealth: 'liqo.folder.health',
  finding: 'liqo.finding',
  findingFix: 'liqo.finding.fix',
} as const;

const finished = new Set(['Succeeded', 'Failed']);

function gpuText(n: number): string {
  return n === 1 ? '1 GPU' : `${n} GPUs`;
}

function cpuText(q: string | undefined): string {
  const n = quantityValue(q);
  return n === undefined ? '' : `${Math.round(n * 100) / 100} cpu`;
}

function tick(ok: boolean): string {
  return ok ? '✓' : '✗';
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/**
 * The first pages of `items` under the node `parentId`, and a "Show more" item when some are left. Only the shown
 * items are built, so a list of thousands costs a page. Ids stay stable across refreshes and pages.
 */
function paged<T>(s: ClusterSnapshot, parentId: string, items: readonly T[], make: (t: T) => TreeNode, opts: ListOptions): TreeNode[] {
  const shown = Math.min(items.length, Math.max(1, opts.pages?.get(parentId) ?? 1) * listLimits.pageSize);
  const out = items.slice(0, shown).map(make);
  if (shown < items.length) {
    out.push({
      id: `${parentId}/more`,
      label: `Show ${Math.min(listLimits.pageSize, items.length - shown)} more…`,
      description: `${shown} of ${items.length} shown`,
      icon: 'more',
      contextValue: contextValues.more,
      ref: { context: s.context, clusterID: s.clusterID },
      showMore: parentId,
    });
  }
  return out;
}

/** The pods under `parentId`: paged, and grouped by namespace (with counts) when there are many over several. */
function podList(s: ClusterSnapshot, parentId: string, pods: readonly PodInfo[], remote: boolean, opts: ListOptions): TreeNode[] {
  const make = (p: PodInfo): TreeNode => podNode(s, p, remote);
  const byNs = new Map<string, PodInfo[]>();
  if (pods.length > listLimits.groupOver) {
    for (const p of pods) {
      const list = byNs.get(p.namespace);
      if (list) list.push(p); else byNs.set(p.namespace, [p]);
    }
  }
  if (byNs.size < 2) return paged(s, parentId, pods, make, opts);
  const groups = [...byNs].sort(([a], [b]) => a.localeCompare(b));
  return paged(s, parentId, groups, ([ns, list]): TreeNode => {
    const id = `${parentId}/ns/${ns}`;
    const gpus = list.reduce((a, p) => a + p.gpus, 0);
    return {
      id,
      label: ns,
      description: [plural(list.length, 'pod'), gpus ? gpuText(gpus) : ''].filter(Boolean).join(' · '),
      icon: 'namespace',
      contextValue: contextValues.podGroup,
      ref: { context: s.context, clusterID: s.clusterID, namespace: ns },
      children: paged(s, id, list, make, opts),
    };
  }, opts);
}

export function contextDescription(s: ClusterSnapshot): string {
  if (s.state === 'failed') return s.error ? describe(new KubeError(s.error.kind, s.error.message)) : 'failed';
  if (s.state !== 'ready') return 'connecting…';
  const parts = [s.clusterID || 'no cluster ID', s.liqoVersion ? `Liqo ${s.liqoVersion}` : 'Liqo'];
  if (s.clusterIDConflict) parts.push(`⚠ ${clusterIDConflictText(s)}`);
  if (s.error) parts.push(`⚠ ${s.error.message}`);
  return parts.join(' · ');
}

function podNode(s: ClusterSnapshot, p: PodInfo, remote: boolean): TreeNode {
  // The namespace shows in the description because pods of several namespaces share a virtual node.
  const desc = [p.namespace, p.gpus ? gpuText(p.gpus) : '', p.phase].filter(Boolean).join(' · ');
  return {
    id: `${s.context}/pod/${p.namespace}/${p.name}`,
    label: p.name,
    description: desc,
    tooltip: [`${p.namespace}/${p.name}`, `phase: ${p.phase}`, p.nodeName ? `node: ${p.nodeName}` : 'not scheduled',
      p.gpus ? `GPU requests: ${p.gpus}` : '', p.reason ?? ''].filter(Boolean).join('\n'),
    icon: p.gpus ? 'gpu' : 'pod',
    contextValue: contextValues.pod,
    ref: { context: s.context, clusterID: s.clusterID, namespace: p.namespace, name: p.name, node: p.nodeName, remote },
  };
}

function virtualNodeItem(s: ClusterSnapshot, n: NodeInfo, pods: PodInfo[], providers: ReadonlyMap<string, string>, opts: ListOptions): TreeNode {
  const gpus = gpuCount(n.capacity);
  const used = pods.filter((p) => !finished.has(p.phase)).reduce((a, p) => a + p.gpus, 0);
  const provider = providers.get(n.providerClusterID) ?? n.providerClusterID;
  const desc = [n.ready ? 'Ready' : 'NotReady', cpuText(n.capacity.cpu), n.capacity.memory ? formatBytes(n.capacity.memory) : '',
    gpus ? `${gpuText(gpus)} (${used} in use)` : '', provider ? `→ ${provider}` : ''].filter(Boolean).join(' · ');
  const id = `${s.context}/vn/${n.name}`;
  return {
    id,
    label: n.name,
    description: desc,
    tooltip: [`virtual node ${n.name}`, `provider: ${provider || 'unknown'}`, `capacity: ${Object.entries(n.capacity).map(([k, v]) => `${k}=${v}`).join(', ')}`,
      `GPUs in use: ${used} of ${gpus}`].join('\n'),
    icon: gpus ? 'gpu' : 'virtualNode',
    contextValue: contextValues.virtualNode,
    ref: { context: s.context, clusterID: s.clusterID, name: n.name, node: n.name, providerClusterID: n.providerClusterID },
    children: podList(s, id, pods, false, opts),
  };
}

/** A pod that asks for a GPU no node here can give, with what would let it run. */
function pendingPodItem(s: ClusterSnapshot, p: PodInfo): TreeNode {
  const off = s.offloadings.find((o) => o.namespace === p.namespace);
  const gpuNodes = s.nodes.filter((n) => n.virtual && gpuCount(n.capacity) > 0);
  let hint: string;
  if (off?.podOffloadingStrategy === 'Local') hint = `${p.namespace} is offloaded with pod offloading strategy Local, so its pods never go to a virtual node.`;
  else if (off) hint = `${p.namespace} is offloaded; the virtual nodes it selects have no free GPU, or the pod does not tolerate their taint.`;
  else if (gpuNodes.length) hint = `Offload ${p.namespace} to run it on a provider's GPU (virtual node${gpuNodes.length === 1 ? '' : 's'} ${gpuNodes.map((n) => n.name).join(', ')}).`;
  else hint = 'No virtual node offers a GPU: request a ResourceSlice with GPUs from a provider.';
  return {
    id: `${s.context}/pending/${p.namespace}/${p.name}`,
    label: p.name,
    description: [p.namespace, gpuText(p.gpus), p.phase].join(' · '),
    tooltip: [`${p.namespace}/${p.name} requests ${gpuText(p.gpus)}`, p.reason ?? '', hint].filter(Boolean).join('\n'),
    icon: 'warning',
    contextValue: contextValues.pendingPod,
    ref: { context: s.context, clusterID: s.clusterID, namespace: p.namespace, name: p.name },
  };
}

/** `pods`, or `virtualnodes (offloading.liqo.io)`: a resource as the user would ask for it. */
function resourceText(u: UnlistedKind): string {
  return u.group ? `${u.resource} (${u.group})` : u.resource;
}

/**
 * An item for a kind the tree cannot show, so that it never looks empty: forbidden, with what to ask for, or not
 * listed yet, with why.
 */
export function unlistedItem(s: ClusterSnapshot, u: UnlistedKind, id = `${s.context}/unlisted/${u.resource}.${u.group}`): TreeNode {
  const ref = { context: s.context, clusterID: s.clusterID };
  if (u.why === 'pending') {
    return { id, label: `Not listed yet: ${resourceText(u)}`, description: 'retrying', icon: 'loading', contextValue: contextValues.message, ref,
      tooltip: `The first list of ${resourceText(u)} was refused for now and is retried with backoff: ${u.message}` };
  }
  const user = /User "([^"]*)"/.exec(u.message)?.[1];
  const group = u.group ? `in API group ${u.group}` : 'in the core API group';
  const ask = `ask a cluster admin for a ClusterRole allowing list and watch on ${u.resource} ${group}, bound to ${user ?? 'your user'} by a ClusterRoleBinding.`;
  if (u.namespace) {
    return {
      id, label: `Only namespace ${u.namespace}: cannot list ${resourceText(u)} at cluster scope`, description: user ? `as ${user}` : 'forbidden', icon: 'warning',
      contextValue: contextValues.message, ref,
      tooltip: [u.message, `The tree shows the ${u.resource} of ${u.namespace} (the context's namespace), which your Role allows. For the others, ${ask}`].join('\n'),
    };
  }
  return {
    id, label: `Forbidden: cannot list ${resourceText(u)} at cluster scope`, description: user ? `as ${user}` : 'forbidden', icon: 'warning',
    contextValue: contextValues.message, ref,
    tooltip: [u.message, `To see them here, ${ask} The other kinds still show.`].join('\n'),
  };
}

/** A folder of `items`, paged; its description counts them all. A folder of a kind that could not be listed says so instead. */
function folder<T>(s: ClusterSnapshot, key: string, label: string, items: readonly T[], make: (t: T) => TreeNode, opts: ListOptions,
  contextValue: string = contextValues.folder, unlisted?: UnlistedKind): TreeNode {
  const id = `${s.context}/${key}`;
  if (unlisted?.namespace) {
    return { id, label, description: `${items.length} in ${unlisted.namespace} only`, icon: 'folder', contextValue,
      ref: { context: s.context, clusterID: s.clusterID }, children: [unlistedItem(s, unlisted, `${id}/unlisted`), ...paged(s, id, items, make, opts)], expanded: true };
  }
  if (unlisted && !items.length) {
    return { id, label, description: unlisted.why === 'forbidden' ? 'forbidden' : 'not listed yet', icon: 'warning', contextValue,
      ref: { context: s.context, clusterID: s.clusterID }, children: [unlistedItem(s, unlisted, `${id}/unlisted`)], expanded: true };
  }
  return {
    id, label, description: String(items.length), icon: 'folder', contextValue,
    ref: { context: s.context, clusterID: s.clusterID }, children: paged(s, id, items, make, opts), expanded: items.length > 0 && items.length <= 20,
  };
}

function clusterChildren(s: ClusterSnapshot, opts: ListOptions): TreeNode[] {
  const podsByNode = new Map<string, PodInfo[]>();
  for (const p of s.pods) {
    if (!p.nodeName) continue;
    const list = podsByNode.get(p.nodeName) ?? [];
    list.push(p);
    podsByNode.set(p.nodeName, list);
  }
  const blocked = (resource: string): UnlistedKind | undefined => s.unlistedKinds?.find((u) => u.resource === resource);
  const out: TreeNode[] = (s.unlistedKinds ?? []).map((u) => unlistedItem(s, u));

  out.push(folder(s, 'peerings', 'Peerings', s.foreignClusters, (fc): TreeNode => {
    const m = fc.modules;
    const healthy = Object.values(m).every((x) => !x.enabled || x.healthy) && fc.apiServerHealthy;
    const alerts = Object.entries(m).flatMap(([k, x]) => x.alerts.map((a) => `${k}: ${a}`));
    const mod = (name: string, x: { enabled: boolean; healthy: boolean }): string => `${name} ${x.enabled ? tick(x.healthy) : '–'}`;
    return {
      id: `${s.context}/fc/${fc.name}`,
      label: fc.name,
      description: [fc.role, mod('network', m.networking), mod('auth', m.authentication), mod('offloading', m.offloading)].join(' · '),
      tooltip: [`peer cluster ID: ${fc.clusterID}`, `role: ${fc.role}`, ...(alerts.length ? alerts : ['all modules healthy'])].join('\n'),
      icon: healthy ? 'peering' : 'warning',
      contextValue: contextValues.peering,
      ref: { context: s.context, clusterID: s.clusterID, name: fc.name, providerClusterID: fc.clusterID },
    };
  }, opts, contextValues.folder, blocked('foreignclusters')));

  const providers = new Map(s.foreignClusters.map((f) => [f.clusterID, f.name]));
  const vns = s.nodes.filter((n) => n.virtual);
  if (vns.length || s.foreignClusters.some((f) => f.role.includes('Provider'))) {
    out.push(folder(s, 'virtualNodes', 'Virtual nodes', vns, (n) => virtualNodeItem(s, n, podsByNode.get(n.name) ?? [], providers, opts), opts));
  }

  const waiting = s.pods.filter((p) => !p.nodeName && p.gpus > 0 && p.phase === 'Pending');
  if (waiting.length) out.push(folder(s, 'pending', 'Waiting for a GPU', waiting, (p) => pendingPodItem(s, p), opts, contextValues.folder, blocked('pods')));

  out.push(folder(s, 'offloadings', 'Offloaded namespaces', s.offloadings, (o): TreeNode => {
    const twins = o.remotes.map((r): TreeNode => ({
      id: `${s.context}/nso/${o.namespace}/${r.clusterID}`,
      label: `${r.clusterID}: ${o.remoteNamespaceName}`,
      description: r.ready ? 'ready' : r.message ?? 'not ready',
      tooltip: r.message,
      icon: r.ready ? 'namespace' : 'warning',
      contextValue: contextValues.twin,
      ref: { context: s.context, clusterID: s.clusterID, namespace: o.remoteNamespaceName, providerClusterID: r.clusterID },
    }));
    const failing = ['SomeFailed', 'AllFailed'].includes(o.phase);
    return {
      id: `${s.context}/nso/${o.namespace}`,
      label: o.namespace,
      description: [o.phase || 'pending', o.remoteNamespaceName ? `twin ${o.remoteNamespaceName}` : '', o.podOffloadingStrategy].filter(Boolean).join(' · '),
      tooltip: [`namespace mapping: ${o.namespaceMappingStrategy}`, `pod offloading: ${o.podOffloadingStrategy}`,
        ...o.remotes.map((r) => `${r.clusterID}: ${r.ready ? 'ready' : r.message ?? 'not ready'}`)].join('\n'),
      icon: failing ? 'warning' : 'namespace',
      contextValue: contextValues.offloadedNamespace,
      ref: { context: s.context, clusterID: s.clusterID, namespace: o.namespace, name: o.namespace },
      children: twins,
    };
  }, opts, contextValues.folderOffloadings, blocked('namespaceoffloadings')));

  out.push(folder(s, 'slices', 'ResourceSlices', s.slices.filter((x) => !x.providing), (x): TreeNode => {
    const fmt = (r: Record<string, string>): string => Object.entries(r).map(([k, v]) => `${k}=${v}`).join(', ') || 'provider defaults';
    return {
      id: `${s.context}/rs/${x.namespace}/${x.name}`,
      label: x.name,
      description: `Authentication ${x.authentication} · Resources ${x.resourcesCondition}` + (gpuCount(x.granted) ? ` · ${gpuText(gpuCount(x.granted))}` : ''),
      tooltip: [`provider: ${x.providerClusterID}`, `requested: ${fmt(x.requested)}`, `granted: ${Object.keys(x.granted).length ? fmt(x.granted) : 'nothing yet'}`,
        ...x.alerts].join('\n'),
      icon: x.alerts.length ? 'warning' : 'slice',
      contextValue: contextValues.slice,
      ref: { context: s.context, clusterID: s.clusterID, namespace: x.namespace, name: x.name, providerClusterID: x.providerClusterID },
    };
  }, opts, contextValues.folderSlices, blocked('resourceslices')));

  if (s.tenants.length) {
    const podsByNs = new Map<string, PodInfo[]>();
    for (const p of s.pods) {
      const list = podsByNs.get(p.namespace) ?? [];
      list.push(p);
      podsByNs.set(p.namespace, list);
    }
    out.push(folder(s, 'tenants', 'Tenants (consumers)', s.tenants, (t): TreeNode => {
      const id = `${s.context}/tenant/${t.consumerClusterID}`;
      const twins = s.namespaces.filter((n) => n.labels[labels.remoteClusterID] === t.consumerClusterID && n.labels[labels.tenantNamespace] === undefined);
      const twinNode = (n: { name: string }): TreeNode => {
        const pods = podsByNs.get(n.name) ?? [];
        const twinId = `${id}/${n.name}`;
        return {
          id: twinId,
          label: n.name,
          description: `twin of ${t.consumerClusterID} · ${plural(pods.length, 'pod')}`,
          icon: 'namespace',
          contextValue: contextValues.twin,
          ref: { context: s.context, clusterID: s.clusterID, namespace: n.name, name: n.name },
          children: podList(s, twinId, pods, true, opts),
        };
      };
      const granted = s.slices.filter((x) => x.providing && x.consumerClusterID === t.consumerClusterID);
      return {
        id,
        label: t.consumerClusterID,
        description: [t.condition, `${twins.length} twin namespace${twins.length === 1 ? '' : 's'}`,
          granted.length ? `${granted.length} slice${granted.length === 1 ? '' : 's'}` : ''].filter(Boolean).join(' · '),
        icon: 'tenant',
        contextValue: contextValues.tenant,
        ref: { context: s.context, clusterID: s.clusterID, namespace: t.namespace, name: t.name, providerClusterID: t.consumerClusterID },
        children: paged(s, id, twins, twinNode, opts),
        expanded: true,
      };
    }, opts));
  }
  return out;
}

const severityIcon: Record<Severity, IconName> = { error: 'error', warning: 'warning', information: 'info' };

/** The doctor's findings for this context: each explains itself (its tooltip and first child) and offers its fix. */
function healthFolder(s: ClusterSnapshot, findings: readonly Finding[]): TreeNode {
  const mine = findings.filter((f) => f.context === s.context);
  const id = `${s.context}/health`;
  const count = (sev: Severity): number => mine.filter((f) => f.severity === sev).length;
  const parts = [[count('error'), 'error'], [count('warning'), 'warning'], [count('information'), 'info']] as const;
  const children = mine.map((f): TreeNode => {
    const fid = `${id}/${f.code}/${f.subject ?? ''}`;
    const ref = { context: s.context, clusterID: s.clusterID, name: f.code };
    return {
      id: fid,
      label: `${f.code} ${f.title}`,
      description: [f.severity, f.subject].filter(Boolean).join(' · '),
      tooltip: `${f.code} (${f.severity}): ${f.message}\n\nFix: ${f.fix}`,
      icon: severityIcon[f.severity],
      contextValue: contextValues.finding,
      ref,
      children: [
        { id: `${fid}/why`, label: f.message, tooltip: f.message, icon: 'info', contextValue: contextValues.message, ref },
        { id: `${fid}/fix`, label: `Fix: ${f.fix}`, tooltip: f.fix, icon: 'tool', contextValue: contextValues.findingFix, ref },
      ],
    };
  });
  return {
    id,
    label: 'Health',
    description: mine.length ? parts.filter(([n]) => n > 0).map(([n, w]) => plural(n, w)).join(' · ') : 'no findings',
    tooltip: mine.length ? 'Day-2 checks (LIQO901-906) that found something; Liqo: Check Clusters runs them again.' : 'Every day-2 check (LIQO901-906) passes.',
    icon: count('error') ? 'error' : count('warning') ? 'warning' : mine.length ? 'info' : 'pass',
    contextValue: contextValues.folderHealth,
    ref: { context: s.context, clusterID: s.clusterID },
    children,
  };
}

function clusterIDConflictText(s: ClusterSnapshot): string {
  return `cluster ID ${s.clusterID} is also reported by ${s.clusterIDConflict?.join(', ') ?? ''} on another server: not used for cross-cluster reads`;
}

export function contextNode(s: ClusterSnapshot, opts: ListOptions = {}): TreeNode {
  const base = { id: `ctx/${s.context}`, label: s.context, description: contextDescription(s), ref: { context: s.context, clusterID: s.clusterID } };
  if (s.state === 'failed') {
    return { ...base, icon: 'warning', contextValue: contextValues.contextFailed, tooltip: `${s.context}: ${base.description}` };
  }
  if (s.state !== 'ready') return { ...base, icon: 'loading', contextValue: contextValues.contextConnecting };
  return {
    ...base,
    icon: 'cluster',
    contextValue: contextValues.contextReady,
    tooltip: [`context ${s.context}`, `cluster ID: ${s.clusterID || 'unknown'}`, `Liqo version: ${s.liqoVersion || 'unknown'}`,
      ...(s.clusterIDConflict ? [`warning: ${clusterIDConflictText(s)}`] : []),
      ...(s.error ? [`warning: ${s.error.message}`] : [])].join('\n'),
    children: opts.findings ? [...clusterChildren(s, opts), healthFolder(s, opts.findings)] : clusterChildren(s, opts),
    expanded: true,
  };
}

/** The whole tree: one node per context, in a stable order. */
export function buildTree(snapshots: readonly ClusterSnapshot[], opts: ListOptions = {}): TreeNode[] {
  return [...snapshots].sort((a, b) => a.context.localeCompare(b.context)).map((s) => contextNode(s, opts));
}

/** Depth-first walk, e.g. to find a node by id or to count a tree. */
export function* walk(nodes: readonly TreeNode[]): Generator<TreeNode> {
  for (const n of nodes) {
    yield n;
    if (n.children) yield* walk(n.children);
  }
}
