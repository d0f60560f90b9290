// The watchdog around the language service. Every call runs under a time budget (guard.ts): past it, V8 stops
// the call wherever it is, the document version that got stuck gets LIQO002 instead of a check until it is
// edited, the service is replaced by a fresh one (a call stopped half-way may have left a cache half-written),
// and every other document is checked again at once.
//
// Why V8's termination and not budget checks in every loop: the loops that can run away are not all ours (the
// YAML parsers, ajv, regular expressions), and no check placed between them stops one that never returns. Why
// not a worker thread: it did the same job, but its own isolate and copy of the core cost about 20 MB and
// 30 ms on the first check, on every machine, for a case that should never happen.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  DiagnosticSeverity,
  type CodeAction, type CompletionList, type Diagnostic, type DocumentSymbol, type Hover, type Position, type Range,
} from 'vscode-languageserver-types';
import { catalog, source } from '../core/rules/codes';
import { createLanguageService, type LanguageService } from '../core/service';
import type { Cancel, Logger } from '../core/types';
import type { ClusterFacts } from '../liqo/clusterFacts';
import { runGuarded } from './guard';

export interface HostOptions {
  logger: Logger;
  /** Makes the service; a test may add a rule of its own. */
  createService?: (logger: Logger) => LanguageService;
  /** Whether a file is a Helm chart's template by where it lies (see chartTemplates.ts). */
  chartTemplate?: (uri: string) => boolean;
  /** Budget of a validation, by text length; of any other call, fixed. */
  validateBudgetMs?: (textLength: number) => number;
  featureBudgetMs?: number;
}

const defaultValidateBudget = (length: number): number => 5000 + Math.ceil(length / 500);

export class AnalysisHost {
  private service: LanguageService;
  /** Document versions whose check got stuck, with the budget they ran past. */
  private readonly stuck = new Map<string, number>();
  private facts: ClusterFacts | undefined;
  private valuesFiles: readonly string[] | undefined;
  private workspaceValues: readonly { uri: string; clusterID: string }[] | undefined;
  private readonly restartListeners = new Set<() => void>();
  /** How many times the service was replaced after a call ran past its budget. */
  restarts = 0;

  constructor(private readonly options: HostOptions) {
    this.service = this.create();
  }

  /** Called after the service was replaced: every document must be checked again. */
  onRestart(listener: () => void): { dispose(): void } {
    this.restartListeners.add(listener);
    return { dispose: () => this.restartListeners.delete(listener) };
  }

  /**
   * Diagnostics of a document; undefined when cancelled, or when the service was replaced (for another
   * document) while this check waited between its steps.
   */
  async validate(doc: TextDocument, token?: Cancel): Promise<Diagnostic[] | undefined> {
    const key = stuckKey(doc);
    if (this.stuck.has(key)) return [notChecked(doc, this.stuck.get(key) ?? 0)];
    const budget = (this.options.validateBudgetMs ?? defaultValidateBudget)(doc.getText().length);
    const service = this.service;
    const steps = service.validation(doc);
    let left = budget;
    for (;;) {
      const started = performance.now();
      const step = runGuarded(() => steps.next(), left);
      left -= performance.now() - started;
      if (!step.ok) {
        if (!step.timedOut) {
          this.options.logger.error(`Checking ${doc.uri} failed: ${step.error}`);
          return [];
        }
        this.stop(`validate of ${doc.uri} (version ${doc.version})`, key, budget);
        return [notChecked(doc, budget)];
      }
      if (step.value.done) return step.value.value;
      // Let other requests in between the steps; the service may be replaced meanwhile.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (token?.isCancellationRequested || this.service !== service) return undefined;
    }
  }

  complete(doc: TextDocument, position: Position, token?: Cancel): Promise<CompletionList | null> {
    return Promise.resolve(this.feature(doc, 'complete', null, (s) => s.complete(doc, position, token)));
  }

  hover(doc: TextDocument, position: Position, token?: Cancel): Promise<Hover | null> {
    return Promise.resolve(this.feature(doc, 'hover', null, (s) => s.hover(doc, position, token)));
  }

  codeActions(doc: TextDocument, range: Range, diagnostics: Diagnostic[], token?: Cancel): Promise<CodeAction[]> {
    return Promise.resolve(this.feature(doc, 'codeActions', [], (s) => s.codeActions(doc, range, diagnostics, token)));
  }

  symbols(doc: TextDocument, token?: Cancel): Promise<DocumentSymbol[]> {
    return Promise.resolve(this.feature(doc, 'symbols', [], (s) => s.symbols(doc, token)));
  }

  setFacts(facts: ClusterFacts): void {
    this.facts = facts;
    const service = this.service;
    const out = runGuarded(() => service.setFacts(facts), this.options.featureBudgetMs ?? 2000);
    if (!out.ok) this.options.logger.error(`Taking the cluster facts failed: ${out.error}`);
  }

  /** The globs that name Liqo values files; kept for a service that replaces this one. */
  setValuesFiles(globs: readonly string[]): void {
    this.valuesFiles = globs;
    this.service.setValuesFiles(globs);
  }

  /** The cluster IDs of the workspace's values files as saved; kept for a service that replaces this one. */
  setWorkspaceValues(files: readonly { uri: string; clusterID: string }[]): void {
    this.workspaceValues = files;
    this.service.setWorkspaceValues(files);
  }

  /** Changes when a values file's cluster ID changes: other values files must be checked again. */
  get valuesRevision(): number {
    return this.service.valuesRevision;
  }

  /** The document was closed. */
  forget(uri: string): void {
    for (const key of [...this.stuck.keys()]) if (key.startsWith(`${uri}\u0000`)) this.stuck.delete(key);
    this.service.forget(uri);
  }

  /** The server shuts down: nothing more is reported. */
  dispose(): void {
    this.restartListeners.clear();
    this.stuck.clear();
  }

  private feature<T>(doc: TextDocument, what: string, fallback: T, call: (s: LanguageService) => T): T {
    const key = stuckKey(doc);
    if (this.stuck.has(key)) return fallback;
    const budget = this.options.featureBudgetMs ?? 2000;
    const service = this.service;
    const out = runGuarded(() => call(service), budget);
    if (out.ok) return out.value ?? fallback;
    if (out.timedOut) this.stop(`${what} of ${doc.uri} (version ${doc.version})`, key, budget);
    else this.options.logger.error(`${what} of ${doc.uri} failed: ${out.error}`);
    return fallback;
  }

  /** A call ran past its budget: its document version is not tried again, and the service starts afresh. */
  private stop(what: string, key: string, budgetMs: number): void {
    this.options.logger.warn(`${what} took longer than ${budgetMs} ms and was stopped; that version is not checked, and the other documents are checked again.`);
    this.stuck.set(key, budgetMs);
    this.service = this.create();
    if (this.facts) this.setFacts(this.facts);
    if (this.valuesFiles) this.service.setValuesFiles(this.valuesFiles);
    if (this.workspaceValues) this.service.setWorkspaceValues(this.workspaceValues);
    this.restarts++;
    for (const l of [...this.restartListeners]) l();
  }

  private create(): LanguageService {
    const logger = this.options.logger;
    const chartTemplate = this.options.chartTemplate;
    return (this.options.createService ?? ((l) => createLanguageService({ logger: l, chartTemplate })))(logger);
  }
}

function stuckKey(doc: TextDocument): string {
  return `${doc.uri}\u0000${doc.version}`;
}

/** LIQO002 on the first line: this version was not checked because its check ran past its budget. */
function notChecked(doc: TextDocument, budgetMs: number): Diagnostic {
  const text = doc.getText();
  const nl = text.indexOf('\n');
  const firstLine = (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, '');
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: firstLine.length } },
    severity: DiagnosticSeverity.Warning,
    code: catalog.notChecked.code,
    source,
    message: `Not checked: checking this file took longer than ${(budgetMs / 1000).toFixed(1)} s and was stopped. Other files are still checked; the next edit checks this one again.`,
  };
}
