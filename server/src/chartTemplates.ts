// Whether a file is a template of a Helm chart by where it lies: under a `templates/` folder with the chart's
// `Chart.yaml` beside that folder. The server and liqo-lint give this to the language core, which has no file
// system. Only the existence of Chart.yaml is looked at; nothing is read.
import { existsSync } from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';

/** A predicate over document URIs, remembering each chart folder's answer. */
export function chartTemplatePredicate(): (uri: string) => boolean {
  const known = new Map<string, boolean>();
  return (uri) => {
    if (!uri.startsWith('file:')) return false;
    let file: string;
    try {
      file = fileURLToPath(uri);
    } catch {
      return false;
    }
    const parts = file.split(path.sep);
    for (let i = parts.length - 2; i > 0; i--) {
      if (parts[i] !== 'templates') continue;
      const chart = parts.slice(0, i).join(path.sep) || path.sep;
      let yes = known.get(chart);
      if (yes === undefined) {
        yes = existsSync(path.join(chart, 'Chart.yaml'));
        if (known.size > 1000) known.clear();
        known.set(chart, yes);
      }
      if (yes) return true;
    }
    return false;
  };
}
