// Every x-kubernetes-validations rule of the Liqo CRDs (test/fixtures/cel/liqo-crd-rules.json, extracted by
// extractCrdRules.mjs beside it), each with `self` values made by hand: the outcome we report, and for
// transition rules also the verdict Kubernetes gives with the old object, which we never have in an editor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isCelError, parse } from '@bufbuild/cel';
import { compileCel, type CelOutcome } from '../../server/src/core/cel';
import { planProgram } from '../../server/src/core/cel/program';
import { celSchemaOf, toCel } from '../../server/src/core/cel/values';

interface Case { self: unknown; oldSelf?: unknown; kubernetes?: 'pass' | 'fail'; expect: CelOutcome['kind'] }
interface Rule { crd: string; version: string; path: string; rule: string; message: string | null; selfSchema: unknown; cases: Case[] }

const file = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'cel', 'liqo-crd-rules.json');
const { rules } = JSON.parse(fs.readFileSync(file, 'utf8')) as { rules: Rule[] };

void test('the fixture holds the rules of the Liqo CRDs, each with a passing and a failing value', () => {
  assert.equal(rules.length, 21);
  assert.deepEqual([...new Set(rules.map((r) => r.crd))].sort(), [
    'foreignclusters.core.liqo.io', 'gatewayclients.networking.liqo.io', 'gatewayservers.networking.liqo.io', 'ips.ipam.liqo.io',
    'networks.ipam.liqo.io', 'tenants.authentication.liqo.io', 'wggatewayservers.networking.liqo.io',
  ]);
  for (const r of rules) {
    const verdicts = r.cases.map((c) => c.kubernetes ?? c.expect);
    assert.ok(verdicts.includes('pass') && verdicts.includes('fail'), `${r.crd} ${r.path}: ${r.rule}`);
  }
});

for (const r of rules) {
  void test(`${r.crd} ${r.version} ${r.path}: ${r.rule}`, () => {
    const program = compileCel(r.rule, r.selfSchema);
    assert.equal(program.usesOldSelf, r.rule.includes('oldSelf'));
    for (const c of r.cases) {
      assert.equal(program.evaluate(c.self).kind, c.expect, JSON.stringify(c.self));
      if (c.oldSelf === undefined) continue;
      // What the API server decides on an update, with the same environment.
      const schema = celSchemaOf(r.selfSchema);
      const result = planProgram(parse(r.rule))({ self: toCel(c.self, schema), oldSelf: toCel(c.oldSelf, schema) }, 100_000).result;
      assert.ok(!isCelError(result) && typeof result === 'boolean', result instanceof Error ? result.message : typeof result);
      assert.equal(result ? 'pass' : 'fail', c.kubernetes, JSON.stringify(c));
    }
  });
}
