// Caret-marked fixtures: a comment line `#   ^^^ LIQO123` marks columns of the nearest line above it that is
// not itself a marker (`#! LIQO011 0-4` gives the columns in numbers). Markers are YAML comments, so the fixture is checked exactly as written.
import { readFileSync } from 'fs';
import * as path from 'path';

export interface Expected {
  code: string;
  line: number;
  start: number;
  end: number;
}

const markerLine = /^\s*#(\s*)(\^+)\s+(LIQO\d+)\s*$/;
/** For columns a caret cannot reach (column 0): `#! LIQO011 0-4`. */
const explicitLine = /^\s*#!\s+(LIQO\d+)\s+(\d+)-(\d+)\s*$/;

export function readFixture(name: string): string {
  return readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'manifests', name), 'utf8');
}

export function expectations(text: string): Expected[] {
  const lines = text.split('\n');
  const out: Expected[] = [];
  let target = -1;
  lines.forEach((line, i) => {
    const x = explicitLine.exec(line);
    if (x) {
      out.push({ code: x[1], line: target, start: Number(x[2]), end: Number(x[3]) });
      return;
    }
    const m = markerLine.exec(line);
    if (!m) {
      target = i;
      return;
    }
    const start = line.indexOf('^');
    out.push({ code: m[3], line: target, start, end: start + m[2].length });
  });
  return out;
}

export function describeAll(items: Expected[]): string[] {
  return items.map((e) => `${e.code}@${e.line + 1}:${e.start}-${e.end}`).sort();
}
