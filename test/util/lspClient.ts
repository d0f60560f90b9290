// A real LSP client over stdio for the built server (dist/server.js), used by protocol tests and the benchmark.
import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';
import {
  createProtocolConnection, InitializeRequest, InitializedNotification, PublishDiagnosticsNotification,
  DidOpenTextDocumentNotification, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification,
  StreamMessageReader, StreamMessageWriter, ExitNotification, ShutdownRequest,
  type ProtocolConnection, type PublishDiagnosticsParams, type InitializeParams, type ConfigurationItem,
} from 'vscode-languageserver-protocol/node';
import { serverExecArgv } from '../../client/src/serverProcess';
import { checkLspSeverities } from './severities';

export const root = path.resolve(__dirname, '..', '..', '..');

export interface Client {
  connection: ProtocolConnection;
  process: ChildProcess;
  /** Resolves with the first diagnostics for `uri` that satisfy `accept`. */
  diagnostics(uri: string, accept?: (p: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  published: PublishDiagnosticsParams[];
  /** Every window/logMessage the server sent: type 1 error, 2 warning, 3 info, 4 log. */
  logs: { type: number; message: string }[];
  open(uri: string, text: string, version?: number): Promise<void>;
  change(uri: string, version: number, text: string): Promise<void>;
  close(uri: string): Promise<void>;
  stop(): Promise<void>;
  stderr(): string;
}

export interface ClientOptions {
  /** Answers each item of a workspace/configuration request; without it every item is answered with null. */
  configuration?: (item: ConfigurationItem) => unknown;
}

/** Starts a server process and initializes it. `command` defaults to our built server. */
export async function startClient(command: string[] = ['node', ...serverExecArgv, path.join(root, 'dist', 'server.js'), '--stdio'], init: Partial<InitializeParams> = {}, options: ClientOptions = {}): Promise<Client> {
  const child = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], cwd: root });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const published: PublishDiagnosticsParams[] = [];
  const waiters: { uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    published.push(p);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.accept(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  const configuration = options.configuration ?? (() => null);
  connection.onRequest('workspace/configuration', (params: { items: ConfigurationItem[] }) => params.items.map((item) => configuration(item)));
  connection.onRequest('client/registerCapability', () => null);
  const logs: { type: number; message: string }[] = [];
  connection.onNotification('window/logMessage', (p: { type: number; message: string }) => { logs.push(p); });
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
    workspaceFolders: null,
    ...init,
  } as InitializeParams);
  await connection.sendNotification(InitializedNotification.type, {});
  return {
    connection,
    process: child,
    published,
    logs,
    diagnostics: (uri, accept = () => true, timeoutMs = 30_000) => {
      // Every diagnostic a test sees has its severity checked against README.md's table of codes.
      const checked = (p: PublishDiagnosticsParams): PublishDiagnosticsParams => { checkLspSeverities(p.diagnostics, p.uri); return p; };
      const already = published.find((p) => p.uri === uri && accept(p));
      if (already) return Promise.resolve(already).then(checked);
      return new Promise<PublishDiagnosticsParams>((resolve, reject) => {
        const timer = setTimeout(() => {
          const i = waiters.findIndex((w) => w.resolve === done);
          if (i >= 0) waiters.splice(i, 1);
          reject(new Error(`the server published no diagnostics for ${uri} that the test accepts within ${timeoutMs} ms (${published.filter((p) => p.uri === uri).length} publications for it)`));
        }, timeoutMs);
        const done = (p: PublishDiagnosticsParams): void => { clearTimeout(timer); resolve(p); };
        waiters.push({ uri, accept, resolve: done });
      }).then(checked);
    },
    open: (uri, text, version = 1) => connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version, text } }),
    change: (uri, version, text) => connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] }),
    close: (uri) => connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } }),
    stop: async () => {
      try {
        await connection.sendRequest(ShutdownRequest.type);
        await connection.sendNotification(ExitNotification.type);
      } catch {
        // The process may already be gone.
      }
      connection.dispose();
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => { child.kill('SIGKILL'); resolve(); }, 5000);
          child.once('exit', () => { clearTimeout(timer); resolve(); });
        });
      }
    },
    stderr: () => stderr,
  };
}
