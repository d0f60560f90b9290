// The hostile cluster (`npm run sim -- --hostile`, or startSim({ hostile: true })): one more cluster, k8s-evil,
// outside the peerings, whose API server does what a malicious or compromised cluster could. Each attack is
// listed in `attacks` so tests can name what they meet. The other clusters stay as they are.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { mintClusterPki } from './certs.js';
import { Cluster } from './cluster.js';
import { upsert } from './controllers/util.js';
import { liqoCrds } from './crds.js';
import { denied } from './errors.js';
import { namespaceObject } from './objects.js';
import type { Admission } from './registry.js';
import type { KObj } from './store.js';
import { PROVIDER, seedCluster, type ClusterPlan } from './topology.js';
import { crdType, deploymentType, namespaceOffloadingType, namespaceType, podType } from './typeRefs.js';
import type { World } from './world.js';

export const HOSTILE = 'k8s-evil';
/** The namespace that holds the hostile pods; `liqo-demo` there is an ordinary one to offload. */
export const HOSTILE_NS = 'evil';

/** Markdown links a notification would turn into commands: one types into a terminal, one overwrites a file. */
export function exemptionLinks(target: string): string {
  const send = encodeURIComponent(JSON.stringify({ text: `touch ${target}.pwned\n` }));
  const save = encodeURIComponent(JSON.stringify([{ $mid: 1, scheme: 'file', path: target }]));
  return `[Request an exemption](command:workbench.action.terminal.sendSequence?${send}) or [save your facts](command:liqo.saveFacts?${save})`;
}

const ansiHtml = '\u001b[31m\u001b]8;;https://evil.example\u0007<img src=x onerror=alert(1)><script>alert(1)</script>\u001b]8;;\u0007\u001b[0m';

export const attacks = {
  /** k8s-evil claims the provider's cluster ID. */
  clusterID: PROVIDER,
  liqoVersion: 'v1.2.0-evil',
  /** The CRD schemas' pattern and CEL rule: exponential on a backtracking engine. */
  redos: '^(a+)+$',
  /** A pod whose name carries terminal escapes, HTML and a command link. */
  podName: `chatty-${ansiHtml}[x](command:workbench.action.terminal.new)`,
  /** A pod whose log is one line of 100 MB, no newline. */
  floodPod: 'flood',
  /** The size of the hostile list body (RuntimeClasses) and of the flood line. */
  bodyBytes: 100 * 1024 * 1024,
  /** A line of the chatty pod's log. */
  logLine: `${ansiHtml} see [docs](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22id%5Cn%22%7D)`,
};

/** The Liqo CRDs with a ReDoS pattern on NamespaceOffloading's remoteNamespaceName and a CEL rule that calls it. */
function hostileCrds(): KObj[] {
  return liqoCrds().map((crd) => {
    const copy = structuredClone(crd);
    if ((copy.spec as { names: { kind: string } }).names.kind !== namespaceOffloadingType.kind) return copy;
    const version = (copy.spec as { versions: { schema: { openAPIV3Schema: { properties: Record<string, Record<string, unknown>> } } }[] }).versions[0];
    const spec = version.schema.openAPIV3Schema.properties.spec as { properties: Record<string, Record<string, unknown>>; 'x-kubernetes-validations'?: unknown[] };
    spec.properties.remoteNamespaceName = { ...spec.properties.remoteNamespaceName, pattern: attacks.redos };
    spec['x-kubernetes-validations'] = [...spec['x-kubernetes-validations'] ?? [],
      { rule: `!has(self.remoteNamespaceName) || self.remoteNamespaceName.matches('${attacks.redos}')`, message: 'remoteNamespaceName' }];
    return copy;
  });
}

/** The offloading webhook refuses everything, dry-runs too, with links in its message. */
function refuseOffloading(target: string): Admission {
  return (req) => {
    if (req.t !== namespaceOffloadingType || req.op !== 'CREATE') return;
    throw denied('nsoff.validate.liqo.io', `namespace ${req.obj.metadata.namespace ?? ''} is not allowed to offload. ${exemptionLinks(target)}`);
  };
}

/** Answers `bytes` of a JSON list whose one item has a huge string, in chunks, stopping when the client goes. */
function hugeList(res: ServerResponse, bytes: number): void {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.write('{"kind":"RuntimeClassList","apiVersion":"node.k8s.io/v1","metadata":{"resourceVersion":"1"},"items":[{"metadata":{"name":"huge"},"handler":"');
  streamFiller(res, bytes, '"}]}');
}

/** Writes `bytes` of 'a' in 1 MiB chunks, with backpressure, then `tail`; stops when the client hangs up. */
function streamFiller(res: ServerResponse, bytes: number, tail: string): void {
  const chunk = 'a'.repeat(1024 * 1024);
  let sent = 0;
  const pump = (): void => {
    while (sent < bytes && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) { res.once('drain', pump); return; }
    }
    if (!res.destroyed) res.end(tail);
  };
  res.on('close', () => { sent = bytes; });
  pump();
}

/** The chatty pod's log: lines with escapes, HTML and links; with follow, one more every second until closed. */
function chattyLog(res: ServerResponse, follow: boolean): void {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  for (let i = 0; i < 3; i++) res.write(`${new Date().toISOString()} ${attacks.logLine} #${i}\n`);
  if (!follow) { res.end(); return; }
  let i = 3;
  const timer = setInterval(() => { if (!res.destroyed) res.write(`${new Date().toISOString()} ${attacks.logLine} #${i++}\n`); }, 1000);
  res.on('close', () => clearInterval(timer));
}

/**
 * What k8s-evil answers before the ordinary handlers: true when it answered. Watches get a first event without
 * metadata, then go on as usual.
 */
function intercept(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
  const p = url.pathname;
  if (req.method !== 'GET') return false;
  if (p === '/apis/node.k8s.io/v1/runtimeclasses' && url.searchParams.get('watch') !== '1' && url.searchParams.get('watch') !== 'true') {
    hugeList(res, attacks.bodyBytes);
    return true;
  }
  if (p === `/api/v1/namespaces/${HOSTILE_NS}/pods/${attacks.floodPod}/log`) {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    streamFiller(res, attacks.bodyBytes, '');
    return true;
  }
  if (p.startsWith(`/api/v1/namespaces/${HOSTILE_NS}/pods/`) && p.endsWith('/log')) {
    chattyLog(res, url.searchParams.get('follow') === 'true');
    return true;
  }
  if (url.searchParams.get('watch') === '1' || url.searchParams.get('watch') === 'true') {
    const flush = res.flushHeaders.bind(res);
    res.flushHeaders = () => {
      flush();
      res.write('{"type":"ADDED","object":{"kind":"Evil","apiVersion":"v1"}}\n{"type":"MODIFIED","object":null}\n{"type":"ADDED"}\n[]\n');
    };
  }
  return false;
}

function hostilePlan(): ClusterPlan {
  return { name: HOSTILE, gpus: 0, nodes: [
    { name: `${HOSTILE}-control-plane`, controlPlane: true, ip: '172.30.0.2', cpu: '4', memory: '8Gi' },
    { name: `${HOSTILE}-worker`, ip: '172.30.0.3', cpu: '8', memory: '16Gi', maxPods: '110' },
  ] };
}

/** What tests need to know of k8s-evil: the files its attacks would write if they worked. */
export interface HostileInfo {
  name: string;
  /** The file the webhook's saveFacts link points at; the terminal link would create `<victim>.pwned`. */
  victim: string;
  /** Created when gcp@k8s-evil's cmd-path runs. */
  marker: string;
}

/**
 * Builds, starts and seeds k8s-evil beside the kubeconfig, with the webhooks of any cluster plus its own. Its
 * log handler is the hostile one for its `evil` namespace and the usual one elsewhere.
 */
export async function startHostile(world: World, bookmarkIntervalMs: number, kubeconfigPath: string,
  install: (c: Cluster) => void): Promise<{ cluster: Cluster; info: HostileInfo }> {
  const dir = path.dirname(kubeconfigPath);
  const info = { name: HOSTILE, victim: path.join(dir, 'victim.json'), marker: path.join(dir, 'cmd-path-ran') };
  writeFileSync(info.victim, '{"precious": true}\n');
  const c = await buildHostile(world, bookmarkIntervalMs, info.victim);
  install(c);
  seedHostile(c);
  return { cluster: c, info };
}

async function buildHostile(world: World, bookmarkIntervalMs: number, target: string): Promise<Cluster> {
  const c = new Cluster({ name: HOSTILE, clusterID: attacks.clusterID, pki: await mintClusterPki(HOSTILE), bookmarkIntervalMs });
  c.viewerToken = 'evil-viewer-token';
  c.auth.addToken(c.viewerToken, `viewer@${HOSTILE}`);
  c.auth.execSecret = 'evil-exec-secret';
  c.intercept = intercept;
  world.add(c);
  await c.start(0);
  c.registry.admission.unshift(refuseOffloading(target));
  return c;
}

/** Liqo as on any cluster, then the hostile CRDs and pods (put straight into the store: no checks), and namespaces. */
function seedHostile(c: Cluster): void {
  seedCluster(c, hostilePlan());
  // A Liqo version of its own, so its served schemas are fetched for it and not taken from a cache.
  const manager = c.store.get(deploymentType, 'liqo', 'liqo-controller-manager');
  const spec = manager?.spec as { template: { spec: { containers: { image: string }[] } } } | undefined;
  if (manager && spec) {
    spec.template.spec.containers[0].image = `ghcr.io/liqotech/liqo-controller-manager:${attacks.liqoVersion}`;
    c.store.put(deploymentType, manager);
  }
  for (const crd of hostileCrds()) c.store.put(crdType, crd);
  upsert(c, namespaceType, namespaceObject(HOSTILE_NS), []);
  upsert(c, namespaceType, namespaceObject('liqo-demo'), []);
  const node = `${HOSTILE}-worker`;
  for (const name of [attacks.podName, attacks.floodPod]) {
    c.store.put(podType, {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name, namespace: HOSTILE_NS, uid: `evil-${name.length}-${name.slice(0, 5)}`, labels: { app: 'evil', 'liqo.io/shadowPod': 'true' } },
      spec: { nodeName: node, containers: [{ name: 'app', image: 'evil' }] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: { startedAt: new Date().toISOString() } } }] },
    });
  }
}

/**
 * Adds gcp@k8s-evil to the kubeconfig: a user whose auth provider runs `cmd-path` (client-node's gcp provider
 * does, through a shell). The script only leaves `marker` behind, so a test can tell whether it ran.
 */
export function addAuthProviderContext(kubeconfigPath: string, c: Cluster, marker: string): string {
  const script = path.join(path.dirname(kubeconfigPath), 'evil-cmd-path.sh');
  writeFileSync(script, `#!/bin/sh\necho ran >> '${marker}'\necho '{"token":"evil","expiry":"2099-01-01T00:00:00Z"}'\n`);
  chmodSync(script, 0o755);
  const doc = parse(readFileSync(kubeconfigPath, 'utf8')) as { users: object[]; contexts: object[] };
  doc.users.push({ name: `gcp@${c.name}`, user: { 'auth-provider': { name: 'gcp', config: {
    'cmd-path': script, 'cmd-args': 'config config-helper --format=json', 'token-key': '{.token}', 'expiry-key': '{.expiry}' } } } });
  doc.contexts.push({ name: `gcp@${c.name}`, context: { cluster: c.name, user: `gcp@${c.name}`, namespace: 'default' } });
  writeFileSync(kubeconfigPath, stringify(doc), { mode: 0o600 });
  return script;
}
