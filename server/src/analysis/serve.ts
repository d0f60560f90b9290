// The analysis worker's side: receives calls, keeps the documents it was sent, runs the language service and
// answers. Split from the entry point so that a test can serve a service of its own (say, one with a rule that
// never ends) through the same code.
import type { MessagePort } from 'node:worker_threads';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageService } from '../core/service';
import type { Cancel, Logger } from '../core/types';
import type { Call, DocRef, FromWorker, ToWorker } from './messages';

/** A logger that writes into the server's log through the main thread. */
export function portLogger(port: MessagePort): Logger {
  const post = (log: 'info' | 'warn' | 'error') => (message: string) => port.postMessage({ log, message } satisfies FromWorker);
  return { info: post('info'), warn: post('warn'), error: post('error') };
}

export function serveAnalysis(port: MessagePort, service: LanguageService): void {
  const docs = new Map<string, TextDocument>();
  const cancelled = new Set<number>();

  const docOf = (ref: DocRef): TextDocument => {
    let doc = docs.get(ref.uri);
    if (ref.text !== undefined || !doc || doc.version !== ref.version) {
      if (ref.text === undefined) throw new Error(`the worker has no text of ${ref.uri} version ${ref.version}`);
      doc = TextDocument.create(ref.uri, 'yaml', ref.version, ref.text);
      docs.set(ref.uri, doc);
    }
    return doc;
  };

  const run = async (call: Call, token: Cancel): Promise<unknown> => {
    switch (call.method) {
      case 'validate': return (await service.validate(docOf(call.doc), token)) ?? null;
      case 'complete': return service.complete(docOf(call.doc), call.position, token);
      case 'hover': return service.hover(docOf(call.doc), call.position, token);
      case 'codeActions': return service.codeActions(docOf(call.doc), call.range, call.diagnostics, token);
      case 'symbols': return service.symbols(docOf(call.doc), token);
      case 'setFacts': service.setFacts(call.facts); return null;
      case 'forget': docs.delete(call.uri); service.forget(call.uri); return null;
    }
  };

  port.on('message', (m: ToWorker) => {
    if ('cancel' in m) { cancelled.add(m.cancel); return; }
    const token = { get isCancellationRequested() { return cancelled.has(m.id); } };
    run(m.call, token).then(
      (result) => port.postMessage({ id: m.id, result } satisfies FromWorker),
      (e: unknown) => port.postMessage({ id: m.id, error: e instanceof Error ? e.stack ?? e.message : String(e) } satisfies FromWorker),
    ).finally(() => cancelled.delete(m.id));
  });
}
