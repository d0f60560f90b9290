// code-server started hermetically (its own home, settings, extensions folder and TMPDIR), per E2E.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { codeServerEntry, makeSandbox, repoRoot } from './paths';
import { startGroup, type Proc } from './procs';

export interface CodeServer {
  readonly base: string; // http://127.0.0.1:PORT
  readonly proc: Proc;
  /** The user-data folder: settings, and the logs folder where output channels are written. */
  readonly userData: string;
  /** The workbench URL for a folder, loading this repository as a development extension. */
  url(folder: string, extensionTestsPath?: string): string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  /** Extra environment for the server and so for the extension host (KUBECONFIG, result paths). */
  env?: Record<string, string>;
  /** Extra user settings on top of the quiet defaults. */
  settings?: Record<string, unknown>;
  /** false: workspace trust is on and the folder opens untrusted (Restricted Mode), with no prompt. */
  trusted?: boolean;
}

const quietSettings = {
  'workbench.startupEditor': 'none',
  'files.autoSave': 'off',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'editor.minimap.enabled': false,
  'window.commandCenter': false,
};

export async function startCodeServer(opts: CodeServerOptions = {}): Promise<CodeServer> {
  const box = makeSandbox('code-server');
  const userData = path.join(box.dir, 'user-data');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  const trust = opts.trusted === false
    ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' } : {};
  writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...quietSettings, ...trust, ...opts.settings }, null, 2));
  const args = [
    codeServerEntry,
    '--bind-addr', '127.0.0.1:0', '--auth', 'none',
    '--config', path.join(box.dir, 'config.yaml'),
    '--user-data-dir', userData,
    '--extensions-dir', path.join(box.dir, 'extensions'),
    '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override',
    ...(opts.trusted === false ? [] : ['--disable-workspace-trust']),
  ];
  const proc = startGroup('code-server', process.execPath, args, {
    cwd: box.dir,
    env: { ...process.env, ...box.env, EXTENSIONS_GALLERY: '{}', ...opts.env },
  });
  let base: string;
  try {
    const m = await proc.waitFor(/HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/, 30_000);
    base = m[1] ?? '';
  } catch (e) {
    await proc.stop();
    box.remove();
    throw e;
  }
  const authority = base.replace(/^http:\/\//, '');
  const remote = (p: string): string => `vscode-remote://${authority}${p}`;
  return {
    base,
    proc,
    userData,
    url(folder, extensionTestsPath) {
      const payload: [string, string][] = [['extensionDevelopmentPath', remote(repoRoot)]];
      if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
      return `${base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    },
    async stop() {
      await proc.stop();
      box.remove();
    },
  };
}
