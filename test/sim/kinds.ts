// The resource types the simulator serves: built-in kinds plus every Liqo kind.
// Short names, categories, scopes and printer columns are facts from Liqo's CRDs (see liqo.md §1).

export interface PrinterColumn {
  name: string;
  type: 'string' | 'date' | 'integer' | 'boolean' | 'number';
  jsonPath: string;
  priority?: number;
}

export interface ResourceType {
  group: string; // '' for the core group
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  status: boolean; // has a status subresource
  log?: boolean; // pods/log
  scale?: boolean;
  printerColumns?: PrinterColumn[];
  crd: boolean; // served through a CustomResourceDefinition
  /** Only for review kinds that can just be created (SelfSubjectAccessReview...). */
  createOnly?: boolean;
}

export function apiVersionOf(t: ResourceType): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

const age: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };

function builtin(group: string, version: string, kind: string, plural: string, namespaced: boolean,
  shortNames: string[], extra: Partial<ResourceType> = {}): ResourceType {
  return {
    group, version, kind, plural, singular: kind.toLowerCase(), namespaced, shortNames,
    categories: [], status: false, crd: false, ...extra,
  };
}

function liqo(group: string, kind: string, plural: string, namespaced: boolean, shortNames: string[],
  status: boolean, printerColumns: PrinterColumn[]): ResourceType {
  return {
    group: `${group}.liqo.io`, version: 'v1beta1', kind, plural, singular: kind.toLowerCase(), namespaced, shortNames,
    categories: ['liqo'], status, printerColumns, crd: true,
  };
}

const cond = (type: string): string => `.status.conditions[?(@.type=="${type}")].status`;

export const builtinTypes: ResourceType[] = [
  builtin('', 'v1', 'Namespace', 'namespaces', false, ['ns'], { status: true }),
  builtin('', 'v1', 'Node', 'nodes', false, ['no'], { status: true }),
  builtin('', 'v1', 'Pod', 'pods', true, ['po'], { status: true, log: true, categories: ['all'] }),
  builtin('', 'v1', 'Service', 'services', true, ['svc'], { status: true, categories: ['all'] }),
  builtin('', 'v1', 'ConfigMap', 'configmaps', true, ['cm']),
  builtin('', 'v1', 'Secret', 'secrets', true, []),
  builtin('', 'v1', 'ServiceAccount', 'serviceaccounts', true, ['sa']),
  builtin('', 'v1', 'Event', 'events', true, ['ev']),
  builtin('apps', 'v1', 'Deployment', 'deployments', true, ['deploy'], { status: true, scale: true, categories: ['all'] }),
  builtin('apps', 'v1', 'ReplicaSet', 'replicasets', true, ['rs'], { status: true, scale: true, categories: ['all'] }),
  builtin('node.k8s.io', 'v1', 'RuntimeClass', 'runtimeclasses', false, []),
  builtin('authorization.k8s.io', 'v1', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', false, [], { createOnly: true }),
  builtin('authorization.k8s.io', 'v1', 'SelfSubjectRulesReview', 'selfsubjectrulesreviews', false, [], { createOnly: true }),
  builtin('authentication.k8s.io', 'v1', 'SelfSubjectReview', 'selfsubjectreviews', false, [], { createOnly: true }),
  // RBAC, evaluated by rbac.ts from these objects.
  builtin('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true, []),
  builtin('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false, []),
  builtin('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true, []),
  builtin('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false, []),
  builtin('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, ['crd', 'crds'],
    { status: true, categories: ['api-extensions'] }),
];

export const liqoTypes: ResourceType[] = [
  liqo('core', 'ForeignCluster', 'foreignclusters', false, ['fc'], true, [
    { name: 'Role', type: 'string', jsonPath: '.status.role' },
    { name: 'ClusterID', type: 'string', jsonPath: '.spec.clusterID', priority: 1 }, age]),
  liqo('authentication', 'ResourceSlice', 'resourceslices', true, ['rslice'], true, [
    { name: 'Authentication', type: 'string', jsonPath: cond('Authentication') },
    { name: 'Resources', type: 'string', jsonPath: cond('Resources') }, age]),
  liqo('authentication', 'Tenant', 'tenants', true, ['tn'], true, [
    { name: 'Condition', type: 'string', jsonPath: '.spec.tenantCondition' }, age]),
  liqo('authentication', 'Identity', 'identities', true, ['id'], true, [
    { name: 'Type', type: 'string', jsonPath: '.spec.type' },
    { name: 'KubeconfigSecret', type: 'string', jsonPath: '.status.kubeconfigSecretRef.name', priority: 1 }, age]),
  liqo('offloading', 'NamespaceOffloading', 'namespaceoffloadings', true, ['nso', 'nsof', 'nsoff', 'nsoffloading'], true, [
    { name: 'NamespaceMappingStrategy', type: 'string', jsonPath: '.spec.namespaceMappingStrategy' },
    { name: 'PodOffloadingStrategy', type: 'string', jsonPath: '.spec.podOffloadingStrategy' },
    { name: 'OffloadingPhase', type: 'string', jsonPath: '.status.offloadingPhase' },
    { name: 'RemoteNamespaceName', type: 'string', jsonPath: '.status.remoteNamespaceName', priority: 10 }, age]),
  liqo('offloading', 'VirtualNode', 'virtualnodes', true, ['vn', 'vnode', 'virno', 'vno'], true, [
    { name: 'ClusterID', type: 'string', jsonPath: '.spec.clusterID' },
    { name: 'Create Node', type: 'boolean', jsonPath: '.spec.createNode' }, age,
    { name: 'Node', type: 'string', jsonPath: cond('Node'), priority: 1 },
    { name: 'VirtualKubelet', type: 'string', jsonPath: cond('VirtualKubelet'), priority: 1 }]),
  liqo('offloading', 'Quota', 'quotas', true, ['qt'], false, [
    { name: 'Enforcement', type: 'string', jsonPath: '.spec.limitsEnforcement' },
    { name: 'Cordoned', type: 'boolean', jsonPath: '.spec.cordoned' }, age,
    { name: 'User', type: 'string', jsonPath: '.spec.user', priority: 1 }]),
  liqo('offloading', 'ShadowPod', 'shadowpods', true, ['shp', 'shpod'], true, [
    { name: 'Status', type: 'string', jsonPath: '.status.phase' }, age]),
  liqo('offloading', 'NamespaceMap', 'namespacemaps', true, ['nm', 'nsmap'], true, [
    { name: 'Local', type: 'string', jsonPath: '.metadata.labels.liqo\\.io/replication' }, age]),
  liqo('networking', 'Configuration', 'configurations', true, ['conf'], true, [
    { name: 'Desired Pod CIDR ', type: 'string', jsonPath: '.spec.remote.cidr.pod' },
    { name: 'Remapped Pod CIDR', type: 'string', jsonPath: '.status.remote.cidr.pod' }, age,
    { name: 'Desired External CIDR', type: 'string', jsonPath: '.spec.remote.cidr.external', priority: 1 },
    { name: 'Remapped External CIDR', type: 'string', jsonPath: '.status.remote.cidr.external', priority: 1 },
    { name: 'ClusterID', type: 'string', jsonPath: '.metadata.labels.liqo\\.io/remote-cluster-id', priority: 1 }]),
  liqo('networking', 'GatewayServer', 'gatewayservers', true, ['gws', 'gwserver'], true, [
    { name: 'Template Kind', type: 'string', jsonPath: '.spec.serverTemplateRef.kind', priority: 1 },
    { name: 'Template Name', type: 'string', jsonPath: '.spec.serverTemplateRef.name' },
    { name: 'Template Namespace', type: 'string', jsonPath: '.spec.serverTemplateRef.namespace', priority: 1 },
    { name: 'IP', type: 'string', jsonPath: '.status.endpoint.addresses[*]' },
    { name: 'Port', type: 'string', jsonPath: '.status.endpoint.port' },
    { name: 'Protocol', type: 'string', jsonPath: '.status.endpoint.protocol', priority: 1 },
    { name: 'MTU', type: 'integer', jsonPath: '.spec.mtu', priority: 1 }, age]),
  liqo('networking', 'GatewayClient', 'gatewayclients', true, ['gwc', 'gwclient'], true, [
    { name: 'Template Kind', type: 'string', jsonPath: '.spec.clientTemplateRef.kind', priority: 1 },
    { name: 'Template Name', type: 'string', jsonPath: '.spec.clientTemplateRef.name' },
    { name: 'Template Namespace', type: 'string', jsonPath: '.spec.clientTemplateRef.namespace', priority: 1 },
    { name: 'IP', type: 'string', jsonPath: '.spec.endpoint.addresses[*]' },
    { name: 'Port', type: 'string', jsonPath: '.spec.endpoint.port' },
    { name: 'Protocol', type: 'string', jsonPath: '.spec.endpoint.protocol', priority: 1 },
    { name: 'MTU', type: 'integer', jsonPath: '.spec.mtu', priority: 1 }, age]),
  liqo('networking', 'PublicKey', 'publickeies', true, ['pk', 'pkies', 'pkey'], false, []),
  liqo('networking', 'Connection', 'connections', true, ['conn'], true, [
    { name: 'Type', type: 'string', jsonPath: '.spec.type' },
    { name: 'Status', type: 'string', jsonPath: '.status.value' }, age,
    { name: 'Latency', type: 'string', jsonPath: '.status.latency.value', priority: 1 }]),
];

export const allTypes: ResourceType[] = [...builtinTypes, ...liqoTypes];

/** Finds a type by group, version and plural (the URL form). */
export function typeByPlural(group: string, version: string, plural: string): ResourceType | undefined {
  return allTypes.find((t) => t.group === group && t.version === version && t.plural === plural);
}

/** Finds a type by apiVersion and kind (the object form). */
export function typeByKind(apiVersion: string, kind: string): ResourceType | undefined {
  return allTypes.find((t) => apiVersionOf(t) === apiVersion && t.kind === kind);
}
