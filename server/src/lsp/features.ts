// Thin request handlers: find the document, pass the token, call the core, and never let a failure escape.
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageService } from '../core/service';

export function registerFeatures(connection: Connection, documents: TextDocuments<TextDocument>, service: LanguageService): void {
  const guard = <T>(what: string, fallback: T, f: () => T): T => {
    try {
      return f();
    } catch (e) {
      connection.console.error(`${what} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return fallback;
    }
  };

  connection.onCompletion((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || token.isCancellationRequested) return null;
    return guard('Completion', null, () => service.complete(doc, params.position, token));
  });

  connection.onHover((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || token.isCancellationRequested) return null;
    return guard('Hover', null, () => service.hover(doc, params.position, token));
  });

  connection.onCodeAction((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || token.isCancellationRequested) return [];
    return guard('Code actions', [], () => service.codeActions(doc, params.range, params.context.diagnostics, token));
  });

  connection.onDocumentSymbol((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || token.isCancellationRequested) return [];
    return guard('Outline', [], () => service.symbols(doc, token));
  });
}
