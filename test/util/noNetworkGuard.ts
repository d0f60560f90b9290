// A preload (`node --require out/test/util/noNetworkGuard.js …`) that makes any network connection, DNS lookup,
// HTTP request or child process of the process it runs in fail loudly: the call throws, and a line
// `NO-NETWORK-GUARD: <call>` goes to stderr at once (synchronously, so a caller that swallows the error still
// leaves the trace the test looks for). The protocol tier runs the built language server under it.
import type * as childProcessTypes from 'node:child_process';
import type * as dnsTypes from 'node:dns';
import type * as fsTypes from 'node:fs';
import type * as httpTypes from 'node:http';
import type * as httpsTypes from 'node:https';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import type * as netTypes from 'node:net';
import type * as tlsTypes from 'node:tls';
import { guardExitCode, guardMark } from './noNetworkMark';

// The modules' own export objects (an `import * as` copy would leave the real ones unpatched).
const load = createRequire(__filename);
const childProcess = load('node:child_process') as typeof childProcessTypes;
const dns = load('node:dns') as typeof dnsTypes;
const fs = load('node:fs') as typeof fsTypes;
const http = load('node:http') as typeof httpTypes;
const https = load('node:https') as typeof httpsTypes;
const net = load('node:net') as typeof netTypes;
const tls = load('node:tls') as typeof tlsTypes;


function forbidden(what: string): never {
  const e = new Error(`${guardMark} ${what} is forbidden in this process`);
  fs.writeSync(2, `${guardMark} ${what}\n${e.stack ?? ''}\n`);
  // The exit code tells as well, should the caller swallow the error and the stderr line be missed.
  process.exitCode = guardExitCode;
  throw e;
}

type Holder = Record<string, unknown>;

function block(target: object, names: string[], prefix: string): void {
  const t = target as Holder;
  for (const name of names) {
    if (typeof t[name] !== 'function') continue;
    Object.defineProperty(t, name, { configurable: true, writable: true, value: function guarded(): never { return forbidden(`${prefix}${name}`); } });
  }
}

block(net.Socket.prototype, ['connect'], 'net.Socket.prototype.');
block(net, ['connect', 'createConnection'], 'net.');
block(tls, ['connect'], 'tls.');
const dnsCalls = ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveCaa', 'resolveMx',
  'resolveNaptr', 'resolveNs', 'resolvePtr', 'resolveSoa', 'resolveSrv', 'resolveTxt', 'reverse'];
block(dns, dnsCalls, 'dns.');
block(dns.promises, dnsCalls, 'dns.promises.');
block(dns.Resolver.prototype, dnsCalls, 'dns.Resolver.prototype.');
block(dns.promises.Resolver.prototype, dnsCalls, 'dns.promises.Resolver.prototype.');
block(childProcess, ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'], 'child_process.');
block(http, ['request', 'get'], 'http.');
block(https, ['request', 'get'], 'https.');
block(http.Agent.prototype, ['createConnection'], 'http.Agent.prototype.');
// fetch is undici inside node; it connects through its own sockets, so it is blocked by name as well.
block(globalThis, ['fetch'], 'globalThis.');
// ESM importers of these modules see the same guarded functions.
syncBuiltinESMExports();
