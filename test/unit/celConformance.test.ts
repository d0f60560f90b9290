// The cel-spec conformance suite (simple tests, as @bufbuild/cel-spec ships them) run through the environment our
// rules use: the library, our overrides (replace, regexes), the Kubernetes functions and the budget's rewrites.
// Sections and cases we do not run are listed below with the reason; the counts are asserted, so a section that
// starts failing or a skip that grows does not go unnoticed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { celUint, isCelError, isCelList, isCelMap, isCelType, isCelUint, parse, type CelInput, type CelValue } from '@bufbuild/cel';
import type { Value } from '@bufbuild/cel-spec/cel/expr/value_pb.js';
import { getConformanceSuite, type IncrementalTest, type IncrementalTestSuite } from '@bufbuild/cel-spec/testdata/tests.js';
import { planProgram } from '../../server/src/core/cel/program';

/** The sections we run, with the number of their cases that must pass. */
const RUN: Record<string, number> = {
  basic: 43, integer_math: 64, fp_math: 30, string: 51, string_ext: 209, lists: 39, logic: 30,
  comparisons: 362, conversions: 109, macros: 44, fields: 53, timestamps: 75,
};

/** Sections not run, and why. */
const SKIPPED_SECTIONS: Record<string, string> = {
  bindings_ext: 'cel.bind is expanded by our own rewrite and tested in cel.test.ts; the other bindings are not in Kubernetes',
  block_ext: 'cel.block is an optimiser artefact, not in the Kubernetes environment',
  dynamic: 'protobuf wrapper and message types: rules see JSON, never protobuf messages',
  encoders_ext: 'base64 encoders are not in the Kubernetes environment',
  enums: 'protobuf enums: rules see JSON',
  macros2: 'two-variable comprehensions and transformList/transformMap: not in the Kubernetes CRD environment (needs @bufbuild/cel support)',
  math_ext: 'math.greatest and friends: not in the Kubernetes CRD environment',
  namespace: 'containers and qualified names of protobuf packages: rules have none',
  optionals: 'optional types: @bufbuild/cel 0.6.1 has none (only format.validate results are optionals here)',
  parse: 'parser stress cases (deep nesting, unicode escapes in identifiers) that check parsers rather than semantics; syntax errors are tested in cel.test.ts',
  plumbing: 'conformance-runner plumbing (checked inputs, eval results as protos)',
  proto2: 'protobuf messages: rules see JSON', proto2_ext: 'protobuf extensions: rules see JSON', proto3: 'protobuf messages: rules see JSON',
  type_deductions: 'static type checking: rules are evaluated without a checker',
  unknowns: 'partial evaluation with unknowns: not used',
  wrappers: 'protobuf wrapper types: rules see JSON',
};

const backticks = 'backtick-quoted field names (cel-spec 2025) are in neither @bufbuild/cel 0.6.1 nor Kubernetes';

/** Single cases of the sections we run that are not run, and why. */
const SKIPPED_CASES: Record<string, string> = {
  'fields/quoted_map_fields/field_access_slash': backticks,
  'fields/quoted_map_fields/field_access_dash': backticks,
  'fields/quoted_map_fields/field_access_dot': backticks,
  'fields/quoted_map_fields/has_field_slash': backticks,
  'fields/quoted_map_fields/has_field_dash': backticks,
  'fields/quoted_map_fields/has_field_dot': backticks,
  'fields/qualified_identifier_resolution/map_value_repeat_key_heterogeneous': 'a map literal with keys 0 and 0u: @bufbuild/cel accepts it where the spec wants an error',
};

/** Why a case cannot be run here at all (it needs protobuf messages or a static type environment), if it cannot. */
function unrunnable(t: IncrementalTest): string | undefined {
  const o = t.original;
  if (o.container) return 'works on protobuf messages of a container (rules see JSON)';
  if (o.typeEnv.some((d) => d.declKind.case === 'ident' && d.declKind.value.type?.typeKind.case === 'messageType')) return 'declares protobuf message variables';
  const values = [...Object.values(o.bindings).map((b) => (b.kind.case === 'value' ? b.kind.value : undefined)), o.resultMatcher.case === 'value' ? o.resultMatcher.value : null];
  if (values.some((v) => v === undefined || (v !== null && needsProto(v)))) return 'binds or expects protobuf messages';
  if (o.resultMatcher.case !== undefined && o.resultMatcher.case !== 'value' && o.resultMatcher.case !== 'evalError') return `expects ${o.resultMatcher.case} (a checker or unknowns)`;
  return undefined;
}

function needsProto(v: Value): boolean {
  const k = v.kind;
  if (k.case === 'objectValue' || k.case === 'enumValue') return true;
  if (k.case === 'listValue') return k.value.values.some(needsProto);
  if (k.case === 'mapValue') return k.value.entries.some((e) => (e.key && needsProto(e.key)) || (e.value && needsProto(e.value)));
  return false;
}

function input(v: Value): CelInput {
  const k = v.kind;
  switch (k.case) {
    case 'int64Value': return k.value;
    case 'uint64Value': return celUint(k.value);
    case 'doubleValue': case 'stringValue': case 'boolValue': case 'bytesValue': return k.value;
    case 'listValue': return k.value.values.map(input);
    case 'mapValue': return new Map(k.value.entries.map((e) => [input(e.key as Value), input(e.value as Value)] as [never, CelInput]));
    default: return null;
  }
}

/** Values in one comparable form: [type, value]; maps sorted by entry. */
function expected(v: Value): unknown {
  const k = v.kind;
  switch (k.case) {
    case 'nullValue': return ['null'];
    case 'int64Value': return ['int', String(k.value)];
    case 'uint64Value': return ['uint', String(k.value)];
    case 'doubleValue': return ['double', Object.is(k.value, -0) ? 0 : k.value];
    case 'bytesValue': return ['bytes', Buffer.from(k.value).toString('hex')];
    case 'listValue': return ['list', k.value.values.map(expected)];
    case 'mapValue': return ['map', k.value.entries.map((e) => JSON.stringify([expected(e.key as Value), expected(e.value as Value)])).sort()];
    case 'typeValue': return ['type', k.value];
    default: return [k.case, k.value];
  }
}

function actual(v: CelValue): unknown {
  if (v === null) return ['null'];
  switch (typeof v) {
    case 'boolean': return ['boolValue', v];
    case 'bigint': return ['int', String(v)];
    case 'number': return ['double', Object.is(v, -0) ? 0 : v];
    case 'string': return ['stringValue', v];
    default: break;
  }
  if (v instanceof Uint8Array) return ['bytes', Buffer.from(v).toString('hex')];
  if (isCelUint(v)) return ['uint', String(v.value)];
  if (isCelList(v)) return ['list', [...v].map(actual)];
  if (isCelMap(v)) return ['map', [...v.entries()].map(([a, b]) => JSON.stringify([actual(a), actual(b)])).sort()];
  if (isCelType(v)) return ['type', v.name];
  return ['message', v.desc.typeName];
}

function* cases(suite: IncrementalTestSuite, path: string): Generator<[string, IncrementalTest]> {
  for (const t of suite.tests) yield [`${path}/${t.name}`, t];
  for (const s of suite.suites) yield* cases(s, `${path}/${s.name}`);
}

type Verdict = 'pass' | { fail: string } | { skip: string };

function check(t: IncrementalTest): Verdict {
  const why = unrunnable(t);
  if (why) return { skip: why };
  const o = t.original;
  const bindings: Record<string, CelInput> = {};
  for (const [name, b] of Object.entries(o.bindings)) if (b.kind.case === 'value') bindings[name] = input(b.kind.value);
  let result: unknown;
  try {
    result = planProgram(parse(o.expr))(bindings, 1e7).result;
  } catch (e) {
    result = e instanceof Error ? e : new Error(String(e));
  }
  const failed = isCelError(result) || result instanceof Error;
  if (o.resultMatcher.case === 'evalError') return failed ? 'pass' : { fail: `expected an error, got ${JSON.stringify(actual(result as CelValue))}` };
  if (failed) return { fail: `error: ${(result as Error).message}` };
  // A case with no result matcher expects true.
  const want = JSON.stringify(o.resultMatcher.case === 'value' ? expected(o.resultMatcher.value) : ['boolValue', true]);
  const got = JSON.stringify(actual(result as CelValue));
  return want === got ? 'pass' : { fail: `expected ${want}, got ${got}` };
}

const suite = getConformanceSuite();

void test('every section of the suite is either run or skipped with a reason', () => {
  const names = suite.suites.map((s) => s.name).sort();
  assert.deepEqual(names, [...Object.keys(RUN), ...Object.keys(SKIPPED_SECTIONS)].sort());
});

for (const [section, passing] of Object.entries(RUN)) {
  void test(`conformance: ${section}`, (t) => {
    const s = suite.suites.find((x) => x.name === section);
    assert.ok(s, section);
    const failures: string[] = [];
    const skips = new Map<string, number>();
    let passed = 0;
    for (const [name, c] of cases(s, section)) {
      const verdict = SKIPPED_CASES[name] ? { skip: SKIPPED_CASES[name] } : check(c);
      if (verdict === 'pass') passed++;
      else if ('skip' in verdict) skips.set(verdict.skip, (skips.get(verdict.skip) ?? 0) + 1);
      else failures.push(`${name}: ${c.original.expr} -> ${verdict.fail}`);
    }
    // Worded so as not to read like the runner's own '# skipped N' summary line.
    for (const [reason, n] of skips) t.diagnostic(`${section}: ${n} not run: ${reason}`);
    t.diagnostic(`${section}: ${passed} cases pass`);
    assert.deepEqual(failures, []);
    assert.equal(passed, passing, `${section}: the number of passing cases changed`);
  });
}
