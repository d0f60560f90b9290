// How the benchmark starts each of the two language servers it compares.
import * as path from 'path';
import { pathToFileURL } from 'url';
import { HoverRequest, type InitializeParams } from 'vscode-languageserver-protocol/node';
import { serverExecArgv } from '../../client/src/serverProcess';
import { root, startClient, type Client, type ClientOptions } from '../util/lspClient';

export interface ServerSpec {
  name: string;
  command: string[];
  init: Partial<InitializeParams>;
  options: ClientOptions;
  /** Whether published diagnostics carry the document version. */
  versioned: boolean;
  /** Starts the process and returns once it is ready for the workload to be opened. */
  start(): Promise<Client>;
}

export function ourServer(): ServerSpec {
  const spec: ServerSpec = {
    name: 'liqo (ours)',
    // Started as the extension starts it (ctx.ts), with the same Node options.
    command: ['node', ...serverExecArgv, path.join(root, 'dist', 'server.js'), '--stdio'],
    init: {},
    options: {},
    versioned: true,
    start: () => startClient(spec.command, spec.init, spec.options),
  };
  return spec;
}

/**
 * yaml-language-server with one JSON Schema for the 14 Liqo kinds associated with the workload file, the schema
 * store and the Kubernetes CRD store off (so nothing is fetched from the network), validation, completion and hover on.
 */
export function yamlServer(schemaFile: string, workloadFile: string): ServerSpec {
  const yamlSettings = {
    schemas: { [pathToFileURL(schemaFile).href]: path.basename(workloadFile) },
    validate: true,
    completion: true,
    hover: true,
    format: { enable: false },
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
  };
  const sections: Record<string, unknown> = { yaml: yamlSettings, http: {}, '[yaml]': {}, editor: {} };
  // The server pulls its settings after `initialized` and again after each didChangeConfiguration.
  let pulls = 0;
  let pulledTwice: () => void = () => undefined;
  const configured = new Promise<void>((resolve) => { pulledTwice = resolve; });
  const spec: ServerSpec = {
    name: 'yaml-language-server',
    command: ['node', path.join(root, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio'],
    init: {
      rootUri: pathToFileURL(path.dirname(workloadFile)).href,
      capabilities: {
        workspace: { configuration: true },
        textDocument: { publishDiagnostics: { versionSupport: true }, completion: { completionItem: { snippetSupport: true } } },
      },
    },
    options: {
      configuration: (item) => {
        if (item.section === 'yaml' && ++pulls === 2) pulledTwice();
        return item.section !== undefined ? sections[item.section] ?? null : null;
      },
    },
    versioned: false,
    start: async () => {
      const client = await startClient(spec.command, spec.init, spec.options);
      // Tell it the settings changed, as an editor does once its configuration is loaded.
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { yaml: yamlSettings } });
      await configured;
      // Messages are handled in order, so once this round trip returns the settings pulled above are in force.
      await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///not-open.yaml' }, position: { line: 0, character: 0 } });
      return client;
    },
  };
  return spec;
}
