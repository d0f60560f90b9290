// `npm run demo`: the talk's story on simulated clusters, with no cluster of your own.
//  1. builds the extension (dist/);
//  2. starts the simulator (`npm run sim`), which writes a kubeconfig for admin@k8s-lab and admin@k8s-gpu;
//  3. opens VS Code on a fresh copy of test/fixtures/demo-workspace with the extension loaded and KUBECONFIG
//     pointing at the simulator: desktop `code --extensionDevelopmentPath` when `code` is on the PATH, otherwise
//     code-server (installed by scripts/setup-e2e.mjs) in your browser, at the URL it prints.
// Ctrl-C stops everything it started. Options: --code-server (even when `code` exists), --port N (code-server).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const forceCodeServer = args.includes('--code-server');
const portArg = args.indexOf('--port');
const port = portArg >= 0 ? Number(args[portArg + 1]) : 0;
const say = (m) => console.log(`demo: ${m}`);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'liqo-demo-'));
const groups = [];
let stopping = false;

/** Starts a command in its own process group, so stopping it also stops what it spawned. */
function startGroup(name, cmd, argv, opts = {}) {
  const child = spawn(cmd, argv, { ...opts, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const g = { name, child, exited: false };
  child.on('exit', (code, signal) => {
    g.exited = true;
    if (!stopping) {
      say(`${name} exited (${signal ?? code}); stopping the rest`);
      void stopAll(code ?? 1);
    }
  });
  groups.push(g);
  return g;
}

function waitForLine(g, re, timeoutMs) {
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d) => {
      out += d;
      if (process.env.LIQO_DEMO_VERBOSE) process.stderr.write(d);
      const m = re.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    const timer = setTimeout(() => reject(new Error(`${g.name}: nothing matching ${re} after ${timeoutMs / 1000} s:\n${out.slice(-2000)}`)), timeoutMs);
    g.child.stdout.on('data', onData);
    g.child.stderr.on('data', onData);
    g.child.once('exit', () => reject(new Error(`${g.name} exited:\n${out.slice(-2000)}`)));
  });
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Processes whose command line mentions our temporary folder: a desktop VS Code detaches from its CLI. */
function ownedStragglers() {
  const r = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  if (r.status !== 0) return [];
  return r.stdout.split('\n')
    .map((l) => /^\s*(\d+)\s+(.*)$/.exec(l))
    .filter((m) => m && m[2].includes(tmp) && Number(m[1]) !== process.pid)
    .map((m) => Number(m[1]));
}

/** Signals a straggler's process group when it leads one (Electron's helpers are in it), else the process. */
function killTree(pid, signal) {
  try {
    process.kill(-pid, signal);
    return;
  } catch { /* not a group leader */ }
  try { process.kill(pid, signal); } catch { /* already gone */ }
}

async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  for (const g of [...groups].reverse()) {
    try { process.kill(-g.child.pid, 'SIGTERM'); } catch { /* already gone */ }
  }
  for (const pid of ownedStragglers()) killTree(pid, 'SIGTERM');
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && (groups.some((g) => groupAlive(g.child.pid)) || ownedStragglers().length)) {
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const g of groups) {
    try { process.kill(-g.child.pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  for (const pid of ownedStragglers()) killTree(pid, 'SIGKILL');
  rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  say('everything it started is stopped');
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
process.on('SIGHUP', () => void stopAll(0));
// If whatever started us goes away without passing a signal on (npm run killed on its own, a closed terminal),
// we are re-parented: stop everything then too, so nothing is left running.
const parentPid = process.ppid;
setInterval(() => { if (process.ppid !== parentPid) void stopAll(0); }, 1000).unref();

function onPath(bin) {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
}

try {
  say('building the extension');
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');

  say('starting the simulated clusters');
  const kubeconfig = path.join(tmp, 'kubeconfig');
  const sim = startGroup('simulator', process.execPath, [path.join(root, 'scripts', 'sim.mjs'), '--kubeconfig', kubeconfig], { cwd: root });
  await waitForLine(sim, /^ready (.+)$/m, 120_000);
  say(`simulator ready: KUBECONFIG=${kubeconfig} (contexts admin@k8s-lab, admin@k8s-gpu, viewers, and restricted@k8s-lab)`);

  // A fresh copy, so edits and quick fixes in the demo never change the fixtures the tests rely on.
  const workspace = path.join(tmp, 'demo-workspace');
  cpSync(path.join(root, 'test', 'fixtures', 'demo-workspace'), workspace, { recursive: true });
  const env = { ...process.env, KUBECONFIG: kubeconfig };

  if (!forceCodeServer && onPath('code')) {
    say('opening desktop VS Code (a separate instance with its own profile, so it sees this KUBECONFIG)');
    const code = startGroup('code', 'code', [
      '--new-window', '--wait', '--disable-extensions', '--skip-welcome', '--skip-release-notes',
      '--user-data-dir', path.join(tmp, 'vscode-user-data'),
      `--extensionDevelopmentPath=${root}`, workspace,
    ], { env });
    code.child.stdout.pipe(process.stdout);
    code.child.stderr.pipe(process.stderr);
    say('close the window or press Ctrl-C here to stop everything');
  } else {
    const { setupE2e } = await import('./setup-e2e.mjs');
    say(forceCodeServer ? 'using code-server (--code-server)' : 'no desktop `code` on the PATH: using code-server');
    const { codeServer } = await setupE2e({ needBrowser: false });
    const home = path.join(tmp, 'home');
    const userData = path.join(tmp, 'code-server-user-data');
    mkdirSync(path.join(userData, 'User'), { recursive: true });
    mkdirSync(path.join(home, 'tmp'), { recursive: true });
    writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
      'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false, 'git.enabled': false, 'security.workspace.trust.enabled': false,
    }, null, 2));
    const cs = startGroup('code-server', process.execPath, [
      codeServer, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
      '--config', path.join(tmp, 'code-server.yaml'), '--user-data-dir', userData,
      '--extensions-dir', path.join(tmp, 'code-server-extensions'),
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    ], {
      cwd: tmp,
      env: {
        ...env, EXTENSIONS_GALLERY: '{}', HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'),
        XDG_DATA_HOME: path.join(home, '.local', 'share'), XDG_CACHE_HOME: path.join(home, '.cache'), TMPDIR: path.join(home, 'tmp'),
      },
    });
    const [, base] = await waitForLine(cs, /HTTP server listening on (http:\/\/[^\s]+?)\/?\s/, 60_000);
    // code-server rejects --extensionDevelopmentPath on its command line; the workbench URL accepts it.
    const authority = base.replace(/^http:\/\//, '');
    const payload = JSON.stringify([['extensionDevelopmentPath', `vscode-remote://${authority}${root}`]]);
    const url = `${base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;
    console.log('');
    say('open this URL in a browser on this machine (Chromium or Chrome work best):');
    console.log(`\n  ${url}\n`);
    say('then follow the walk-through in the README. Press Ctrl-C here to stop everything.');
  }
} catch (e) {
  say(`failed: ${e instanceof Error ? e.message : String(e)}`);
  await stopAll(1);
}
