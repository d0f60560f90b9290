// One editor session for a group of UI tests: simulator, code-server with the extension, Chromium on the workbench.
// Everything it starts is stopped by stop(), in reverse order, even when starting failed halfway.
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startBrowser, type Browser } from './browser';
import { startCodeServer, type CodeServer } from './codeServer';
import { demoWorkspace, makeSandbox } from './paths';
import { startSimulator, type Sim } from './sim';
import { Workbench } from './workbench';

export interface Session {
  readonly sim: Sim;
  readonly cs: CodeServer;
  readonly browser: Browser;
  readonly page: Page;
  readonly wb: Workbench;
  /** The session's own copy of the demo workspace: the tests edit files, and the editor may save them. */
  readonly workspace: string;
  /** The KUBECONFIG the extension host sees (the simulator's, plus any extra files). */
  readonly kubeconfig: string;
  stop(): Promise<void>;
}

export interface SessionOptions {
  /** Extra kubeconfig documents, merged after the simulator's through the KUBECONFIG path list. */
  extraKubeconfig?: string;
  settings?: Record<string, unknown>;
  /** A workspace file whose explorer row shows the workbench is ready. */
  readyFile?: string;
  /** The simulator with its hostile cluster k8s-evil. */
  hostile?: boolean;
  /** false: the workspace opens untrusted (see CodeServerOptions.trusted). */
  trusted?: boolean;
}

export async function startSession(opts: SessionOptions = {}): Promise<Session> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const s of stops.splice(0).reverse()) await s().catch((e: unknown) => process.stderr.write(`teardown: ${String(e)}\n`));
  };
  try {
    const box = makeSandbox('session');
    stops.push(async () => box.remove());
    const workspace = path.join(box.dir, 'demo-workspace');
    cpSync(demoWorkspace, workspace, { recursive: true });
    const sim = await startSimulator({ hostile: opts.hostile });
    stops.push(() => sim.stop());
    const files = [sim.kubeconfigPath];
    if (opts.extraKubeconfig) {
      const extra = path.join(box.dir, 'extra-kubeconfig');
      writeFileSync(extra, opts.extraKubeconfig, { mode: 0o600 });
      files.push(extra);
    }
    const kubeconfig = files.join(path.delimiter);
    const cs = await startCodeServer({ env: { KUBECONFIG: kubeconfig }, settings: opts.settings ?? {}, trusted: opts.trusted });
    stops.push(() => cs.stop());
    const browser = await startBrowser();
    stops.push(() => browser.stop());
    const wb = new Workbench(browser.page);
    await wb.open(cs.url(workspace), opts.readyFile ?? 'gpu-resourceslice.yaml');
    return { sim, cs, browser, page: browser.page, wb, workspace, kubeconfig, stop: stopAll };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
