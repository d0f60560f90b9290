// Where the cursor is in a YAML document, read from indentation. It works on half-typed documents that do not
// parse, which is exactly when completion is asked for.
import type { Path } from './ast';
import { readLine } from './yamlLine';

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
    // A key's column is where its node starts: after the markers, before its anchor or tag.
    const l = readLine(lines[i]);
    if (dash) {
      // An earlier item of the same sequence.
      if (l.dash === seeking) { index++; continue; }
      // The key that holds the sequence: less indented, or at the same column (a compact sequence). A key on
      // a `-` line at this column was handled above as an earlier item.
      if (l.key !== undefined && l.content <= seeking && !l.inlineValue) {
        path.unshift(l.key, index);
        if (l.dash >= 0) { seeking = l.dash; index = 0; } else { seeking = l.content; dash = false; }
      }
      continue;
    }
    // The key shares a sequence item with the key on this `-` line, or the `-` stands alone above it.
    if (l.dash >= 0 && l.dash < seeking && (l.key === undefined || l.content === seeking)) {
      seeking = l.dash;
      dash = true;
      index = 0;
      continue;
    }
    if (l.key !== undefined && l.content < seeking && !l.inlineValue) {
      path.unshift(l.key);
      if (l.dash >= 0) { seeking = l.dash; dash = true; index = 0; } else seeking = l.content;
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
  const value = readLine(before);
  if (value.key !== undefined) {
    const prefix = before.slice(value.valueStart);
    const parent = keyParent(withCurrent, lineNo, value.dash, value.content);
    return { mode: 'value', path: [...parent, value.key], prefix, tokenStart: offset - prefix.length, column: value.content };
  }
  // A `-` just typed may yet become the start of a key such as `-x`: it is not a marker until a blank follows it.
  const key = before.endsWith('-') ? readLine(before.slice(0, -1)) : value;
  const column = key.content;
  const prefix = before.slice(column);
  const parent = keyParent(withCurrent, lineNo, key.dash, column);
  return { mode: 'key', path: parent, prefix, tokenStart: offset - prefix.length, column };
}

/** Parent path of a key at `column` on the current line, which may itself start a sequence item (its last `-` at `dash`). */
function keyParent(lines: string[], lineNo: number, dash: number, column: number): Path {
  if (dash >= 0) return parentPath(lines, lineNo, dash, true);
  return parentPath(lines, lineNo, column, false);
}
