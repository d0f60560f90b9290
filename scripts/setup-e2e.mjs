// Installs what the editor tests and the demo need, once, and says what it did.
//  - Debian packages (Chromium, ripgrep, and the headers code-server's native modules build against):
//    installed with apt-get when running as root; otherwise the script fails and names the command to run.
//  - code-server 4.100.3 (VS Code 1.100.3 with a Node 20 extension host) into .cache/code-server, by hand,
//    because its own postinstall downloads ripgrep from outside the registries.
// Usage: node scripts/setup-e2e.mjs            (prints the code-server entry and the browser path)
// As a module: `await setupE2e()` -> { codeServer, chromium }
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
const root = path.resolve(import.meta.dirname, '..');
const cacheDir = path.join(root, '.cache', 'code-server');
const marker = path.join(cacheDir, 'installed.json');
const csDir = path.join(cacheDir, 'node_modules', 'code-server');
const entry = path.join(csDir, 'out', 'node', 'entry.js');

// Debian package -> a file that shows it is usable (checked when dpkg is not around, e.g. on another distro).
const debianPackages = {
  chromium: '/usr/bin/chromium',
  ripgrep: '/usr/bin/rg',
  'libkrb5-dev': '/usr/include/krb5.h',
  'libxkbfile-dev': '/usr/include/X11/extensions/XKBfile.h',
  'libsecret-1-dev': '/usr/include/libsecret-1/libsecret/secret.h',
  'pkg-config': '/usr/bin/pkg-config',
};
const buildTools = ['make', 'g++', 'python3'];

function log(msg) {
  process.stderr.write(`setup-e2e: ${msg}\n`);
}

function run(cmd, args, opts = {}) {
  const started = Date.now();
  log(`$ ${cmd} ${args.join(' ')}${opts.cwd ? `   (in ${path.relative(root, opts.cwd) || '.'})` : ''}`);
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.status !== 0) {
    const tail = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal}):\n${tail}`);
  }
  log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return r.stdout;
}

function onPath(bin) {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
}

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function missingDebianPackages(needBrowser) {
  const haveDpkg = onPath('dpkg-query');
  return Object.entries(debianPackages)
    .filter(([pkg]) => needBrowser || pkg !== 'chromium')
    .filter(([pkg, file]) => (haveDpkg ? !dpkgInstalled(pkg) : !existsSync(file)))
    .map(([pkg]) => pkg);
}

function ensureDebianPackages(needBrowser) {
  const missing = missingDebianPackages(needBrowser);
  if (missing.length === 0) {
    log(`Debian packages present: ${Object.keys(debianPackages).filter((p) => needBrowser || p !== 'chromium').join(', ')}`);
  } else if (process.getuid?.() === 0 && onPath('apt-get')) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update'], { env });
    run('apt-get', ['install', '-y', ...missing], { env });
    const still = missingDebianPackages(needBrowser);
    if (still.length) throw new Error(`apt-get did not install: ${still.join(', ')}`);
  } else {
    throw new Error(
      `the editor tests need these Debian packages, and this user cannot install them: ${missing.join(' ')}\n` +
      `  run as root:  apt-get update && apt-get install -y ${missing.join(' ')}\n` +
      '  (on another distribution: Chromium at /usr/bin/chromium, ripgrep at /usr/bin/rg, and the Kerberos, ' +
      'libxkbfile and libsecret development headers)',
    );
  }
  const tools = buildTools.filter((t) => !onPath(t));
  if (tools.length && !codeServerReady()) {
    throw new Error(`building code-server's native modules needs: ${tools.join(' ')} (Debian: apt-get install -y build-essential python3)`);
  }
}

function codeServerReady() {
  if (!existsSync(marker) || !existsSync(entry)) return false;
  try {
    return JSON.parse(readFileSync(marker, 'utf8')).version === CODE_SERVER_VERSION;
  } catch {
    return false;
  }
}

// node-gyp would download Node's headers from the internet; Debian's and the official Node packages ship
// them next to the binary, so point it there when they are present.
function nodeGypEnv() {
  const env = { ...process.env, npm_config_yes: 'true', npm_config_audit: 'false', npm_config_fund: 'false' };
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  if (existsSync(path.join(prefix, 'include', 'node', 'node.h'))) env.npm_config_nodedir = prefix;
  return env;
}

function installCodeServer() {
  if (codeServerReady()) {
    log(`code-server ${CODE_SERVER_VERSION} already in ${path.relative(root, cacheDir)}`);
    return;
  }
  const started = Date.now();
  log(`installing code-server ${CODE_SERVER_VERSION} into ${path.relative(root, cacheDir)} (about 80 s)`);
  // A half-finished install is not worth repairing: start over.
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(path.join(cacheDir, 'package.json'), JSON.stringify({ name: 'liqo-e2e-cache', private: true }, null, 2));
  const env = nodeGypEnv();
  run('npm', ['install', '--no-save', '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`], { cwd: cacheDir, env });
  const vscodeDir = path.join(csDir, 'lib', 'vscode');
  run('npm', ['install', '--omit=dev', '--ignore-scripts'], { cwd: vscodeDir, env });
  run('npm', ['rebuild', 'kerberos', '@parcel/watcher', 'node-pty', '@vscode/spdlog', 'native-watchdog'], { cwd: vscodeDir, env });
  // VS Code looks for ripgrep inside its own package; Debian's rg stands in for the download.
  const rgBin = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgBin, { recursive: true });
  rmSync(path.join(rgBin, 'rg'), { force: true });
  symlinkSync(spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim() || '/usr/bin/rg', path.join(rgBin, 'rg'));
  const asar = path.join(vscodeDir, 'node_modules.asar');
  if (existsSync(asar) || isLink(asar)) rmSync(asar, { force: true });
  symlinkSync('node_modules', asar);
  run('npm', ['install', '--omit=dev', '--ignore-scripts'], { cwd: path.join(vscodeDir, 'extensions'), env });
  run('npm', ['rebuild', 'argon2'], { cwd: cacheDir, env });
  // The first run also logs that it wrote a config file; the version is the line that starts with a digit.
  const version = runHermetic(['--version']).split('\n').find((l) => /^\d/.test(l))?.trim() ?? '';
  if (!version.startsWith(CODE_SERVER_VERSION)) throw new Error(`code-server reports "${version}", expected ${CODE_SERVER_VERSION}`);
  writeFileSync(marker, JSON.stringify({ version: CODE_SERVER_VERSION, reported: version, installedAt: new Date().toISOString() }, null, 2));
  log(`code-server ready (${version}) after ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

function isLink(p) {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

// Even `--version` writes under ~/.config and ~/.local, so give it a home of its own.
function runHermetic(args) {
  const home = path.join(cacheDir, 'home');
  mkdirSync(home, { recursive: true });
  return run(process.execPath, [entry, ...args], {
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local/share'), XDG_CACHE_HOME: path.join(home, '.cache') },
  });
}

/** `needBrowser: false` (the demo, which prints a URL for your own browser) does not require Chromium. */
export async function setupE2e({ needBrowser = true } = {}) {
  ensureDebianPackages(needBrowser);
  installCodeServer();
  return { codeServer: entry, chromium: process.env.LIQO_E2E_CHROMIUM ?? '/usr/bin/chromium' };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const r = await setupE2e();
    console.log(`code-server: ${r.codeServer}`);
    console.log(`chromium: ${r.chromium}`);
  } catch (e) {
    log(`FAILED: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
