// Shared setup for the client-side cluster tests: a simulator per test file, sessions over its kubeconfig
// (plus extra contexts), and waiting on events instead of sleeping.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { SessionManager } from '../../client/src/kube/manager';
import type { Session, SessionOptions } from '../../client/src/kube/session';
import { startSim, type Sim } from '../sim/index';
import { exitWithoutTeardown } from '../util/exitQuietly';

export interface Env {
  sim: Sim;
  dir: string;
  logs: string[];
  /** A manager over the simulator's kubeconfig (plus extra files); disposed by stop(), or earlier by the caller. */
  manager(extra?: string[], opts?: Partial<SessionOptions>): SessionManager;
  /** A manager over these kubeconfig files only (not the simulator's); disposed by stop(), or earlier by the caller. */
  managerOf(files: string[], opts?: Partial<SessionOptions>): SessionManager;
  stop(): Promise<void>;
}

export async function startEnv(simOpts: { logIntervalMs?: number; bookmarkIntervalMs?: number; execPlugin?: string; hostile?: boolean } = {}): Promise<Env> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liqo-client-'));
  const sim = await startSim({ kubeconfigPath: path.join(dir, 'kubeconfig'), ...simOpts });
  const logs: string[] = [];
  const managers: SessionManager[] = [];
  const managerOf = (files: string[], opts: Partial<SessionOptions> = {}): SessionManager => {
    const m = new SessionManager({ timeoutMs: 3000, allowExec: false, log: (s) => logs.push(s), ...opts });
    m.load(files);
    managers.push(m);
    return m;
  };
  return {
    sim, dir, logs,
    manager: (extra = [], opts = {}) => managerOf([sim.kubeconfigPath, ...extra], opts),
    managerOf,
    async stop() {
      for (const m of managers) m.dispose();
      await sim.stop();
      exitWithoutTeardown();
    },
  };
}

/** A port on 127.0.0.1 that nothing listens on. */
export async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** A kubeconfig file with one more context, whose server is the given URL. */
export function extraKubeconfig(dir: string, context: string, server: string, token = 'not-a-real-token'): string {
  const file = path.join(dir, `extra-${context.replace(/[^a-z0-9]/gi, '_')}`);
  fs.writeFileSync(file, [
    'apiVersion: v1', 'kind: Config',
    'clusters:', `- name: ${context}-cluster`, '  cluster:', `    server: ${server}`, '    insecure-skip-tls-verify: true',
    'users:', `- name: ${context}-user`, '  user:', `    token: ${token}`,
    'contexts:', `- name: ${context}`, '  context:', `    cluster: ${context}-cluster`, `    user: ${context}-user`, '',
  ].join('\n'));
  return file;
}

/** Resolves when check() holds, re-checking on every session event; fails after timeoutMs. */
export function until(m: SessionManager | Session, check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) { resolve(); return; }
    const sub = m.onDidChange(() => {
      if (!check()) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
    const timer = setTimeout(() => { sub.dispose(); reject(new Error(`timed out waiting for ${what}`)); }, timeoutMs);
  });
}

export function must<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new Error(`missing ${what}`);
  return v;
}

/** A session of a fresh manager, started and ready (it fails the test file's setup otherwise). */
/** The session of a context of one kubeconfig file (with nothing else loaded), started; ready or not. */
export async function startedFrom(env: Env, file: string, context: string): Promise<Session> {
  const s = must(env.managerOf([file]).get(context), context);
  await s.start();
  return s;
}

export async function readySession(env: Env, context: string): Promise<Session> {
  const s = must(env.manager().get(context), context);
  await s.start();
  if (s.state !== 'ready') throw new Error(`${context} is ${s.state} after start: ${s.error?.message ?? 'no error'}`);
  return s;
}
