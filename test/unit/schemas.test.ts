import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundledSchemas, managedKinds, type KindSchema } from '../../schemas/index';
import { precompiledLazy, precompiledRoot } from '../../server/src/core/schemaPrecompiled';
import { hashText, prepareSchema } from '../../server/src/core/schemaPrepare';
import { createSchemaSet, type SchemaProblem } from '../../server/src/core/schemas';

const meta = (name: string, namespace = 'liqo-tenant-provider-1'): Record<string, unknown> => ({
  name, namespace, labels: { 'liqo.io/remote-cluster-id': 'provider-1' },
});

/** One correct manifest per kind. */
const good: Record<string, Record<string, unknown>> = {
  ForeignCluster: {
    apiVersion: 'core.liqo.io/v1beta1', kind: 'ForeignCluster',
    metadata: { name: 'provider-1', labels: { 'liqo.io/remote-cluster-id': 'provider-1' } },
    spec: { clusterID: 'provider-1' },
    status: {
      role: 'Provider',
      modules: { networking: { enabled: true }, authentication: { enabled: true, conditions: [{ type: 'AuthTenantStatus', status: 'Ready' }] }, offloading: { enabled: false } },
    },
  },
  ResourceSlice: {
    apiVersion: 'authentication.liqo.io/v1beta1', kind: 'ResourceSlice',
    metadata: { ...meta('gpu-pool'), annotations: { 'liqo.io/create-virtual-node': 'true' } },
    spec: { class: 'default', providerClusterID: 'provider-1', resources: { cpu: '8', memory: '32Gi', pods: 110, 'nvidia.com/gpu': '2' } },
  },
  NamespaceOffloading: {
    apiVersion: 'offloading.liqo.io/v1beta1', kind: 'NamespaceOffloading', metadata: { name: 'offloading', namespace: 'team-a' },
    spec: {
      namespaceMappingStrategy: 'DefaultName', podOffloadingStrategy: 'LocalAndRemote',
      clusterSelector: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'liqo.io/remote-cluster-id', operator: 'In', values: ['provider-1'] }] }] },
    },
  },
  VirtualNode: {
    apiVersion: 'offloading.liqo.io/v1beta1', kind: 'VirtualNode', metadata: meta('provider-1'),
    spec: {
      clusterID: 'provider-1', createNode: true, kubeconfigSecretRef: { name: 'kubeconfig-resourceslice-gpu-pool' },
      resourceQuota: { hard: { cpu: '8', memory: '32Gi', 'nvidia.com/gpu': 2 } },
      offloadingPatch: { nodeSelector: { gpu: 'true' }, tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] },
      taints: [{ key: 'virtual', effect: 'NoSchedule' }],
    },
  },
  Tenant: {
    apiVersion: 'authentication.liqo.io/v1beta1', kind: 'Tenant', metadata: meta('consumer-1', 'liqo-tenant-consumer-1'),
    spec: { clusterID: 'consumer-1', authzPolicy: 'KeysExchange', tenantCondition: 'Active', publicKey: 'aGVsbG8=' },
  },
  Identity: {
    apiVersion: 'authentication.liqo.io/v1beta1', kind: 'Identity', metadata: meta('controlplane-provider-1'),
    spec: { clusterID: 'provider-1', type: 'ControlPlane', namespace: 'liqo-tenant-consumer-1', authParams: { apiServer: 'https://10.0.0.1:6443', ca: 'Y2E=' } },
  },
  Quota: {
    apiVersion: 'offloading.liqo.io/v1beta1', kind: 'Quota', metadata: meta('gpu-pool-0a1b2c3d4e5f'),
    spec: { user: 'gpu-pool-0a1b2c3d4e5f', limitsEnforcement: 'Hard', resources: { cpu: '8', 'nvidia.com/gpu': '2' } },
  },
  NamespaceMap: {
    apiVersion: 'offloading.liqo.io/v1beta1', kind: 'NamespaceMap', metadata: meta('provider-1'),
    spec: { desiredMapping: { 'team-a': 'team-a-consumer-1' } },
    status: { currentMapping: { 'team-a': { remoteNamespace: 'team-a-consumer-1', phase: 'Accepted' } } },
  },
  ShadowPod: {
    apiVersion: 'offloading.liqo.io/v1beta1', kind: 'ShadowPod', metadata: meta('trainer'),
    spec: { pod: { containers: [{ name: 'main', image: 'pytorch:2', resources: { limits: { 'nvidia.com/gpu': 1 }, requests: { cpu: '500m' } } }] } },
    status: { phase: 'Running' },
  },
  Configuration: {
    apiVersion: 'networking.liqo.io/v1beta1', kind: 'Configuration', metadata: meta('provider-1'),
    spec: { remote: { cidr: { pod: ['10.243.0.0/16'], external: ['10.70.0.0/16'] } } },
  },
  GatewayServer: {
    apiVersion: 'networking.liqo.io/v1beta1', kind: 'GatewayServer', metadata: meta('provider-1'),
    spec: {
      mtu: 1340, endpoint: { ports: [51840], serviceType: 'LoadBalancer' },
      serverTemplateRef: { apiVersion: 'networking.liqo.io/v1beta1', kind: 'WgGatewayServerTemplate', name: 'wireguard-server', namespace: 'liqo' },
    },
  },
  GatewayClient: {
    apiVersion: 'networking.liqo.io/v1beta1', kind: 'GatewayClient', metadata: meta('provider-1'),
    spec: { mtu: 1340, endpoint: { addresses: ['203.0.113.7'], port: 51840, protocol: 'UDP' } },
  },
  PublicKey: {
    apiVersion: 'networking.liqo.io/v1beta1', kind: 'PublicKey',
    metadata: { ...meta('provider-1'), labels: { 'networking.liqo.io/gateway-resource': 'true' } },
    spec: { publicKey: 'dGhpcyBpcyBub3QgYSByZWFsIGtleQ==' },
  },
  Connection: {
    apiVersion: 'networking.liqo.io/v1beta1', kind: 'Connection', metadata: meta('gw-provider-1'),
    spec: { type: 'Server', gatewayRef: { apiVersion: 'networking.liqo.io/v1beta1', kind: 'WgGatewayServer', name: 'provider-1' } },
    status: { value: 'Connected', latency: { value: '3ms', timestamp: '2026-07-23T10:00:00Z' } },
  },
  IP: {
    apiVersion: 'ipam.liqo.io/v1alpha1', kind: 'IP', metadata: { name: 'external-host', namespace: 'default' },
    spec: { ip: '192.168.1.10', masquerade: true },
    status: { ip: '10.70.0.5', cidr: '10.70.0.0/16' },
  },
  Network: {
    apiVersion: 'ipam.liqo.io/v1alpha1', kind: 'Network', metadata: { name: 'external-cidr', namespace: 'liqo' },
    spec: { cidr: '10.70.0.0/16', preAllocated: 1 },
  },
  FirewallConfiguration: {
    apiVersion: 'networking.liqo.io/v1beta1', kind: 'FirewallConfiguration', metadata: { name: 'mss', namespace: 'liqo' },
    spec: {
      table: {
        family: 'IPV4', name: 'mss-clamping',
        chains: [{
          name: 'mss-clamping', type: 'filter', hook: 'forward', policy: 'accept', priority: 0,
          rules: { filterRules: [{ name: 'out', action: 'tcpmssclamp', value: '0', match: [{ op: 'eq', dev: { position: 'out', value: 'liqo-tunnel' }, proto: { value: 'tcp' } }] }] },
        }],
      },
    },
  },
  RouteConfiguration: {
    apiVersion: 'networking.liqo.io/v1beta1', kind: 'RouteConfiguration', metadata: { name: 'provider-1', namespace: 'liqo-tenant-provider-1' },
    spec: { table: { name: 'provider-1', rules: [{ dst: '10.71.0.0/16', routes: [{ dst: '10.71.0.0/16', gw: '10.80.0.2', dev: 'liqo-tunnel', scope: 'link' }] }] } },
  },
  WgGatewayServerTemplate: {
    apiVersion: 'networking.liqo.io/v1beta1', kind: 'WgGatewayServerTemplate', metadata: { name: 'wireguard-server', namespace: 'liqo' },
    spec: {
      objectKind: { apiVersion: 'networking.liqo.io/v1beta1', kind: 'WgGatewayServer' },
      template: { metadata: { name: '{{ .Name }}' }, spec: { service: { spec: { ports: [{ port: '{{ .Spec.Endpoint.Port }}', protocol: 'UDP' }] } } } },
    },
  },
  WgGatewayClientTemplate: {
    apiVersion: 'networking.liqo.io/v1beta1', kind: 'WgGatewayClientTemplate', metadata: { name: 'wireguard-client', namespace: 'liqo' },
    spec: {
      objectKind: { apiVersion: 'networking.liqo.io/v1beta1', kind: 'WgGatewayClient' },
      template: { metadata: { name: '{{ .Name }}' }, spec: { deployment: { spec: { replicas: '{{ .Replicas }}' } } } },
    },
  },
  VkOptionsTemplate: {
    apiVersion: 'offloading.liqo.io/v1beta1', kind: 'VkOptionsTemplate', metadata: { name: 'virtual-kubelet-default', namespace: 'liqo' },
    spec: {
      containerImage: 'ghcr.io/liqotech/virtual-kubelet:v1.2.0', createNode: true, disableNetworkCheck: false, metricsEnabled: false,
      reflectorsConfig: { pod: { workers: 10 }, service: { workers: 3, type: 'DenyList' } }, extraArgs: ['--enable-apiserver-support=true'],
    },
  },
  Renew: {
    apiVersion: 'authentication.liqo.io/v1beta1', kind: 'Renew', metadata: meta('controlplane', 'liqo-tenant-consumer-1'),
    spec: { consumerClusterID: 'consumer-1', identityType: 'ControlPlane', csr: 'Y3Ny' },
  },
  GeneveTunnel: {
    apiVersion: 'networking.liqo.io/v1beta1', kind: 'GeneveTunnel', metadata: meta('node-1'),
    spec: { id: 42, internalFabricRef: { name: 'provider-1' }, internalNodeRef: { name: 'node-1' } },
  },
  InternalFabric: {
    apiVersion: 'networking.liqo.io/v1beta1', kind: 'InternalFabric', metadata: meta('provider-1'),
    spec: { gatewayIP: '10.244.0.7', interface: { gateway: { ip: '10.80.0.1' }, node: { name: 'liqo.provider-1' } }, mtu: 1340, remoteCIDRs: ['10.71.0.0/16'] },
  },
  InternalNode: {
    apiVersion: 'networking.liqo.io/v1beta1', kind: 'InternalNode', metadata: { name: 'node-1' },
    spec: { interface: { gateway: { name: 'liqo.node-1' }, node: { ip: '10.80.0.2' } } },
  },
  WgGatewayServer: {
    apiVersion: 'networking.liqo.io/v1beta1', kind: 'WgGatewayServer', metadata: meta('provider-1'),
    spec: {
      deployment: { spec: { selector: { matchLabels: { app: 'gw' } }, template: { spec: { containers: [{ name: 'wireguard', image: 'ghcr.io/liqotech/gateway/wireguard:v1.2.0' }] } } } },
      service: { spec: { type: 'LoadBalancer', ports: [{ port: 51840, protocol: 'UDP', targetPort: 51840 }] } },
    },
  },
  WgGatewayClient: {
    apiVersion: 'networking.liqo.io/v1beta1', kind: 'WgGatewayClient', metadata: meta('provider-1'),
    spec: { deployment: { spec: { selector: { matchLabels: { app: 'gw' } }, template: { spec: { containers: [{ name: 'wireguard', image: 'ghcr.io/liqotech/gateway/wireguard:v1.2.0' }] } } } } },
  },
  ShadowEndpointSlice: {
    apiVersion: 'offloading.liqo.io/v1beta1', kind: 'ShadowEndpointSlice', metadata: meta('web-abcde'),
    spec: { template: { addressType: 'IPv4', endpoints: [{ addresses: ['10.71.0.12'] }], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] } },
  },
};

function kindOf(kind: string): KindSchema {
  const k = bundledSchemas.find((s) => s.kind === kind);
  assert.ok(k, `no bundled schema for ${kind}`);
  return k;
}

const DELETE = Symbol('delete');
type Edit = [path: (string | number)[], value: unknown];

/** A deep copy of the good manifest of `kind`, with each edit applied (a value, or DELETE to remove the key). */
function variant(kind: string, ...edits: Edit[]): Record<string, unknown> {
  const doc = structuredClone(good[kind]);
  for (const [path, value] of edits) {
    let node = doc as Record<string | number, unknown>;
    for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
    const last = path[path.length - 1];
    if (value === DELETE) delete node[last];
    else node[last] = value;
  }
  return doc;
}

function only(problems: SchemaProblem[], keyword?: string): SchemaProblem {
  const picked = keyword ? problems.filter((p) => p.keyword === keyword) : problems;
  assert.equal(picked.length, 1, JSON.stringify(problems, null, 1));
  return picked[0];
}

void test('there is one bundled schema per Liqo kind, with its API facts', () => {
  assert.equal(bundledSchemas.length, 28);
  assert.deepEqual(bundledSchemas.map((k) => k.kind).sort(), Object.keys(good).sort());
  for (const k of bundledSchemas) {
    assert.equal(k.version, k.group === 'ipam.liqo.io' ? 'v1alpha1' : 'v1beta1', k.kind);
    assert.match(k.group, /^(core|authentication|offloading|networking|ipam)\.liqo\.io$/);
    assert.equal(k.scope, k.kind === 'ForeignCluster' || k.kind === 'InternalNode' ? 'Cluster' : 'Namespaced', k.kind);
    assert.ok(k.plural);
  }
  assert.equal(kindOf('PublicKey').plural, 'publickeies');
  for (const kind of managedKinds) kindOf(kind);
});

void test('every bundled schema compiles and a correct manifest of each kind passes', () => {
  const set = createSchemaSet(bundledSchemas);
  for (const [kind, doc] of Object.entries(good)) {
    const k = set.lookup(String(doc.apiVersion), kind);
    assert.equal(k, kindOf(kind));
    assert.deepEqual(set.validate(k, doc), [], kind);
    assert.equal(set.sourceOf(kindOf(kind)), 'bundled');
  }
  assert.equal(set.lookup('resource.k8s.io/v1', 'ResourceSlice'), undefined);
});

void test('an enum typo names the field and lists the allowed values', () => {
  const set = createSchemaSet(bundledSchemas);
  const doc = variant('NamespaceOffloading', [['spec', 'podOffloadingStrategy'], 'Remotely']);
  const p = only(set.validate(kindOf('NamespaceOffloading'), doc));
  assert.equal(p.keyword, 'enum');
  assert.deepEqual(p.path, ['spec', 'podOffloadingStrategy']);
  assert.deepEqual(p.allowed, ['Local', 'Remote', 'LocalAndRemote']);
  assert.equal(p.message, 'spec.podOffloadingStrategy must be one of Local, Remote, LocalAndRemote');
});

void test('a bad cluster ID shows the value, the pattern and what it allows', () => {
  const set = createSchemaSet(bundledSchemas);
  const p = only(set.validate(kindOf('ForeignCluster'), variant('ForeignCluster', [['spec', 'clusterID'], 'Foo_1'])));
  assert.equal(p.keyword, 'pattern');
  assert.deepEqual(p.path, ['spec', 'clusterID']);
  assert.match(p.message, /^spec\.clusterID: "Foo_1" does not match \^\[a-z0-9\]\(\[-a-z0-9\]\*\[a-z0-9\]\)\?\$ \(lowercase letters, digits and '-'/);
});

void test('a missing required field points at its parent and names the key', () => {
  const set = createSchemaSet(bundledSchemas);
  const p = only(set.validate(kindOf('Connection'), variant('Connection', [['spec', 'type'], DELETE])));
  assert.equal(p.keyword, 'required');
  assert.deepEqual(p.path, ['spec']);
  assert.equal(p.missing, 'type');
  assert.equal(p.message, 'missing required field spec.type');
  const root = only(set.validate(kindOf('Quota'), variant('Quota', [['spec'], DELETE])));
  assert.deepEqual([root.path, root.missing, root.message], [[], 'spec', 'missing required field spec']);
});

void test('a wrong type says what was expected and what was found', () => {
  const set = createSchemaSet(bundledSchemas);
  const p = only(set.validate(kindOf('GatewayServer'), variant('GatewayServer', [['spec', 'mtu'], '1340'])));
  assert.deepEqual([p.keyword, p.path, p.message], ['type', ['spec', 'mtu'], 'spec.mtu must be an integer (found a string)']);
  const enumType = only(set.validate(kindOf('GatewayServer'), variant('GatewayServer', [['spec', 'endpoint', 'serviceType'], 3])));
  assert.equal(enumType.message, 'spec.endpoint.serviceType must be a string (found an integer; write it as a string, such as "3")');
  const empty = only(set.validate(kindOf('Tenant'), variant('Tenant', [['spec'], null])));
  assert.deepEqual([empty.keyword, empty.path, empty.message], ['empty', ['spec'], 'spec is empty; the API server drops empty fields']);
  const required = only(set.validate(kindOf('Quota'), variant('Quota', [['spec'], null])));
  assert.deepEqual([required.keyword, required.path, required.missing], ['required', [], 'spec']);
  assert.equal(required.message, 'missing required field spec (it is empty)');
  const float = only(set.validate(kindOf('ResourceSlice'), variant('ResourceSlice', [['spec', 'resources', 'cpu'], 0.5])));
  assert.equal(float.message, 'spec.resources.cpu must be an integer or a string (found a number; write it as a string, such as "0.5")');
});

void test('quantities are int-or-string with a pattern', () => {
  const set = createSchemaSet(bundledSchemas);
  const rs = kindOf('ResourceSlice');
  const p = only(set.validate(rs, variant('ResourceSlice', [['spec', 'resources', 'nvidia.com/gpu'], 'two'])));
  assert.equal(p.keyword, 'pattern');
  assert.deepEqual(p.path, ['spec', 'resources', 'nvidia.com/gpu']);
  assert.equal(p.message, 'spec.resources["nvidia.com/gpu"]: "two" is not a quantity (such as 4, 500m, 1.5 or 16Gi)');
  assert.deepEqual(set.validate(rs, variant('ResourceSlice', [['spec', 'resources', 'cpu'], 4], [['spec', 'resources', 'memory'], '1.5Gi'])), []);
  const bool = only(set.validate(rs, variant('ResourceSlice', [['spec', 'resources', 'cpu'], true])));
  assert.equal(bool.message, 'spec.resources.cpu must be an integer or a string (found a boolean)');
});

void test('GatewayServer CEL rules: port and ports exclusive, at least one, no duplicates', () => {
  const set = createSchemaSet(bundledSchemas);
  const gws = kindOf('GatewayServer');
  const both = only(set.validate(gws, variant('GatewayServer', [['spec', 'endpoint', 'port'], 51840])));
  assert.deepEqual([both.keyword, both.path], ['x-kubernetes-validations', ['spec', 'endpoint']]);
  assert.equal(both.message, 'spec.endpoint: port and ports are mutually exclusive');
  const none = only(set.validate(gws, variant('GatewayServer', [['spec', 'endpoint', 'ports'], []])));
  assert.equal(none.message, 'spec.endpoint: at least one of port or ports must be set');
  const dup = only(set.validate(gws, variant('GatewayServer', [['spec', 'endpoint', 'ports'], [51840, 51841, 51840]])));
  assert.equal(dup.message, 'spec.endpoint: ports must not contain duplicates');
  const gwc = only(set.validate(kindOf('GatewayClient'), variant('GatewayClient', [['spec', 'endpoint', 'ports'], [1]])));
  assert.equal(gwc.message, 'spec.endpoint: port and ports are mutually exclusive');
});

void test('a required field with a default may be left out: the API server fills it in before it validates', () => {
  const set = createSchemaSet(bundledSchemas);
  const fw = kindOf('FirewallConfiguration');
  // filterRules[].counter (default true) is left out of the good manifest already; so may chains[].priority (default 0).
  assert.deepEqual(set.validate(fw, variant('FirewallConfiguration', [['spec', 'table', 'chains', 0, 'priority'], DELETE])), []);
  const match = only(set.validate(fw, variant('FirewallConfiguration', [['spec', 'table', 'chains', 0, 'rules', 'filterRules', 0, 'match'], DELETE])));
  assert.equal(match.missing, 'match');
});

void test('transition rules (oldSelf) are never reported', () => {
  const set = createSchemaSet(bundledSchemas);
  assert.deepEqual(set.validate(kindOf('Tenant'), good.Tenant), []);
  assert.deepEqual(set.validate(kindOf('ForeignCluster'), good.ForeignCluster), []);
});

void test('unknown fields are reported with keyword unknown at their own path', () => {
  const set = createSchemaSet(bundledSchemas);
  const p = only(set.validate(kindOf('VirtualNode'), variant('VirtualNode', [['spec', 'clusterId'], 'provider-1'])));
  assert.deepEqual([p.keyword, p.path, p.message], ['unknown', ['spec', 'clusterId'], 'unknown field spec.clusterId']);
  const ns = only(set.validate(kindOf('ForeignCluster'), variant('ForeignCluster', [['metadata', 'namespace'], 'default'])));
  assert.deepEqual(ns.path, ['metadata', 'namespace']);
  // Free-form maps accept any key.
  assert.deepEqual(set.validate(kindOf('GatewayServer'), variant('GatewayServer', [['spec', 'serviceLabels'], { anything: 'x' }])), []);
});

void test('formats: cidr, ipv4, byte, date-time, int32', () => {
  const set = createSchemaSet(bundledSchemas);
  const cidr = only(set.validate(kindOf('Configuration'), variant('Configuration', [['spec', 'remote', 'cidr', 'pod'], ['10.243.0.0/16', '10.0.0/8']])));
  assert.deepEqual([cidr.keyword, cidr.path], ['format', ['spec', 'remote', 'cidr', 'pod', 1]]);
  assert.equal(cidr.message, 'spec.remote.cidr.pod[1]: "10.0.0/8" is not a valid CIDR (such as 10.0.0.0/16)');
  assert.deepEqual(set.validate(kindOf('Configuration'), variant('Configuration', [['spec', 'remote', 'cidr', 'pod'], ['fd00::/64']])), []);
  const ip = only(set.validate(kindOf('GatewayServer'), variant('GatewayServer', [['status'], { internalEndpoint: { ip: '10.0.0.256' } }])));
  assert.deepEqual(ip.path, ['status', 'internalEndpoint', 'ip']);
  const b64 = only(set.validate(kindOf('PublicKey'), variant('PublicKey', [['spec', 'publicKey'], 'not base64!'])));
  assert.equal(b64.message, 'spec.publicKey: "not base64!" is not valid base64');
  const dt = only(set.validate(kindOf('Connection'), variant('Connection', [['status', 'latency', 'timestamp'], 'yesterday'])));
  assert.equal(dt.keyword, 'format');
  const big = only(set.validate(kindOf('GatewayServer'), variant('GatewayServer', [['spec', 'endpoint', 'ports'], [2 ** 40]])));
  assert.deepEqual([big.keyword, big.path], ['format', ['spec', 'endpoint', 'ports', 0]]);
});

void test('limits and list types: maxItems, minLength, duplicate containers in a ShadowPod', () => {
  const set = createSchemaSet(bundledSchemas);
  const many = set.validate(kindOf('GatewayServer'), variant('GatewayServer', [['spec', 'endpoint', 'ports'], Array.from({ length: 65 }, (_, i) => 1000 + i)]));
  assert.equal(only(many, 'maxItems').message, 'spec.endpoint.ports must have at most 64 items');
  const user = only(set.validate(kindOf('Quota'), variant('Quota', [['spec', 'user'], ''])));
  assert.equal(user.message, 'spec.user must not be empty');
  const dup = only(set.validate(kindOf('ShadowPod'), variant('ShadowPod', [['spec', 'pod', 'containers', 1], { name: 'main', image: 'x' }])));
  assert.deepEqual([dup.keyword, dup.path], ['duplicate', ['spec', 'pod', 'containers', 1]]);
  assert.equal(dup.message, 'spec.pod.containers[1]: duplicate entry with name main');
});

void test('deep errors inside lazily compiled subtrees keep their full path', () => {
  const set = createSchemaSet(bundledSchemas);
  const p = only(set.validate(kindOf('ShadowPod'), variant('ShadowPod', [['spec', 'pod', 'containers', 0, 'resources', 'requests', 'cpu'], '1 core'])));
  assert.deepEqual(p.path, ['spec', 'pod', 'containers', 0, 'resources', 'requests', 'cpu']);
  const vn = only(set.validate(kindOf('VirtualNode'), variant('VirtualNode', [['spec', 'offloadingPatch', 'tolerations', 0, 'tolerationSeconds'], 'soon'])));
  assert.deepEqual(vn.path, ['spec', 'offloadingPatch', 'tolerations', 0, 'tolerationSeconds']);
});

void test('nodeAt follows properties, items and map values; descriptions are ours', () => {
  const set = createSchemaSet(bundledSchemas);
  const gws = kindOf('GatewayServer');
  assert.equal(set.nodeAt(gws, ['spec', 'endpoint', 'ports', 3])?.format, 'int32');
  assert.deepEqual(set.nodeAt(gws, ['spec', 'endpoint', 'serviceType'])?.enum, ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']);
  assert.equal(set.nodeAt(gws, ['metadata', 'labels', 'liqo.io/remote-cluster-id'])?.type, 'string');
  assert.equal(set.nodeAt(gws, ['spec', 'nope']), undefined);
  const rs = kindOf('ResourceSlice');
  assert.equal(set.nodeAt(rs, ['spec', 'resources', 'cpu'])?.['x-kubernetes-int-or-string'], true);
  assert.match(String(set.nodeAt(rs, ['spec', 'class'])?.description), /default/);
  assert.equal(set.nodeAt(kindOf('ShadowPod'), ['spec', 'pod', 'containers', 0, 'image'])?.type, 'string');
  for (const k of bundledSchemas) assert.ok(k.schema.description, `${k.kind} has a description`);
});

void test('cluster schemas take precedence and can add kinds', () => {
  const set = createSchemaSet(bundledSchemas);
  const bundled = kindOf('GatewayServer');
  const crd = {
    type: 'object',
    properties: { spec: { type: 'object', properties: { mtu: { type: 'string' } } }, status: { type: 'object' } },
  };
  const extra = { type: 'object', properties: { spec: { type: 'object', required: ['size'], properties: { size: { type: 'integer' } } } } };
  set.setClusterSchemas({ 'networking.liqo.io/v1beta1/GatewayServer': crd, 'example.io/v1/Widget': extra });
  const live = set.lookup('networking.liqo.io/v1beta1', 'GatewayServer');
  assert.ok(live && live !== bundled);
  assert.equal(set.sourceOf(live), 'cluster');
  assert.equal(set.sourceOf(bundled), 'bundled');
  assert.equal(live.plural, 'gatewayservers');
  const doc = { apiVersion: 'networking.liqo.io/v1beta1', kind: 'GatewayServer', metadata: { name: 'x' }, spec: { mtu: 'big' } };
  assert.deepEqual(set.validate(live, doc), []);
  assert.equal(only(set.validate(bundled, doc)).keyword, 'type');
  const widget = set.lookup('example.io/v1', 'Widget');
  assert.ok(widget);
  assert.equal(only(set.validate(widget, { apiVersion: 'example.io/v1', kind: 'Widget', metadata: { name: 'w' }, spec: {} })).missing, 'size');
  set.setClusterSchemas({});
  assert.equal(set.lookup('networking.liqo.io/v1beta1', 'GatewayServer'), bundled);
  assert.equal(set.lookup('example.io/v1', 'Widget'), undefined);
});

void test('repeated validation with the cached validators gives the same answers (speed is in npm run bench)', () => {
  const set = createSchemaSet(bundledSchemas);
  const docs = Object.entries(good);
  const bad = variant('Connection', [['spec', 'type'], 'Serve']);
  const first = set.validate(kindOf('Connection'), bad);
  for (let i = 0; i < 3000; i++) {
    const [kind, doc] = docs[i % docs.length];
    assert.deepEqual(set.validate(kindOf(kind), doc), [], kind);
  }
  assert.deepEqual(set.validate(kindOf('Connection'), bad), first);
});

void test('warmUp compiles ahead and changes no result', () => {
  const set = createSchemaSet(bundledSchemas);
  set.warmUp();
  for (const [kind, doc] of Object.entries(good)) assert.deepEqual(set.validate(kindOf(kind), doc), [], kind);
  const p = only(set.validate(kindOf('Connection'), variant('Connection', [['spec', 'type'], 'Serve'])));
  assert.deepEqual(p.allowed, ['Server', 'Client']);
});

void test('every Liqo field has one of our descriptions (embedded Kubernetes structures and kinds Liqo manages may have none)', () => {
  const upstream = /^(spec\.pod\.|spec\.template\.(spec|metadata)\.|spec\.resourceQuota\.|spec\.offloadingPatch\.affinity\.|spec\.serviceTemplate\.(spec|metadata)\.|spec\.resources\.|metadata\.)/;
  const missing: string[] = [];
  const walk = (node: unknown, path: string, kind: string): void => {
    if (typeof node !== 'object' || node === null) return;
    const n = node as Record<string, unknown>;
    if (path && !upstream.test(path) && typeof n.description !== 'string') missing.push(`${kind}:${path}`);
    if (n.properties) for (const [k, v] of Object.entries(n.properties)) walk(v, path ? `${path}.${k}` : k, kind);
    if (n.items) walk(n.items, `${path}[]`, kind);
    if (typeof n.additionalProperties === 'object') walk(n.additionalProperties, `${path}{}`, kind);
  };
  for (const k of bundledSchemas) if (!managedKinds.has(k.kind)) walk(k.schema, '', k.kind);
  assert.deepEqual(missing, []);
});

void test('hostile data: deep nesting and huge lists are checked without throwing', { timeout: 60_000 }, () => {
  const set = createSchemaSet(bundledSchemas);
  let deep: unknown = 'x';
  for (let i = 0; i < 20000; i++) deep = [deep];
  const sp = set.validate(kindOf('ShadowPod'), variant('ShadowPod', [['spec', 'pod', 'containers', 0, 'args'], [deep, deep]]));
  assert.ok(sp.length >= 1);
  const ports = Array.from({ length: 20000 }, (_, i) => i % 100);
  const gws = set.validate(kindOf('GatewayServer'), variant('GatewayServer', [['spec', 'endpoint', 'ports'], ports]));
  assert.ok(gws.some((p) => p.keyword === 'maxItems'));
});

void test('a cluster schema that cannot compile gives one problem, not an exception', () => {
  const set = createSchemaSet(bundledSchemas);
  set.setClusterSchemas({ 'example.io/v1/Odd': { type: 'object', properties: { spec: { type: 'string', pattern: '(?i)abc[' } } } });
  const odd = set.lookup('example.io/v1', 'Odd');
  assert.ok(odd);
  const p = only(set.validate(odd, { apiVersion: 'example.io/v1', kind: 'Odd', metadata: { name: 'o' }, spec: 'x' }));
  assert.equal(p.keyword, 'error');
  assert.match(p.message, /could not be compiled/);
});

void test('the precompiled validators are fresh and agree with runtime compilation', () => {
  for (const k of bundledSchemas) {
    assert.ok(precompiledRoot(hashText(JSON.stringify(k.schema))), `${k.kind}: schemas/validators.generated.json is stale; run out/server/src/tools/precompileSchemas.js`);
    for (const key of prepareSchema(k.schema).lazy.keys()) assert.ok(precompiledLazy(key), `${k.kind}: a subtree has no precompiled code`);
  }
  const fast = createSchemaSet(bundledSchemas);
  const slow = createSchemaSet(bundledSchemas, { precompiled: false });
  const docs: [string, Record<string, unknown>][] = [
    ...Object.entries(good),
    ['NamespaceOffloading', variant('NamespaceOffloading', [['spec', 'podOffloadingStrategy'], 'Remotely'], [['spec', 'extra'], 1])],
    ['GatewayServer', variant('GatewayServer', [['spec', 'endpoint', 'port'], 1], [['spec', 'endpoint', 'ports'], [1, 1]], [['spec', 'mtu'], 'x'])],
    ['ResourceSlice', variant('ResourceSlice', [['spec', 'resources', 'cpu'], 'lots'], [['metadata', 'name'], 'Bad_Name'])],
    ['ShadowPod', variant('ShadowPod', [['spec', 'pod', 'containers', 1], { name: 'main' }], [['spec', 'pod', 'containers', 0, 'resources', 'limits', 'cpu'], '1 core'])],
    ['VirtualNode', variant('VirtualNode', [['spec', 'offloadingPatch', 'tolerations', 0, 'tolerationSeconds'], 'soon'], [['spec', 'taints', 0, 'effect'], null])],
    ['Configuration', variant('Configuration', [['spec', 'remote', 'cidr', 'pod'], ['10.0.0/8']], [['status'], { conditions: [{ type: 'x' }] }])],
    ['Connection', variant('Connection', [['spec', 'type'], DELETE], [['status', 'latency', 'timestamp'], 'now'])],
  ];
  for (const [kind, doc] of docs) assert.deepEqual(fast.validate(kindOf(kind), doc), slow.validate(kindOf(kind), doc), kind);
});
