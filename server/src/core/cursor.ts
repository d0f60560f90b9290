// Where the cursor is in a YAML document, read from indentation. It works on half-typed documents that do not
// parse, which is exactly when completion is asked for.
import type { Path } from './ast';

export interface Cursor {
  /** 'key' when typing a key, 'value' after `key:`. */
  mode: 'key' | 'value';
  /** For 'key': the path of the map being typed into. For 'value': the path of the key whose value is typed. */
  path: Path;
  /** What is typed so far of the current key or value. */
  prefix: string;
  /** Offset where the current token starts; completions replace from here to the cursor. */
  tokenStart: number;
  /** Column of the key being typed (or of the key whose value is typed). */
  column: number;
}

interface Line {
  indent: number;
  /** Column of the last `- ` marker, or -1. */
  dash: number;
  /** Column of the key, or -1 when the line has no `key:`. */
  keyCol: number;
  key: string | undefined;
  /** Whether something follows `key:` on the same line (then it holds no nested block). */
  inline: boolean;
}

const keyLine = /^(\s*)((?:-\s+)*)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s#'"{[][^#]*?)\s*:(?:\s+(.*))?$/;
const dashLine = /^(\s*)((?:-\s+)+|-$)/;

function unquote(k: string): string {
  return /^["'].*["']$/.test(k) ? k.slice(1, -1) : k;
}

function parseLine(text: string): Line | undefined {
  const trimmed = text.trimEnd();
  if (!trimmed.trim() || trimmed.trim().startsWith('#')) return undefined;
  const m = keyLine.exec(trimmed);
  if (m) {
    const indent = m[1].length;
    const dashes = m[2];
    const rest = (m[4] ?? '').trim();
    const dash = dashes ? indent + dashes.lastIndexOf('-') : -1;
    return { indent, dash, keyCol: indent + dashes.length, key: unquote(m[3]), inline: rest !== '' && !rest.startsWith('#') && !/^[|>]/.test(rest) && !/^&\S+$/.test(rest) };
  }
  const d = dashLine.exec(trimmed);
  if (d) {
    const indent = d[1].length;
    return { indent, dash: indent + d[2].trimEnd().lastIndexOf('-'), keyCol: -1, key: undefined, inline: true };
  }
  return { indent: trimmed.length - trimmed.trimStart().length, dash: -1, keyCol: -1, key: undefined, inline: true };
}

/**
 * The path of the parent of an element found at `col` on line `lineNo`. `isDash` says whether the element is a
 * sequence item (its `-` at `col`) rather than a map key.
 */
function parentPath(lines: string[], lineNo: number, col: number, isDash: boolean): Path {
  const path: Path = [];
  let seeking = col;
  let dash = isDash;
  let index = 0;
  for (let i = lineNo - 1; i >= 0 && (seeking > 0 || dash); i--) {
    const l = parseLine(lines[i]);
    if (!l) continue;
    if (dash) {
      // An earlier item of the same sequence.
      if (l.dash === seeking) { index++; continue; }
      // The key that holds the sequence: less indented, or at the same column (a compact sequence). A key on
      // a `-` line at this column was handled above as an earlier item.
      if (l.keyCol >= 0 && l.keyCol <= seeking && !l.inline && l.key !== undefined) {
        path.unshift(l.key, index);
        if (l.dash >= 0) { seeking = l.dash; index = 0; } else { seeking = l.keyCol; dash = false; }
      }
      continue;
    }
    // The key shares a sequence item with the key on this `-` line, or the `-` stands alone above it.
    if (l.dash >= 0 && l.dash < seeking && (l.keyCol === seeking || l.keyCol < 0)) {
      seeking = l.dash;
      dash = true;
      index = 0;
      continue;
    }
    if (l.keyCol >= 0 && l.keyCol < seeking && !l.inline && l.key !== undefined) {
      path.unshift(l.key);
      if (l.dash >= 0) { seeking = l.dash; dash = true; index = 0; } else seeking = l.keyCol;
    }
  }
  return path;
}

/** Reads the cursor's situation at `offset` in a document's text. */
export function cursorAt(text: string, offset: number): Cursor {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const lines = text.slice(0, lineStart).split('\n');
  lines.pop();
  const lineNo = lines.length;
  const withCurrent = [...lines, before];
  const value = /^(\s*)((?:-\s+)*)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s#'"{[][^:#]*?)\s*:\s+(.*)$/.exec(before) ?? /^(\s*)((?:-\s+)*)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s#'"{[][^:#]*?):()$/.exec(before);
  if (value) {
    const column = value[1].length + value[2].length;
    const prefix = value[4];
    const parent = keyParent(withCurrent, lineNo, value[1].length, value[2], column);
    return { mode: 'value', path: [...parent, unquote(value[3])], prefix, tokenStart: offset - prefix.length, column };
  }
  const m = /^(\s*)((?:-\s+)*)(.*)$/.exec(before) ?? ['', '', '', ''];
  const column = m[1].length + m[2].length;
  const prefix = m[3];
  const parent = keyParent(withCurrent, lineNo, m[1].length, m[2], column);
  return { mode: 'key', path: parent, prefix, tokenStart: offset - prefix.length, column };
}

/** Parent path of a key at `column` on the current line, which may itself start a sequence item. */
function keyParent(lines: string[], lineNo: number, indent: number, dashes: string, column: number): Path {
  if (dashes) return parentPath(lines, lineNo, indent + dashes.lastIndexOf('-'), true);
  return parentPath(lines, lineNo, column, false);
}
