// Messages between the server's main thread and the analysis worker. The main thread owns the connection and
// the open documents; the worker owns the language service and its caches.
import type { Position, Range, Diagnostic } from 'vscode-languageserver-types';
import type { ClusterFacts } from '../liqo/clusterFacts';

/** A document as the worker last received it; `text` is left out when the worker already has this version. */
export interface DocRef {
  uri: string;
  version: number;
  text?: string;
}

export type Call =
  | { method: 'validate'; doc: DocRef }
  | { method: 'complete'; doc: DocRef; position: Position }
  | { method: 'hover'; doc: DocRef; position: Position }
  | { method: 'codeActions'; doc: DocRef; range: Range; diagnostics: Diagnostic[] }
  | { method: 'symbols'; doc: DocRef }
  | { method: 'setFacts'; facts: ClusterFacts }
  | { method: 'forget'; uri: string };

/** main -> worker: a call, or the cancellation of one. */
export type ToWorker = { id: number; call: Call } | { cancel: number };

/** worker -> main: the answer to a call, or a line for the server's log. */
export type FromWorker =
  | { id: number; result: unknown }
  | { id: number; error: string }
  | { log: 'info' | 'warn' | 'error'; message: string };
