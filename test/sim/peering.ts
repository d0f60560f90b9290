// The objects `liqoctl peer` leaves on both sides of a consumer -> provider peering (liqo.md §0.3, §1).
import { createHash } from 'node:crypto';
import type { Cluster } from './cluster.js';
import { ownerRef, upsert } from './controllers/util.js';
import { condition, namespaceObject } from './objects.js';
import {
  configurationType, connectionType, foreignClusterType, gatewayClientType, gatewayServerType, identityType,
  namespaceMapType, namespaceType, publicKeyType, quotaType, resourceSliceType, tenantType, virtualNodeType,
} from './typeRefs.js';
import type { Peering } from './world.js';

const defaults = { cpu: '4', memory: '8Gi', pods: '110', 'ephemeral-storage': '20Gi' };
export const tenantNs = (peer: string): string => `liqo-tenant-${peer}`;
const remoteLabel = (id: string): Record<string, string> => ({ 'liqo.io/remote-cluster-id': id });

export function quotaName(rsName: string, consumerID: string): string {
  return `${rsName}-${createHash('sha256').update(consumerID).digest('hex').slice(0, 12)}`;
}

function modules(role: 'Provider' | 'Consumer'): Record<string, unknown> {
  const ready = (type: string): Record<string, unknown> => condition(type, 'Ready');
  return {
    networking: { enabled: true, conditions: [ready('NetworkConfigurationStatus'), ready('NetworkGatewayPresence'),
      ready(role === 'Provider' ? 'NetworkGatewayClientStatus' : 'NetworkGatewayServerStatus'), condition('NetworkConnectionStatus', 'Established')] },
    authentication: { enabled: true, conditions: [ready(role === 'Provider' ? 'AuthIdentityControlPlaneStatus' : 'AuthTenantStatus')] },
    offloading: role === 'Provider'
      ? { enabled: true, conditions: [ready('OffloadingVirtualNodeStatus'), ready('OffloadingNodeStatus')] }
      : { enabled: false },
  };
}

function networking(c: Cluster, peer: Cluster, server: boolean, podCidr: string, localPodCidr = podCidr): void {
  const ns = tenantNs(peer.clusterID);
  const id = peer.clusterID;
  upsert(c, configurationType, { apiVersion: 'networking.liqo.io/v1beta1', kind: 'Configuration', metadata: { name: id, namespace: ns, labels: remoteLabel(id) },
    spec: { local: { cidr: { pod: [localPodCidr], external: ['10.70.0.0/16'] } }, remote: { cidr: { pod: [podCidr], external: ['10.70.0.0/16'] } } },
    status: { remote: { cidr: { pod: ['10.71.0.0/16'], external: ['10.72.0.0/16'] } }, conditions: [condition('NetworkCIDRsConfigured', 'True', 'NetworkCIDRsConfigured')] } });
  upsert(c, publicKeyType, { apiVersion: 'networking.liqo.io/v1beta1', kind: 'PublicKey', metadata: { name: id, namespace: ns, labels: { ...remoteLabel(id), 'networking.liqo.io/gateway-resource': 'true' } },
    spec: { publicKey: Buffer.from(`wireguard-key-of-${id}`.padEnd(32, '=')).toString('base64') } });
  const gw = server
    ? { t: gatewayServerType, kind: 'GatewayServer', spec: { mtu: 1340, endpoint: { ports: [51840], serviceType: 'LoadBalancer' }, serverTemplateRef: { apiVersion: 'networking.liqo.io/v1beta1', kind: 'WgGatewayServerTemplate', name: 'wireguard-server', namespace: 'liqo' } },
      status: { endpoint: { addresses: ['172.18.0.10'], port: 51840, protocol: 'UDP' } } }
    : { t: gatewayClientType, kind: 'GatewayClient', spec: { mtu: 1340, endpoint: { addresses: ['172.18.0.10'], ports: [51840], protocol: 'UDP' }, clientTemplateRef: { apiVersion: 'networking.liqo.io/v1beta1', kind: 'WgGatewayClientTemplate', name: 'wireguard-client', namespace: 'liqo' } },
      status: {} };
  upsert(c, gw.t, { apiVersion: 'networking.liqo.io/v1beta1', kind: gw.kind, metadata: { name: id, namespace: ns, labels: remoteLabel(id) }, spec: gw.spec, status: gw.status });
  upsert(c, connectionType, { apiVersion: 'networking.liqo.io/v1beta1', kind: 'Connection', metadata: { name: `gw-${id}`, namespace: ns, labels: remoteLabel(id) },
    spec: { type: server ? 'Server' : 'Client', gatewayRef: { apiVersion: 'networking.liqo.io/v1beta1', kind: server ? 'WgGatewayServer' : 'WgGatewayClient', name: id, namespace: ns } },
    status: { value: 'Connected', latency: { value: '1.2ms', timestamp: new Date().toISOString() } } });
}

/** Creates both sides of the peering, as if `liqoctl peer` had run and every module had settled. */
export function seedPeering(p: Peering): void {
  const { consumer: c, provider: pr } = p;
  const C = c.clusterID;
  const P = pr.clusterID;
  const granted = { ...defaults, ...p.resources };
  const tenantLabels = (peer: string): Record<string, string> => ({ 'liqo.io/tenant-namespace': 'true', ...remoteLabel(peer) });

  // Consumer side.
  upsert(c, namespaceType, namespaceObject(tenantNs(P), tenantLabels(P)), []);
  upsert(c, foreignClusterType, { apiVersion: 'core.liqo.io/v1beta1', kind: 'ForeignCluster', metadata: { name: P, labels: remoteLabel(P) }, spec: { clusterID: P },
    status: { role: 'Provider', apiServerUrl: pr.url, tenantNamespace: { local: tenantNs(P), remote: tenantNs(C) }, modules: modules('Provider'), conditions: [condition('APIServerStatus', 'Established')] } });
  upsert(c, identityType, { apiVersion: 'authentication.liqo.io/v1beta1', kind: 'Identity', metadata: { name: `controlplane-${P}`, namespace: tenantNs(P), labels: { ...remoteLabel(P), 'liqo.io/identity-type': 'ControlPlane' } },
    spec: { clusterID: P, type: 'ControlPlane', namespace: tenantNs(C), authParams: { apiServer: pr.url } }, status: { kubeconfigSecretRef: { name: `kubeconfig-controlplane-${P}` } } });
  upsert(c, identityType, { apiVersion: 'authentication.liqo.io/v1beta1', kind: 'Identity', metadata: { name: `resourceslice-${P}`, namespace: tenantNs(P), labels: { ...remoteLabel(P), 'liqo.io/identity-type': 'ResourceSlice', 'liqo.io/resourceslice-name': P } },
    spec: { clusterID: P, type: 'ResourceSlice', namespace: tenantNs(C), authParams: { apiServer: pr.url } }, status: { kubeconfigSecretRef: { name: `kubeconfig-resourceslice-${P}` } } });
  const rsStatus = { conditions: [condition('Authentication', 'Accepted', 'ResourceSliceAuthenticationAccepted'), condition('Resources', 'Accepted', 'ResourceSliceResourcesAccepted')], resources: granted, authParams: { apiServer: pr.url } };
  const rsSpec = { class: 'default', consumerClusterID: C, providerClusterID: P, resources: p.resources };
  upsert(c, resourceSliceType, { apiVersion: 'authentication.liqo.io/v1beta1', kind: 'ResourceSlice',
    metadata: { name: P, namespace: tenantNs(P), labels: { 'liqo.io/replication': 'true', 'liqo.io/remoteID': P, ...remoteLabel(P) }, annotations: { 'liqo.io/create-virtual-node': 'true' } },
    spec: rsSpec, status: rsStatus });
  upsert(c, virtualNodeType, { apiVersion: 'offloading.liqo.io/v1beta1', kind: 'VirtualNode',
    metadata: { name: P, namespace: tenantNs(P), labels: { ...remoteLabel(P), 'liqo.io/resourceslice-name': P } },
    spec: { clusterID: P, createNode: true, disableNetworkCheck: false, kubeconfigSecretRef: { name: `kubeconfig-resourceslice-${P}` },
      vkOptionsTemplateRef: { name: 'virtual-kubelet-default', namespace: 'liqo' }, resourceQuota: { hard: granted },
      labels: { 'liqo.io/provider': 'kubeadm' }, offloadingPatch: {} } });
  upsert(c, namespaceMapType, { apiVersion: 'offloading.liqo.io/v1beta1', kind: 'NamespaceMap',
    metadata: { name: P, namespace: tenantNs(P), labels: { ...remoteLabel(P), 'liqo.io/replication': 'true', 'liqo.io/remoteID': P } }, spec: { desiredMapping: {} } });
  networking(c, pr, false, '10.244.0.0/16');

  // Provider side.
  upsert(pr, namespaceType, namespaceObject(tenantNs(C), tenantLabels(C)), []);
  upsert(pr, foreignClusterType, { apiVersion: 'core.liqo.io/v1beta1', kind: 'ForeignCluster', metadata: { name: C, labels: remoteLabel(C) }, spec: { clusterID: C },
    status: { role: 'Consumer', apiServerUrl: c.url, tenantNamespace: { local: tenantNs(C), remote: tenantNs(P) }, modules: modules('Consumer'), conditions: [condition('APIServerStatus', 'Established')] } });
  upsert(pr, tenantType, { apiVersion: 'authentication.liqo.io/v1beta1', kind: 'Tenant', metadata: { name: C, namespace: tenantNs(C), labels: remoteLabel(C) },
    spec: { clusterID: C, authzPolicy: 'KeysExchange', tenantCondition: 'Active' }, status: { tenantNamespace: tenantNs(C) } });
  const replica = upsert(pr, resourceSliceType, { apiVersion: 'authentication.liqo.io/v1beta1', kind: 'ResourceSlice',
    metadata: { name: P, namespace: tenantNs(C), labels: { 'liqo.io/replication': 'false', 'liqo.io/replicated': 'true', 'liqo.io/originID': C, ...remoteLabel(C) } },
    spec: rsSpec, status: rsStatus });
  const q = quotaName(P, C);
  // As Liqo's quota creator makes it: owned by the replicated slice, with no labels; the chart's default enforcement.
  upsert(pr, quotaType, { apiVersion: 'offloading.liqo.io/v1beta1', kind: 'Quota', metadata: { name: q, namespace: tenantNs(C), ownerReferences: [ownerRef(replica)] },
    spec: { user: q, limitsEnforcement: 'None', resources: granted } });
  networking(pr, c, true, '10.244.0.0/16');
}
