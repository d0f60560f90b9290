// One typed view of the `liqo.*` settings declared in package.json.
import * as vscode from 'vscode';

export interface Settings {
  validationEnable: boolean;
  debounceMs: number;
  traceServer: 'off' | 'messages' | 'verbose';
  /** Kubeconfig files to read instead of KUBECONFIG (machine scope: a workspace can never set it). */
  kubeconfigPaths: string[];
  requestTimeoutMs: number;
  logsMaxLines: number;
  logsTailLines: number;
  gpuResource: string;
}

export const defaults: Settings = {
  validationEnable: true, debounceMs: 150, traceServer: 'off', kubeconfigPaths: [], requestTimeoutMs: 10_000,
  logsMaxLines: 10_000, logsTailLines: 200, gpuResource: 'nvidia.com/gpu',
};

/** Settings whose change only takes effect after the language server restarts. */
const restartKeys = ['liqo.trace.server'];
/** Settings whose change means the cluster sessions must be rebuilt. */
const clusterKeys = ['liqo.clusters.kubeconfig', 'liqo.clusters.requestTimeoutMs'];

export class Config {
  get settings(): Settings {
    const c = vscode.workspace.getConfiguration('liqo');
    // Only the user's (machine or global) value counts for the kubeconfig list, whatever the workspace says.
    const kc = c.inspect<string[]>('clusters.kubeconfig');
    return {
      validationEnable: c.get('validation.enable', defaults.validationEnable),
      debounceMs: c.get('validation.debounceMs', defaults.debounceMs),
      traceServer: c.get('trace.server', defaults.traceServer),
      kubeconfigPaths: Array.isArray(kc?.globalValue) ? kc.globalValue.filter((p) => typeof p === 'string') : defaults.kubeconfigPaths,
      requestTimeoutMs: c.get('clusters.requestTimeoutMs', defaults.requestTimeoutMs),
      logsMaxLines: c.get('logs.maxLines', defaults.logsMaxLines),
      logsTailLines: c.get('logs.tailLines', defaults.logsTailLines),
      gpuResource: c.get('clusters.gpuResource', defaults.gpuResource),
    };
  }

  /** Whether a configuration change needs the language server to restart. */
  needsRestart(e: vscode.ConfigurationChangeEvent): boolean {
    return restartKeys.some((k) => e.affectsConfiguration(k));
  }

  /** Whether a configuration change needs the cluster sessions to be rebuilt. */
  needsClusterReload(e: vscode.ConfigurationChangeEvent): boolean {
    return clusterKeys.some((k) => e.affectsConfiguration(k));
  }
}
