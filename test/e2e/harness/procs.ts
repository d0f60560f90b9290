// Child processes that run in a process group of their own, so that stopping one also stops whatever it spawned
// (code-server's extension hosts, Chromium's helpers). Every group started here is stopped on exit too.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

const live = new Set<number>();

function killGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // the group is gone
  }
}

function groupAlive(pid: number): boolean {
  return killGroup(pid, 0);
}

// Last resort for a test process that dies without running its teardown.
process.once('exit', () => {
  for (const pid of live) killGroup(pid, 'SIGKILL');
});

export interface Proc {
  readonly child: ChildProcess;
  readonly name: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the first match of `re` in the output, or rejects on timeout or exit. */
  waitFor(re: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** SIGTERM to the group, SIGKILL after `graceMs` if anything in it is still alive. */
  stop(graceMs?: number): Promise<void>;
}

export function startGroup(name: string, cmd: string, args: string[], opts: SpawnOptions = {}): Proc {
  const child = spawn(cmd, args, { ...opts, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name}: could not start ${cmd}`);
  live.add(pid);
  let out = '';
  let exited = false;
  const listeners = new Set<() => void>();
  const onData = (d: Buffer): void => {
    out += d.toString();
    if (out.length > 4_000_000) out = out.slice(-2_000_000);
    for (const l of listeners) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  child.on('exit', () => {
    exited = true;
    for (const l of listeners) l();
  });

  return {
    child,
    name,
    output: () => out,
    waitFor(re, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const m = re.exec(out);
          if (m) return done(() => resolve(m));
          if (exited) return done(() => reject(new Error(`${name} exited before printing ${String(re)}:\n${out.slice(-3000)}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`${name}: no ${String(re)} within ${timeoutMs} ms:\n${out.slice(-3000)}`))), timeoutMs);
        const done = (f: () => void): void => {
          clearTimeout(timer);
          listeners.delete(check);
          f();
        };
        listeners.add(check);
        check();
      });
    },
    async stop(graceMs = 5000) {
      if (!live.has(pid)) return;
      killGroup(pid, 'SIGTERM');
      const deadline = Date.now() + graceMs;
      // Poll the group, not only the leader: an extension host can outlive the server that started it.
      while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      killGroup(pid, 'SIGKILL');
      live.delete(pid);
      if (!exited) await new Promise<void>((r) => { child.once('exit', () => r()); setTimeout(r, 2000).unref(); });
    },
  };
}
