// The severity each diagnostic code must have, read from README.md's table of codes (not from the code under
// test), so every test that sees a diagnostic also checks its severity, and the README and the server agree.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export type SeverityName = 'error' | 'warning' | 'information' | 'hint';

let table: Map<string, SeverityName> | undefined;

/** Code → severity, from the rows `| LIQO123 | warning | … |` of README.md. */
export function readmeSeverities(): Map<string, SeverityName> {
  if (table) return table;
  // Compiled to out/test/util: the README is three folders up.
  const readme = readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  table = new Map();
  for (const m of readme.matchAll(/^\| (LIQO\d+) \| (error|warning|information|hint) \|/gm)) table.set(m[1], m[2] as SeverityName);
  if (table.size < 10) throw new Error(`README.md's table of codes has only ${table.size} rows with a severity`);
  return table;
}

/** LSP's numbers (1 error … 4 hint); a missing severity counts as none. */
const lspNames: Record<number, SeverityName> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

export function lspSeverityName(severity: number | undefined): SeverityName | 'none' {
  return severity === undefined ? 'none' : lspNames[severity] ?? 'none';
}

/**
 * Throws if any of our diagnostics has another severity than README.md gives its code (or a code the README does
 * not list). Diagnostics of other sources (no LIQO code) are left alone.
 */
export function checkSeverities(ds: readonly { code?: unknown; severity?: SeverityName | 'none' }[], where = ''): void {
  const want = readmeSeverities();
  const wrong: string[] = [];
  for (const d of ds) {
    const code = typeof d.code === 'object' && d.code !== null ? String((d.code as { value: unknown }).value) : String(d.code);
    if (!/^LIQO\d+$/.test(code)) continue;
    const expected = want.get(code);
    if (expected !== d.severity) wrong.push(`${code} is ${d.severity ?? 'none'}, README says ${expected ?? 'nothing (no row)'}`);
  }
  if (wrong.length) throw new Error(`severities differ from README.md${where ? ` in ${where}` : ''}: ${wrong.join('; ')}`);
}

/** checkSeverities for LSP diagnostics (numeric severities). */
export function checkLspSeverities(ds: readonly { code?: unknown; severity?: number }[], where = ''): void {
  checkSeverities(ds.map((d) => ({ code: d.code, severity: lspSeverityName(d.severity) })), where);
}
