// The README's table of diagnostic codes says what the catalog says: code, severity, summary and source.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { doctorChecks } from '../../client/src/kube/doctor';
import { allCodes, type CodeDoc } from '../../server/src/core/rules/codes';

/** Where a rule comes from, as the table shows it: upstream paths as code, "Kubernetes API" and "ours" as words. */
function sourceCell(source: readonly string[]): string {
  return source.map((s) => (s.includes('/') ? `\`${s}\`` : s)).join(', ');
}

/** The table row for one code, as it must appear in README.md. */
export function codeRow(c: CodeDoc): string {
  return `| ${c.code} | ${c.severity} | ${c.summary.replace(/\|/g, '\\|')} | ${sourceCell(c.source)} |`;
}

const readme = readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8');

test('every diagnostic code has its row in the README', () => {
  const missing = allCodes.filter((c) => !readme.includes(codeRow(c)));
  assert.deepEqual(missing.map(codeRow), [], 'rows to put in README.md');
});

test('the README lists no code the catalog does not have, and each code once', () => {
  const listed = [...readme.matchAll(/^\| (LIQO\d+) \|/gm)].map((m) => m[1]);
  // The manifest checks' table, then the cluster doctor's (client/src/kube/doctor), which are not diagnostics.
  assert.deepEqual(listed, [...allCodes.map((c) => c.code), ...Object.keys(doctorChecks)]);
});

test('the cluster health checks\' table gives each doctor code its severity', () => {
  for (const [code, c] of Object.entries(doctorChecks)) assert.match(readme, new RegExp(`^\\| ${code} \\| ${c.severity} \\| `, 'm'), code);
});

test('every code names where its rule comes from', () => {
  for (const c of allCodes) {
    assert.ok(c.source.length > 0, c.code);
    for (const s of c.source) assert.ok(s === 'ours' || s === 'Kubernetes API' || /^(apis|cmd|deployments|internal|pkg)\//.test(s), `${c.code}: ${s}`);
  }
});
