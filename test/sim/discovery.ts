// Discovery documents: /version, /api, /apis and the per-group-version resource lists kubectl caches.
import { allTypes, type ResourceType } from './kinds.js';

const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export function versionInfo(): Record<string, string> {
  return {
    major: '1', minor: '32', gitVersion: 'v1.32.4-liqo-sim', gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean', buildDate: '2026-01-01T00:00:00Z', goVersion: 'go1.23.8', compiler: 'gc', platform: 'linux/amd64',
  };
}

export function groups(): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const t of allTypes) if (t.group) seen.set(`${t.group}/${t.version}`, { group: t.group, version: t.version });
  return [...seen.values()];
}

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

export function apiGroupList(): Record<string, unknown> {
  return {
    kind: 'APIGroupList', apiVersion: 'v1',
    groups: groups().map((g) => {
      const gv = { groupVersion: `${g.group}/${g.version}`, version: g.version };
      return { name: g.group, versions: [gv], preferredVersion: gv };
    }),
  };
}

export function apiGroup(group: string): Record<string, unknown> | undefined {
  const g = groups().find((x) => x.group === group);
  if (!g) return undefined;
  const gv = { groupVersion: `${g.group}/${g.version}`, version: g.version };
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: [gv], preferredVersion: gv };
}

function resourceEntries(t: ResourceType): Record<string, unknown>[] {
  const main: Record<string, unknown> = { name: t.plural, singularName: t.singular, namespaced: t.namespaced, kind: t.kind, verbs: t.createOnly ? ['create'] : verbs };
  if (t.shortNames.length) main.shortNames = t.shortNames;
  if (t.categories.length) main.categories = t.categories;
  const out = [main];
  if (t.status) out.push({ name: `${t.plural}/status`, singularName: '', namespaced: t.namespaced, kind: t.kind, verbs: ['get', 'patch', 'update'] });
  if (t.log) out.push({ name: `${t.plural}/log`, singularName: '', namespaced: t.namespaced, kind: 'Pod', verbs: ['get'] });
  if (t.scale) out.push({ name: `${t.plural}/scale`, singularName: '', namespaced: t.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
  return out;
}

export function resourceList(group: string, version: string): Record<string, unknown> | undefined {
  const types = allTypes.filter((t) => t.group === group && t.version === version);
  if (!types.length) return undefined;
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources: types.flatMap(resourceEntries) };
}

/** Content type of aggregated discovery (apidiscovery.k8s.io/v2), which kubectl asks for first. */
export const AGGREGATED_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

export function wantsAggregated(accept: string | undefined): boolean {
  const first = (accept ?? '').split(',')[0] ?? '';
  return first.includes('as=APIGroupDiscoveryList') && first.includes('v=v2') && !first.includes('v2beta1');
}

function aggregatedResource(t: ResourceType): Record<string, unknown> {
  const kind = { group: t.group, version: t.version, kind: t.kind };
  const subresources: Record<string, unknown>[] = [];
  if (t.status) subresources.push({ subresource: 'status', responseKind: kind, verbs: ['get', 'patch', 'update'] });
  if (t.log) subresources.push({ subresource: 'log', responseKind: { group: '', version: 'v1', kind: 'Pod' }, verbs: ['get'] });
  if (t.scale) subresources.push({ subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] });
  const r: Record<string, unknown> = { resource: t.plural, responseKind: kind, scope: t.namespaced ? 'Namespaced' : 'Cluster', singularResource: t.singular, verbs: t.createOnly ? ['create'] : verbs };
  if (t.shortNames.length) r.shortNames = t.shortNames;
  if (t.categories.length) r.categories = t.categories;
  if (subresources.length) r.subresources = subresources;
  return r;
}

/** Aggregated discovery for /api (legacy core group) or /apis (every named group). */
export function aggregated(legacy: boolean): Record<string, unknown> {
  const groupsOf = legacy ? [{ group: '', version: 'v1' }] : groups();
  return {
    kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {},
    items: groupsOf.map((g) => ({
      metadata: { name: g.group },
      versions: [{ version: g.version, freshness: 'Current', resources: allTypes.filter((t) => t.group === g.group && t.version === g.version).map(aggregatedResource) }],
    })),
  };
}
