// Finding a data path in block-style YAML by reading indentation, without building a syntax tree. Manifests
// are nearly always plain block YAML, and placing a diagnostic this way costs a few line scans instead of a
// full parse. Anything less plain (flow collections on the way, multi-line scalars, tabs, anchors, escapes)
// returns undefined and the caller falls back to the syntax tree.
import type { Path } from './ast';
import { readLine, type YamlLine } from './yamlLine';

export interface TextSpot {
  key: [number, number] | undefined;
  /** The scalar value on the key's line; undefined when the value is a nested block or empty. */
  value: [number, number] | undefined;
}

interface Line {
  start: number;
  text: string;
}

interface Region {
  from: number;
  to: number;
  /** For a sequence item that starts on its `-` line, where the item's content starts on that line. */
  firstColumn?: number;
}

function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    out.push({ start, text: text.slice(start, end).replace(/\r$/, '') });
    if (nl < 0) return out;
    start = nl + 1;
  }
}

/** Indentation and content of a line inside a region; undefined for blank, comment and marker lines. */
function contentOf(lines: Line[], i: number, region: Region): { column: number; content: string } | undefined {
  const line = lines[i].text;
  const column = i === region.from && region.firstColumn !== undefined ? region.firstColumn : line.length - line.trimStart().length;
  const content = line.slice(column);
  if (!content.trim() || content.startsWith('#') || (column === 0 && /^(---|\.\.\.)(\s|$)/.test(content))) return undefined;
  return { column, content };
}

/** The scalar on the rest of a line, trimmed of a trailing comment; undefined if it is not a one-line scalar. */
function scalarSpan(rest: string, offset: number): [number, number] | undefined | 'block' {
  const lead = rest.length - rest.trimStart().length;
  const body = rest.slice(lead);
  if (!body || body.startsWith('#')) return 'block';
  if (/^[[{|>&*!%@`]/.test(body)) return undefined;
  let end: number;
  if (body[0] === '"') {
    const close = body.indexOf('"', 1);
    if (close < 0 || body.slice(1, close).includes('\\')) return undefined;
    end = close + 1;
  } else if (body[0] === "'") {
    const close = body.indexOf("'", 1);
    if (close < 0 || body[close + 1] === "'") return undefined;
    end = close + 1;
  } else {
    const comment = body.search(/\s#/);
    end = (comment < 0 ? body : body.slice(0, comment)).trimEnd().length;
  }
  if (body.slice(end).trim() && !body.slice(end).trim().startsWith('#')) return undefined;
  return [offset + lead, offset + lead + end];
}

/** The first line from `from` on whose content meets `stop`, or `to`. */
function endOf(lines: Line[], from: number, to: number, stop: (column: number, isItem: boolean) => boolean): number {
  for (let i = from; i < to; i++) {
    const c = contentOf(lines, i, { from: -1, to });
    if (c && stop(c.column, /^-(\s|$)/.test(c.content))) return i;
  }
  return to;
}

/** A line that starts with a key and nothing before it: no further `-` marker, anchor or tag. */
function plainKey(l: YamlLine): boolean {
  return l.key !== undefined && l.dash < 0 && l.keyStart === l.content;
}

/** Whether the line after a one-line scalar continues it (a multi-line plain scalar). */
function continues(lines: Line[], i: number, column: number, to: number): boolean {
  const next = endOf(lines, i + 1, to, () => true);
  const c = next < to ? contentOf(lines, next, { from: -1, to }) : undefined;
  return c !== undefined && c.column > column;
}

export function locateInText(text: string, path: Path): TextSpot | undefined {
  if (text.includes('\t')) return undefined;
  const lines = splitLines(text);
  let region: Region = { from: 0, to: lines.length };
  let spot: TextSpot | undefined;
  for (let s = 0; s < path.length; s++) {
    const step = path[s];
    const last = s === path.length - 1;
    let indent = -1;
    let found = false;
    let item = -1;
    for (let i = region.from; i < region.to && !found; i++) {
      const c = contentOf(lines, i, region);
      if (!c) continue;
      if (indent < 0) indent = c.column;
      if (c.column < indent) break;
      if (c.column > indent) continue;
      const isItem = /^-(\s|$)/.test(c.content);
      if (typeof step === 'number') {
        if (!isItem) return undefined;
        if (++item !== step) continue;
        const after = c.content.slice(1);
        const pad = after.length - after.trimStart().length;
        const column = c.column + 1 + pad;
        // The item runs until the next line at or left of its dash.
        const dash = c.column;
        const end = endOf(lines, i + 1, region.to, (col) => col <= dash);
        if (!after.trim() || after.trim().startsWith('#')) {
          region = { from: i + 1, to: end };
          spot = { key: undefined, value: undefined };
        } else if (plainKey(readLine(lines[i].text, column))) {
          region = { from: i, to: end, firstColumn: column };
          spot = { key: undefined, value: undefined };
        } else {
          if (!last) return undefined;
          const v = scalarSpan(after, lines[i].start + c.column + 1);
          if (!v || v === 'block' || continues(lines, i, c.column, region.to)) return undefined;
          spot = { key: undefined, value: v };
        }
        found = true;
        continue;
      }
      if (isItem) return undefined;
      const l = readLine(lines[i].text, c.column);
      if (!plainKey(l)) return undefined;
      if (l.key !== step) continue;
      const keySpan: [number, number] = [lines[i].start + l.keyStart, lines[i].start + l.keyEnd];
      const v = scalarSpan(lines[i].text.slice(l.colon + 1), lines[i].start + l.colon + 1);
      if (v === undefined) return undefined;
      if (v === 'block') {
        const col = c.column;
        region = { from: i + 1, to: endOf(lines, i + 1, region.to, (column, isItem) => column < col || (column === col && !isItem)) };
        // A compact sequence may sit at the key's own indentation.
        spot = { key: keySpan, value: undefined };
      } else {
        if (!last || continues(lines, i, c.column, region.to)) return undefined;
        spot = { key: keySpan, value: v };
      }
      found = true;
    }
    if (!found) return undefined;
  }
  return spot;
}
