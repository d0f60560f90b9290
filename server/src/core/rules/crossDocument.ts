// Rules across the documents of one file. Each document contributes a small summary, cached with it, so a
// change to one document re-runs only these cheap passes over the summaries.
import { removeLineEdit } from '../ast';
import { peerOfTenantNamespace, tenantNamespace } from '../../liqo/names';
import { diag } from './codes';
import { at, get, keyAt, kindRange, obj, str, type DocContext } from '../docContext';
import { labels } from '../../liqo/keys';
import { isExtendedResource, quantityValue } from '../../liqo/quantity';
import { extendedDemand, placementKeys, podSpecPath, runtimeClass, type ExtendedDemand } from './workloads';
import type { RawDiagnostic, RawEdit } from '../types';

/** A block-map line that holds only the scheduling-enabled label, which its quick fix removes. */
const schedulingEnabledLine = new RegExp(`^\\s*["']?${labels.schedulingEnabled.replace(/[./]/g, '\\$&')}["']?\\s*:[^{}[\\],]*$`);

export interface DocSummary {
  kind: string;
  name: string | undefined;
  namespace: string | undefined;
  /** Ranges are functions: they need the source AST, which is built only when a diagnostic is placed. */
  nameRange(): [number, number];
  /** The peer cluster this object is about, and where that is written. */
  peer?: { id: string; range(): [number, number] };
  /** For a NamespaceOffloading: the namespace it offloads, whether pods may go remote, and its strategies. */
  offloads?: OffloadSummary;
  /** For workloads: pod placement keys that do not reach the provider. */
  placements?: { key: string; range(): [number, number] }[];
  /** For workloads: what one pod needs of extended resources such as GPUs. */
  demand?: ExtendedDemand[];
  /** For workloads: the pod's RuntimeClass. */
  runtimeClass?: { name: string; range(): [number, number] };
  /** For a ResourceSlice: the extended resources (GPUs and the like) it asks for. */
  sliceRequests?: ExtendedDemand[];
  /** For a Namespace: where it is labelled `liqo.io/scheduling-enabled: "true"`, and the edit that removes the label. */
  schedulingEnabled?: { range(): [number, number]; remove(): RawEdit | undefined };
  /** For a Namespace: the labels by which Liqo finds tenant namespaces. */
  tenantLabels?: { tenant: string | undefined; peer: string | undefined };
  /** For a ResourceSlice or Tenant with a namespace: where it is written, and the edit that moves the object. */
  placement?: { range(): [number, number]; move(to: string): RawEdit };
}

export interface OffloadSummary {
  namespace: string;
  /** The strategies as they will be stored, defaults filled in. */
  mapping: string;
  pods: string;
  remoteName: string | undefined;
  /** The clusterSelector as written (undefined when absent: every virtual node). */
  selector: unknown;
  /** Where a field is written; the object's kind when it is left to its default. */
  range(field: 'namespaceMappingStrategy' | 'remoteNamespaceName' | 'podOffloadingStrategy' | 'clusterSelector'): [number, number];
}

// The spec is the most deliberate statement; a differing label is reported by the kind's own rule.
const peerPaths = [['spec', 'providerClusterID'], ['spec', 'clusterID'], ['metadata', 'labels', labels.remoteClusterID]];

export function summarize(ctx: DocContext, liqo: boolean): DocSummary {
  const name = str(ctx.value, ['metadata', 'name']);
  const summary: DocSummary = {
    kind: ctx.kind,
    name,
    namespace: str(ctx.value, ['metadata', 'namespace']),
    nameRange: () => (name === undefined ? kindRange(ctx) : at(ctx, ['metadata', 'name'])),
  };
  if (liqo) {
    for (const path of peerPaths) {
      const id = get(ctx.value, path);
      if (typeof id === 'string' && id) {
        summary.peer = { id, range: () => at(ctx, path) };
        break;
      }
    }
    if (ctx.kind === 'ResourceSlice') summary.sliceRequests = sliceRequests(ctx);
    if ((ctx.kind === 'ResourceSlice' || ctx.kind === 'Tenant') && summary.namespace !== undefined) {
      const range = (): [number, number] => at(ctx, ['metadata', 'namespace']);
      summary.placement = { range, move: (to) => ({ start: range()[0], end: range()[1], newText: to }) };
    }
    if (ctx.kind === 'NamespaceOffloading' && summary.namespace) {
      const pods = str(ctx.value, ['spec', 'podOffloadingStrategy']) || 'LocalAndRemote';
      summary.offloads = {
        namespace: summary.namespace,
        mapping: str(ctx.value, ['spec', 'namespaceMappingStrategy']) || 'DefaultName',
        pods,
        remoteName: str(ctx.value, ['spec', 'remoteNamespaceName']),
        selector: get(ctx.value, ['spec', 'clusterSelector']),
        range: (field) => (get(ctx.value, ['spec', field]) === undefined ? kindRange(ctx) : at(ctx, ['spec', field])),
      };
    }
  } else {
    const specPath = podSpecPath(ctx.apiVersion, ctx.kind);
    if (specPath) {
      summary.placements = placementKeys(ctx, specPath);
      summary.demand = extendedDemand(ctx, specPath);
      summary.runtimeClass = runtimeClass(ctx, specPath);
    }
  }
  return summary;
}

function sliceRequests(ctx: DocContext): ExtendedDemand[] {
  return Object.entries(obj(ctx.value, ['spec', 'resources']) ?? {}).flatMap(([resource, q]) => {
    const amount = isExtendedResource(resource) ? quantityValue(q) : undefined;
    return amount === undefined || amount <= 0 ? [] : [{ resource, amount, range: () => at(ctx, ['spec', 'resources', resource]) }];
  });
}

/** A core Namespace matters to us for the labels Liqo reads on it: the pod webhook's, and the tenant namespace's. */
export function summarizeNamespace(ctx: DocContext): DocSummary {
  const name = str(ctx.value, ['metadata', 'name']);
  const summary: DocSummary = {
    kind: ctx.kind,
    name,
    namespace: name,
    nameRange: () => (name === undefined ? kindRange(ctx) : at(ctx, ['metadata', 'name'])),
    tenantLabels: { tenant: labelOf(ctx, labels.tenantNamespace), peer: labelOf(ctx, labels.remoteClusterID) },
  };
  if (labelOf(ctx, labels.schedulingEnabled) === 'true') {
    const label = (): [number, number] => keyAt(ctx, ['metadata', 'labels', labels.schedulingEnabled]);
    summary.schedulingEnabled = {
      range: label,
      remove: () => removeLineEdit(ctx.text, label()[0], schedulingEnabledLine),
    };
  }
  return summary;
}

/** A label's value read as text (an unquoted `true` is refused by the API server, but means the same). */
function labelOf(ctx: DocContext, key: string): string | undefined {
  const v = get(ctx.value, ['metadata', 'labels', key]);
  return typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number' ? String(v) : undefined;
}

/**
 * What the file shows of a namespace as a tenant namespace. Liqo finds tenant namespaces by their labels,
 * `liqo.io/tenant-namespace` and `liqo.io/remote-cluster-id` (liqotech/liqo, pkg/tenantNamespace/namespaceManager.go):
 * a Namespace in the file is read by them (`declaredAt` is its index); without one, the name Liqo gives tenant
 * namespaces, `liqo-tenant-<peer>`, stands for them.
 */
interface TenantView {
  tenant: string | undefined;
  peer: string | undefined;
  declaredAt?: number;
}

/**
 * Why a namespace is not the tenant namespace of `peer` (of any peer, when the object names none), or undefined
 * when it is or the file cannot tell. `strict`: the label must be "true", as the Tenant webhook wants; Liqo's own
 * lookups only ask that it exists.
 */
function notTenantNamespace(namespace: string, view: TenantView, peer: string | undefined, strict: boolean): string | undefined {
  if (view.declaredAt === undefined) {
    if (view.tenant === undefined) return `"${namespace}" is not a tenant namespace, unless it carries Liqo's tenant labels`;
    return peer && view.peer !== peer ? `"${namespace}" is, by its name, the tenant namespace of cluster "${view.peer}"` : undefined;
  }
  const where = `the Namespace in document ${view.declaredAt + 1}`;
  if (view.tenant === undefined || (strict && view.tenant !== 'true')) return `${where} is not labelled ${labels.tenantNamespace}: "true"`;
  if (!peer || view.peer === peer) return undefined;
  return view.peer ? `${where} is the tenant namespace of cluster "${view.peer}"` : `${where} has no ${labels.remoteClusterID} label`;
}

/** LIQO120 and LIQO150 for an object whose namespace is not its peer's tenant namespace. */
function misplaced(s: DocSummary, why: string): RawDiagnostic | undefined {
  if (!s.placement) return undefined;
  const peer = s.peer?.id;
  const target = peer && tenantNamespace(peer);
  const fixes = target && target !== s.namespace ? [{ title: `Move it to ${target}`, edits: [s.placement.move(target)] }] : undefined;
  const tenantLabel = `${labels.tenantNamespace} and ${labels.remoteClusterID}${peer ? `: ${peer}` : ''}`;
  return s.kind === 'Tenant'
    ? diag('tenantPlacement', ...s.placement.range(), `Liqo's webhook accepts a Tenant only in a namespace labelled ${tenantLabel}, and ${why}.`, fixes)
    : diag('sliceNamespace', ...s.placement.range(),
      `Liqo replicates a ResourceSlice to its provider only from the provider's tenant namespace (labelled ${tenantLabel}, by default ${target || 'liqo-tenant-<provider>'}), and ${why}: this slice would never reach the provider.`, fixes);
}

/** Tenant-side objects whose cluster ID is about the namespace's peer. Tenant and ResourceSlice have LIQO150 and LIQO120. */
const peerKinds = new Set(['VirtualNode', 'Identity', 'Configuration', 'GatewayServer', 'GatewayClient', 'PublicKey', 'NamespaceMap', 'Connection']);

/**
 * Cross-document diagnostics, by the index of the document they belong to. Upstream (liqotech/liqo): one
 * NamespaceOffloading per namespace, as its name is fixed (LIQO102, pkg/webhooks/namespaceoffloading/nsoff.go);
 * unique local ResourceSlice names (LIQO125, pkg/webhooks/resourceslice/validate.go); one Tenant per tenant
 * namespace and unique Tenant names (LIQO150, pkg/webhooks/tenant/validate.go); one Configuration per peer
 * (LIQO162, GetConfigurationByClusterID in pkg/utils/getters/k8sGetters.go); where slices and Tenants live (LIQO120,
 * internal/crdReplicator/, and LIQO150); placement that does not reach the provider (LIQO107,
 * pkg/virtualKubelet/forge/pods.go).
 */
export function crossDocument(summaries: (DocSummary | undefined)[]): Map<number, RawDiagnostic[]> {
  const out = new Map<number, RawDiagnostic[]>();
  const add = (i: number, d: RawDiagnostic) => out.set(i, [...(out.get(i) ?? []), d]);
  const firstSeen = new Map<string, number>();
  const once = (key: string, i: number): number | undefined => {
    const prev = firstSeen.get(key);
    if (prev === undefined) firstSeen.set(key, i);
    return prev;
  };
  const offloaded = new Map<string, boolean>();
  const peerByNamespace = new Map<string, { id: string; index: number }>();
  // The file's Namespaces, by name: the first one counts.
  const namespaces = new Map<string, number>();
  summaries.forEach((s, i) => {
    if (s?.tenantLabels && s.name && !namespaces.has(s.name)) namespaces.set(s.name, i);
  });
  const tenantView = (ns: string): TenantView => {
    const at = namespaces.get(ns);
    const declared = at === undefined ? undefined : summaries[at]?.tenantLabels;
    if (declared) return { ...declared, declaredAt: at };
    const peer = peerOfTenantNamespace(ns);
    return { tenant: peer === undefined ? undefined : 'true', peer };
  };

  summaries.forEach((s, i) => {
    if (!s) return;
    if (s.kind === 'NamespaceOffloading' && s.namespace) {
      const prev = once(`nso/${s.namespace}`, i);
      if (prev !== undefined) add(i, diag('offloadingDuplicate', ...s.nameRange(), `Namespace ${s.namespace} already has a NamespaceOffloading (document ${prev + 1}); there can be only one, named "offloading".`));
    }
    if (s.offloads) offloaded.set(s.offloads.namespace, s.offloads.pods !== 'Local' || offloaded.get(s.offloads.namespace) === true);
    if (s.kind === 'ResourceSlice' && s.name) {
      const prev = once(`rs/${s.name}`, i);
      if (prev !== undefined) add(i, diag('sliceDuplicate', ...s.nameRange(), `Another ResourceSlice is already named "${s.name}" (document ${prev + 1}); Liqo's webhook refuses a second local slice with the same name, in any namespace.`));
    }
    if (s.kind === 'Tenant' && s.namespace) {
      const prev = once(`tenant/${s.namespace}`, i);
      if (prev !== undefined) add(i, diag('tenantPlacement', ...s.nameRange(), `Namespace ${s.namespace} already has a Tenant (document ${prev + 1}); only one is allowed per tenant namespace.`));
    }
    if (s.kind === 'Tenant' && s.name) {
      const prev = once(`tenant-name/${s.name}`, i);
      if (prev !== undefined && summaries[prev]?.namespace !== s.namespace) add(i, diag('tenantPlacement', ...s.nameRange(), `Another Tenant is already named "${s.name}" (document ${prev + 1}); Liqo's webhook wants Tenant names unique in the cluster.`));
    }
    if (s.kind === 'Configuration' && s.peer) {
      const prev = once(`conf/${s.peer.id}`, i);
      if (prev !== undefined) add(i, diag('configurationDuplicate', ...s.nameRange(), `Peer ${s.peer.id} already has a networking Configuration (document ${prev + 1}); Liqo expects exactly one per peer.`));
    }
    if (peerKinds.has(s.kind) && s.peer && s.namespace) {
      const view = tenantView(s.namespace);
      const own = view.tenant === undefined ? undefined : view.peer;
      const seen = peerByNamespace.get(s.namespace);
      if (own === undefined && seen && seen.id !== s.peer.id) {
        add(i, diag('clusterIDMismatch', ...s.peer.range(), `This ${s.kind} names cluster "${s.peer.id}", but document ${seen.index + 1} in the same namespace names "${seen.id}".`));
      } else if (own !== undefined && own !== s.peer.id) {
        add(i, diag('clusterIDMismatch', ...s.peer.range(), `This ${s.kind} names cluster "${s.peer.id}", but it is in ${s.namespace}, the tenant namespace of "${own}".`));
      }
      if (!seen) peerByNamespace.set(s.namespace, { id: s.peer.id, index: i });
    }
  });

  summaries.forEach((s, i) => {
    if (!s?.placement || s.namespace === undefined) return;
    const why = notTenantNamespace(s.namespace, tenantView(s.namespace), s.peer?.id, s.kind === 'Tenant');
    const d = why && misplaced(s, why);
    if (d) add(i, d);
  });

  summaries.forEach((s, i) => {
    if (!s?.placements?.length || !s.namespace || !offloaded.get(s.namespace)) return;
    for (const p of s.placements) {
      add(i, diag('offloadedPlacement', ...p.range(),
        `Namespace ${s.namespace} is offloaded by a NamespaceOffloading in this file, and the pod's ${p.key} is not passed to the provider. To steer pods on the provider, use the VirtualNode's spec.offloadingPatch (nodeSelector, affinity, tolerations).`));
    }
  });
  return out;
}
