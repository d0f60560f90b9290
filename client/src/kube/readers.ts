// Typed readers over raw objects: each picks the fields the tree, the facts and the commands need, and
// tolerates any shape a cluster may send.
import { annotations, gpuKeys, labels, virtualNodeTypeValue } from '../../../server/src/liqo/keys';
import { quantityValue } from '../../../server/src/liqo/quantity';
import type { KObj } from './kinds';

// ---- small accessors over untyped JSON ----

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : {};
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}
function strMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(obj(v))) out[k] = str(x);
  return out;
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export function conditions(v: unknown): Condition[] {
  return arr(v).map((c) => {
    const o = obj(c);
    return { type: str(o.type), status: str(o.status), reason: str(o.reason) || undefined, message: str(o.message) || undefined };
  });
}

// ---- ForeignCluster ----

export interface ModuleHealth {
  enabled: boolean;
  healthy: boolean;
  /** Messages of the conditions that are not healthy. */
  alerts: string[];
  /** The conditions that are not healthy, with their reasons (the doctor's LIQO904). */
  problems?: Condition[];
}

export interface ForeignClusterInfo {
  name: string;
  clusterID: string;
  role: string;
  modules: Record<'networking' | 'authentication' | 'offloading', ModuleHealth>;
  apiServerHealthy: boolean;
}

const healthyStatuses = new Set(['Established', 'Ready', 'None']);

function moduleHealth(v: unknown): ModuleHealth {
  const m = obj(v);
  const conds = conditions(m.conditions);
  const bad = conds.filter((c) => !healthyStatuses.has(c.status));
  return {
    enabled: m.enabled === true,
    healthy: m.enabled === true && bad.length === 0,
    alerts: bad.map((c) => `${c.type}: ${c.status}${c.message ? ` (${c.message})` : ''}`),
    problems: m.enabled === true ? bad : [],
  };
}

export function readForeignCluster(o: KObj): ForeignClusterInfo {
  const spec = obj(o.spec);
  const status = obj(o.status);
  const modules = obj(status.modules);
  return {
    name: o.metadata.name,
    clusterID: str(spec.clusterID) || o.metadata.labels?.[labels.remoteClusterID] || o.metadata.name,
    role: str(status.role) || 'Unknown',
    modules: {
      networking: moduleHealth(modules.networking),
      authentication: moduleHealth(modules.authentication),
      offloading: moduleHealth(modules.offloading),
    },
    apiServerHealthy: !conditions(status.conditions).some((c) => c.type === 'APIServerStatus' && c.status === 'Error'),
  };
}

// ---- Nodes and pods ----

export interface NodeInfo {
  name: string;
  virtual: boolean;
  /** For a virtual node: the provider's cluster ID. */
  providerClusterID: string;
  ready: boolean;
  labels: Record<string, string>;
  taints: { key: string; value?: string; effect: string }[];
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
  /** status.nodeInfo.osImage, e.g. "Talos (v1.9.5)"; empty when unknown. */
  osImage?: string;
  /** spec.podCIDRs (or spec.podCIDR). */
  podCIDRs?: string[];
}

export function readNode(o: KObj): NodeInfo {
  const lbl = o.metadata.labels ?? {};
  const status = obj(o.status);
  const ready = conditions(status.conditions).some((c) => c.type === 'Ready' && c.status === 'True');
  return {
    name: o.metadata.name,
    virtual: lbl[labels.type] === virtualNodeTypeValue,
    providerClusterID: lbl[labels.remoteClusterID] ?? '',
    ready,
    labels: { ...lbl },
    taints: arr(obj(o.spec).taints).map((t) => {
      const x = obj(t);
      const value = str(x.value);
      return { key: str(x.key), ...(value ? { value } : {}), effect: str(x.effect) };
    }),
    capacity: strMap(status.capacity),
    allocatable: strMap(status.allocatable),
    osImage: str(obj(status.nodeInfo).osImage),
    podCIDRs: nodePodCIDRs(obj(o.spec)),
  };
}

function nodePodCIDRs(spec: Record<string, unknown>): string[] {
  const list = arr(spec.podCIDRs).map(str).filter(Boolean);
  if (list.length) return list;
  const one = str(spec.podCIDR);
  return one ? [one] : [];
}

export interface PodInfo {
  name: string;
  namespace: string;
  nodeName: string;
  phase: string;
  /** GPUs requested by all containers (limits when no request, as the scheduler does for extended resources). */
  gpus: number;
  containers: string[];
  labels: Record<string, string>;
  reason?: string;
  /** The runtime class the pod runs with where it runs: Liqo's remote-runtime-class annotation, else spec.runtimeClassName. */
  runtimeClass?: string;
}

export function readPod(o: KObj): PodInfo {
  const spec = obj(o.spec);
  const status = obj(o.status);
  let gpus = 0;
  const containers: string[] = [];
  for (const c of arr(spec.containers)) {
    const co = obj(c);
    containers.push(str(co.name));
    const res = obj(co.resources);
    gpus += gpuCount({ ...strMap(res.limits), ...strMap(res.requests) });
  }
  const waiting = conditions(status.conditions).find((c) => c.type === 'PodScheduled' && c.status === 'False');
  const runtimeClass = o.metadata.annotations?.[annotations.remoteRuntimeClassName] || str(spec.runtimeClassName);
  return {
    name: o.metadata.name,
    namespace: o.metadata.namespace ?? '',
    nodeName: str(spec.nodeName),
    phase: o.metadata.deletionTimestamp ? 'Terminating' : str(status.phase) || 'Unknown',
    gpus,
    containers,
    labels: { ...(o.metadata.labels ?? {}) },
    reason: waiting?.message ?? (str(status.reason) || undefined),
    ...(runtimeClass ? { runtimeClass } : {}),
  };
}

/** The number of GPUs in a resource list, over all known GPU keys. */
export function gpuCount(resources: Record<string, string>): number {
  let n = 0;
  for (const k of gpuKeys) if (resources[k] !== undefined) n += quantityValue(resources[k]) ?? 0;
  return n;
}

// ---- NamespaceOffloading, ResourceSlice, Tenant ----

export interface OffloadingInfo {
  namespace: string;
  phase: string;
  remoteNamespaceName: string;
  /** spec.remoteNamespaceName, empty when unset. */
  specRemoteNamespaceName: string;
  namespaceMappingStrategy: string;
  podOffloadingStrategy: string;
  /** Per provider cluster ID: whether the twin namespace is ready, and why not. */
  remotes: { clusterID: string; ready: boolean; message?: string }[];
  clusterSelector: unknown;
  generation?: number;
  observedGeneration?: number;
}

export function readOffloading(o: KObj): OffloadingInfo {
  const spec = obj(o.spec);
  const status = obj(o.status);
  const remotes = Object.entries(obj(status.remoteNamespacesConditions)).map(([clusterID, cs]) => {
    const list = conditions(cs);
    const ready = list.find((c) => c.type === 'Ready');
    return { clusterID, ready: ready?.status === 'True', message: ready && ready.status !== 'True' ? ready.message ?? ready.reason : undefined };
  });
  const observed = status.observedGeneration;
  return {
    namespace: o.metadata.namespace ?? '',
    phase: str(status.offloadingPhase) || (o.metadata.deletionTimestamp ? 'Terminating' : ''),
    remoteNamespaceName: str(status.remoteNamespaceName),
    specRemoteNamespaceName: str(spec.remoteNamespaceName),
    namespaceMappingStrategy: str(spec.namespaceMappingStrategy) || 'DefaultName',
    podOffloadingStrategy: str(spec.podOffloadingStrategy) || 'LocalAndRemote',
    remotes,
    clusterSelector: spec.clusterSelector,
    generation: o.metadata.generation,
    observedGeneration: typeof observed === 'number' ? observed : undefined,
  };
}

export interface SliceInfo {
  name: string;
  namespace: string;
  providerClusterID: string;
  consumerClusterID: string;
  /** Replicated here from a consumer: this cluster provides it. */
  providing: boolean;
  authentication: string;
  resourcesCondition: string;
  alerts: string[];
  requested: Record<string, string>;
  granted: Record<string, string>;
}

export function readResourceSlice(o: KObj): SliceInfo {
  const spec = obj(o.spec);
  const status = obj(o.status);
  const conds = conditions(status.conditions);
  const lbl = o.metadata.labels ?? {};
  return {
    name: o.metadata.name,
    namespace: o.metadata.namespace ?? '',
    providerClusterID: str(spec.providerClusterID) || lbl[labels.remoteClusterID] || '',
    consumerClusterID: str(spec.consumerClusterID),
    providing: lbl[labels.replicated] === 'true',
    authentication: conds.find((c) => c.type === 'Authentication')?.status ?? 'Pending',
    resourcesCondition: conds.find((c) => c.type === 'Resources')?.status ?? 'Pending',
    alerts: conds.filter((c) => c.status === 'Denied').map((c) => `${c.type}: ${c.message ?? c.reason ?? 'Denied'}`),
    requested: strMap(spec.resources),
    granted: strMap(status.resources),
  };
}

export interface TenantInfo {
  name: string;
  namespace: string;
  consumerClusterID: string;
  condition: string;
}

export function readTenant(o: KObj): TenantInfo {
  const spec = obj(o.spec);
  return {
    name: o.metadata.name,
    namespace: o.metadata.namespace ?? '',
    consumerClusterID: str(spec.clusterID) || o.metadata.labels?.[labels.remoteClusterID] || o.metadata.name,
    condition: str(spec.tenantCondition) || 'Active',
  };
}

// ---- Quota (provider side) ----

export interface QuotaInfo {
  name: string;
  namespace: string;
  /** The ResourceSlice that owns it. */
  resourceSlice?: string;
  limitsEnforcement: string;
  resources: Record<string, string>;
  cordoned: boolean;
}

export function readQuota(o: KObj): QuotaInfo {
  const spec = obj(o.spec);
  const slice = str(arr(o.metadata.ownerReferences).map(obj).find((r) => r.kind === 'ResourceSlice')?.name);
  return {
    name: o.metadata.name,
    namespace: o.metadata.namespace ?? '',
    ...(slice ? { resourceSlice: slice } : {}),
    limitsEnforcement: str(spec.limitsEnforcement),
    resources: strMap(spec.resources),
    cordoned: spec.cordoned === true,
  };
}

// ---- What the doctor reads besides Liqo's own objects ----

/**
 * Cilium's agent configuration: the ConfigMap `cilium-config` that Cilium's Helm chart writes (in kube-system, or
 * wherever Cilium is installed). Its key `enable-source-ip-verification` is the chart's `daemon.enableSourceIPVerification`
 * (cilium/cilium install/kubernetes/cilium/templates/cilium-configmap.yaml); when the key is absent the agent uses its
 * default, which is on.
 */
export const ciliumConfig = { name: 'cilium-config', sourceIPKey: 'enable-source-ip-verification' } as const;

export interface CiliumInfo {
  namespace: string;
  /** Whether the agents verify pods' source addresses. */
  sourceIPVerification: boolean;
  /** The key's value as written, or undefined when the key is absent (the agent's default applies). */
  setting?: string;
}

export function readCiliumConfig(o: KObj): CiliumInfo {
  const data = strMap((o as { data?: unknown }).data);
  const raw = data[ciliumConfig.sourceIPKey];
  // The agent reads the key as a Go boolean (strconv.ParseBool).
  const off = raw !== undefined && ['false', '0', 'f', 'F', 'FALSE', 'False'].includes(raw.trim());
  return { namespace: o.metadata.namespace ?? '', sourceIPVerification: !off, ...(raw !== undefined ? { setting: raw } : {}) };
}

export interface NetworkConfigInfo {
  name: string;
  namespace: string;
  /** The peer this Configuration is for. */
  remoteClusterID: string;
  /** This cluster's pod CIDRs as the Configuration states them (spec.local), when it does. */
  localPod: string[];
  /** The peer's pod CIDRs (spec.remote). */
  remotePod: string[];
  /** The CIDRs this cluster sees the peer's pods at (status.remote): different from remotePod when Liqo remaps them. */
  remappedPod: string[];
}

function cidrs(v: unknown): string[] {
  return arr(obj(obj(v).cidr).pod).map(str).filter(Boolean);
}

export function readNetworkConfiguration(o: KObj): NetworkConfigInfo {
  const spec = obj(o.spec);
  const status = obj(o.status);
  return {
    name: o.metadata.name,
    namespace: o.metadata.namespace ?? '',
    remoteClusterID: o.metadata.labels?.[labels.remoteClusterID] ?? o.metadata.name,
    localPod: cidrs(spec.local),
    remotePod: cidrs(spec.remote),
    remappedPod: cidrs(status.remote),
  };
}
