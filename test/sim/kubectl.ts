// Test helper: runs the real kubectl against a simulator kubeconfig, with a private discovery cache.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface KubectlResult { code: number; stdout: string; stderr: string }

/** kubectl's path, or the Error telling the user to install it (for Kubectl, whose calls then fail). */
export function kubectlOrError(): string | Error {
  try { return findKubectl(); } catch (e) { return e as Error; }
}

/** Path of kubectl; throws an Error telling the user to install it (tests must fail, not skip). */
export function findKubectl(): string {
  // KUBECTL names the binary to use (and lets one check that the tests fail without it).
  const candidates = process.env.KUBECTL ? [process.env.KUBECTL] : ['/usr/bin/kubectl', '/usr/local/bin/kubectl', 'kubectl'];
  for (const c of candidates) {
    const r = spawnSync(c, ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
    if (r.status === 0) return c;
  }
  throw new Error('kubectl is not installed: install kubectl (v1.28 or newer) to run the simulator tests against the real client, e.g. `apt-get install kubectl` or https://kubernetes.io/docs/tasks/tools/');
}

export class Kubectl {
  private readonly cacheDir = mkdtempSync(path.join(tmpdir(), 'sim-kubectl-cache-'));
  /** bin may be an Error from findKubectl(): then every call fails with it, so each test fails (none is skipped). */
  constructor(readonly bin: string | Error, readonly kubeconfig: string) {}

  private path(): string {
    if (this.bin instanceof Error) throw this.bin;
    return this.bin;
  }

  private args(args: string[], context?: string): string[] {
    return ['--kubeconfig', this.kubeconfig, '--cache-dir', this.cacheDir, ...(context ? ['--context', context] : []), ...args];
  }

  run(args: string[], opts: { context?: string; stdin?: string; timeoutMs?: number } = {}): Promise<KubectlResult> {
    const bin = this.path();
    return new Promise((resolve) => {
      const child = execFile(bin, this.args(args, opts.context), { timeout: opts.timeoutMs ?? 30_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
        resolve({ code, stdout, stderr });
      });
      if (opts.stdin !== undefined) child.stdin?.end(opts.stdin);
      else child.stdin?.end();
    });
  }

  /** Runs and fails with kubectl's stderr when the exit code is not 0. */
  async ok(args: string[], opts: { context?: string; stdin?: string; timeoutMs?: number } = {}): Promise<string> {
    const r = await this.run(args, opts);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
    return r.stdout;
  }

  spawn(args: string[], context?: string): ChildProcess {
    return spawn(this.path(), this.args(args, context), { stdio: ['ignore', 'pipe', 'pipe'] });
  }
}

/** Collects a child's output from the start, so nothing printed between two waits is lost. */
export class Output {
  stdout = '';
  stderr = '';
  private exited: number | null | undefined;
  private readonly waiters = new Set<() => void>();

  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (d: Buffer) => { this.stdout += d.toString(); this.poke(); });
    child.stderr?.on('data', (d: Buffer) => { this.stderr += d.toString(); this.poke(); });
    child.on('exit', (code) => { this.exited = code; this.poke(); });
  }

  private poke(): void {
    for (const w of [...this.waiters]) w();
  }

  /** Resolves once `done(stdout, stderr)` holds; rejects on timeout or when the process exits first. */
  until(done: (out: string, err: string) => boolean, timeoutMs = 20_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (done(this.stdout, this.stderr)) { cleanup(); resolve(this.stdout); return; }
        if (this.exited !== undefined) { cleanup(); reject(new Error(`exited with ${String(this.exited)}: ${this.stderr}`)); }
      };
      const timer = setTimeout(() => { cleanup(); reject(new Error(`timed out; output so far: ${this.stdout} ${this.stderr}`)); }, timeoutMs);
      const cleanup = (): void => { clearTimeout(timer); this.waiters.delete(check); };
      this.waiters.add(check);
      check();
    });
  }

  /** Resolves with the exit code. */
  exit(): Promise<number | null> {
    return new Promise((resolve) => {
      if (this.exited !== undefined) { resolve(this.exited); return; }
      this.child.on('exit', (code) => resolve(code));
    });
  }
}
