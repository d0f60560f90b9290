// Runs a kubeconfig's exec credential plugin (client.authentication.k8s.io v1 and v1beta1) as client-go does,
// for a process that has no terminal: the plugin gets no standard input, KUBERNETES_EXEC_INFO says it is not
// interactive, `interactiveMode: Always` is refused with a clear message instead of hanging, and a plugin that
// does not finish in time is stopped. Its output is checked as client-go checks it.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { KubeError } from './errors';

export const execApiVersions = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'] as const;

/** The `exec` block of a kubeconfig user, as written. */
export interface ExecConfig {
  apiVersion?: string;
  command?: string;
  args?: unknown;
  env?: unknown;
  installHint?: string;
  interactiveMode?: string;
  provideClusterInfo?: boolean;
}

/** What KUBERNETES_EXEC_INFO tells a plugin with provideClusterInfo about the cluster. */
export interface ExecClusterInfo {
  server: string;
  tlsServerName?: string;
  insecureSkipTlsVerify?: boolean;
  caData?: Buffer;
  proxyUrl?: string;
  /** The cluster's extensions['client.authentication.k8s.io/exec'], passed through as it is. */
  config?: unknown;
}

export interface ExecCredential {
  token?: string;
  cert?: string;
  key?: string;
  /** Milliseconds since the epoch; undefined: valid until the API server refuses it. */
  expiresAt?: number;
}

/** The plugin's name for messages: the command's last path segment. */
export function pluginName(exec: ExecConfig): string {
  return (exec.command ?? '').split(/[\\/]/).pop() || 'exec plugin';
}

/** Checks the block before anything runs; returns the API version. */
export function checkExecConfig(exec: ExecConfig): string {
  const name = pluginName(exec);
  if (!exec.command) throw new KubeError('other', 'the exec plugin has no command');
  const version = exec.apiVersion ?? '';
  if (!(execApiVersions as readonly string[]).includes(version)) {
    throw new KubeError('other', `exec plugin ${name}: apiVersion "${version.slice(0, 80)}" is not supported; use ${execApiVersions.join(' or ')}`);
  }
  const mode = exec.interactiveMode ?? (version.endsWith('/v1') ? '' : 'IfAvailable');
  if (!mode) throw new KubeError('other', `exec plugin ${name}: interactiveMode must be set for ${version} (Never, IfAvailable or Always)`);
  if (!['Never', 'IfAvailable', 'Always'].includes(mode)) throw new KubeError('other', `exec plugin ${name}: interactiveMode "${mode.slice(0, 40)}" is not Never, IfAvailable or Always`);
  if (mode === 'Always') {
    throw new KubeError('other', `exec plugin ${name} needs a terminal (interactiveMode: Always), which the editor does not have: log in with it in a terminal first, or set interactiveMode to IfAvailable or Never`);
  }
  return version;
}

export interface RunOptions {
  /** The cluster, when the block asks for provideClusterInfo. */
  cluster?: ExecClusterInfo;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
}

/** Runs the plugin once and reads its ExecCredential. Messages never quote its output's credentials. */
export function runExecPlugin(exec: ExecConfig, o: RunOptions): Promise<ExecCredential> {
  const version = checkExecConfig(exec);
  const name = pluginName(exec);
  const args = Array.isArray(exec.args) ? exec.args.map(String) : [];
  const env: NodeJS.ProcessEnv = { ...(o.env ?? process.env) };
  if (Array.isArray(exec.env)) {
    for (const e of exec.env as { name?: unknown; value?: unknown }[]) if (typeof e?.name === 'string') env[e.name] = typeof e.value === 'string' ? e.value : '';
  }
  const spec: Record<string, unknown> = { interactive: false };
  if (exec.provideClusterInfo && o.cluster) {
    const c = o.cluster;
    spec.cluster = {
      server: c.server,
      ...(c.tlsServerName ? { 'tls-server-name': c.tlsServerName } : {}),
      ...(c.insecureSkipTlsVerify ? { 'insecure-skip-tls-verify': true } : {}),
      ...(c.caData ? { 'certificate-authority-data': c.caData.toString('base64') } : {}),
      ...(c.proxyUrl ? { 'proxy-url': c.proxyUrl } : {}),
      ...(c.config !== undefined ? { config: c.config } : {}),
    };
  }
  env.KUBERNETES_EXEC_INFO = JSON.stringify({ apiVersion: version, kind: 'ExecCredential', spec });
  return new Promise<ExecCredential>((resolve, reject) => {
    let out = '';
    let err = '';
    let settled = false;
    const child = spawn(exec.command ?? '', args, { env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const finish = (e: KubeError | undefined, cred?: ExecCredential): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (e) reject(e); else resolve(cred ?? {});
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(new KubeError('other', `exec plugin ${name} did not finish within ${Math.round(o.timeoutMs / 1000)} s (does it wait for a login? log in with it in a terminal first)`));
    }, o.timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => { if (out.length < 1024 * 1024) out += d; });
    child.stderr.on('data', (d: string) => { if (err.length < 64 * 1024) err += d; });
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') {
        const hint = oneLine(exec.installHint ?? '');
        finish(new KubeError('other', `exec plugin ${name} not found${hint ? `: ${hint}` : ' (it is not on the PATH, and the kubeconfig gives no installHint)'}`));
      } else if (e.code === 'EACCES') {
        finish(new KubeError('other', `exec plugin ${name} cannot be run (permission denied)`));
      } else {
        finish(new KubeError('other', `exec plugin ${name} failed to start (${e.code ?? 'error'})`));
      }
    });
    child.on('close', (code, signal) => {
      if (settled) return;
      if (code !== 0) {
        const last = oneLine(err.split('\n').map((l) => l.trim()).filter(Boolean).pop() ?? '');
        finish(new KubeError('other', `exec plugin ${name} failed (${signal ? `signal ${signal}` : `exit code ${code}`})${last ? `: ${last}` : ''}`));
        return;
      }
      try {
        finish(undefined, readCredential(out, version, name));
      } catch (e) {
        finish(e instanceof KubeError ? e : new KubeError('other', `exec plugin ${name} printed no valid ExecCredential`));
      }
    });
  });
}

/** Reads the plugin's stdout as client-go does. Never quotes it: it holds the credential. */
export function readCredential(text: string, version: string, name: string): ExecCredential {
  let obj: { apiVersion?: unknown; kind?: unknown; status?: Record<string, unknown> };
  try {
    obj = JSON.parse(text) as typeof obj;
  } catch {
    throw new KubeError('other', `exec plugin ${name} printed no valid ExecCredential (its output is not JSON)`);
  }
  if (!obj || typeof obj !== 'object' || obj.kind !== 'ExecCredential') throw new KubeError('other', `exec plugin ${name} printed something other than an ExecCredential`);
  if (obj.apiVersion !== version) {
    throw new KubeError('other', `exec plugin ${name} is configured to use API version ${version}, but it returned ${String(obj.apiVersion).slice(0, 80)}`);
  }
  const s = obj.status;
  if (!s || typeof s !== 'object') throw new KubeError('other', `exec plugin ${name} returned no status`);
  const token = typeof s.token === 'string' && s.token ? s.token : undefined;
  const cert = typeof s.clientCertificateData === 'string' && s.clientCertificateData ? s.clientCertificateData : undefined;
  const key = typeof s.clientKeyData === 'string' && s.clientKeyData ? s.clientKeyData : undefined;
  if (Boolean(cert) !== Boolean(key)) throw new KubeError('other', `exec plugin ${name} returned only a certificate or a key, not both`);
  if (!token && !cert) throw new KubeError('other', `exec plugin ${name} returned neither a token nor a certificate and key`);
  let expiresAt: number | undefined;
  if (s.expirationTimestamp !== undefined && s.expirationTimestamp !== null) {
    expiresAt = typeof s.expirationTimestamp === 'string' ? Date.parse(s.expirationTimestamp) : NaN;
    if (Number.isNaN(expiresAt)) throw new KubeError('other', `exec plugin ${name} returned an expirationTimestamp that is not a time`);
  }
  return { token, cert, key, expiresAt };
}

function oneLine(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 300 ? `${t.slice(0, 300)}…` : t;
}

/** The CA a plugin with provideClusterInfo is told about: the cluster's data, or its file's contents. */
export function clusterCa(caFile: string | undefined, caData: string | undefined): Buffer | undefined {
  if (caFile) {
    try { return fs.readFileSync(caFile); } catch { return undefined; }
  }
  return caData ? Buffer.from(caData, 'base64') : undefined;
}
