// Splitting a YAML file into its documents, and converting between offsets and positions.
// Splitting is line-based: a line that starts with `---` or `...` ends a document, which is what the YAML
// spec says even inside block scalars. That lets us find and cache each document without parsing the file.
import type { Position, Range } from 'vscode-languageserver-types';

/** One document of a multi-document file, as text plus where it starts in the file. */
export interface Segment {
  /** Offset of the segment's first character in the file. */
  start: number;
  text: string;
}

const marker = /^(---|\.\.\.)(?=\s|$)/;

/**
 * Splits a file into document segments. The `---` line belongs to the segment it opens, so that content
 * after a marker on the same line (`--- !tag`) stays with its document. Empty files give one empty segment.
 */
export function splitDocuments(text: string): Segment[] {
  const segments: Segment[] = [];
  let segStart = 0;
  // Only lines starting with '-' or '.' can be markers: jump between them with indexOf.
  let dash = text.indexOf('\n-');
  let dot = text.indexOf('\n.');
  while (dash >= 0 || dot >= 0) {
    const nl = dash < 0 ? dot : dot < 0 ? dash : Math.min(dash, dot);
    const lineStart = nl + 1;
    if (lineStart > segStart && isMarkerAt(text, lineStart)) {
      segments.push({ start: segStart, text: text.slice(segStart, lineStart) });
      segStart = lineStart;
    }
    if (nl === dash) dash = text.indexOf('\n-', lineStart);
    else dot = text.indexOf('\n.', lineStart);
  }
  segments.push({ start: segStart, text: text.slice(segStart) });
  return segments;
}

/** How many line breaks a text has. */
export function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Finds the segment that contains an offset without splitting the whole file (used by completion and hover). */
export function segmentAt(text: string, offset: number): Segment {
  // Walk back line by line to the nearest marker line at or before the offset.
  let lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let start = 0;
  for (;;) {
    if (isMarkerAt(text, lineStart)) { start = lineStart; break; }
    if (lineStart === 0) break;
    // lastIndexOf treats a negative start as 0 and would find the same line break again: the line before the
    // second line is the first, whatever it holds.
    lineStart = lineStart < 2 ? 0 : text.lastIndexOf('\n', lineStart - 2) + 1;
  }
  let end = text.length;
  for (let nl = text.indexOf('\n', start); nl >= 0; nl = text.indexOf('\n', nl + 1)) {
    if (isMarkerAt(text, nl + 1)) { end = nl + 1; break; }
  }
  return { start, text: text.slice(start, end) };
}

function isMarkerAt(text: string, lineStart: number): boolean {
  const c = text.charCodeAt(lineStart);
  return (c === 45 || c === 46) && marker.test(text.slice(lineStart, lineStart + 4));
}

/** Offset <-> position conversion for one version of a file. Positions count UTF-16 code units, as LSP does. */
export class LineIndex {
  private readonly starts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    let i = text.indexOf('\n');
    while (i >= 0) {
      starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
    this.starts = starts;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    if (position.line < 0) return 0;
    const lineStart = this.starts[position.line];
    const next = position.line + 1 < this.starts.length ? this.starts[position.line + 1] : this.text.length;
    return Math.max(lineStart, Math.min(lineStart + position.character, next));
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  lineText(line: number): string {
    const s = this.starts[line] ?? this.text.length;
    const e = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    return this.text.slice(s, e).replace(/\r$/, '');
  }
}
