// Thin request handlers: find the document, pass the token, call the analysis host, and never let a failure escape.
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisHost } from '../analysis/host';

export function registerFeatures(connection: Connection, documents: TextDocuments<TextDocument>, host: AnalysisHost): void {
  const guard = async <T>(what: string, fallback: T, f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (e) {
      connection.console.error(`${what} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return fallback;
    }
  };

  connection.onCompletion((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || token.isCancellationRequested) return null;
    return guard('Completion', null, () => host.complete(doc, params.position, token));
  });

  connection.onHover((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || token.isCancellationRequested) return null;
    return guard('Hover', null, () => host.hover(doc, params.position, token));
  });

  connection.onCodeAction((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || token.isCancellationRequested) return [];
    return guard('Code actions', [], () => host.codeActions(doc, params.range, params.context.diagnostics, token));
  });

  connection.onDocumentSymbol((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || token.isCancellationRequested) return [];
    return guard('Outline', [], () => host.symbols(doc, token));
  });
}
