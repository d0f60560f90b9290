// Debounced, versioned, cancellable validation of open documents.
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageService } from '../core/service';
import type { Settings } from './settings';

interface State {
  timer?: NodeJS.Timeout;
  lastRun: number;
}

export class Validator {
  private readonly states = new Map<string, State>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly service: LanguageService,
    private readonly settings: Settings,
  ) {}

  /**
   * Schedules a check. After a quiet spell the check starts at once (so a single edit is answered fast);
   * during a burst of edits it waits for the debounce delay after the last one.
   */
  async schedule(uri: string): Promise<void> {
    const { debounceMs } = await this.settings.forDocument(uri);
    const st = this.states.get(uri) ?? { lastRun: 0 };
    this.states.set(uri, st);
    const busy = st.timer !== undefined || Date.now() - st.lastRun < debounceMs;
    if (st.timer) clearTimeout(st.timer);
    st.timer = setTimeout(() => {
      st.timer = undefined;
      void this.run(uri);
    }, busy ? debounceMs : 0);
  }

  all(): void {
    for (const doc of this.documents.all()) void this.schedule(doc.uri);
  }

  close(uri: string): void {
    const st = this.states.get(uri);
    if (st?.timer) clearTimeout(st.timer);
    this.states.delete(uri);
    this.service.forget(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private async run(uri: string): Promise<void> {
    const doc = this.documents.get(uri);
    if (!doc) return;
    const st = this.states.get(uri);
    if (st) st.lastRun = Date.now();
    const version = doc.version;
    // A newer version of the document cancels this check.
    const token = { get isCancellationRequested() { return doc.version !== version; } };
    try {
      const settings = await this.settings.forDocument(uri);
      const diagnostics = settings.validationEnable ? await this.service.validate(doc, token) : [];
      if (diagnostics === undefined || token.isCancellationRequested) return;
      await this.connection.sendDiagnostics({ uri, version, diagnostics });
    } catch (e) {
      this.connection.console.error(`Checking ${uri} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    }
  }
}
