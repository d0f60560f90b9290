// Owns the extension's lifecycle: one disposal scope for the extension, one for the language client.
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { serverExecArgv } from './serverProcess';
import { Config } from './config';

export class Ctx implements vscode.Disposable {
  readonly config = new Config();
  readonly log: vscode.LogOutputChannel;
  private client: LanguageClient | undefined;
  private clientScope: vscode.Disposable[] = [];
  private readonly clientStarted = new vscode.EventEmitter<LanguageClient>();
  /** Fires each time a language client has started (first start and restarts), e.g. to resend cluster facts. */
  readonly onDidStartClient = this.clientStarted.event;

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
    };
    const client = new LanguageClient('liqo', 'Liqo Language Server', serverOptions, clientOptions);
    this.client = client;
    await client.start();
    this.clientStarted.fire(client);
    return client;
  }

  async restartClient(): Promise<void> {
    await this.stopClient();
    await this.startClient();
  }

  async stopClient(): Promise<void> {
    for (const d of this.clientScope.splice(0)) d.dispose();
    const client = this.client;
    this.client = undefined;
    if (client) await client.stop();
  }

  dispose(): void {
    void this.stopClient();
  }
}
