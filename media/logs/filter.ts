// Which lines the log viewer shows. Plain text matches case-insensitively anywhere in the line; text written as
// /pattern/flags is a regular expression. Invert shows the lines that do not match.

export interface FilterSpec {
  text: string;
  invert: boolean;
}

export interface LineFilter {
  /** True when the filter lets every line through. */
  all: boolean;
  test(line: string): boolean;
  /** Why the text could not be used; the filter then shows every line. */
  error?: string;
}

const everything: LineFilter = { all: true, test: () => true };

export function compileFilter(spec: FilterSpec): LineFilter {
  if (!spec.text) return everything;
  let match: (line: string) => boolean;
  const asRegex = /^\/(.+)\/([imsu]*)$/.exec(spec.text);
  if (asRegex) {
    let re: RegExp;
    try {
      // Never the g or y flag: a stateful lastIndex would make test() skip lines.
      re = new RegExp(asRegex[1] ?? '', asRegex[2]);
    } catch (e) {
      return { ...everything, error: `not a regular expression: ${e instanceof Error ? e.message : String(e)}` };
    }
    match = (line) => re.test(line);
  } else {
    const needle = spec.text.toLowerCase();
    match = (line) => line.toLowerCase().includes(needle);
  }
  return { all: false, test: spec.invert ? (line) => !match(line) : match };
}
