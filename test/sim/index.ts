// Library entry point of the Kubernetes API simulator of a Liqo consumer/provider pair.
// Tests start it in-process; `npm run sim` wraps it (scripts/sim.mjs -> main.ts).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { OidcTrust } from './authMore.js';
import type { Cluster, RequestRecord } from './cluster.js';
import { controllers } from './controllers/index.js';
import type { FailureBody } from './faults.js';
import { typeByKind } from './kinds.js';
import { writeKubeconfig } from './kubeconfig.js';
import { encodeAhead } from './http.js';
import { logHandler } from './logProxy.js';
import { seedFleet } from './fleet.js';
import { buildClusters, plan, seedWorld } from './topology.js';
import { installWebhooks } from './webhooks/index.js';
import { addAuthProviderContext, startHostile, type HostileInfo } from './hostile.js';
import { World } from './world.js';

export interface SimOptions {
  /** Where to write the kubeconfig; default: a fresh temporary directory (removed by stop()), so parallel tests never share one. */
  kubeconfigPath?: string;
  clusters?: number;
  podsPerCluster?: number;
  /** The share of each cluster's bench pods in an offloaded namespace (test/sim/fleet.ts); default 0. */
  remoteShare?: number;
  logIntervalMs?: number;
  /** How often watches with allowWatchBookmarks get a BOOKMARK (default 60 s, as kube-apiserver). */
  bookmarkIntervalMs?: number;
  /** A node script printing an ExecCredential: the kubeconfig then has exec@<cluster> contexts (kubeconfig.ts). */
  execPlugin?: string;
  /** Adds k8s-evil, a hostile cluster outside the peerings (hostile.ts). */
  hostile?: boolean;
}

export interface SimFaults {
  dropWatches(): void;
  dropLogStreams(): void;
  /**
   * The next n requests (for exactly `path`, when given) fail with that code; 429 and 503 carry Retry-After. A 429's
   * body is a JSON Status, or as `body` says: APF's plain text or the JSON "storage is (re)initializing".
   */
  failNext(n: number, code: 500 | 429 | 503, retryAfterSeconds?: number, path?: string, body?: FailureBody): void;
  /** The next n GET requests for exactly `path` (any, when absent) send their headers and then nothing. */
  stall(path?: string, n?: number): void;
  /** The next n GET requests for exactly `path` (any, when absent) send their body one byte every byteEveryMs. */
  slowDrip(path: string | undefined, byteEveryMs: number, n?: number): void;
  setLatency(ms: number): void;
  revokeToken(user: string): void;
  expireResourceVersions(): void;
  /** Consumer-side pods/log of offloaded pods fails as a k3s consumer's does: 500 with the dial error. */
  failLogProxy(on: boolean): void;
  stop(): Promise<void>;
  /** Restarts on the same port with the same data. */
  restart(): Promise<void>;
}

export interface SimCluster {
  name: string;
  clusterID: string;
  url: string;
  faults: SimFaults;
  /** The requests this cluster received, oldest first (the last few thousand), with the simulator's timestamps. */
  requests(): readonly RequestRecord[];
  /** The flow-control windows of this cluster's open HTTP/2 clients, as the server sees them. */
  peerWindows(): { stream: number; connection: number }[];
  /** Signs exec@<name>'s expiring tokens (auth.ts, signExecToken); never log it. */
  execSecret: string;
  /** Accepts (or no longer accepts) a bearer token for a read-only user, e.g. a rotating service-account token. */
  addToken(token: string, user: string): void;
  dropToken(token: string): void;
  /** A read-only user who logs in with a password (basic auth). */
  addBasicUser(user: string, password: string): void;
  /** Accepts the id-tokens of this OIDC issuer for this client (read-only users named `<issuer>#<sub>`). */
  trustOidc(trust: OidcTrust): void;
  /** The server's CA (PEM), for kubeconfigs a test writes. */
  caPem: string;
  /** Reads the store directly (no HTTP, no auth). */
  get(apiVersion: string, kind: string, name: string, namespace?: string): object | undefined;
}

export type { RequestRecord, FailureBody, OidcTrust, HostileInfo };

export interface Sim {
  kubeconfigPath: string;
  /** With `hostile`: k8s-evil and the files its attacks would write if they worked. */
  hostile?: HostileInfo;
  clusterNames: string[];
  cluster(name: string): SimCluster;
  /** Resolves once the simulated controllers have nothing left to do. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

function facade(c: Cluster): SimCluster {
  return {
    name: c.name, clusterID: c.clusterID, url: c.url, execSecret: c.auth.execSecret,
    faults: {
      dropWatches: () => c.dropWatches(),
      dropLogStreams: () => c.dropLogStreams(),
      failNext: (n, code, retryAfterSeconds, path, body) => c.faults.failNext(n, code, retryAfterSeconds, path, body),
      stall: (path, n = 1) => c.faults.shapeNext({ kind: 'stall', path, n }),
      slowDrip: (path, byteEveryMs, n = 1) => c.faults.shapeNext({ kind: 'slowDrip', path, n, byteEveryMs }),
      setLatency: (ms) => { c.faults.latencyMs = ms; },
      revokeToken: (user) => c.auth.revoke(user),
      expireResourceVersions: () => c.expireResourceVersions(),
      failLogProxy: (on) => { c.faults.logProxyBroken = on; },
      stop: () => c.stop(),
      restart: async () => { await c.stop(); await c.start(c.port); },
    },
    requests: () => c.requests,
    peerWindows: () => c.peerWindows(),
    addToken: (token, user) => c.auth.addToken(token, user),
    dropToken: (token) => c.auth.dropToken(token),
    addBasicUser: (user, password) => c.auth.more.addBasicUser(user, password),
    trustOidc: (trust) => c.auth.more.trustOidc(trust),
    caPem: c.pki.ca.cert,
    get: (apiVersion, kind, name, namespace) => {
      const t = typeByKind(apiVersion, kind);
      if (!t) throw new Error(`unknown kind ${apiVersion} ${kind}`);
      return c.store.get(t, namespace, name);
    },
  };
}

export async function startSim(opts: SimOptions = {}): Promise<Sim> {
  const count = Math.max(2, opts.clusters ?? 2);
  const world = new World(opts.logIntervalMs ?? 1000);
  const plans = plan(count, opts.podsPerCluster ?? 0);
  const clusters = await buildClusters(world, plans, opts.bookmarkIntervalMs ?? 60_000);
  try {
    await Promise.all(clusters.map((c) => c.start(0)));
  } catch (e) {
    await Promise.all(clusters.map((c) => c.stop()));
    throw e;
  }
  for (const c of clusters) {
    c.logHandler = logHandler(world, c);
    installWebhooks(world, c);
  }
  world.controllers.push(...controllers);
  if (opts.remoteShare) {
    seedWorld(world, clusters, plans, 0);
    seedFleet(world, clusters, opts.podsPerCluster ?? 0, opts.remoteShare);
  } else seedWorld(world, clusters, plans, opts.podsPerCluster ?? 0);
  world.schedule();
  await world.idle();
  // One process stands in for every cluster's API server: have the settled objects' JSON ready for the first lists.
  for (const c of clusters) encodeAhead(c.store.all());

  const tempDir = opts.kubeconfigPath ? undefined : mkdtempSync(path.join(tmpdir(), 'liqo-sim-'));
  const kubeconfigPath = path.resolve(opts.kubeconfigPath ?? path.join(tempDir ?? '', 'kubeconfig'));
  mkdirSync(path.dirname(kubeconfigPath), { recursive: true });
  const hostile = opts.hostile ? await startHostile(world, opts.bookmarkIntervalMs ?? 60_000, kubeconfigPath, (c) => {
    c.logHandler = logHandler(world, c);
    installWebhooks(world, c);
  }) : undefined;
  if (hostile) {
    clusters.push(hostile.cluster);
    await world.idle();
  }
  writeKubeconfig(kubeconfigPath, clusters.map((c) => ({
    name: c.name, url: c.url, caPem: c.pki.ca.cert, adminCert: c.pki.admin.cert, adminKey: c.pki.admin.key, viewerToken: c.viewerToken,
    execSecret: c.auth.execSecret, restrictedToken: c.restrictedToken || undefined,
  })), `admin@${clusters[0].name}`, opts.execPlugin ? { script: opts.execPlugin } : undefined);
  if (hostile) addAuthProviderContext(kubeconfigPath, hostile.cluster, hostile.info.marker);

  const facades = new Map(clusters.map((c) => [c.name, facade(c)]));
  let stopped = false;
  return {
    kubeconfigPath,
    hostile: hostile?.info,
    clusterNames: clusters.map((c) => c.name),
    cluster: (name) => {
      const f = facades.get(name);
      if (!f) throw new Error(`no simulated cluster named ${name}; known: ${[...facades.keys()].join(', ')}`);
      return f;
    },
    settled: () => world.idle(),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      world.stop();
      await Promise.all(clusters.map((c) => c.stop()));
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    },
  };
}
