// Owns the extension's lifecycle: one disposal scope for the extension, one for the language client.
import * as path from 'path';
import * as vscode from 'vscode';
import {
  CloseAction, ErrorAction, LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';
import { RestartPolicy, serverExecArgv } from './serverProcess';
import { Config } from './config';
import { inert } from './inertText';
import { redactedLogChannel } from './logChannel';
import { redact } from './redact';
import { yamlScheme } from './commands/yamlDocuments';

/**
 * Logs a failure and shows it; the text is made inert, since an error message can quote anything. Without a log
 * (the context itself could not be made) it goes to the extension host's console.
 */
function showFailure(what: string, e: unknown, log: vscode.LogOutputChannel | undefined): void {
  const message = e instanceof Error ? e.message : String(e);
  if (log) log.error(`${what}: ${message}`);
  else console.error(redact(`Liqo: ${what}: ${message}`));
  const actions = log ? ['Show Log'] : [];
  void vscode.window.showErrorMessage(`Liqo: ${what}: ${inert(message)}`, ...actions).then((pick) => { if (pick) log?.show(); });
}

/** Activation failed: VS Code only logs that in its own host log, so the user is told here. */
export function showActivationFailure(e: unknown, log: vscode.LogOutputChannel | undefined): void {
  showFailure('the extension failed to activate', e, log);
}

/** The URI schemes whose YAML documents the language server sees. */
export const checkedSchemes = ['file', 'untitled', yamlScheme];

/** A failure that was already shown to the user, so whoever awaited it does not show it again. */
class ShownError extends Error {}

export class Ctx implements vscode.Disposable {
  readonly config = new Config();
  readonly log: vscode.LogOutputChannel;
  private client: LanguageClient | undefined;
  private starting: Promise<LanguageClient> | undefined;
  private waitForYaml: vscode.Disposable | undefined;
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
    this.log = redactedLogChannel('Liqo');
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

  /**
   * Starts the language server with the first YAML document, not before: the extension also activates on the Liqo
   * view and its commands, which need no server.
   */
  startClientWithFirstYaml(): void {
    const isYaml = (d: vscode.TextDocument): boolean => d.languageId === 'yaml';
    if (vscode.workspace.textDocuments.some(isYaml)) {
      this.startInBackground();
      return;
    }
    // A document whose language changes to YAML is closed and opened again, so this sees it too.
    this.waitForYaml = this.own(vscode.workspace.onDidOpenTextDocument((d) => {
      if (!isYaml(d)) return;
      this.waitForYaml?.dispose();
      this.waitForYaml = undefined;
      this.startInBackground();
    }));
  }

  private startInBackground(): void {
    this.startClient().catch((e: unknown) => { if (!(e instanceof ShownError)) this.showFailure('the language server could not start', e); });
  }

  /** Logs a failure and shows it to the user. */
  showFailure(what: string, e: unknown): void {
    showFailure(what, e, this.log);
  }

  /** Starts the language client (once; concurrent callers share the start). Rejects when the server cannot start. */
  startClient(): Promise<LanguageClient> {
    this.starting ??= this.launchClient();
    return this.starting;
  }

  private async launchClient(): Promise<LanguageClient> {
    let reported = false;
    const module = this.extension.asAbsolutePath(path.join('dist', 'server.js'));
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.stdio, options: { execArgv: serverExecArgv } },
      debug: { module, transport: TransportKind.stdio, options: { execArgv: [...serverExecArgv, '--nolazy', '--inspect=6019'] } },
    };
    const clientOptions: LanguageClientOptions = {
      // Files, new buffers and our own read-only views: not documents other extensions serve (a git history, a
      // remote FS, an extension's virtual file), whose text the server would otherwise receive and trace.
      documentSelector: checkedSchemes.map((scheme) => ({ language: 'yaml', scheme })),
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
      // A server that starts but refuses to initialize would refuse again: say so once and leave it stopped.
      initializationFailedHandler: (error) => {
        reported = true;
        this.showFailure('the language server failed to initialize', error);
        this.setServerNote('server failed to initialize; run Liqo: Restart Language Server');
        return false;
      },
    };
    const client = new LanguageClient('liqo', 'Liqo Language Server', serverOptions, clientOptions);
    this.client = client;
    try {
      await client.start();
    } catch (e) {
      if (this.client === client) {
        this.client = undefined;
        this.starting = undefined;
      }
      if (reported) throw new ShownError('the language server failed to initialize');
      this.setServerNote('server could not start; run Liqo: Restart Language Server');
      throw e;
    }
    this.clientStarted.fire(client);
    return client;
  }

  /** A setting the server reads only at its start changed: restart it if it runs (one not yet started reads it when it does). */
  restartClientForSettings(): void {
    if (!this.client) return;
    this.restartClient().catch((e: unknown) => this.showFailure('the language server could not restart', e));
  }

  async restartClient(): Promise<void> {
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    this.restarts.reset();
    this.setServerNote(undefined);
    await this.stopClient();
    await this.startClient().catch((e: unknown) => { if (!(e instanceof ShownError)) throw e; });
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

  /** Stops the language client; resolves when the server has shut down (what `deactivate` returns). */
  async stopClient(): Promise<void> {
    for (const d of this.clientScope.splice(0)) d.dispose();
    const client = this.client;
    const starting = this.starting;
    this.client = undefined;
    this.starting = undefined;
    if (!client) return;
    // A client can only be stopped once its start has settled; one that failed to start has nothing to stop.
    await starting?.catch(() => undefined);
    if (client.state === State.Running) await client.stop();
  }

  dispose(): void {
    clearTimeout(this.restartTimer);
    this.waitForYaml?.dispose();
    this.serverStateChanged.dispose();
    this.stopClient().catch((e: unknown) => this.log.error(`Stopping the language server failed: ${e instanceof Error ? e.message : String(e)}`));
  }
}
