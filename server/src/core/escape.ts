// Text from outside (schema descriptions and enums a cluster serves, label keys and values, cluster and node
// names from the facts, keys of the document) made inert where the editor would read it as markup: Markdown in
// hover and completion documentation, snippet syntax in inserted text, YAML structure in inserted values. Every
// such string in the core goes through one of these.

/** C0 and C1 control characters other than tab and newline (ANSI escapes start with ESC), and bidi overrides. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Drops control characters (an ANSI escape loses its ESC and shows as plain text). */
export function stripControl(s: string): string {
  return s.replace(CONTROL, '');
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/**
 * Plain text for Markdown, shown as itself: backslash escapes (CommonMark shows an escaped punctuation character as
 * itself) on what could start markup anywhere in a line (emphasis, code, links and images, HTML and entities,
 * tables, strikethrough), on what starts a block at a line's start (heading, quote, list, rule), and on what GFM
 * would turn into an autolink (`https://`, `www.`, an e-mail address; so a `command:` URI has no way to become a
 * link either). Newlines stay (descriptions have paragraphs); control characters go; long text is cut.
 */
export function markdownText(s: string, max = 8000): string {
  return clip(stripControl(s).replace(/\r\n?/g, '\n'), max)
    .replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`)
    .replace(/^([ \t]*)([#>+=-]|\d+(?=[.)]))/gm, (_, indent: string, mark: string) => (/\d/.test(mark) ? `${indent}${mark}\\` : `${indent}\\${mark}`))
    .replace(/:(?=\/\/)/g, '\\:')
    .replace(/\b(www)\./gi, '$1\\.')
    .replace(/@(?=[\w-]+\.\w)/g, '\\@');
}

/**
 * Inline code: fenced with one more backtick than the longest run inside, on one line. Nothing in a code span is
 * markup, so this is all it takes.
 */
export function markdownCode(s: string, max = 200): string {
  const text = clip(stripControl(s).replace(/[\r\n]+/g, ' '), max);
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || (text.startsWith(' ') && text.endsWith(' ') && text.trim()) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Literal text inside a snippet: `$`, `}` and `\` escaped, so `$CLIPBOARD` or `${1:x}` stay text. */
export function snippetText(s: string): string {
  return s.replace(/[$}\\]/g, (c) => `\\${c}`);
}

/**
 * A string as a YAML scalar to insert after `key: ` or `- `: as is when it is plainly one token (letters, digits,
 * `_`, `.`, `/`, `-`, not starting with `-`), else double-quoted as JSON, which YAML reads the same (a newline
 * stays inside the string instead of starting a new key).
 */
export function yamlScalar(s: string): string {
  return /^[A-Za-z0-9_.][A-Za-z0-9_./-]*$/.test(s) ? s : JSON.stringify(s);
}
