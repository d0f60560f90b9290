// The README's table of diagnostic codes says what the catalog says: code, severity and summary.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { allCodes } from '../../server/src/core/rules/codes';

/** The table row for one code, as it must appear in README.md. */
export function codeRow(c: { code: string; severity: string; summary: string }): string {
  return `| ${c.code} | ${c.severity} | ${c.summary.replace(/\|/g, '\\|')} |`;
}

test('every diagnostic code has its row in the README', () => {
  const readme = readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  const missing = allCodes.filter((c) => !readme.includes(codeRow(c)));
  assert.deepEqual(missing.map(codeRow), [], 'rows to put in README.md');
});
