import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCel, type CelOutcome } from '../../server/src/core/cel';
import { celCheck } from '../../server/src/core/schemaKeywords';

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
  assert.deepEqual({ ...out, cost: undefined }, { kind: 'error', message: 'rule too expensive to evaluate', cost: undefined });
  assert.ok((out.cost ?? 0) > 100_000, 'the outcome says what it spent');
  const deep = `${'('.repeat(500)}1${')'.repeat(500)} == 1`;
  assert.equal(run(deep, null), 'error');
});

// ---- typing and the bugs of the old interpreter ----------------------------------------------------------------

const typed = { type: 'object', properties: { i: { type: 'integer' }, d: { type: 'number' }, l: { type: 'array', items: { type: 'number' } } } };

function runTyped(rule: string, self: unknown): CelOutcome['kind'] {
  return compileCel(rule, typed).evaluate(self).kind;
}

void test('numbers are CEL int or double as the schema says, even when the JSON value is integral', () => {
  assert.equal(run('5.0 / 2.0 == 2.5', null), 'pass');
  assert.equal(run('5 / 2 == 2', null), 'pass');
  assert.equal(runTyped('self.i / 2 == 1', { i: 3 }), 'pass');
  assert.equal(runTyped('self.d / 2.0 == 1.5', { d: 3 }), 'pass');
  // int and double do not mix in arithmetic; they do in comparisons.
  assert.equal(runTyped('self.d / 2 == 1.5', { d: 3 }), 'error');
  assert.equal(runTyped('self.d == 3 && self.i == 3.0', { d: 3, i: 3 }), 'pass');
  assert.equal(runTyped('type(self.i) == int && type(self.d) == double && type(self.l[0]) == double', { i: 1, d: 1, l: [1] }), 'pass');
  // Without a schema, as Kubernetes reads unstructured JSON: integral numbers are int, others double.
  assert.equal(run('type(self.a) == int && type(self.b) == double', { a: 1, b: 1.5 }), 'pass');
  assert.equal(run('9223372036854775807 + 1 > 0', null), 'error');
});

void test('conversions follow CEL: int("1.5") and string(list) are errors', () => {
  assert.equal(run('int("1.5") == 1', null), 'error');
  assert.equal(run('int("15") == 15 && int(1.9) == 1 && double("1.5") == 1.5', null), 'pass');
  assert.equal(run('string([1]) == "[1]"', null), 'error');
  assert.equal(run('string(self.m) != ""', { m: { a: 1 } }), 'error');
  assert.equal(run('string(1) == "1" && string(1.5) == "1.5" && string(true) == "true"', null), 'pass');
});

void test('a null field of a non-nullable schema is pruned, as the API server does before validating', () => {
  const schema = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string', nullable: true } } };
  assert.equal(compileCel('!has(self.a) && self.b == null', schema).evaluate({ a: null, b: null }).kind, 'pass');
  assert.equal(compileCel('self.a == null', schema).evaluate({ a: null }).kind, 'error');
});

void test('matches is RE2: linear on a pattern that makes backtracking engines take exponential time', () => {
  const hostile = `${'a'.repeat(100_000)}!`;
  const started = Date.now();
  assert.equal(compileCel('self.matches("^(a+)+$")').evaluate(hostile, 1e9).kind, 'fail');
  assert.equal(compileCel('self.matches(r"^(\\w+\\s?)*$")').evaluate(hostile, 1e9).kind, 'fail');
  assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  // RE2 has no backreferences or lookarounds: such a pattern is an error, not a JavaScript regex.
  assert.equal(run('"aa".matches("(a)\\\\1")', null), 'error');
  assert.equal(run('"ab".matches("a(?=b)")', null), 'error');
  assert.equal(run('matches("abc", "^a.c$")', null), 'pass');
});

void test('string operations are bounded: a doubling chain or a huge replace ends in error, not a hang', () => {
  const doubling = `[[1]]${'.map(a, a + a)'.repeat(40)}.size() == 1`;
  assert.deepEqual({ ...compileCel(doubling).evaluate(null), cost: undefined }, { kind: 'error', message: 'rule too expensive to evaluate', cost: undefined });
  const s = 'a'.repeat(2000);
  assert.equal(run('self.s.replace("a", self.s).replace("a", self.s).size() > 0', { s }), 'error');
  // replace itself is linear: a long value with many occurrences is quick.
  const started = Date.now();
  assert.equal(compileCel('self.replace("a", "bb").size() == 200000').evaluate('a'.repeat(100_000), 1e9).kind, 'pass');
  assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
});

void test('the strings extension', () => {
  const passing = [
    '"AbC".lowerAscii() == "abc" && "AbC".upperAscii() == "ABC" && " a ".trim() == "a"',
    '"a,b".split(",") == ["a", "b"] && ["a", "b"].join("-") == "a-b"',
    '"aXbX".replace("X", "y") == "ayby" && "aXbX".replace("X", "y", 1) == "aybX" && "ab".replace("", "-") == "-a-b-"',
    '"abc".substring(1) == "bc" && "abc".substring(0, 2) == "ab" && "abc".charAt(1) == "b"',
    '"abcb".indexOf("b") == 1 && "abcb".lastIndexOf("b") == 3',
  ];
  for (const rule of passing) assert.equal(run(rule, null), 'pass', rule);
  assert.equal(run('"abc".substring(5) == ""', null), 'error');
});

void test('cel.bind, from the Kubernetes environment, binds a name', () => {
  assert.equal(run('cel.bind(n, self.l.size(), n > 1 && n < 3)', { l: [1, 2] }), 'pass');
  assert.equal(run('cel.bind(n, self.l.size(), n > 2)', { l: [1, 2] }), 'fail');
});

void test('a remembered verdict is the same as a fresh one, for passing and failing values alike', () => {
  const check = celCheck([{ rule: '!(has(self.port) && has(self.ports))', message: 'port or ports' }], { type: 'object', properties: { port: { type: 'integer' }, ports: { type: 'array', items: { type: 'integer' } } } });
  const bad = { port: 1, ports: [1] };
  const good = { port: 1 };
  for (let i = 0; i < 3; i++) {
    assert.equal(check(bad, '/spec')?.[0]?.message, 'port or ports');
    assert.equal(check(good, '/spec'), null);
  }
  // A value too large to remember is still checked.
  const big = { port: 1, ports: Array.from({ length: 1000 }, (_, i) => i) };
  assert.equal(check(big, '/spec')?.length, 1);
});
