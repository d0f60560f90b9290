// The watchdog around the language service. The service runs in a worker thread; every call has a time budget,
// and the oldest unanswered call is timed. A call past its budget means the worker is stuck (a pathological
// document, a bug of ours): the worker is terminated and a fresh one started, the document version that stuck
// gets LIQO002 instead of a check until it is edited, and every other document is served again at once.
//
// Why a worker and not budget checks in every loop: the loops that can run away are not all ours (the YAML
// parser, ajv, regular expressions), and a check between them cannot stop one that never returns. Terminating
// a thread always works, and costs only the worker's caches.
import { Worker } from 'node:worker_threads';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  DiagnosticSeverity,
  type CodeAction, type CompletionList, type Diagnostic, type DocumentSymbol, type Hover, type Position, type Range,
} from 'vscode-languageserver-types';
import { catalog, source } from '../core/rules/codes';
import type { Logger } from '../core/types';
import type { ClusterFacts } from '../liqo/clusterFacts';
import type { Call, DocRef, FromWorker, ToWorker } from './messages';

/** A token the host can listen to; LSP tokens fit it. */
export interface HostToken {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

export interface HostOptions {
  /** The worker's script: dist/analysisWorker.js beside the server, or a test's own. */
  workerPath: string;
  logger: Logger;
  /** Budget of a validation, by text length; of any other call, fixed. */
  validateBudgetMs?: (textLength: number) => number;
  featureBudgetMs?: number;
  /** Heap limit of the worker: a document that would exhaust memory stops the worker, not the server. */
  maxHeapMb?: number;
}

type Outcome = { ok: true; value: unknown } | { ok: false; stuck: boolean };

interface Pending {
  call: Call;
  budgetMs: number;
  resolve(outcome: Outcome): void;
}

const defaultValidateBudget = (length: number): number => 5000 + Math.ceil(length / 500);

export class AnalysisHost {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** The version of each document the current worker holds. */
  private readonly sent = new Map<string, number>();
  /** Document versions whose check got stuck, with the budget they ran past. */
  private readonly stuck = new Map<string, number>();
  private facts: ClusterFacts | undefined;
  private timer: { id: number; handle: NodeJS.Timeout } | undefined;
  private readonly restartListeners = new Set<() => void>();
  private disposed = false;
  /** How many times the worker was replaced. */
  restarts = 0;

  constructor(private readonly options: HostOptions) {}

  /** Starts the worker ahead of the first call, so that loading it overlaps other work. */
  start(): void {
    if (!this.disposed) this.ensureWorker();
  }

  /** Called after the worker was replaced: the documents it was checking must be checked again. */
  onRestart(listener: () => void): { dispose(): void } {
    this.restartListeners.add(listener);
    return { dispose: () => this.restartListeners.delete(listener) };
  }

  /** Diagnostics of a document; undefined when cancelled, or when a restart for another document cut it short. */
  async validate(doc: TextDocument, token?: HostToken): Promise<Diagnostic[] | undefined> {
    const key = stuckKey(doc);
    if (this.stuck.has(key)) return [notChecked(doc, this.stuck.get(key) ?? 0)];
    const budget = (this.options.validateBudgetMs ?? defaultValidateBudget)(doc.getText().length);
    const out = await this.send({ method: 'validate', doc: this.ref(doc) }, budget, token);
    if (out.ok) return (out.value as Diagnostic[] | null) ?? undefined;
    return out.stuck ? [notChecked(doc, budget)] : undefined;
  }

  complete(doc: TextDocument, position: Position, token?: HostToken): Promise<CompletionList | null> {
    return this.feature(doc, { method: 'complete', doc: this.ref(doc), position }, null, token);
  }

  hover(doc: TextDocument, position: Position, token?: HostToken): Promise<Hover | null> {
    return this.feature(doc, { method: 'hover', doc: this.ref(doc), position }, null, token);
  }

  codeActions(doc: TextDocument, range: Range, diagnostics: Diagnostic[], token?: HostToken): Promise<CodeAction[]> {
    return this.feature(doc, { method: 'codeActions', doc: this.ref(doc), range, diagnostics }, [], token);
  }

  symbols(doc: TextDocument, token?: HostToken): Promise<DocumentSymbol[]> {
    return this.feature(doc, { method: 'symbols', doc: this.ref(doc) }, [], token);
  }

  setFacts(facts: ClusterFacts): void {
    this.facts = facts;
    if (this.worker) void this.send({ method: 'setFacts', facts }, this.options.featureBudgetMs ?? 2000);
  }

  /** The document was closed. */
  forget(uri: string): void {
    for (const key of [...this.stuck.keys()]) if (key.startsWith(`${uri}\u0000`)) this.stuck.delete(key);
    if (!this.sent.delete(uri) || !this.worker) return;
    void this.send({ method: 'forget', uri }, this.options.featureBudgetMs ?? 2000);
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
  }

  private async feature<T>(doc: TextDocument, call: Call, fallback: T, token?: HostToken): Promise<T> {
    if (this.stuck.has(stuckKey(doc))) return fallback;
    const out = await this.send(call, this.options.featureBudgetMs ?? 2000, token);
    return out.ok ? (out.value as T) ?? fallback : fallback;
  }

  /** What the worker needs of a document: its text only when it does not hold this version yet. */
  private ref(doc: TextDocument): DocRef {
    if (this.worker && this.sent.get(doc.uri) === doc.version) return { uri: doc.uri, version: doc.version };
    return { uri: doc.uri, version: doc.version, text: doc.getText() };
  }

  private send(call: Call, budgetMs: number, token?: HostToken): Promise<Outcome> {
    if (this.disposed) return Promise.resolve({ ok: false, stuck: false });
    const worker = this.ensureWorker();
    // A call that was built before this worker existed refers to text the new worker never saw.
    if ('doc' in call && call.doc.text === undefined && this.sent.get(call.doc.uri) !== call.doc.version) {
      return Promise.resolve({ ok: false, stuck: false });
    }
    const id = this.nextId++;
    return new Promise<Outcome>((resolve) => {
      const sub = token?.onCancellationRequested(() => { if (this.worker === worker) worker.postMessage({ cancel: id } satisfies ToWorker); });
      this.pending.set(id, { call, budgetMs, resolve: (o) => { sub?.dispose(); resolve(o); } });
      if ('doc' in call && call.doc.text !== undefined) this.sent.set(call.doc.uri, call.doc.version);
      worker.postMessage({ id, call } satisfies ToWorker);
      this.arm();
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.options.workerPath, {
      // A small young generation, as the server process itself has (serverExecArgv): peak memory stays low while
      // large documents make much short-lived garbage.
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 2048, maxYoungGenerationSizeMb: 6 },
      stdout: false,
      stderr: false,
    });
    this.worker = worker;
    worker.on('message', (m: FromWorker) => this.receive(m));
    worker.on('error', (e) => {
      if (this.worker !== worker) return;
      this.options.logger.error(`The analysis worker failed: ${e.stack ?? e.message}`);
      this.replace(true);
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.options.logger.error(`The analysis worker stopped (exit code ${code}).`);
      this.replace(true);
    });
    if (this.facts) worker.postMessage({ id: this.nextId++, call: { method: 'setFacts', facts: this.facts } } satisfies ToWorker);
    return worker;
  }

  private receive(m: FromWorker): void {
    if ('log' in m) {
      this.options.logger[m.log](m.message);
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if ('error' in m) this.options.logger.error(`${p.call.method} failed: ${m.error}`);
    p.resolve('error' in m ? { ok: false, stuck: false } : { ok: true, value: m.result });
    if (this.timer?.id === m.id) {
      clearTimeout(this.timer.handle);
      this.timer = undefined;
    }
    this.arm();
  }

  /** Times the oldest unanswered call; calls behind it wait for it, so their clocks start when it ends. */
  private arm(): void {
    if (this.timer) return;
    const first = this.pending.entries().next();
    if (first.done) return;
    const [id, p] = first.value;
    this.timer = { id, handle: setTimeout(() => this.timedOut(id), p.budgetMs) };
  }

  private timedOut(id: number): void {
    const p = this.pending.get(id);
    this.timer = undefined;
    if (!p) return;
    const what = 'doc' in p.call ? `${p.call.method} of ${p.call.doc.uri} (version ${p.call.doc.version})` : p.call.method;
    this.options.logger.warn(`${what} took longer than ${p.budgetMs} ms: the analysis worker is restarted, and that version is not checked.`);
    this.replace(true);
  }

  /** Ends the current worker. With `blame`, the oldest unanswered call's document version is marked stuck. */
  private replace(blame: boolean): void {
    const first = this.pending.entries().next();
    if (blame && !first.done) {
      const call = first.value[1].call;
      if ('doc' in call) this.stuck.set(`${call.doc.uri}\u0000${call.doc.version}`, first.value[1].budgetMs);
    }
    const blamedId = blame && !first.done ? first.value[0] : undefined;
    this.stop();
    for (const [id, p] of [...this.pending]) {
      this.pending.delete(id);
      p.resolve({ ok: false, stuck: id === blamedId });
    }
    if (this.disposed) return;
    this.restarts++;
    for (const l of [...this.restartListeners]) l();
  }

  private stop(): void {
    if (this.timer) clearTimeout(this.timer.handle);
    this.timer = undefined;
    const worker = this.worker;
    this.worker = undefined;
    this.sent.clear();
    if (worker) void worker.terminate();
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
