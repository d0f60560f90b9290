// The server's view of the `liqo.*` settings, pulled per document and dropped when they change.
import type { Connection } from 'vscode-languageserver/node';
import { defaultValuesGlobs } from '../core/helm/valuesFiles';

export interface ServerSettings {
  validationEnable: boolean;
  debounceMs: number;
  /** Globs that name Liqo's Helm values files (`liqo.helmValues.files`). */
  helmValuesFiles: readonly string[];
}

export const defaultSettings: ServerSettings = { validationEnable: true, debounceMs: 150, helmValuesFiles: defaultValuesGlobs };

interface RawSettings {
  validation?: { enable?: boolean; debounceMs?: number };
  helmValues?: { files?: unknown };
}

function fromRaw(raw: RawSettings | undefined): ServerSettings {
  const debounce = raw?.validation?.debounceMs;
  return {
    validationEnable: raw?.validation?.enable ?? defaultSettings.validationEnable,
    debounceMs: typeof debounce === 'number' && debounce >= 0 && debounce <= 5000 ? debounce : defaultSettings.debounceMs,
    helmValuesFiles: globList(raw?.helmValues?.files) ?? defaultSettings.helmValuesFiles,
  };
}

/** A list of globs from the settings, or undefined when it is not one (then the default applies). */
function globList(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.filter((g): g is string => typeof g === 'string' && g.trim() !== '').slice(0, 100);
}

export class Settings {
  private readonly perDocument = new Map<string, Promise<ServerSettings>>();
  private pull = false;

  constructor(private readonly connection: Connection) {}

  /** Whether the client answers workspace/configuration; otherwise the defaults apply. */
  enablePull(on: boolean): void {
    this.pull = on;
  }

  forDocument(uri: string): Promise<ServerSettings> {
    if (!this.pull) return Promise.resolve(defaultSettings);
    let s = this.perDocument.get(uri);
    if (!s) {
      s = this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'liqo' })
        .then((raw: RawSettings | undefined) => fromRaw(raw), () => defaultSettings);
      this.perDocument.set(uri, s);
    }
    return s;
  }

  forget(uri: string): void {
    this.perDocument.delete(uri);
  }

  changed(): void {
    this.perDocument.clear();
  }
}
