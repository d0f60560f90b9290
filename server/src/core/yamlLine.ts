// Reading one line of block YAML without a parser: its indentation, its `- ` markers and the `key:` on it.
// Completion, hover and the text locator all work on text that may not parse, so they read lines, and they must
// agree with each other and with the YAML parser on what the key of a line is. The reader is a single forward scan,
// so its cost is linear in the line's length whatever the line holds.

/** What one line of block YAML holds. Columns are offsets in the line. */
export interface YamlLine {
  /** Spaces before the first token. YAML indents with spaces only. */
  indent: number;
  /** Column of the last `- ` sequence marker, or -1. */
  dash: number;
  /** Column where the line's node starts, after indentation and markers, anchors and tags included. */
  content: number;
  /** The key as YAML reads it (quotes removed, escapes resolved); undefined when the line has no `key:` to name. */
  key: string | undefined;
  /** Columns of the key as written, quotes included; -1 when there is no key. */
  keyStart: number;
  keyEnd: number;
  /** Column of the `:` that ends the key, or -1. */
  colon: number;
  /** Column where the value after `key:` starts, past the spaces; the line's end when nothing follows; -1 without a key. */
  valueStart: number;
  /**
   * Whether a value follows `key:` on the line, so that no nested block belongs to the key: anything but a comment,
   * anchors and tags alone, or a block scalar header.
   */
  inlineValue: boolean;
}

const space = 0x20;
const tab = 0x09;

function blank(c: number): boolean {
  return c === space || c === tab;
}

/** Characters that cannot start a plain scalar (YAML 1.2 c-indicator), apart from `-`, `?` and `:` before a non-blank. */
const notPlainStart = new Set(',[]{}#&*!|>\'"%@`');

/**
 * Reads a line of block YAML. `from` starts the reading at a column, as if the line began there: the text locator
 * uses it for the content of a sequence item whose `-` it has already read.
 *
 * YAML's rules decide: a plain key may hold `:` and `#` that are not followed, respectively preceded, by a blank; a
 * single-quoted key doubles its quotes; a double-quoted key has escapes; anchors and tags before a key are not part
 * of it; an alias, a flow collection or an explicit `? ` key gives no key; a tab may separate tokens but never
 * indent, so a line indented with a tab, or a key after a tab that follows a `-`, has no key.
 */
export function readLine(line: string, from = 0): YamlLine {
  let end = line.length;
  if (end > from && line.charCodeAt(end - 1) === 0x0d) end--;
  let i = from;
  while (i < end && line.charCodeAt(i) === space) i++;
  const out: YamlLine = { indent: i, dash: -1, content: i, key: undefined, keyStart: -1, keyEnd: -1, colon: -1, valueStart: -1, inlineValue: false };
  if (i < end && line.charCodeAt(i) === tab) return out;
  if (i === 0 && isDocumentMarker(line, end)) return out;
  while (i < end && line.charCodeAt(i) === 0x2d && (i + 1 === end || blank(line.charCodeAt(i + 1)))) {
    out.dash = i;
    i++;
    let tabbed = false;
    while (i < end && blank(line.charCodeAt(i))) tabbed = tabbed || line.charCodeAt(i++) === tab;
    out.content = i;
    // The blanks after a `-` indent what follows it, and a tab cannot indent.
    if (tabbed) return out;
  }
  i = skipProperties(line, i, end);
  if (i < 0) return out;
  const key = readKey(line, i, end);
  if (!key) return out;
  let v = key.colon + 1;
  while (v < end && blank(line.charCodeAt(v))) v++;
  out.key = key.text;
  out.keyStart = i;
  out.keyEnd = key.end;
  out.colon = key.colon;
  out.valueStart = v;
  out.inlineValue = hasValue(line, v, end);
  return out;
}

function isDocumentMarker(line: string, end: number): boolean {
  return (line.startsWith('---') || line.startsWith('...')) && (end === 3 || (end > 3 && blank(line.charCodeAt(3))));
}

/** Skips anchors and tags and the blanks after them; -1 when nothing follows them on the line. */
function skipProperties(line: string, i: number, end: number): number {
  while (i < end && (line[i] === '&' || line[i] === '!')) {
    while (i < end && !blank(line.charCodeAt(i))) i++;
    while (i < end && blank(line.charCodeAt(i))) i++;
  }
  return i < end ? i : -1;
}

interface Key {
  text: string;
  /** Column after the key's last character (its closing quote, or its last non-blank). */
  end: number;
  colon: number;
}

function readKey(line: string, start: number, end: number): Key | undefined {
  const c = line[start];
  if (c === '"' || c === "'") {
    const quoted = c === '"' ? doubleQuoted(line, start, end) : singleQuoted(line, start, end);
    if (!quoted) return undefined;
    let colon = quoted.end;
    while (colon < end && blank(line.charCodeAt(colon))) colon++;
    return isIndicator(line, colon, end) ? { text: quoted.text, end: quoted.end, colon } : undefined;
  }
  if (notPlainStart.has(c)) return undefined;
  if ((c === '-' || c === '?' || c === ':') && (start + 1 === end || blank(line.charCodeAt(start + 1)))) return undefined;
  let last = start + 1;
  for (let i = start; i < end; i++) {
    const code = line.charCodeAt(i);
    if (blank(code)) continue;
    if (code === 0x3a && isIndicator(line, i, end)) return { text: line.slice(start, last), end: last, colon: i };
    if (code === 0x23 && blank(line.charCodeAt(i - 1))) return undefined;
    last = i + 1;
  }
  return undefined;
}

/** Whether a `:` at `i` is the value indicator: followed by a blank or the end of the line. */
function isIndicator(line: string, i: number, end: number): boolean {
  return i < end && line.charCodeAt(i) === 0x3a && (i + 1 === end || blank(line.charCodeAt(i + 1)));
}

function singleQuoted(line: string, start: number, end: number): { text: string; end: number } | undefined {
  let text = '';
  let from = start + 1;
  for (let i = from; i < end; i++) {
    if (line[i] !== "'") continue;
    text += line.slice(from, i);
    if (i + 1 >= end || line[i + 1] !== "'") return { text, end: i + 1 };
    text += "'";
    from = ++i + 1;
  }
  return undefined;
}

/** YAML 1.2's escapes in double-quoted scalars (section 5.7). */
const escapes = new Map(Object.entries({
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"',
  '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
}));
const hexLength = new Map([['x', 2], ['u', 4], ['U', 8]]);

/** A double-quoted key with its escapes resolved; undefined when it is not closed on the line or has a bad escape. */
function doubleQuoted(line: string, start: number, end: number): { text: string; end: number } | undefined {
  let text = '';
  let from = start + 1;
  for (let i = from; i < end; i++) {
    const c = line[i];
    if (c === '"') return { text: text + line.slice(from, i), end: i + 1 };
    if (c !== '\\') continue;
    text += line.slice(from, i);
    if (i + 1 >= end) return undefined;
    const e = line[i + 1];
    const simple = escapes.get(e);
    const length = hexLength.get(e);
    if (simple !== undefined) {
      text += simple;
      i++;
    } else if (length !== undefined) {
      const digits = line.slice(i + 2, Math.min(i + 2 + length, end));
      if (digits.length !== length || !/^[0-9a-fA-F]+$/.test(digits)) return undefined;
      const code = parseInt(digits, 16);
      if (code > 0x10ffff) return undefined;
      text += String.fromCodePoint(code);
      i += 1 + digits.length;
    } else {
      return undefined;
    }
    from = i + 1;
  }
  return undefined;
}

function hasValue(line: string, i: number, end: number): boolean {
  const start = skipProperties(line, i, end);
  return start >= 0 && line[start] !== '#' && line[start] !== '|' && line[start] !== '>';
}
