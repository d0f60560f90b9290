// Loads the user's kubeconfig the way kubectl does (KUBECONFIG list, first file wins), follows the files for
// changes and never writes them.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { parse as parseYaml } from 'yaml';
import { readImpersonation, type Impersonation } from './impersonation';

export interface ContextInfo {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
  server?: string;
  /** The user's credentials run a program: an exec plugin, or an auth provider with `cmd-path` or `exec`. */
  usesExec: boolean;
  /** The user's `as`, `as-groups`, `as-uid` and `as-user-extra`, sent as Impersonate-* headers. */
  impersonation?: Impersonation;
}

export interface LoadedKubeconfig {
  kc: k8s.KubeConfig;
  contexts: ContextInfo[];
  currentContext: string;
  /** The files that were read (existing ones only). */
  files: string[];
  /** Per-file problems, without the files' contents. */
  errors: string[];
}

/** The kubeconfig files to read: an explicit list (a machine setting) wins over KUBECONFIG, then ~/.kube/config. */
export function kubeconfigPaths(explicit: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): string[] {
  const chosen = explicit.filter((p) => p.trim() !== '');
  if (chosen.length) return chosen.map(expandHome);
  const fromEnv = (env.KUBECONFIG ?? '').split(path.delimiter).filter((p) => p.trim() !== '');
  if (fromEnv.length) return fromEnv.map(expandHome);
  return [path.join(os.homedir(), '.kube', 'config')];
}

function expandHome(p: string): string {
  return p.startsWith('~') ? path.join(os.homedir(), p.slice(1)) : p;
}

export function newKubeConfig(): k8s.KubeConfig {
  return new k8s.KubeConfig();
}

/**
 * Reads and merges the files. Like kubectl: the first file that defines a name wins, and the first
 * current-context set wins. Relative certificate paths are resolved against their own file.
 */
export function loadKubeconfig(paths: readonly string[]): LoadedKubeconfig {
  const clusters = new Map<string, k8s.Cluster>();
  const users = new Map<string, k8s.User>();
  const contexts = new Map<string, k8s.Context>();
  const impersonations = new Map<string, Impersonation>();
  let currentContext = '';
  const files: string[] = [];
  const errors: string[] = [];
  for (const file of paths) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') errors.push(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      continue;
    }
    files.push(file);
    if (!text.trim()) continue;
    const one = new k8s.KubeConfig();
    try {
      one.loadFromString(text);
    } catch (e) {
      // The parser's message can quote the file; keep only its first line and never the body.
      errors.push(`${file}: not a valid kubeconfig (${String((e as Error).message ?? e).split('\n')[0]?.slice(0, 120)})`);
      continue;
    }
    one.makePathsAbsolute(path.dirname(file));
    addUnreadFields(one, text, path.dirname(file));
    for (const c of one.clusters) if (!clusters.has(c.name)) clusters.set(c.name, c);
    const imps = readImpersonation(text);
    for (const u of one.users) {
      if (users.has(u.name)) continue;
      users.set(u.name, u);
      const imp = imps.get(u.name);
      if (imp) impersonations.set(u.name, imp);
    }
    for (const c of one.contexts) if (!contexts.has(c.name)) contexts.set(c.name, c);
    if (!currentContext && one.currentContext) currentContext = one.currentContext;
  }
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({ clusters: [...clusters.values()], users: [...users.values()], contexts: [...contexts.values()], currentContext });
  const infos = [...contexts.values()].map((c): ContextInfo => {
    const user = users.get(c.user);
    return {
      name: c.name, cluster: c.cluster, user: c.user, namespace: c.namespace,
      server: clusters.get(c.cluster)?.server, usesExec: runsProgram(user), impersonation: impersonations.get(c.user),
    };
  });
  return { kc, contexts: infos, currentContext, files, errors };
}

/**
 * What client-node does not read and kubectl does: a user's `tokenFile`, a cluster's `extensions` (an exec plugin
 * with provideClusterInfo gets client.authentication.k8s.io/exec), with paths made absolute against their own file, as
 * an exec command with a path in it is.
 */
function addUnreadFields(kc: k8s.KubeConfig, text: string, dir: string): void {
  let raw: { users?: { name?: unknown; user?: { tokenFile?: unknown } }[]; clusters?: { name?: unknown; cluster?: { extensions?: unknown } }[] };
  try {
    raw = (parseYaml(text, { logLevel: 'error' }) ?? {}) as typeof raw;
  } catch {
    return;
  }
  const abs = (p: string): string => (path.isAbsolute(p) ? p : path.join(dir, expandHome(p)));
  for (const u of kc.users as (k8s.User & { tokenFile?: string })[]) {
    const tokenFile = (Array.isArray(raw.users) ? raw.users : []).find((r) => r?.name === u.name)?.user?.tokenFile;
    if (typeof tokenFile === 'string' && tokenFile) u.tokenFile = abs(tokenFile);
    const exec = u.exec as { command?: unknown } | undefined;
    if (exec && typeof exec.command === 'string' && /[\\/]/.test(exec.command)) exec.command = abs(exec.command);
  }
  for (const c of kc.clusters as (k8s.Cluster & { extensions?: unknown })[]) {
    const ext = (Array.isArray(raw.clusters) ? raw.clusters : []).find((r) => r?.name === c.name)?.cluster?.extensions;
    if (Array.isArray(ext)) c.extensions = ext;
  }
}

/**
 * Whether resolving these credentials runs a program. Besides `exec`, client-node's gcp auth provider runs its
 * config's `cmd-path`, and a provider config may carry an `exec` of its own; any provider naming one counts.
 */
export function runsProgram(user: k8s.User | undefined): boolean {
  if (!user) return false;
  if (user.exec) return true;
  const provider = user.authProvider as { config?: Record<string, unknown> } | undefined;
  const config = provider?.config;
  return Boolean(config && typeof config === 'object' && (config['cmd-path'] || config.exec || config.cmdPath));
}

/**
 * Calls onChange (debounced) when any of the files changes, appears or disappears. Watches the
 * directories, because editors and kubectl replace the file rather than writing it in place.
 */
export function watchKubeconfig(paths: readonly string[], onChange: () => void, debounceMs = 200): { dispose(): void } {
  const watchers: fs.FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  const fire = (): void => {
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };
  const dirs = new Map<string, Set<string>>();
  for (const p of paths) {
    const dir = path.dirname(path.resolve(p));
    if (!dirs.has(dir)) dirs.set(dir, new Set());
    dirs.get(dir)?.add(path.basename(p));
  }
  for (const [dir, names] of dirs) {
    try {
      const w = fs.watch(dir, { persistent: false }, (_event, name) => {
        if (!name || names.has(name.toString())) fire();
      });
      w.on('error', () => undefined);
      watchers.push(w);
    } catch {
      // The directory does not exist yet; nothing to follow.
    }
  }
  return {
    dispose(): void {
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
