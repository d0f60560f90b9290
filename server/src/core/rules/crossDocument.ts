// Rules across the documents of one file. Each document contributes a small summary, cached with it, so a
// change to one document re-runs only these cheap passes over the summaries.
import { peerOfTenantNamespace } from '../naming';
import { diag } from './codes';
import { at, get, kindRange, str, type DocContext } from './context';
import { remoteClusterIDLabel } from './peering';
import { placementKeys, podSpecPath } from './workloads';
import type { RawDiagnostic } from './types';

export interface DocSummary {
  kind: string;
  name: string | undefined;
  namespace: string | undefined;
  /** Ranges are functions: they need the source AST, which is built only when a diagnostic is placed. */
  nameRange(): [number, number];
  /** The peer cluster this object is about, and where that is written. */
  peer?: { id: string; range(): [number, number] };
  /** For a NamespaceOffloading: the namespace it offloads and whether pods may go remote. */
  offloads?: { namespace: string; podsRemote: boolean };
  /** For workloads: pod placement keys that do not reach the provider. */
  placements?: { key: string; range(): [number, number] }[];
}

// The spec is the most deliberate statement; a differing label is reported by the kind's own rule.
const peerPaths = [['spec', 'providerClusterID'], ['spec', 'clusterID'], ['metadata', 'labels', remoteClusterIDLabel]];

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
    if (ctx.kind === 'NamespaceOffloading' && summary.namespace) {
      summary.offloads = { namespace: summary.namespace, podsRemote: str(ctx.value, ['spec', 'podOffloadingStrategy']) !== 'Local' };
    }
  } else {
    const specPath = podSpecPath(ctx.apiVersion, ctx.kind);
    if (specPath) summary.placements = placementKeys(ctx, specPath);
  }
  return summary;
}

/** Tenant-side objects whose cluster ID is about the namespace's peer. Tenant is checked by its own rule. */
const peerKinds = new Set(['ResourceSlice', 'VirtualNode', 'Identity', 'Configuration', 'GatewayServer', 'GatewayClient', 'PublicKey', 'NamespaceMap', 'Connection']);

/** Cross-document diagnostics, by the index of the document they belong to. */
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

  summaries.forEach((s, i) => {
    if (!s) return;
    if (s.kind === 'NamespaceOffloading' && s.namespace) {
      const prev = once(`nso/${s.namespace}`, i);
      if (prev !== undefined) add(i, diag('offloadingDuplicate', ...s.nameRange(), `Namespace ${s.namespace} already has a NamespaceOffloading (document ${prev + 1}); there can be only one, named "offloading".`));
    }
    if (s.offloads) offloaded.set(s.offloads.namespace, s.offloads.podsRemote || offloaded.get(s.offloads.namespace) === true);
    if (s.kind === 'ResourceSlice' && s.name) {
      const prev = once(`rs/${s.name}`, i);
      if (prev !== undefined) add(i, diag('sliceDuplicate', ...s.nameRange(), `Another ResourceSlice is already named "${s.name}" (document ${prev + 1}); Liqo's webhook refuses a second local slice with the same name, in any namespace.`));
    }
    if (s.kind === 'Tenant' && s.namespace) {
      const prev = once(`tenant/${s.namespace}`, i);
      if (prev !== undefined) add(i, diag('tenantPlacement', ...s.nameRange(), `Namespace ${s.namespace} already has a Tenant (document ${prev + 1}); only one is allowed per tenant namespace.`));
    }
    if (s.kind === 'Configuration' && s.peer) {
      const prev = once(`conf/${s.peer.id}`, i);
      if (prev !== undefined) add(i, diag('configurationDuplicate', ...s.nameRange(), `Peer ${s.peer.id} already has a networking Configuration (document ${prev + 1}); Liqo expects exactly one per peer.`));
    }
    if (peerKinds.has(s.kind) && s.peer && s.namespace) {
      const own = peerOfTenantNamespace(s.namespace);
      const seen = peerByNamespace.get(s.namespace);
      if (own === undefined && seen && seen.id !== s.peer.id) {
        add(i, diag('clusterIDMismatch', ...s.peer.range(), `This ${s.kind} names cluster "${s.peer.id}", but document ${seen.index + 1} in the same namespace names "${seen.id}".`));
      } else if (own !== undefined && own !== s.peer.id && s.kind !== 'ResourceSlice') {
        add(i, diag('clusterIDMismatch', ...s.peer.range(), `This ${s.kind} names cluster "${s.peer.id}", but it is in ${s.namespace}, the tenant namespace of "${own}".`));
      }
      if (!seen) peerByNamespace.set(s.namespace, { id: s.peer.id, index: i });
    }
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
