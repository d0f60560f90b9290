// Owns the extension's lifecycle: one disposal scope for the extension, one for the language client.
import * as path from 'path';
import * as vscode from 'vscode';
import {
  CloseAction, ErrorAction, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';
import { RestartPolicy, serverExecArgv } from './serverProcess';
import { Config } from './config';

export class Ctx implements vscode.Disposable {
  readonly config = new Config();
  readonly log: vscode.LogOutputChannel;
  private client: LanguageClient | undefined;
  private clientScope: vscode.Disposable[] = [];
  private readonly clientStarted = new vscode.EventEmitter<LanguageClient>();
  /** Fires each time a language client has started (first start and restarts), e.g. to resend cluster facts. */
  readonly onDidStartClient = this.clientStarted.event;
  private readonly restarts = new RestartPolicy();
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly serverStateChanged = new vscode.EventEmitter<void>();
  /** The server died, is waiting to be restarted, or was given up on. */
  readonly onDidChangeServerState = this.serverStateChanged.event;
  /** What the status item says about the server beyond the client's state, e.g. after crashes. */
  serverNote: string | undefined;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('Liqo', { log: true });
    this.extension.subscriptions.push(this.log, this.clientStarted, this);
  }

  /** Register something that lives as long as the extension. */
  own<T extends vscode.Disposable>(d: T): T {
    this.extension.subscriptions.push(d);
    return d;
  }

  /** Register something that lives as long as the current language client. */
  ownForClient<T extends vscode.Disposable>(d: T): T {
    this.clientScope.push(d);
    return d;
  }

  get languageClient(): LanguageClient | undefined {
    return this.client;
  }

  async startClient(): Promise<LanguageClient> {
    if (this.client) return this.client;
    const module = this.extension.asAbsolutePath(path.join('dist', 'server.js'));
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.stdio, options: { execArgv: serverExecArgv } },
      debug: { module, transport: TransportKind.stdio, options: { execArgv: [...serverExecArgv, '--nolazy', '--inspect=6019'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ language: 'yaml' }],
      outputChannel: this.log,
      synchronize: { configurationSection: 'liqo' },
      initializationOptions: { settings: this.config.settings },
      errorHandler: {
        // A message that fails to be read or written is not a reason to give up on the server.
        error: () => ({ action: ErrorAction.Continue }),
        closed: () => {
          this.serverDied();
          return { action: CloseAction.DoNotRestart, handled: true };
        },
      },
    };
    const client = new LanguageClient('liqo', 'Liqo Language Server', serverOptions, clientOptions);
    this.client = client;
    await client.start();
    this.clientStarted.fire(client);
    return client;
  }

  async restartClient(): Promise<void> {
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    this.restarts.reset();
    this.setServerNote(undefined);
    await this.stopClient();
    await this.startClient();
  }

  /** The server process ended on its own: start it again after a backoff, a few times, then leave it to the user. */
  private serverDied(): void {
    const delay = this.restarts.crashed(Date.now());
    if (delay === undefined) {
      this.log.error(`The Liqo language server stopped ${this.restarts.recent} times in a few minutes; it is not restarted again. Run "Liqo: Restart Language Server" to try again.`);
      this.setServerNote(`server stopped after ${this.restarts.recent} crashes; run Liqo: Restart Language Server`);
      return;
    }
    this.log.warn(`The Liqo language server stopped; restarting it in ${(delay / 1000).toFixed(1)} s (crash ${this.restarts.recent} of at most 5 in 3 minutes).`);
    this.setServerNote(`server crashed ${this.restarts.recent} time(s); restarting`);
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      void (async () => {
        await this.stopClient();
        await this.startClient();
        this.setServerNote(`server restarted after ${this.restarts.recent} crash(es)`);
      })().catch((e: unknown) => this.log.error(`Restarting the language server failed: ${e instanceof Error ? e.message : String(e)}`));
    }, delay);
  }

  private setServerNote(note: string | undefined): void {
    this.serverNote = note;
    this.serverStateChanged.fire();
  }

  async stopClient(): Promise<void> {
    for (const d of this.clientScope.splice(0)) d.dispose();
    const client = this.client;
    this.client = undefined;
    if (client) await client.stop();
  }

  dispose(): void {
    clearTimeout(this.restartTimer);
    this.serverStateChanged.dispose();
    void this.stopClient();
  }
}
