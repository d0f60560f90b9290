// Kubeconfig files a test writes by hand, one context each, from the simulator's own material (its CA, the admin's
// certificate and key, the viewer's token), so that every kubeconfig field can be tried alone. kubectl reads the
// same files.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { findKubectl, type KubectlResult } from '../sim/kubectl';
import type { Env } from './kubeHelpers';

export interface SimMaterial {
  server: string;
  port: number;
  caData: string;
  certData: string;
  keyData: string;
  viewerToken: string;
}

/** The material of one simulated cluster, read from the simulator's kubeconfig. */
export function simMaterial(env: Env, cluster = 'k8s-lab'): SimMaterial {
  const doc = parse(fs.readFileSync(env.sim.kubeconfigPath, 'utf8')) as {
    clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
    users: { name: string; user: Record<string, string> }[];
  };
  const c = doc.clusters.find((x) => x.name === cluster);
  const admin = doc.users.find((u) => u.name === `admin@${cluster}`)?.user;
  const viewer = doc.users.find((u) => u.name === `viewer@${cluster}`)?.user;
  if (!c || !admin || !viewer) throw new Error(`the simulator's kubeconfig has no ${cluster}`);
  return {
    server: c.cluster.server, port: Number(new URL(c.cluster.server).port), caData: c.cluster['certificate-authority-data'],
    certData: admin['client-certificate-data'] ?? '', keyData: admin['client-key-data'] ?? '', viewerToken: viewer.token ?? '',
  };
}

export interface OneContext {
  name: string;
  cluster: Record<string, unknown>;
  user: Record<string, unknown>;
  namespace?: string;
}

/** Writes a kubeconfig with these contexts (the first is current) and returns its path. */
export function writeConfig(dir: string, file: string, contexts: OneContext[]): string {
  const p = path.join(dir, file);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': contexts[0]?.name ?? '',
    clusters: contexts.map((c) => ({ name: `${c.name}-cluster`, cluster: c.cluster })),
    users: contexts.map((c) => ({ name: `${c.name}-user`, user: c.user })),
    contexts: contexts.map((c) => ({ name: c.name, context: { cluster: `${c.name}-cluster`, user: `${c.name}-user`, ...(c.namespace ? { namespace: c.namespace } : {}) } })),
  }), { mode: 0o600 });
  return p;
}

/** The PEM text of base64 data. */
export const pem = (b64: string): string => Buffer.from(b64, 'base64').toString('utf8');

/** Runs kubectl with its own environment (KUBECONFIG, proxies, HOME); a fresh cache directory each time. */
export function kubectlEnv(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<KubectlResult> {
  const bin = findKubectl();
  const cache = fs.mkdtempSync(path.join(env.TMPDIR ?? '/tmp', 'kubectl-cache-'));
  return new Promise((resolve) => {
    const child = execFile(bin, ['--cache-dir', cache, ...args], { env, timeout: timeoutMs }, (err, stdout, stderr) => {
      fs.rmSync(cache, { recursive: true, force: true });
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
    child.stdin?.end();
  });
}

/** A process environment without any proxy variables, plus `extra`. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(https?|no|all)_proxy$/i.test(k)) env[k] = v;
  return { ...env, ...extra };
}
