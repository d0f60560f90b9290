// Runs the mocha suites of test/vscode inside code-server's extension host and brings their counts back.
// The workbench calls window.codeAutomationExit(code) when the suites' run() settles; the runner in
// test/vscode/index.ts also writes a JSON result file, since the extension host runs on this machine.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBrowser } from './browser';
import { startCodeServer } from './codeServer';
import { writeExecPlugin } from './execPlugin';
import { demoWorkspace, repoRoot } from './paths';
import { startSimulator } from './sim';

export interface HostResult {
  passed: number;
  failed: number;
  failures: { title: string; error: string }[];
  tests: { title: string; ok: boolean; ms: number }[];
  exitCode: number | undefined;
  seconds: number;
}

export async function runHostSuites(opts: { timeoutMs?: number; withSim?: boolean } = {}): Promise<HostResult> {
  const timeoutMs = opts.timeoutMs ?? 240_000;
  const started = Date.now();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'liqo-e2e-host-'));
  const resultFile = path.join(dir, 'result.json');
  const workspace = path.join(dir, 'demo-workspace');
  cpSync(demoWorkspace, workspace, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  try {
    const env: Record<string, string> = { LIQO_VSCODE_RESULT: resultFile };
    if (opts.withSim !== false) {
      // Token, certificate and exec users: the suites check that none of their secrets reach the Output channel.
      const sim = await startSimulator({ execPlugin: writeExecPlugin(dir) });
      stops.push(() => sim.stop());
      env.KUBECONFIG = sim.kubeconfigPath;
    }
    const cs = await startCodeServer({ env });
    stops.unshift(() => cs.stop());
    const browser = await startBrowser();
    stops.unshift(() => browser.stop());
    let exited: (code: number) => void = () => undefined;
    const exit = new Promise<number>((r) => { exited = r; });
    await browser.page.exposeFunction('codeAutomationExit', (code: number) => exited(code));
    await browser.page.goto(cs.url(workspace, path.join(repoRoot, 'out', 'test', 'vscode', 'index.js')));
    let timer: NodeJS.Timeout | undefined;
    const exitCode = await Promise.race([
      exit,
      new Promise<undefined>((r) => { timer = setTimeout(() => r(undefined), timeoutMs); }),
    ]);
    clearTimeout(timer);
    const seconds = (Date.now() - started) / 1000;
    if (existsSync(resultFile)) {
      const r = JSON.parse(readFileSync(resultFile, 'utf8')) as Pick<HostResult, 'passed' | 'failed' | 'failures' | 'tests'>;
      return { ...r, exitCode, seconds };
    }
    // Without a result file the browser console (where the extension host logs) is the only clue.
    const tail = browser.console.slice(-40).map((l) => `    | ${l.replace(/^%c\s*\w+\s*color: #\w+\s*/, '')}`).join('\n');
    const why = `${exitCode === undefined ? `no result within ${timeoutMs / 1000} s` : `the suites did not load (exit ${exitCode})`}\n${tail}`;
    return { passed: 0, failed: 1, failures: [{ title: 'extension-host suites', error: why }], tests: [], exitCode, seconds };
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
