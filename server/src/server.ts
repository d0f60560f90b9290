// Creates the connection and wires the LSP handlers. Nothing else creates a connection.
import {
  CodeActionKind, createConnection, DidChangeConfigurationNotification, ProposedFeatures, TextDocuments, TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisHost } from './analysis/host';
import { chartTemplatePredicate } from './chartTemplates';
import { registerFeatures } from './lsp/features';
import { Settings } from './lsp/settings';
import { Validator } from './lsp/validation';
import type { ClusterFacts } from './liqo/clusterFacts';
import { clusterFactsNotification, serverStatusRequest, valuesClusterIDsNotification } from './protocol';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const host = new AnalysisHost({
  chartTemplate: chartTemplatePredicate(),
  logger: {
    info: (m) => connection.console.info(m),
    warn: (m) => connection.console.warn(m),
    error: (m) => connection.console.error(m),
  },
});
let facts: ClusterFacts = { takenAt: 0, clusters: [] };
const settings = new Settings(connection);
const validator = new Validator(connection, documents, host, settings);
host.onRestart(() => validator.all());
let dynamicConfig = false;

connection.onInitialize((params) => {
  const workspace = params.capabilities.workspace;
  settings.enablePull(workspace?.configuration === true);
  dynamicConfig = workspace?.didChangeConfiguration?.dynamicRegistration === true;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: [':', ' ', '/'] },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      documentSymbolProvider: true,
    },
    serverInfo: { name: 'liqo-language-server' },
  };
});

connection.onInitialized(() => {
  if (dynamicConfig) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'liqo' });
});

connection.onDidChangeConfiguration(() => {
  settings.changed();
  validator.all();
});

documents.onDidChangeContent((e) => void validator.schedule(e.document.uri));
documents.onDidClose((e) => {
  settings.forget(e.document.uri);
  validator.close(e.document.uri);
});

connection.onNotification(clusterFactsNotification, (f) => {
  facts = f;
  host.setFacts(f);
  validator.all();
});
connection.onNotification(valuesClusterIDsNotification, (files) => {
  const revision = host.valuesRevision;
  host.setWorkspaceValues(Array.isArray(files) ? files : []);
  if (host.valuesRevision !== revision) validator.all();
});
connection.onRequest(serverStatusRequest, () => ({
  documents: documents.all().length,
  factsClusters: facts.clusters.length,
  factsTakenAt: facts.takenAt || undefined,
  checkRestarts: host.restarts,
}));
connection.onShutdown(() => host.dispose());

// A bug of ours in one callback must not take the server, and with it every open file's checks, down.
process.on('uncaughtException', (e) => connection.console.error(`Uncaught error (the server keeps running): ${e.stack ?? e.message}`));
process.on('unhandledRejection', (e) => connection.console.error(`Unhandled rejection (the server keeps running): ${e instanceof Error ? e.stack ?? e.message : String(e)}`));

registerFeatures(connection, documents, host);
documents.listen(connection);
connection.listen();
