// Names that Liqo derives from others. Upstream (liqotech/liqo): pkg/consts/namespace_mapping.go (the fixed
// offloading name), pkg/tenantNamespace/const.go (tenant namespaces), and
// pkg/liqo-controller-manager/offloading/namespaceoffloading-controller/status.go (twin namespaces).

/** A NamespaceOffloading must carry this name, or Liqo's webhook refuses it. */
export const offloadingName = 'offloading';

export const tenantNamespacePrefix = 'liqo-tenant-';

export type MappingStrategy = 'DefaultName' | 'EnforceSameName' | 'SelectedName';
export type PodOffloadingStrategy = 'LocalAndRemote' | 'Remote' | 'Local';
export const mappingStrategies: readonly MappingStrategy[] = ['DefaultName', 'EnforceSameName', 'SelectedName'];
export const podStrategies: readonly PodOffloadingStrategy[] = ['LocalAndRemote', 'Remote', 'Local'];

/** The namespace in which a consumer keeps everything about one provider (and a provider about one consumer). */
export function tenantNamespace(peerClusterID: string): string {
  return tenantNamespacePrefix + peerClusterID;
}

/** The peer cluster ID a tenant namespace stands for, or undefined if the name is not a tenant namespace. */
export function peerOfTenantNamespace(namespace: string): string | undefined {
  return namespace.startsWith(tenantNamespacePrefix) && namespace.length > tenantNamespacePrefix.length
    ? namespace.slice(tenantNamespacePrefix.length)
    : undefined;
}

/**
 * The name of the twin namespace that a NamespaceOffloading creates on every selected provider.
 * `DefaultName` (and any unknown strategy, as Liqo does) appends the consumer's cluster ID.
 */
export function twinNamespace(namespace: string, strategy: string | undefined, remoteName: string | undefined, consumerClusterID: string): string {
  switch (strategy) {
    case 'EnforceSameName':
      return namespace;
    case 'SelectedName':
      return remoteName ?? '';
    default:
      return `${namespace}-${consumerClusterID}`;
  }
}
