// Creates the connection and wires the LSP handlers. Nothing else creates a connection.
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from './core/service';
import { clusterFactsNotification } from './protocol';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const service = createLanguageService();

connection.onInitialize(() => ({
  capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
}));

documents.onDidChangeContent((e) => {
  void connection.sendDiagnostics({ uri: e.document.uri, version: e.document.version, diagnostics: service.validate(e.document) });
});
documents.onDidClose((e) => service.forget(e.document.uri));
connection.onNotification(clusterFactsNotification, (facts) => service.setFacts(facts));

documents.listen(connection);
connection.listen();
