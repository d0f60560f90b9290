// One typed view of the `liqo.*` settings declared in package.json.
import * as vscode from 'vscode';

export interface Settings {
  validationEnable: boolean;
  debounceMs: number;
  traceServer: 'off' | 'messages' | 'verbose';
}

export const defaults: Settings = { validationEnable: true, debounceMs: 150, traceServer: 'off' };

/** Settings whose change only takes effect after the language server restarts. */
const restartKeys = ['liqo.trace.server'];

export class Config {
  get settings(): Settings {
    const c = vscode.workspace.getConfiguration('liqo');
    return {
      validationEnable: c.get('validation.enable', defaults.validationEnable),
      debounceMs: c.get('validation.debounceMs', defaults.debounceMs),
      traceServer: c.get('trace.server', defaults.traceServer),
    };
  }

  /** Whether a configuration change needs the language server to restart. */
  needsRestart(e: vscode.ConfigurationChangeEvent): boolean {
    return restartKeys.some((k) => e.affectsConfiguration(k));
  }
}
