// One session per kubeconfig context: its own transport, informers, state and error. A session that fails
// never touches another one; the manager starts them lazily and in parallel.
import type * as k8s from '@kubernetes/client-node';
import { Backoff } from './backoff';
import { Emitter, type Disposable } from './events';
import { KubeError, isTransient } from './errors';
import { KubeHttp } from './http';
import { impersonationHeaders } from './impersonation';
import { Informer, stripManagedFields } from './informer';
import type { ContextInfo } from './kubeconfig';
import { kinds, resourcePath, type KObj, type ResourceKind } from './kinds';
import { annotations, clusterIDConfigMap, labels, liqoGroups } from '../../../server/src/liqo/keys';
import { ciliumConfig, readPod } from './readers';
import { schemaPool } from './schemaPool';
import { buildSnapshot, inferClusterID, type ClusterSnapshot, type RawObjects, type SessionState, type UnlistedKind } from './snapshot';

export interface SessionOptions {
  /** Per-request timeout; a cluster that does not answer in time is "slow". */
  timeoutMs: number;
  /** Whether exec credential plugins may run (only in a trusted workspace). */
  allowExec: boolean;
  /** How long an exec credential plugin may run (default credentials.ts execTimeoutMs). */
  execTimeoutMs?: number;
  /** Retry transient failures by themselves, with backoff. */
  autoRetry?: boolean;
  /** How long a watch may stay silent before it is resumed on a new connection (default: the informer's). */
  watchIdleMs?: number;
  /** Where diagnostics go. Never pass credentials or kubeconfig contents here. */
  log?: (message: string) => void;
  /**
   * Served CRD schemas kept between sessions, keyed by context: a cluster's schemas are its own, whatever Liqo
   * version it claims (a hostile cluster claiming another's version must not hand it its schemas).
   */
  schemaCache?: Map<string, Promise<Record<string, object>>>;
}

export interface SessionEvent {
  context: string;
  /** Which store changed, or 'state' when the session's state or error changed. */
  what: keyof RawObjects | 'state';
}

interface Watched {
  kind: ResourceKind;
  labelSelector?: string;
  fieldSelector?: string;
  accept?: (o: KObj) => boolean;
  /** What is kept of each object (default: all but managedFields; pods are slimmed). */
  transform?: (o: KObj) => KObj;
}

/**
 * What each session watches. Pods are limited to the ones the tree shows: offloaded pods on the consumer, the
 * pods a provider runs for its consumers, and pods that wait for a GPU no node has. A cluster's other pods are
 * never stored; unscheduled pods without a GPU request are read from the watch and dropped at once, so a busy
 * cluster with hundreds of them costs no memory and no tree refreshes.
 */
const watched: Record<keyof RawObjects, Watched> = {
  foreignClusters: { kind: kinds.foreignCluster },
  nodes: { kind: kinds.node },
  namespaces: { kind: kinds.namespace },
  pods: { kind: kinds.pod, labelSelector: `${labels.shadowPod}=true` },
  remotePods: { kind: kinds.pod, labelSelector: `${labels.managedBy}=shadowpod` },
  pendingPods: { kind: kinds.pod, fieldSelector: 'spec.nodeName=,status.phase=Pending', accept: (o) => readPod(o).gpus > 0 },
  offloadings: { kind: kinds.namespaceOffloading },
  resourceSlices: { kind: kinds.resourceSlice },
  tenants: { kind: kinds.tenant },
  virtualNodes: { kind: kinds.virtualNode },
  quotas: { kind: kinds.quota },
  runtimeClasses: { kind: kinds.runtimeClass },
  // For the doctor: Cilium's agent configuration wherever Cilium is installed, and Liqo's per-peer network Configurations.
  // A user who may not list them (or a cluster without Liqo's networking CRDs) leaves them unlisted, and the checks
  // that need them say nothing.
  ciliumConfigs: { kind: kinds.configMap, fieldSelector: `metadata.name=${ciliumConfig.name}`, transform: slimCiliumConfig },
  networkConfigs: { kind: kinds.networkConfiguration },
};

/** Keeps only the key the doctor reads of Cilium's ConfigMap (it has a hundred others). */
function slimCiliumConfig(o: KObj): KObj {
  const data = (o as { data?: Record<string, unknown> }).data ?? {};
  const m = o.metadata;
  const kept = data[ciliumConfig.sourceIPKey];
  return { metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion }, data: kept === undefined ? {} : { [ciliumConfig.sourceIPKey]: kept } };
}

/** Liqo's webhook Deployment, as its chart names it, and the flag that turns on its Quota enforcement for ShadowPods. */
const liqoWebhook = { namespace: 'liqo', name: 'liqo-webhook', enforcementFlag: '--enable-resource-enforcement' } as const;

/** Whether a Go boolean flag is on in a container's args: `--flag` or `--flag=true` (last one wins), as pflag reads it. */
export function boolFlag(args: readonly string[], flag: string): boolean {
  let on = false;
  for (const a of args) {
    if (a === flag) on = true;
    else if (a.startsWith(`${flag}=`)) on = ['true', '1', 't', 'T', 'TRUE', 'True'].includes(a.slice(flag.length + 1));
  }
  return on;
}

/** Keeps only what the tree, the facts and the log streamer read from a pod, to bound memory. */
export function slimPod(o: KObj): KObj {
  const spec = o.spec ?? {};
  const status = o.status ?? {};
  const containers = Array.isArray(spec.containers)
    ? (spec.containers as Record<string, unknown>[]).map((c) => ({ name: c.name, resources: c.resources }))
    : [];
  const conditions = Array.isArray(status.conditions)
    ? (status.conditions as Record<string, unknown>[]).filter((c) => c.type === 'PodScheduled')
    : undefined;
  const m = o.metadata;
  // The doctor (LIQO905) reads the runtime class a pod asks its provider for.
  const remoteClass = m.annotations?.[annotations.remoteRuntimeClassName];
  return {
    metadata: {
      name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, labels: m.labels,
      deletionTimestamp: m.deletionTimestamp, ...(remoteClass ? { annotations: { [annotations.remoteRuntimeClassName]: remoteClass } } : {}),
    },
    spec: { nodeName: spec.nodeName, containers, ...(spec.runtimeClassName ? { runtimeClassName: spec.runtimeClassName } : {}) },
    status: { phase: status.phase, reason: status.reason, conditions },
  };
}

/** Failures of a first list that the kind's informer retries by itself (the session's fatal kinds are not among them). */
const retriedAlone: readonly string[] = ['throttled', 'server', 'badGateway'];

/** A first list that has not succeeded yet: the kind's emptiness says nothing, and the session says so. */
function notListedYet(inf: Informer, err: KubeError): KubeError {
  return new KubeError(err.kind, `${inf.kind.kind}s not listed yet (${err.message}); retrying`, err.code, err.reason, err.retryAfter);
}

export class Session implements Disposable {
  readonly http: KubeHttp;
  state: SessionState = 'idle';
  error: KubeError | undefined;
  clusterID = '';
  /** Set by the manager: other contexts on other servers that report this cluster ID. */
  clusterIDConflict: string[] | undefined;
  liqoVersion = '';
  /** Whether the cluster's Liqo webhook enforces Quotas; undefined when its Deployment could not be read. */
  resourceEnforcement: boolean | undefined;
  crdSchemas: Record<string, object> = {};
  /** Settles once the served CRD schemas have been read (after the session is ready). */
  schemasRead: Promise<void> = Promise.resolve();
  private informers = new Map<keyof RawObjects, Informer>();
  /** Kinds whose first list was forbidden (403): the user's RBAC does not allow them. */
  private readonly refused = new Map<keyof RawObjects, KubeError>();
  /** Kinds listed only in the context's namespace, because the cluster-wide list was forbidden. */
  private readonly narrowed = new Map<keyof RawObjects, string>();
  /** A kind whose list was larger than we read. */
  private oversized: KubeError | undefined;
  private starting: Promise<void> | undefined;
  private readonly backoff = new Backoff(2_000, 120_000);
  private retryTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private readonly changes = new Emitter<SessionEvent>();
  readonly onDidChange = this.changes.event;

  constructor(kc: k8s.KubeConfig, readonly context: ContextInfo, private readonly opts: SessionOptions) {
    this.http = new KubeHttp(kc, context.name, opts.timeoutMs, opts.execTimeoutMs, impersonationHeaders(context.impersonation));
  }

  /** Starts (once) and resolves when the first lists are done or the session has failed. Never rejects. */
  start(): Promise<void> {
    this.starting ??= this.connect();
    return this.starting;
  }

  /** Forgets the failure and connects again now. */
  retry(): Promise<void> {
    clearTimeout(this.retryTimer);
    this.backoff.reset();
    this.stopInformers();
    this.http.resetAuth();
    this.starting = undefined;
    return this.start();
  }

  informer(what: keyof RawObjects): Informer | undefined {
    return this.informers.get(what);
  }

  private setState(state: SessionState, error?: KubeError): void {
    this.state = state;
    this.error = error;
    this.changes.fire({ context: this.context.name, what: 'state' });
  }

  private async connect(): Promise<void> {
    this.setState('connecting');
    try {
      if (this.context.usesExec && !this.opts.allowExec) {
        throw new KubeError('other', 'this context runs a program for its credentials (an exec plugin, or an auth provider\'s cmd-path), which only runs in a trusted workspace');
      }
      // The Liqo group's discovery document is the probe: it tells unreachable, 401 and 403 apart like /version
      // would, and a 404 means the cluster has no Liqo.
      try {
        await this.http.request('GET', `/apis/${kinds.namespaceOffloading.group}/${kinds.namespaceOffloading.version}`);
      } catch (e) {
        if (e instanceof KubeError && e.kind === 'notFound') throw new KubeError('notLiqo', 'the Liqo API groups are not served', 404);
        throw e;
      }
      await Promise.all([this.readIdentity(), this.startInformers()]);
      if (this.disposed) return;
      this.clusterID ||= inferClusterID(this.objects());
      this.backoff.reset();
      this.setState('ready', this.listingError());
      // The served CRD schemas are large and only feed the language server: fetch them after the tree is up.
      this.schemasRead = this.readCrdSchemas().then(() => {
        if (!this.disposed && Object.keys(this.crdSchemas).length) this.changes.fire({ context: this.context.name, what: 'state' });
      }, () => undefined);
    } catch (e) {
      if (this.disposed) return;
      const err = e instanceof KubeError ? e : new KubeError('other', String(e));
      this.stopInformers();
      this.opts.log?.(`context ${this.context.name}: ${err.kind}: ${err.message}`);
      this.setState('failed', err);
      if (this.opts.autoRetry && isTransient(err)) {
        // Never sooner than a 429 or 503 asked (API Priority and Fairness).
        this.retryTimer = setTimeout(() => { void this.retry(); }, this.backoff.next((err.retryAfter ?? 0) * 1000));
      }
    }
  }

  private async readIdentity(): Promise<void> {
    const cms = await this.http.request<{ items?: KObj[] }>('GET', resourcePath(kinds.configMap), {
      query: { labelSelector: clusterIDConfigMap.selector },
    }).catch(() => ({ items: [] }));
    const data = (cms.items?.[0] as { data?: Record<string, string> } | undefined)?.data;
    this.clusterID = data?.[clusterIDConfigMap.key] ?? '';
    const dep = await this.http.request<KObj>('GET', resourcePath(kinds.deployment, 'liqo', 'liqo-controller-manager')).catch(() => undefined);
    const containers = (dep?.spec?.template as { spec?: { containers?: { image?: string }[] } } | undefined)?.spec?.containers ?? [];
    const image = containers[0]?.image ?? '';
    if (!this.clusterID) {
      const args = (containers[0] as { args?: string[] } | undefined)?.args ?? [];
      const flag = args.find((a) => a.startsWith('--cluster-id='));
      if (flag) this.clusterID = flag.slice('--cluster-id='.length);
    }
    const tag = image.includes(':') ? image.slice(image.lastIndexOf(':') + 1) : '';
    this.liqoVersion = tag;
    const webhook = await this.http.request<KObj>('GET', resourcePath(kinds.deployment, liqoWebhook.namespace, liqoWebhook.name)).catch(() => undefined);
    const webhookArgs = (webhook?.spec?.template as { spec?: { containers?: { args?: string[] }[] } } | undefined)?.spec?.containers?.[0]?.args;
    this.resourceEnforcement = webhookArgs ? boolFlag(webhookArgs, liqoWebhook.enforcementFlag) : undefined;
  }

  private async readCrdSchemas(): Promise<void> {
    const cache = this.opts.schemaCache;
    const key = `context ${this.context.name}`;
    let pending = cache?.get(key);
    if (!pending) {
      pending = this.fetchCrdSchemas();
      cache?.set(key, pending);
    }
    this.crdSchemas = await pending;
    if (!Object.keys(this.crdSchemas).length) cache?.delete(key);
  }

  private async fetchCrdSchemas(): Promise<Record<string, object>> {
    const list = await this.http.request<{ items?: KObj[] }>('GET', resourcePath(kinds.crd), { timeoutMs: 60_000 }).catch(() => ({ items: [] }));
    const out: Record<string, object> = {};
    for (const crd of list.items ?? []) {
      const spec = (crd.spec ?? {}) as { group?: string; names?: { kind?: string }; versions?: { name: string; schema?: { openAPIV3Schema?: object } }[] };
      if (!spec.group || !liqoGroups.includes(spec.group)) continue;
      for (const v of spec.versions ?? []) {
        if (v.schema?.openAPIV3Schema) out[`${spec.group}/${v.name}/${spec.names?.kind ?? ''}`] = schemaPool.share(v.schema.openAPIV3Schema);
      }
    }
    return out;
  }

  private async startInformers(): Promise<void> {
    const entries = Object.entries(watched) as [keyof RawObjects, Watched][];
    const results = await Promise.allSettled(entries.map(async ([what, w]) => {
      const inf = this.newInformer(what, w);
      this.informers.set(what, inf);
      try {
        await inf.start();
      } catch (e) {
        // A first list refused for now (APF, a CRD's storage still initializing, a 5xx) is retried in the
        // background; the kind stays unlisted, and the session says so, until it succeeds.
        if (e instanceof KubeError && retriedAlone.includes(e.kind)) inf.retryStart(e);
        // A list past the body cap (http.ts readLimits) would be as large again: the kind stays unlisted, and says so.
        if (e instanceof KubeError && e.kind === 'tooLarge') this.oversized = new KubeError('tooLarge', `the ${w.kind.kind} list was not read: ${e.message}`);
        if (e instanceof KubeError && e.kind === 'forbidden') {
          this.refused.set(what, e);
          // A user with a namespaced Role (kubectl's habit: the context's namespace) sees that namespace at least.
          if (await this.narrowTo(what, w, inf)) return;
        }
        throw e;
      }
    }));
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
    const fatal = failures.find((f): f is KubeError => f instanceof KubeError && ['unauthorised', 'unreachable', 'slow'].includes(f.kind));
    if (fatal) throw fatal;
    // Forbidden kinds (a restricted user) are items in the tree; the rest of the cluster still shows. One log line for them.
    const refused = [...new Set([...this.refused.values()].map((e) => e.message))];
    if (refused.length) {
      const user = /User "([^"]*)"/.exec(refused[0] ?? '')?.[1];
      const names = [...new Set([...this.refused.keys()].map((w) => { const k = watched[w].kind; return k.group ? `${k.plural}.${k.group}` : k.plural; }))];
      this.opts.log?.(`context ${this.context.name}: ${user ?? 'the user'} may not list ${names.join(', ')} at cluster scope (403)`);
    }
    for (const f of failures) {
      if (f instanceof KubeError && f.kind === 'forbidden') continue;
      this.opts.log?.(`context ${this.context.name}: a kind could not be listed: ${String((f as Error).message)}`);
    }
  }

  private newInformer(what: keyof RawObjects, w: Watched, namespace?: string): Informer {
    const inf = new Informer(this.http, w.kind, {
      namespace, labelSelector: w.labelSelector, fieldSelector: w.fieldSelector, accept: w.accept, transform: w.transform ?? (w.kind === kinds.pod ? slimPod : stripManagedFields),
      idleTimeoutMs: this.opts.watchIdleMs, log: this.opts.log && ((m) => this.opts.log?.(`context ${this.context.name}: ${m}`)),
    });
    inf.onChange(() => this.changes.fire({ context: this.context.name, what }));
    inf.onError((err) => {
      // A watch that fails while the cluster was fine shows as a degraded cluster, and heals by itself.
      const shown = inf.synced ? err : notListedYet(inf, err);
      if (this.state === 'ready' && this.error?.message !== shown.message) this.setState('ready', shown);
    });
    inf.onRecover(() => {
      if (this.state === 'ready' && this.error && this.error !== this.oversized && [...this.informers.values()].every((i) => !i.lastError)) this.setState('ready', this.oversized);
    });
    return inf;
  }

  /** After a forbidden cluster-wide list: lists and watches the kind in the context's namespace instead, if the user may. */
  private async narrowTo(what: keyof RawObjects, w: Watched, refused: Informer): Promise<boolean> {
    const ns = this.context.namespace;
    if (!w.kind.namespaced || !ns) return false;
    const narrow = this.newInformer(what, w, ns);
    try {
      await narrow.start();
    } catch {
      narrow.stop();
      return false;
    }
    refused.stop();
    this.informers.set(what, narrow);
    this.narrowed.set(what, ns);
    return true;
  }

  /** Why some kinds are not listed yet while their first list is retried; undefined when every kind has listed or gave up. */
  private listingError(): KubeError | undefined {
    for (const inf of this.informers.values()) if (!inf.synced && inf.lastError && !inf.stopped && retriedAlone.includes(inf.lastError.kind)) return notListedYet(inf, inf.lastError);
    return this.oversized;
  }

  private stopInformers(): void {
    this.oversized = undefined;
    for (const inf of this.informers.values()) inf.stop();
    this.informers.clear();
    this.refused.clear();
    this.narrowed.clear();
  }

  /** The kinds the tree cannot show: forbidden ones, and those whose first list is still retried. One entry per resource. */
  private unlistedKinds(): UnlistedKind[] {
    const out = new Map<string, UnlistedKind>();
    for (const [what, inf] of this.informers) {
      const namespace = this.narrowed.get(what);
      if (inf.synced && !namespace) continue;
      const key = `${inf.kind.plural}.${inf.kind.group}`;
      const refused = this.refused.get(what);
      const pending = inf.lastError && !inf.stopped && retriedAlone.includes(inf.lastError.kind) ? inf.lastError : undefined;
      if (!refused && !pending) continue;
      // Pods are watched three ways: one entry, forbidden outright over listed in a namespace.
      const seen = out.get(key);
      if (seen?.why === 'forbidden' && !seen.namespace) continue;
      out.set(key, { resource: inf.kind.plural, group: inf.kind.group, why: refused ? 'forbidden' : 'pending', message: (refused ?? pending)?.message ?? '',
        ...(namespace ? { namespace } : {}) });
    }
    return [...out.values()];
  }

  /** The raw objects currently cached. */
  objects(): RawObjects {
    const get = (w: keyof RawObjects): KObj[] => this.informers.get(w)?.list() ?? [];
    return {
      foreignClusters: get('foreignClusters'), nodes: get('nodes'), namespaces: get('namespaces'), pods: get('pods'), remotePods: get('remotePods'), pendingPods: get('pendingPods'),
      offloadings: get('offloadings'), resourceSlices: get('resourceSlices'), tenants: get('tenants'), virtualNodes: get('virtualNodes'),
      quotas: get('quotas'), runtimeClasses: get('runtimeClasses'), ciliumConfigs: get('ciliumConfigs'), networkConfigs: get('networkConfigs'),
    };
  }

  snapshot(): ClusterSnapshot {
    return buildSnapshot({
      context: this.context.name, state: this.state,
      error: this.error ? { kind: this.error.kind, message: this.error.message } : undefined,
      clusterID: this.clusterID, liqoVersion: this.liqoVersion, crdSchemas: this.crdSchemas, resourceEnforcement: this.resourceEnforcement,
      // A kind seen in one namespace only is not known for the cluster: the facts must not read its emptiness.
      unlisted: (Object.keys(watched) as (keyof RawObjects)[]).filter((w) => !this.informers.get(w)?.stats.lists || this.narrowed.has(w)),
      unlistedKinds: this.state === 'ready' ? this.unlistedKinds() : undefined,
      clusterIDConflict: this.clusterIDConflict,
    }, this.state === 'ready' ? this.objects() : {});
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.retryTimer);
    this.stopInformers();
    this.http.dispose();
    this.changes.dispose();
  }
}
