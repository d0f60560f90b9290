// Whole-document snippets for each Liqo kind. The ResourceSlice and NamespaceOffloading ones are the objects
// `liqoctl create resourceslice` (with a GPU) and `liqoctl offload namespace` create; the networking ones carry
// the labels Liqo's gateway and fabric select their configurations by. Kinds without a hand-made snippet get one
// built from their schema.
import { snippetText } from './escape';
import { manifestYaml } from './ast';
import type { KindSchema } from '../../../schemas/index';
import { annotations, labels } from '../liqo/keys';
import { needPeerLabel } from './rules/peering';
import { placeholder } from './rules/schema';

/** Labels by which Liqo's gateway and fabric pick the FirewallConfigurations and RouteConfigurations they apply. */
const firewallLabels = { category: labels.firewallCategory, subcategory: labels.firewallSubcategory };
const routeLabels = { category: labels.routeCategory };

const handMade: Record<string, string> = {
  ResourceSlice: `apiVersion: authentication.liqo.io/v1beta1
kind: ResourceSlice
metadata:
  name: \${1:gpu-pool}
  namespace: liqo-tenant-\${2:provider-cluster-id}
  labels:
    ${labels.replication}: "true"
    ${labels.remoteID}: \${2}
    ${labels.remoteClusterID}: \${2}
  annotations:
    ${annotations.createVirtualNode}: "true"
spec:
  class: default
  providerClusterID: \${2}
  resources:
    cpu: "\${3:4}"
    memory: \${4:8Gi}
    nvidia.com/gpu: "\${5:1}"
`,
  NamespaceOffloading: `apiVersion: offloading.liqo.io/v1beta1
kind: NamespaceOffloading
metadata:
  name: offloading
  namespace: \${1:liqo-demo}
spec:
  clusterSelector:
    nodeSelectorTerms: []
  namespaceMappingStrategy: \${2|DefaultName,EnforceSameName,SelectedName|}
  podOffloadingStrategy: \${3|LocalAndRemote,Remote,Local|}
`,
  VirtualNode: `apiVersion: offloading.liqo.io/v1beta1
kind: VirtualNode
metadata:
  name: \${1:provider-cluster-id}
  namespace: liqo-tenant-\${1}
  labels:
    ${labels.remoteClusterID}: \${1}
spec:
  clusterID: \${1}
  createNode: true
  kubeconfigSecretRef:
    name: \${2:kubeconfig-controlplane-\${1}}
  resourceQuota:
    hard:
      cpu: "\${3:4}"
      memory: \${4:8Gi}
      nvidia.com/gpu: "\${5:1}"
`,
  IP: `${header('ipam.liqo.io/v1alpha1', 'IP', 'external-host', 'default')}spec:
  ip: \${3:192.168.1.10}
`,
  Network: `${header('ipam.liqo.io/v1alpha1', 'Network', 'reserved-subnet', 'liqo')}spec:
  cidr: \${3:10.100.0.0/16}
`,
  FirewallConfiguration: `${header('networking.liqo.io/v1beta1', 'FirewallConfiguration', 'name', 'liqo')}  labels:
    ${firewallLabels.category}: \${3|gateway,fabric|}
    ${firewallLabels.subcategory}: \${4|all-gateways,all-nodes|}
spec:
  table:
    name: \${5:table-name}
    family: \${6|IPV4,IPV6,INET,ARP,NETDEV,BRIDGE|}
    chains:
      - name: \${7:chain-name}
        type: \${8|filter,nat,route|}
        hook: \${9|forward,prerouting,input,output,postrouting,ingress|}
        policy: \${10|accept,drop|}
        priority: \${11:0}
        rules:
          filterRules:
            - name: \${12:rule-name}
              action: \${13|accept,drop,reject,notrack,ctmark,metamarkfromctmark,tcpmssclamp|}
              match:
                - op: \${14|eq,neq|}
                  proto:
                    value: \${15|tcp,udp|}
`,
  RouteConfiguration: `${header('networking.liqo.io/v1beta1', 'RouteConfiguration', 'name', 'liqo')}  labels:
    ${routeLabels.category}: \${3|fabric,gateway|}
spec:
  table:
    name: \${4:table-name}
    rules:
      - dst: \${5:10.100.0.0/16}
        routes:
          - dst: \${5}
            gw: \${6:10.80.0.1}
`,
  VkOptionsTemplate: `${header('offloading.liqo.io/v1beta1', 'VkOptionsTemplate', 'virtual-kubelet-custom', 'liqo')}spec:
  containerImage: ghcr.io/liqotech/virtual-kubelet:\${3:v1.2.0}
  createNode: \${4|true,false|}
  disableNetworkCheck: \${5|false,true|}
  metricsEnabled: \${6|false,true|}
  replicas: \${7:1}
  reflectorsConfig:
    pod:
      workers: 10
    service:
      workers: 3
      type: DenyList
`,
  WgGatewayServerTemplate: gatewayTemplate('Server', `      service:
        spec:
          type: "{{ .Spec.Endpoint.ServiceType }}"
          ports:
            - port: "{{ .Spec.Endpoint.Port }}"
              protocol: UDP
              targetPort: "{{ .Spec.Endpoint.Port }}"
`),
  WgGatewayClientTemplate: gatewayTemplate('Client', ''),
};

/**
 * A WireGuard gateway template: the object it produces, with Go-template values filled in by Liqo for each
 * gateway. The containers are left to the user, who starts from Liqo's own template (named in the comment).
 */
function gatewayTemplate(side: 'Server' | 'Client', extra: string): string {
  const lower = side.toLowerCase();
  return `${header('networking.liqo.io/v1beta1', `WgGateway${side}Template`, `wireguard-${lower}-custom`, 'liqo')}spec:
  objectKind:
    apiVersion: networking.liqo.io/v1beta1
    kind: WgGateway${side}
  # The containers of a working gateway are those of Liqo's own template:
  #   kubectl get wggateway${lower}template wireguard-${lower} -n liqo -o yaml
  template:
    metadata:
      name: "{{ .Name }}"
      namespace: "{{ .Namespace }}"
    spec:
      secretRef:
        name: "{{ .Spec.SecretRef.Name }}"
${extra}      deployment:
        spec:
          replicas: 1
          selector:
            matchLabels:
              app.kubernetes.io/name: "{{ .Name }}"
          template:
            metadata:
              labels:
                app.kubernetes.io/name: "{{ .Name }}"
            spec:
              serviceAccountName: "{{ .Name }}"
              containers: []
`;
}

/** The first lines of a skeleton: apiVersion, kind, then a name ($1) and, unless cluster-scoped, a namespace ($2). */
function header(apiVersion: string, kind: string, name: string, namespace?: string): string {
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: \${1:${name}}\n${namespace === undefined ? '' : `  namespace: \${2:${namespace}}\n`}`;
}

/** A snippet for a whole document of the kind. */
export function skeleton(k: KindSchema): string {
  const made = handMade[k.kind];
  if (made) return made;
  const props = (k.schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const spec = props.spec ? placeholder(props.spec) : undefined;
  const body: Record<string, unknown> = {};
  if (spec !== undefined) body.spec = spec;
  const rest = Object.keys(body).length ? snippetText(manifestYaml(body)) : '';
  // The networking kinds whose controllers need the peer label get it, with the peer the namespace names.
  const peerLabel = k.kind in needPeerLabel ? `  labels:\n    ${labels.remoteClusterID}: peer\n` : '';
  return header(`${k.group}/${k.version}`, k.kind, 'name', k.scope === 'Namespaced' ? 'liqo-tenant-peer' : undefined) + peerLabel + rest;
}
