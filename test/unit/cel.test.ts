import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCel, type CelOutcome } from '../../server/src/core/cel';

function run(rule: string, self: unknown): CelOutcome['kind'] {
  return compileCel(rule).evaluate(self).kind;
}

const ports = { duplicates: '!(has(self.ports)) || self.ports.all(p, self.ports.filter(q, q == p).size() == 1)' };

void test('GatewayServer endpoint rules from the CRD', () => {
  const exclusive = '!(has(self.port) && has(self.ports))';
  const atLeastOne = 'has(self.port) || (has(self.ports) && size(self.ports) > 0)';
  assert.equal(run(exclusive, { port: 51840 }), 'pass');
  assert.equal(run(exclusive, { port: 51840, ports: [51840] }), 'fail');
  assert.equal(run(atLeastOne, {}), 'fail');
  assert.equal(run(atLeastOne, { ports: [] }), 'fail');
  assert.equal(run(atLeastOne, { ports: [1] }), 'pass');
  assert.equal(run(atLeastOne, { port: 1 }), 'pass');
  assert.equal(run(ports.duplicates, { ports: [1, 2, 3] }), 'pass');
  assert.equal(run(ports.duplicates, { ports: [1, 2, 1] }), 'fail');
  assert.equal(run(ports.duplicates, {}), 'pass');
});

void test('transition rules are not applicable, never failing', () => {
  const p = compileCel('self == oldSelf');
  assert.equal(p.usesOldSelf, true);
  const out = p.evaluate('abc');
  assert.equal(out.kind, 'notApplicable');
});

void test('operators, literals and precedence', () => {
  assert.equal(run('1 + 2 * 3 == 7', null), 'pass');
  assert.equal(run('(1 + 2) * 3 == 9', null), 'pass');
  assert.equal(run('!false && true', null), 'pass');
  assert.equal(run('self.a < self.b', { a: 1, b: 2 }), 'pass');
  assert.equal(run('self.a >= self.b', { a: 1, b: 2 }), 'fail');
  assert.equal(run('self.name != "x"', { name: 'y' }), 'pass');
  assert.equal(run("'b' in self.l", { l: ['a', 'b'] }), 'pass');
  assert.equal(run("'k' in self.m", { m: { k: 1 } }), 'pass');
  assert.equal(run('self.a > 0 ? self.b == 1 : self.b == 2', { a: 1, b: 1 }), 'pass');
  assert.equal(run('[1, 2] == [1, 2]', null), 'pass');
  assert.equal(run('{"a": 1} == {"a": 1}', null), 'pass');
  assert.equal(run('-self.a == -3', { a: 3 }), 'pass');
  assert.equal(run('self.l[1] == "b" && self.m["k"] == 1', { l: ['a', 'b'], m: { k: 1 } }), 'pass');
});

void test('size as a function and as a method, on strings, lists and maps', () => {
  assert.equal(run('size(self.s) == 3 && self.s.size() == 3', { s: 'abc' }), 'pass');
  assert.equal(run('size(self.l) == 2 && self.m.size() == 1', { l: [1, 2], m: { a: 1 } }), 'pass');
});

void test('macros: all, exists, exists_one, filter, map', () => {
  const self = { l: [1, 2, 3, 4] };
  assert.equal(run('self.l.all(x, x > 0)', self), 'pass');
  assert.equal(run('self.l.all(x, x > 1)', self), 'fail');
  assert.equal(run('self.l.exists(x, x == 3)', self), 'pass');
  assert.equal(run('self.l.exists(x, x == 9)', self), 'fail');
  assert.equal(run('self.l.exists_one(x, x > 3)', self), 'pass');
  assert.equal(run('self.l.filter(x, x % 2 == 0) == [2, 4]', self), 'pass');
  assert.equal(run('self.l.map(x, x * 10) == [10, 20, 30, 40]', self), 'pass');
  assert.equal(run('self.l.map(x, x > 2, x) == [3, 4]', self), 'pass');
  assert.equal(run('self.m.all(k, k.startsWith("a"))', { m: { ab: 1, ac: 2 } }), 'pass');
});

void test('has() tests presence; a missing field selected directly is an error, absorbed by || and &&', () => {
  assert.equal(run('has(self.a)', { a: 0 }), 'pass');
  assert.equal(run('has(self.a)', {}), 'fail');
  assert.equal(run('self.a == 1', {}), 'error');
  assert.equal(run('self.a == 1 || true', {}), 'pass');
  assert.equal(run('self.a == 1 && false', {}), 'fail');
  assert.equal(run('has(self.a.b)', { a: { b: 1 } }), 'pass');
});

void test('string functions', () => {
  assert.equal(run('self.s.startsWith("liqo") && self.s.endsWith("io") && self.s.contains(".")', { s: 'liqo.io' }), 'pass');
  assert.equal(run('self.s.matches("^[a-z]+$")', { s: 'abc' }), 'pass');
  assert.equal(run('self.s.matches("^[a-z]+$")', { s: 'ab1' }), 'fail');
});

void test('syntax errors and unsupported functions come back as errors, never throws', () => {
  assert.equal(run('self.a ==', {}), 'error');
  assert.equal(run('has(self)', {}), 'error');
  assert.equal(run('self.a.frobnicate()', { a: 1 }), 'error');
  assert.equal(run('"unterminated', {}), 'error');
  assert.equal(run('1 == 1 1', {}), 'error');
});

void test('work is bounded: a huge list hits the budget instead of hanging', () => {
  const l = Array.from({ length: 5000 }, (_, i) => i);
  const out = compileCel(ports.duplicates).evaluate({ ports: l });
  assert.deepEqual(out, { kind: 'error', message: 'rule too expensive to evaluate' });
  const deep = `${'('.repeat(500)}1${')'.repeat(500)} == 1`;
  assert.equal(run(deep, null), 'error');
});
