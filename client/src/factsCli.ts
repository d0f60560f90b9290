// liqo-facts: the cluster facts of Save Cluster Facts, without an editor, for CI
// (`liqo-facts > facts.json && liqo-lint --facts facts.json manifests/`). It reads the kubeconfig as kubectl does and
// runs its exec plugins and auth providers as kubectl does: whoever runs it chose that file, and there is no
// workspace to trust. The facts go to stdout; everything else goes to stderr.
import { buildFacts, factsJson, withoutAddresses } from './kube/factsBuilder';
import { runDoctor, findingsJson, findingsText } from './kube/doctor';
import { kubeconfigPaths } from './kube/kubeconfig';
import { SessionManager } from './kube/manager';
import type { Session } from './kube/session';
import { redact as redactSecrets } from './redact';

const usage = `usage: liqo-facts [--kubeconfig PATH] [--context NAME]... [--timeout S] [--doctor [--format text|json]]
Connects to the kubeconfig's contexts (all of them unless --context is given) and prints their cluster facts as
JSON, the file liqo-lint --facts reads. The kubeconfig is KUBECONFIG (a list of files) or ~/.kube/config unless
--kubeconfig is given. --timeout is the most the whole run waits, in seconds (default 30).
--doctor prints the day-2 checks' findings (LIQO901-906) instead: as text (default) or as a JSON array of
{context, code, severity, message, fix}.
Exit codes: 0 every context answered, 3 some did not (the facts are still printed), 2 usage error;
with --doctor, 1 when an error was found (before 3).`;

/** The longest a single request may take, so one slow call leaves time for the rest of the run. */
const requestTimeoutMs = 10_000;

class UsageError extends Error {}

interface Args {
  kubeconfig?: string;
  contexts: string[];
  timeoutMs: number;
  doctor: boolean;
  format?: 'text' | 'json';
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { contexts: [], timeoutMs: 30_000, doctor: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const name = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    const value = (): string => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (name === '--kubeconfig') {
      if (args.kubeconfig !== undefined) throw new UsageError('--kubeconfig is given twice');
      args.kubeconfig = value();
    } else if (name === '--context') {
      args.contexts.push(value());
    } else if (name === '--timeout') {
      const v = value();
      const s = Number(v);
      if (!/^\d+(\.\d+)?$/.test(v) || !(s > 0) || s > 3600) throw new UsageError(`--timeout takes seconds between 0 and 3600, not "${v}"`);
      args.timeoutMs = s * 1000;
    } else if (a === '--doctor') {
      args.doctor = true;
    } else if (name === '--format') {
      const v = value();
      if (v !== 'text' && v !== 'json') throw new UsageError(`--format takes text or json, not "${v}"`);
      if (args.format !== undefined) throw new UsageError('--format is given twice');
      args.format = v;
    } else if (a === '--help' || a === '-h') {
      throw new UsageError('');
    } else {
      throw new UsageError(a.startsWith('-') ? `unknown option ${a}` : `unexpected argument "${a}"`);
    }
  }
  if (args.format && !args.doctor) throw new UsageError('--format only goes with --doctor');
  return args;
}

/** Resolves when every session is ready or failed and has read its CRD schemas, or when the deadline passes. */
async function settle(sessions: readonly Session[], timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); });
  const done = Promise.all(sessions.map(async (s) => {
    await s.start();
    await s.schemasRead;
  })).then(() => true);
  try {
    return await Promise.race([done, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function hostOf(server: string | undefined): string[] {
  try {
    const host = new URL(server ?? '').hostname;
    return host ? [host] : [];
  } catch {
    return [];
  }
}

/** Runs the tool; resolves with the exit code. */
export async function main(argv: readonly string[], out: (text: string) => void, err: (line: string) => void): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    if (!e.message) {
      out(`${usage}\n`);
      return 0;
    }
    err(`liqo-facts: ${e.message}`);
    err(usage);
    return 2;
  }
  // CI logs are often public: the sessions' messages quote server addresses, which stay out of them.
  let hosts: string[] = [];
  const redact = (m: string): string => hosts.reduce((t, h) => t.split(h).join('<address>'), withoutAddresses(m));
  const manager = new SessionManager({
    timeoutMs: Math.min(requestTimeoutMs, args.timeoutMs), allowExec: true, autoRetry: false, log: (m) => err(`liqo-facts: ${redact(m)}`),
  });
  try {
    const loaded = manager.load(kubeconfigPaths(args.kubeconfig ? [args.kubeconfig] : []));
    hosts = loaded.contexts.flatMap((c) => hostOf(c.server));
    for (const e of loaded.errors) err(`liqo-facts: ${e}`);
    if (args.kubeconfig && !loaded.files.length) {
      err(`liqo-facts: ${args.kubeconfig}: no such file`);
      return 2;
    }
    if (!loaded.contexts.length) {
      err(`liqo-facts: the kubeconfig (${loaded.files.join(', ') || 'no file found'}) has no contexts`);
      return 2;
    }
    const unknown = args.contexts.filter((c) => !manager.get(c));
    if (unknown.length) {
      err(`liqo-facts: no context ${unknown.map((c) => `"${c}"`).join(', ')} in the kubeconfig (${loaded.contexts.map((c) => c.name).join(', ') || 'it has none'})`);
      return 2;
    }
    const chosen = args.contexts.length ? [...new Set(args.contexts)].flatMap((c) => manager.get(c) ?? []) : manager.all();
    err(`liqo-facts: connecting to ${chosen.length} context(s) from ${loaded.files.length} kubeconfig file(s)`);
    if (!await settle(chosen, args.timeoutMs)) err(`liqo-facts: the timeout of ${args.timeoutMs / 1000} s passed; the facts hold what had arrived`);
    const snapshots = chosen.map((s) => s.snapshot());
    const facts = buildFacts(snapshots);
    let errorsFound = false;
    if (args.doctor) {
      // Findings quote node names, namespaces and pod CIDRs (which must stay readable), never a credential; a condition
      // message they quote could name an API server, whose host is hidden as in the log lines.
      const hide = (m: string): string => hosts.reduce((t, h) => t.split(h).join('<address>'), m);
      const findings = runDoctor(snapshots).map((f) => ({ ...f, message: hide(f.message), fix: hide(f.fix) }));
      out(args.format === 'json' ? findingsJson(findings) : findingsText(findings, snapshots.filter((s) => s.state === 'ready').length));
      errorsFound = findings.some((f) => f.severity === 'error');
    } else {
      out(factsJson(facts));
    }
    const missing = facts.clusters.filter((c) => !c.reachable);
    for (const c of missing) err(`liqo-facts: ${c.context}: ${c.reason ?? 'not reachable'}`);
    err(`liqo-facts: ${facts.clusters.length - missing.length} of ${facts.clusters.length} context(s) answered`);
    return errorsFound ? 1 : missing.length ? 3 : 0;
  } finally {
    manager.dispose();
  }
}

if (require.main === module) {
  main(process.argv.slice(2), (text) => process.stdout.write(text), (line) => process.stderr.write(`${redactSecrets(line)}\n`)).then((code) => {
    // Open watches and keep-alive sockets would hold the process; the output is flushed first.
    process.stdout.write('', () => process.exit(code));
  }, (e: unknown) => {
    process.stderr.write(`liqo-facts: ${redactSecrets(e instanceof Error ? e.message : String(e))}\n`);
    process.exit(1);
  });
}
