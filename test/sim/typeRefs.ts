// Direct handles on the built-in types the controllers use most.
import { allTypes, type ResourceType } from './kinds.js';

function find(apiVersion: string, kind: string): ResourceType {
  const t = allTypes.find((x) => (x.group ? `${x.group}/${x.version}` : x.version) === apiVersion && x.kind === kind);
  if (!t) throw new Error(`unknown kind ${apiVersion} ${kind}`);
  return t;
}

export const namespaceType = find('v1', 'Namespace');
export const nodeType = find('v1', 'Node');
export const podType = find('v1', 'Pod');
export const serviceType = find('v1', 'Service');
export const eventType = find('v1', 'Event');
export const secretType = find('v1', 'Secret');
export const configMapType = find('v1', 'ConfigMap');
export const serviceAccountType = find('v1', 'ServiceAccount');
export const deploymentType = find('apps/v1', 'Deployment');
export const replicaSetType = find('apps/v1', 'ReplicaSet');
export const crdType = find('apiextensions.k8s.io/v1', 'CustomResourceDefinition');
export const runtimeClassType = find('node.k8s.io/v1', 'RuntimeClass');
export const foreignClusterType = find('core.liqo.io/v1beta1', 'ForeignCluster');
export const resourceSliceType = find('authentication.liqo.io/v1beta1', 'ResourceSlice');
export const tenantType = find('authentication.liqo.io/v1beta1', 'Tenant');
export const identityType = find('authentication.liqo.io/v1beta1', 'Identity');
export const namespaceOffloadingType = find('offloading.liqo.io/v1beta1', 'NamespaceOffloading');
export const virtualNodeType = find('offloading.liqo.io/v1beta1', 'VirtualNode');
export const quotaType = find('offloading.liqo.io/v1beta1', 'Quota');
export const shadowPodType = find('offloading.liqo.io/v1beta1', 'ShadowPod');
export const namespaceMapType = find('offloading.liqo.io/v1beta1', 'NamespaceMap');
export const configurationType = find('networking.liqo.io/v1beta1', 'Configuration');
export const gatewayServerType = find('networking.liqo.io/v1beta1', 'GatewayServer');
export const gatewayClientType = find('networking.liqo.io/v1beta1', 'GatewayClient');
export const publicKeyType = find('networking.liqo.io/v1beta1', 'PublicKey');
export const connectionType = find('networking.liqo.io/v1beta1', 'Connection');
