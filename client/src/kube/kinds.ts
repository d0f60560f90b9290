// The Kubernetes and Liqo kinds the client reads, and the REST paths of their collections and objects.

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion?: string; kind?: string; name?: string; controller?: boolean }[];
}

/** Any Kubernetes object as JSON. Readers below pick the fields they need. */
export interface KObj {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [other: string]: unknown;
}

export interface ResourceKind {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

const r = (group: string, version: string, plural: string, kind: string, namespaced: boolean): ResourceKind =>
  ({ group, version, plural, kind, namespaced });

export const kinds = {
  namespace: r('', 'v1', 'namespaces', 'Namespace', false),
  node: r('', 'v1', 'nodes', 'Node', false),
  pod: r('', 'v1', 'pods', 'Pod', true),
  configMap: r('', 'v1', 'configmaps', 'ConfigMap', true),
  deployment: r('apps', 'v1', 'deployments', 'Deployment', true),
  crd: r('apiextensions.k8s.io', 'v1', 'customresourcedefinitions', 'CustomResourceDefinition', false),
  runtimeClass: r('node.k8s.io', 'v1', 'runtimeclasses', 'RuntimeClass', false),
  foreignCluster: r('core.liqo.io', 'v1beta1', 'foreignclusters', 'ForeignCluster', false),
  resourceSlice: r('authentication.liqo.io', 'v1beta1', 'resourceslices', 'ResourceSlice', true),
  tenant: r('authentication.liqo.io', 'v1beta1', 'tenants', 'Tenant', true),
  namespaceOffloading: r('offloading.liqo.io', 'v1beta1', 'namespaceoffloadings', 'NamespaceOffloading', true),
  virtualNode: r('offloading.liqo.io', 'v1beta1', 'virtualnodes', 'VirtualNode', true),
  quota: r('offloading.liqo.io', 'v1beta1', 'quotas', 'Quota', true),
  /** Liqo's network Configuration per peer: the peer's pod CIDR and, in its status, how this cluster remaps it. */
  networkConfiguration: r('networking.liqo.io', 'v1beta1', 'configurations', 'Configuration', true),
} as const;

export function apiVersionOf(k: ResourceKind): string {
  return k.group ? `${k.group}/${k.version}` : k.version;
}

/** The REST path of a collection or of one object. Without a namespace, a namespaced kind lists across all. */
export function resourcePath(k: ResourceKind, namespace?: string, name?: string, sub?: string): string {
  const root = k.group ? `/apis/${k.group}/${k.version}` : `/api/${k.version}`;
  const ns = k.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const tail = name ? `/${encodeURIComponent(name)}${sub ? `/${sub}` : ''}` : '';
  return `${root}${ns}/${k.plural}${tail}`;
}
