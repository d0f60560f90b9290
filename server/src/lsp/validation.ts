// When open documents are checked, and publishing what the checks find.
//
// The wait before a check adapts to how long checks of that document take. The first edit after a quiet spell
// is checked at once, and so is every edit of a document that checks fast. During a burst of edits to one that
// checks slowly, each edit waits as long as a check takes (at most the liqo.validation.debounceMs setting), so
// that the burst becomes one check. A check that is running is never abandoned for a newer edit: its analyses
// are cached by text, so the next check reuses them. While it runs, further edits coalesce into one check after
// it. Results for a version that is no longer current are not published.
import { CancellationTokenSource, type Connection, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisHost } from '../analysis/host';
import type { Settings } from './settings';

/** Checks faster than this start without any wait. */
const fastMs = 40;

/**
 * The wait before a check, in ms: none unless a burst of edits (the previous request came less than a check's
 * time ago) meets checks slower than `fastMs`; then as long as a typical check, at most `debounceMs`.
 */
export function checkDelay(typicalMs: number, sinceLastRequestMs: number, debounceMs: number): number {
  const inBurst = sinceLastRequestMs < Math.max(typicalMs, fastMs);
  return typicalMs < fastMs || !inBurst ? 0 : Math.min(debounceMs, Math.round(typicalMs));
}

interface State {
  timer?: NodeJS.Timeout;
  /** The check in progress, cancelled only when the document closes. */
  running?: CancellationTokenSource;
  /** Another check is due when the running one ends. */
  again: boolean;
  /** How long checks of this document take, smoothed; 0 until the first one. */
  typicalMs: number;
  /** When the document last asked for a check. */
  lastRequest: number;
}

export class Validator {
  private readonly states = new Map<string, State>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly host: AnalysisHost,
    private readonly settings: Settings,
  ) {}

  async schedule(uri: string): Promise<void> {
    const { debounceMs } = await this.settings.forDocument(uri);
    let st = this.states.get(uri);
    if (!st) {
      st = { again: false, typicalMs: 0, lastRequest: 0 };
      this.states.set(uri, st);
    }
    const now = performance.now();
    const wait = checkDelay(st.typicalMs, now - st.lastRequest, debounceMs);
    st.lastRequest = now;
    if (st.running) {
      st.again = true;
      return;
    }
    if (st.timer) clearTimeout(st.timer);
    const state = st;
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void this.run(uri, state);
    }, wait);
  }

  all(): void {
    for (const doc of this.documents.all()) void this.schedule(doc.uri);
  }

  /** Checks every open document but one again. */
  private others(uri: string): void {
    for (const doc of this.documents.all()) if (doc.uri !== uri) void this.schedule(doc.uri);
  }

  close(uri: string): void {
    const st = this.states.get(uri);
    if (st?.timer) clearTimeout(st.timer);
    st?.running?.cancel();
    this.states.delete(uri);
    const revision = this.host.valuesRevision;
    this.host.forget(uri);
    if (this.host.valuesRevision !== revision) this.others(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private async run(uri: string, st: State): Promise<void> {
    const doc = this.documents.get(uri);
    if (!doc || this.states.get(uri) !== st) return;
    const version = doc.version;
    const source = new CancellationTokenSource();
    st.running = source;
    const started = performance.now();
    try {
      const settings = await this.settings.forDocument(uri);
      this.host.setValuesFiles(settings.helmValuesFiles);
      const revision = this.host.valuesRevision;
      const diagnostics = settings.validationEnable ? await this.host.validate(doc, source.token) : [];
      // A values file's cluster ID changed: the other values files' duplicate check must see it.
      if (this.host.valuesRevision !== revision) this.others(uri);
      const took = performance.now() - started;
      st.typicalMs = st.typicalMs === 0 ? took : 0.7 * st.typicalMs + 0.3 * took;
      // Undefined: cancelled, or cut short by a restart of the worker (which schedules every document again).
      if (diagnostics !== undefined && !source.token.isCancellationRequested && this.documents.get(uri)?.version === version) {
        await this.connection.sendDiagnostics({ uri, version, diagnostics });
      }
    } catch (e) {
      this.connection.console.error(`Checking ${uri} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    } finally {
      source.dispose();
      if (st.running === source) st.running = undefined;
    }
    if (this.states.get(uri) !== st) return;
    if (st.again || this.documents.get(uri)?.version !== version) {
      st.again = false;
      void this.schedule(uri);
    }
  }
}
