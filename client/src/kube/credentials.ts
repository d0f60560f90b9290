// What one context connects with, read from its kubeconfig entries as kubectl reads them: the cluster's CA
// (file or data), insecure-skip-tls-verify, tls-server-name and proxy; the user's client certificate and key (file or
// data), token, tokenFile (read again whenever the file changes, as projected service-account tokens rotate),
// username/password, the oidc auth provider and exec plugins. Messages never quote a credential.
import * as fs from 'node:fs';
import type * as k8s from '@kubernetes/client-node';
import { KubeError } from './errors';
import { clusterCa, runExecPlugin, type ExecConfig, type ExecCredential } from './execPlugin';
import { OidcProvider, type OidcConfig } from './oidc';
import { proxyFor } from './proxy';

/** A kubeconfig user with the fields client-node does not read (kubeconfig.ts adds them). */
export type KubeUser = k8s.User & { tokenFile?: string };

export interface Material {
  server: URL;
  headers: Record<string, string>;
  ca?: Buffer;
  cert?: Buffer | string;
  key?: Buffer | string;
  servername?: string;
  rejectUnauthorized?: boolean;
  proxy?: URL;
}

/** How long an exec plugin may run before it counts as hung (a login it waits for, which the editor cannot answer). */
export const execTimeoutMs = 120_000;

export class Credentials {
  /** Exec plugins, auth providers and token files hand out credentials that change; the others do not. */
  readonly expiring: boolean;
  private execCred: ExecCredential | undefined;
  private execRun: Promise<ExecCredential> | undefined;
  private fileToken: { mtimeMs: number; size: number; ino: number; token: string } | undefined;
  private oidc: OidcProvider | undefined;
  private forceOidc = false;
  /** Secrets seen so far, to keep them out of messages. */
  private readonly seen = new Set<string>();
  /** How often the exec plugin ran and the token file was read, for tests. */
  readonly stats = { execRuns: 0, tokenFileReads: 0 };

  constructor(private readonly kc: k8s.KubeConfig, private readonly context: string, private readonly timeoutMs: number, private readonly execLimitMs = execTimeoutMs) {
    const user = this.user();
    this.expiring = Boolean(user?.exec || user?.authProvider || (!user?.token && user?.tokenFile));
  }

  private user(): KubeUser | undefined {
    const ctx = this.kc.getContextObject(this.context);
    return (ctx?.user ? this.kc.getUser(ctx.user) : undefined) ?? undefined;
  }

  /**
   * The next resolve runs the plugin again and re-reads the token file; after a 401 (`refused`) it also refreshes an
   * id-token that has not expired yet (a retry of the whole session does not: refreshes spend refresh tokens).
   */
  renew(refused = true): void {
    this.execCred = undefined;
    this.fileToken = undefined;
    if (refused) this.forceOidc = true;
  }

  /** Replaces every secret this context has used in a message with '[redacted]'. */
  scrub(message: string): string {
    let out = message;
    for (const s of [...this.seen, ...(this.oidc?.secrets() ?? [])]) if (s.length >= 6) out = out.split(s).join('[redacted]');
    return out;
  }

  private remember(...secrets: (string | Buffer | undefined)[]): void {
    for (const s of secrets) if (s) this.seen.add(Buffer.isBuffer(s) ? s.toString('utf8').trim() : s.trim());
  }

  async resolve(): Promise<Material> {
    const ctx = this.kc.getContextObject(this.context);
    if (!ctx) throw new KubeError('other', `no context ${this.context} in the kubeconfig`);
    const cluster = this.kc.getCluster(ctx.cluster);
    if (!cluster) throw new KubeError('other', `context ${this.context} names the cluster ${ctx.cluster}, which the kubeconfig does not have`);
    let server: URL;
    try { server = new URL(cluster.server); } catch { throw new KubeError('other', `the server of cluster ${cluster.name} is not a URL`); }
    const m: Material = { server, headers: {} };
    m.ca = readPem(cluster.caFile, cluster.caData, 'certificate-authority');
    if (cluster.skipTLSVerify && m.ca) {
      throw new KubeError('other', `cluster ${cluster.name} sets both a certificate-authority and insecure-skip-tls-verify, which kubectl refuses too: remove one`);
    }
    if (cluster.skipTLSVerify) m.rejectUnauthorized = false;
    if (cluster.tlsServerName) m.servername = cluster.tlsServerName;
    m.proxy = proxyFor(server, cluster.proxyUrl);
    const user = this.user();
    if (!user) return m;
    m.cert = readPem(user.certFile, user.certData, 'client-certificate');
    m.key = readPem(user.keyFile, user.keyData, 'client-key');
    this.remember(m.key);
    const token = user.token || (user.tokenFile ? this.readTokenFile(user.tokenFile) : '');
    if (token && user.username) throw new KubeError('other', `user ${user.name}: username/password and a bearer token may not both be set`);
    if (token) {
      this.remember(token);
      m.headers.Authorization = `Bearer ${token}`;
    } else if (user.username) {
      this.remember(user.password ?? undefined);
      m.headers.Authorization = `Basic ${Buffer.from(`${user.username}:${user.password ?? ''}`).toString('base64')}`;
    }
    if (user.exec && user.authProvider) throw new KubeError('other', `user ${user.name}: exec and auth-provider may not both be set`);
    if (user.authProvider) await this.applyAuthProvider(user, m);
    if (user.exec) {
      const c = await this.execCredential(user.exec as ExecConfig, cluster);
      if (c.cert && c.key) { m.cert = c.cert; m.key = c.key; }
      if (c.token) m.headers.Authorization = `Bearer ${c.token}`;
    }
    return m;
  }

  private async applyAuthProvider(user: KubeUser, m: Material): Promise<void> {
    const provider = user.authProvider as { name?: string; config?: OidcConfig } | undefined;
    const name = provider?.name ?? '';
    if (name !== 'oidc') {
      const instead = name === 'gcp' ? 'gke-gcloud-auth-plugin' : name === 'azure' ? 'kubelogin' : 'an exec credential plugin';
      throw new KubeError('other', `auth-provider ${name.slice(0, 40) || '(unnamed)'} is not supported (kubectl removed it): use ${instead} instead`);
    }
    this.oidc ??= new OidcProvider(provider?.config ?? {}, this.timeoutMs);
    const force = this.forceOidc;
    this.forceOidc = false;
    const token = await this.oidc.idToken(force);
    this.remember(...this.oidc.secrets());
    m.headers.Authorization = `Bearer ${token}`;
  }

  /** The token file's contents, read again whenever the file changed (or after a 401). */
  private readTokenFile(file: string): string {
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch (e) {
      throw new KubeError('other', `tokenFile ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const f = this.fileToken;
    if (f && f.mtimeMs === st.mtimeMs && f.size === st.size && f.ino === st.ino) return f.token;
    let token: string;
    try {
      token = fs.readFileSync(file, 'utf8').trim();
    } catch (e) {
      throw new KubeError('other', `tokenFile ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    if (!token) throw new KubeError('other', `tokenFile ${file} is empty`);
    this.stats.tokenFileReads++;
    this.fileToken = { mtimeMs: st.mtimeMs, size: st.size, ino: st.ino, token };
    return token;
  }

  /** The exec plugin's credential, cached until its expirationTimestamp (or a 401); one run at a time. */
  private async execCredential(exec: ExecConfig, cluster: k8s.Cluster): Promise<ExecCredential> {
    const c = this.execCred;
    if (c && (c.expiresAt === undefined || c.expiresAt > Date.now())) return c;
    // What the kubeconfig hands the plugin may be secret (kubelogin's --oidc-client-secret=…, an env value): a
    // plugin's error output that echoes it is shown without it.
    const env = Array.isArray(exec.env) ? (exec.env as { value?: unknown }[]).map((e) => e?.value) : [];
    const args = Array.isArray(exec.args) ? exec.args.map((a) => (typeof a === 'string' && a.includes('=') ? a.slice(a.indexOf('=') + 1) : undefined)) : [];
    this.remember(...[...env, ...args].filter((v): v is string => typeof v === 'string' && v.length >= 8));
    this.execRun ??= (async () => {
      this.stats.execRuns++;
      const extensions = (cluster as { extensions?: { name: string; extension: unknown }[] }).extensions;
      const cred = await runExecPlugin(exec, {
        timeoutMs: this.execLimitMs,
        cluster: {
          server: cluster.server, tlsServerName: cluster.tlsServerName, insecureSkipTlsVerify: cluster.skipTLSVerify,
          caData: clusterCa(cluster.caFile, cluster.caData), proxyUrl: cluster.proxyUrl,
          config: extensions?.find((e) => e.name === 'client.authentication.k8s.io/exec')?.extension,
        },
      });
      this.remember(cred.token, cred.key);
      this.execCred = cred;
      return cred;
    })().finally(() => { this.execRun = undefined; });
    return this.execRun;
  }
}

function readPem(file: string | undefined | null, data: string | undefined | null, what: string): Buffer | undefined {
  if (file) {
    try {
      return fs.readFileSync(file);
    } catch (e) {
      throw new KubeError('other', `${what} file ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  return data ? Buffer.from(data, 'base64') : undefined;
}
