// liqo-lint --facts reports what the providers would refuse of offloaded pods, at the fixture's carets, with their
// severities and exit code; without the facts it reports none of it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { expectations, readFixture } from '../util/carets';
import { root } from '../util/lspClient';
import { checkSeverities, type SeverityName } from '../util/severities';

const cli = path.join(root, 'dist', 'cli.js');
const fixtures = path.join(root, 'test', 'fixtures', 'manifests');
const file = path.join(fixtures, 'admission.yaml');

interface Finding { line: number; column: number; endLine: number; endColumn: number; severity: string; code: string; message: string }

function lint(...args: string[]): { code: number | null; findings: Finding[] } {
  const r = spawnSync('node', [cli, '--format', 'json', ...args, file], { encoding: 'utf8', cwd: root });
  return { code: r.status, findings: JSON.parse(r.stdout) as Finding[] };
}

test('with the facts, every finding at its carets, with its severity; errors make exit code 1', () => {
  const { code, findings } = lint('--facts', path.join(fixtures, 'admission.facts.json'));
  const at = (f: { code: string; line: number; start: number; end: number }): string => `${f.code}@${f.line}:${f.start}-${f.end}`;
  assert.deepEqual(findings.map((f) => at({ code: f.code, line: f.line, start: f.column - 1, end: f.endColumn - 1 })).sort(),
    expectations(readFixture('admission.yaml')).map((e) => at({ ...e, line: e.line + 1 })).sort());
  checkSeverities(findings.map((f) => ({ code: f.code, severity: f.severity as SeverityName })), 'liqo-lint --format json');
  const severities = Object.fromEntries(findings.map((f) => [f.code, f.severity]));
  assert.deepEqual(severities, { LIQO204: 'warning', LIQO205: 'warning', LIQO206: 'warning', LIQO207: 'warning', LIQO208: 'error' });
  assert.equal(code, 1);
  assert.ok(findings.filter((f) => f.code !== 'LIQO208').every((f) => /provider k8s-(gpu|edge) \(admin@k8s-(gpu|edge)\)/i.test(f.message)));
});

test('without facts, nothing about providers is reported (only the liqo RuntimeClass in a namespace no file offloads)', () => {
  const { code, findings } = lint();
  assert.deepEqual(findings.map((f) => `${f.code}@${f.line}`), ['LIQO111@68']);
  assert.equal(code, 0);
});
