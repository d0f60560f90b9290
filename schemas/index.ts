// The bundled JSON Schemas of the Liqo kinds, one per kind and version: every CRD of Liqo's liqo-crds chart.
// The JSON files beside this file are made by generate.ts from Liqo's CRDs; see README.md for where their facts
// come from. Each file carries its API coordinates in the `x-liqo-resource` key.
import configuration from './configuration.v1beta1.schema.json';
import connection from './connection.v1beta1.schema.json';
import firewallConfiguration from './firewallconfiguration.v1beta1.schema.json';
import foreignCluster from './foreigncluster.v1beta1.schema.json';
import gatewayClient from './gatewayclient.v1beta1.schema.json';
import gatewayServer from './gatewayserver.v1beta1.schema.json';
import geneveTunnel from './genevetunnel.v1beta1.schema.json';
import identity from './identity.v1beta1.schema.json';
import internalFabric from './internalfabric.v1beta1.schema.json';
import internalNode from './internalnode.v1beta1.schema.json';
import ip from './ip.v1alpha1.schema.json';
import namespaceMap from './namespacemap.v1beta1.schema.json';
import namespaceOffloading from './namespaceoffloading.v1beta1.schema.json';
import network from './network.v1alpha1.schema.json';
import publicKey from './publickey.v1beta1.schema.json';
import quota from './quota.v1beta1.schema.json';
import renew from './renew.v1beta1.schema.json';
import resourceSlice from './resourceslice.v1beta1.schema.json';
import routeConfiguration from './routeconfiguration.v1beta1.schema.json';
import shadowEndpointSlice from './shadowendpointslice.v1beta1.schema.json';
import shadowPod from './shadowpod.v1beta1.schema.json';
import tenant from './tenant.v1beta1.schema.json';
import virtualNode from './virtualnode.v1beta1.schema.json';
import vkOptionsTemplate from './vkoptionstemplate.v1beta1.schema.json';
import wgGatewayClient from './wggatewayclient.v1beta1.schema.json';
import wgGatewayClientTemplate from './wggatewayclienttemplate.v1beta1.schema.json';
import wgGatewayServer from './wggatewayserver.v1beta1.schema.json';
import wgGatewayServerTemplate from './wggatewayservertemplate.v1beta1.schema.json';

/** A JSON Schema object, as ajv takes it. */
export type JsonSchema = Record<string, unknown>;

export interface KindSchema {
  group: string;
  version: string;
  kind: string;
  plural: string;
  scope: 'Namespaced' | 'Cluster';
  schema: JsonSchema;
}

/** The vendor key every bundled schema carries at its root (facts from the CRD's names and version). */
export interface LiqoResource {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  scope: 'Namespaced' | 'Cluster';
  shortNames: string[];
  categories: string[];
  served: boolean;
  storage: boolean;
  subresources: string[];
  additionalPrinterColumns: { name: string; type: string; jsonPath: string; priority?: number; format?: string }[];
}

/** The API facts of a bundled schema. */
export function resourceOf(schema: JsonSchema): LiqoResource {
  return schema['x-liqo-resource'] as LiqoResource;
}

function toKindSchema(schema: JsonSchema): KindSchema {
  const r = resourceOf(schema);
  return { group: r.group, version: r.version, kind: r.kind, plural: r.plural, scope: r.scope, schema };
}

// Typed as plain objects on purpose: the inferred literal types of these files are huge and useless.
const files: JsonSchema[] = [
  foreignCluster, resourceSlice, namespaceOffloading, virtualNode, tenant, identity, quota, namespaceMap, shadowPod,
  configuration, gatewayServer, gatewayClient, publicKey, connection,
  ip, network, wgGatewayServerTemplate, wgGatewayClientTemplate, firewallConfiguration, routeConfiguration,
  vkOptionsTemplate,
  renew, geneveTunnel, internalFabric, internalNode, wgGatewayServer, wgGatewayClient, shadowEndpointSlice,
] as JsonSchema[];

export const bundledSchemas: KindSchema[] = files.map(toKindSchema);

/**
 * Kinds that only Liqo's own controllers create. Nobody writes them by hand, so completion offers no skeleton
 * for them and their fields need no descriptions of ours beyond the kind itself.
 */
export const managedKinds: ReadonlySet<string> = new Set([
  'NamespaceMap', 'ShadowPod', 'Renew', 'GeneveTunnel', 'InternalFabric', 'InternalNode', 'WgGatewayServer', 'WgGatewayClient',
  'ShadowEndpointSlice',
]);
