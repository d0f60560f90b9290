// The benchmark's workload: one YAML file of 3,000 correct Liqo documents, ~2% of them with a planted schema error
// that any schema-driven server must see (enum typo, wrong type, missing required field, bad cluster ID).
// Deterministic, so every run (and both servers) see the same text.

export interface Position {
  line: number;
  character: number;
}

export interface Workload {
  text: string;
  lineCount: number;
  /** First line (0-based) of each document. */
  docStarts: number[];
  kinds: string[];
  /** Index of each document with a planted error, and what was planted. */
  planted: Map<number, string>;
  /** A `podOffloadingStrategy: LocalAndRemote` value mid-file that the edit benchmark toggles. */
  edit: { start: Position; end: Position; original: string; replacement: string };
  /** The start of another `podOffloadingStrategy` value mid-file, where completion is asked. */
  completion: Position;
}

const GROUPS = 300;
/** Every fifth group gets one planted error: 60 of the 3,000 documents. */
const plantedGroup = (g: number): boolean => g % 5 === 2;
const plantKinds = ['enum typo', 'enum typo', 'wrong type', 'missing required field', 'bad cluster ID pattern', 'enum typo'] as const;
const EDIT_GROUP = 150;
const COMPLETION_GROUP = 155;

const pad = (n: number): string => String(n).padStart(4, '0');
const hex12 = (g: number): string => ((g * 2654435761) >>> 0).toString(16).padStart(8, '0') + pad(g);
const base64Key = (g: number): string => Buffer.from(`wireguard-key-of-peer-${pad(g)}-0123456789ab`.slice(0, 32)).toString('base64');

/** The ten documents of one peer: everything a consumer and provider hold about each other. */
function group(g: number, plant: number | undefined): { kind: string; text: string; error?: string }[] {
  const id = `prov-${pad(g)}`;
  const ns = `liqo-tenant-${id}`;
  const strategy = g === EDIT_GROUP || g === COMPLETION_GROUP ? 'LocalAndRemote' : ['LocalAndRemote', 'Remote', 'Local'][g % 3];
  const octet = `${g >> 8}.${g & 255}`;
  const docs: { kind: string; text: string; error?: string }[] = [];
  const add = (kind: string, text: string, error?: string): void => { docs.push({ kind, text, ...(error ? { error } : {}) }); };
  add('ResourceSlice', `apiVersion: authentication.liqo.io/v1beta1
kind: ResourceSlice
metadata:
  name: ${id}
  namespace: ${ns}
  labels:
    liqo.io/replication: "true"
    liqo.io/remoteID: ${id}
    liqo.io/remote-cluster-id: ${id}
  annotations:
    liqo.io/create-virtual-node: "true"
spec:
  class: default
  providerClusterID: ${id}
  resources:
    cpu: "${4 + (g % 28)}"
    memory: ${8 + (g % 56)}Gi
    pods: "110"
    ephemeral-storage: 100Gi
    nvidia.com/gpu: "${1 + (g % 4)}"
`);
  add('NamespaceOffloading', `apiVersion: offloading.liqo.io/v1beta1
kind: NamespaceOffloading
metadata:
  name: offloading
  namespace: team-${pad(g)}
spec:
  clusterSelector:
    nodeSelectorTerms:
    - matchExpressions:
      - key: liqo.io/remote-cluster-id
        operator: In
        values:
        - ${id}
  namespaceMappingStrategy: DefaultName
  podOffloadingStrategy: ${plant === 0 ? 'Remot' : strategy}
`, plant === 0 ? 'podOffloadingStrategy: Remot' : undefined);
  add('VirtualNode', `apiVersion: offloading.liqo.io/v1beta1
kind: VirtualNode
metadata:
  name: ${id}
  namespace: ${ns}
  labels:
    liqo.io/remote-cluster-id: ${id}
spec:
  clusterID: ${id}
  createNode: ${plant === 2 ? '"yes"' : 'true'}
  kubeconfigSecretRef:
    name: kubeconfig-controlplane-${id}
  offloadingPatch:
    nodeSelector:
      nvidia.com/gpu.present: "true"
  resourceQuota:
    hard:
      cpu: "${4 + (g % 28)}"
      memory: ${8 + (g % 56)}Gi
      nvidia.com/gpu: "${1 + (g % 4)}"
`, plant === 2 ? 'createNode: "yes" (a string)' : undefined);
  add('ForeignCluster', `apiVersion: core.liqo.io/v1beta1
kind: ForeignCluster
metadata:
  name: ${id}
  labels:
    liqo.io/remote-cluster-id: ${id}
spec:
  clusterID: ${plant === 4 ? `Prov_${pad(g)}` : id}
`, plant === 4 ? `clusterID: Prov_${pad(g)}` : undefined);
  add('Tenant', `apiVersion: authentication.liqo.io/v1beta1
kind: Tenant
metadata:
  name: ${id}
  namespace: ${ns}
  labels:
    liqo.io/remote-cluster-id: ${id}
spec:
  clusterID: ${id}
  authzPolicy: KeysExchange
  tenantCondition: ${plant === 5 ? 'Activ' : 'Active'}
`, plant === 5 ? 'tenantCondition: Activ' : undefined);
  add('GatewayServer', `apiVersion: networking.liqo.io/v1beta1
kind: GatewayServer
metadata:
  name: ${id}
  namespace: ${ns}
  labels:
    liqo.io/remote-cluster-id: ${id}
spec:
  serverTemplateRef:
    apiVersion: networking.liqo.io/v1beta1
    kind: WgGatewayServerTemplate
    name: wireguard-server
    namespace: liqo
  endpoint:
    ports: [${51840 + (g % 100)}]
    serviceType: ${plant === 1 ? 'LoadBalancr' : 'LoadBalancer'}
  mtu: 1340
`, plant === 1 ? 'serviceType: LoadBalancr' : undefined);
  add('Configuration', `apiVersion: networking.liqo.io/v1beta1
kind: Configuration
metadata:
  name: ${id}
  namespace: ${ns}
  labels:
    liqo.io/remote-cluster-id: ${id}
spec:
  remote:
    cidr:
      pod:
      - 10.${octet}.0/24
      external:
      - 172.${16 + (g >> 8)}.${g & 255}.0/24
`);
  if (g % 2 === 0) {
    add('Identity', `apiVersion: authentication.liqo.io/v1beta1
kind: Identity
metadata:
  name: controlplane-${id}
  namespace: ${ns}
  labels:
    liqo.io/remote-cluster-id: ${id}
spec:
  clusterID: ${id}
  type: ControlPlane
  authParams:
    apiServer: https://${id}.clusters.example.com:6443
`);
  } else {
    add('GatewayClient', `apiVersion: networking.liqo.io/v1beta1
kind: GatewayClient
metadata:
  name: ${id}
  namespace: ${ns}
  labels:
    liqo.io/remote-cluster-id: ${id}
spec:
  clientTemplateRef:
    apiVersion: networking.liqo.io/v1beta1
    kind: WgGatewayClientTemplate
    name: wireguard-client
    namespace: liqo
  endpoint:
    addresses: [203.0.113.${g & 255}]
    ports: [51840]
    protocol: UDP
  mtu: 1340
`);
  }
  add('Connection', `apiVersion: networking.liqo.io/v1beta1
kind: Connection
metadata:
  name: gw-${id}
  namespace: ${ns}
  labels:
    liqo.io/remote-cluster-id: ${id}
spec:
${plant === 3 ? '' : '  type: Server\n'}  gatewayRef:
    apiVersion: networking.liqo.io/v1beta1
    kind: WgGatewayServer
    name: ${id}
    namespace: ${ns}
`, plant === 3 ? 'spec.type missing' : undefined);
  if (g % 3 === 0) {
    add('PublicKey', `apiVersion: networking.liqo.io/v1beta1
kind: PublicKey
metadata:
  name: ${id}
  namespace: ${ns}
  labels:
    liqo.io/remote-cluster-id: ${id}
    networking.liqo.io/gateway-resource: "true"
spec:
  publicKey: ${base64Key(g)}
`);
  } else {
    add('Quota', `apiVersion: offloading.liqo.io/v1beta1
kind: Quota
metadata:
  name: ${id}-${hex12(g)}
  namespace: ${ns}
spec:
  user: ${id}-${hex12(g)}
  limitsEnforcement: ${['Soft', 'Hard', 'None'][g % 3]}
  resources:
    cpu: "${4 + (g % 28)}"
    memory: ${8 + (g % 56)}Gi
    nvidia.com/gpu: "${1 + (g % 4)}"
`);
  }
  return docs;
}

export function generateWorkload(): Workload {
  const parts: string[] = [];
  const docStarts: number[] = [];
  const kinds: string[] = [];
  const planted = new Map<number, string>();
  let line = 0;
  let plantedSoFar = 0;
  let edit: Workload['edit'] | undefined;
  let completion: Position | undefined;
  for (let g = 0; g < GROUPS; g++) {
    const plant = plantedGroup(g) ? plantedSoFar++ % plantKinds.length : undefined;
    for (const doc of group(g, plant)) {
      if (parts.length > 0) { parts.push('---\n'); line += 1; }
      const index = docStarts.length;
      docStarts.push(line);
      kinds.push(doc.kind);
      if (doc.error) planted.set(index, `${doc.kind}: ${doc.error}`);
      if (doc.kind === 'NamespaceOffloading' && (g === EDIT_GROUP || g === COMPLETION_GROUP)) {
        const lines = doc.text.split('\n');
        const at = lines.findIndex((l) => l.startsWith('  podOffloadingStrategy: '));
        const character = '  podOffloadingStrategy: '.length;
        if (g === EDIT_GROUP) {
          edit = {
            start: { line: line + at, character },
            end: { line: line + at, character: character + 'LocalAndRemote'.length },
            original: 'LocalAndRemote',
            replacement: 'Remote',
          };
        } else {
          completion = { line: line + at, character };
        }
      }
      parts.push(doc.text);
      line += doc.text.split('\n').length - 1;
    }
  }
  if (!edit || !completion) throw new Error('workload: edit or completion site not generated');
  if (planted.size !== 60) throw new Error(`workload: ${planted.size} planted errors, expected 60`);
  return { text: parts.join(''), lineCount: line, docStarts, kinds, planted, edit, completion };
}

/** The document holding a 0-based line (binary search over the document starts). */
export function documentAt(docStarts: readonly number[], line: number): number {
  let lo = 0;
  let hi = docStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (docStarts[mid] <= line) lo = mid; else hi = mid - 1;
  }
  return lo;
}
