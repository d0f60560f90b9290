// Which files are values files of Liqo's Helm chart, and which kubeconfig context such a file installs to.
// Other charts' values files must stay quiet, so a file is ours only when its path matches one of the globs (the
// `liqo.helmValues.files` setting) or its first line says `# liqo-values`.

/** The default of `liqo.helmValues.files`. */
export const defaultValuesGlobs: readonly string[] = ['**/*liqo*values*.{yaml,yml}', '**/liqo/**/values*.{yaml,yml}'];

/** `# liqo-values` on the first line, optionally naming the context: `# liqo-values context=admin@k8s-gpu`. */
const marker = /^#\s*liqo-values\b(?:[ \t]+context=(\S+))?[ \t]*\r?$/;

/** A subchart's values (`charts/<name>/values.yaml`) belong to that subchart, unless the subchart is Liqo. */
const subchartValues = /\/charts\/(?!liqo\/)[^/]+\/values[^/]*$/;

/**
 * A glob as VS Code reads them (`**`, `*`, `?`, `{a,b}`, `[abc]`) as a regular expression over a path with `/`
 * separators. A glob without a leading `**` matches at the end of the path, from a folder boundary: the core does
 * not know the workspace's folders.
 */
export function globRegExp(glob: string): RegExp {
  let re = '';
  let i = 0;
  let braces = 0;
  const g = glob.replace(/\\/g, '/').replace(/^\.\//, '');
  while (i < g.length) {
    const c = g[i];
    if (c === '*' && g[i + 1] === '*') {
      const slash = g[i + 2] === '/';
      re += slash ? '(?:[^/]*/)*' : '.*';
      i += slash ? 3 : 2;
      continue;
    }
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') { re += '(?:'; braces++; }
    else if (c === '}' && braces > 0) { re += ')'; braces--; }
    else if (c === ',' && braces > 0) re += '|';
    else if (c === '[') {
      const close = g.indexOf(']', i + 1);
      if (close > i + 1) {
        const body = g.slice(i + 1, close).replace(/^!/, '^').replace(/[\\\]]/g, '\\$&');
        re += `[${body}]`;
        i = close + 1;
        continue;
      }
      re += '\\[';
    } else re += c.replace(/[.+^$()|\\/]/g, '\\$&');
    i++;
  }
  re += ')'.repeat(braces);
  return new RegExp(`(?:^|/)${re}$`);
}

/** The path part of a document URI, decoded; the URI itself when it is not a file or untitled one. */
export function uriPath(uri: string): string {
  const m = /^[a-z][a-z0-9+.-]*:(?:\/\/[^/]*)?(\/.*)?$/i.exec(uri);
  const p = m ? (m[1] ?? '') : uri;
  try {
    return decodeURIComponent(p.replace(/[?#].*$/, ''));
  } catch {
    return p;
  }
}

export interface ValuesFileMatcher {
  /** Whether the file at `uri`, whose text starts with `firstLine`, is a Liqo values file. */
  matches(uri: string, firstLine: string): boolean;
}

export function valuesFileMatcher(globs: readonly string[]): ValuesFileMatcher {
  const patterns = globs.filter((g) => typeof g === 'string' && g.length > 0 && g.length < 500).map(globRegExp);
  return {
    matches(uri, firstLine) {
      if (marker.test(firstLine)) return true;
      const p = uriPath(uri);
      if (!/\.ya?ml$/i.test(p) || subchartValues.test(p)) return false;
      return patterns.some((re) => re.test(p));
    },
  };
}

/** The context a values file names on its first line, if any. */
export function markedContext(firstLine: string): string | undefined {
  return marker.exec(firstLine)?.[1];
}

/**
 * The contexts a values file installs to: the one its first line names, else those whose name (or the part after
 * `@`, as in `admin@k8s-gpu`) the file's name holds as a whole word, the longest name winning. Several contexts of
 * one cluster (`admin@k8s-gpu`, `viewer@k8s-gpu`) all fit; the caller compares their clusters.
 */
export function contextsOfValuesFile(uri: string, firstLine: string, contexts: readonly string[]): string[] {
  const named = markedContext(firstLine);
  if (named !== undefined) return contexts.includes(named) ? [named] : [];
  const base = (uriPath(uri).split('/').pop() ?? '').replace(/\.ya?ml$/i, '').toLowerCase();
  let best: string[] = [];
  let length = 0;
  for (const context of contexts) {
    const at = context.indexOf('@');
    const fits = [context, at >= 0 ? context.slice(at + 1) : ''].filter((n) => n && wordIn(base, n.toLowerCase()));
    const longest = Math.max(0, ...fits.map((n) => n.length));
    if (!longest || longest < length) continue;
    if (longest > length) { best = []; length = longest; }
    best.push(context);
  }
  return best;
}

function wordIn(text: string, word: string): boolean {
  let from = 0;
  for (;;) {
    const i = text.indexOf(word, from);
    if (i < 0) return false;
    const before = i === 0 || /[-._ ]/.test(text[i - 1]);
    const after = i + word.length === text.length || /[-._ ]/.test(text[i + word.length]);
    if (before && after) return true;
    from = i + 1;
  }
}
