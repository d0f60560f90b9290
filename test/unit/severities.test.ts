// The severity check every diagnostics helper runs (test/util/severities.ts) reads README.md's table and fires on a
// severity the README does not give, so a code's severity cannot change in the server or the README alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { doctorChecks } from '../../client/src/kube/doctor/findings';
import { allCodes } from '../../server/src/core/rules/codes';
import { checkLspSeverities, checkSeverities, readmeSeverities } from '../util/severities';

test('the README gives every code of the catalog and of the doctor exactly one severity, the one the code has', () => {
  const table = readmeSeverities();
  assert.deepEqual([...table.keys()].sort(), [...allCodes.map((c) => c.code), ...Object.keys(doctorChecks)].sort());
  for (const [code, check] of Object.entries(doctorChecks)) assert.equal(table.get(code), check.severity, `${code} in the README's doctor table`);
});

test('a diagnostic with another severity than the README gives, or an unknown code, fails the check', () => {
  const wrong = readmeSeverities().get('LIQO131') === 'error' ? 2 : 1;
  assert.throws(() => checkLspSeverities([{ code: 'LIQO131', severity: wrong }], 'x.yaml'), /LIQO131 is .*README says/);
  assert.throws(() => checkLspSeverities([{ code: 'LIQO001' }]), /LIQO001 is none/);
  assert.throws(() => checkSeverities([{ code: 'LIQO999', severity: 'error' }]), /no row/);
  // Other sources' diagnostics are not ours to judge; matching ones pass.
  checkLspSeverities([{ code: 'yaml-schema', severity: 4 }, { code: 'LIQO001', severity: 1 }, { code: { value: 'LIQO002' }, severity: 2 }]);
});
