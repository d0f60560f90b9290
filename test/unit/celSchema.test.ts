// x-kubernetes-validations in our ajv keywords: `self` is typed by the schema that holds the rules, both when
// ajv compiles at runtime and in the precompiled standalone validators.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Ajv, { _ } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { addKeywords, celCheck, listTypeCheck, RUNTIME_MODULE, type SchemaRuntime } from '../../server/src/core/schemaKeywords';
import { instantiate } from '../../server/src/core/schemaPrecompiled';
import { AJV_OPTIONS, createSchemaSet } from '../../server/src/core/schemas';
import { ajvRegExpEngine } from '../../server/src/core/re2';

const spec = {
  type: 'object',
  properties: { ratio: { type: 'number' }, replicas: { type: 'integer' } },
  'x-kubernetes-validations': [
    { rule: 'type(self.ratio) == double', message: 'ratio is not a double' },
    { rule: 'type(self.replicas) == int', message: 'replicas is not an int' },
    { rule: 'self.ratio / 2.0 <= double(self.replicas)', message: 'ratio too big' },
  ],
};

const runtime: SchemaRuntime = { cel: celCheck, listType: listTypeCheck, lazy: () => () => null, regExp: ajvRegExpEngine(RUNTIME_MODULE) };

void test('a cluster CRD: type number is a CEL double even for 3, type integer an int', () => {
  const set = createSchemaSet([]);
  set.setClusterSchemas({ 'example.io/v1/Scaler': { type: 'object', properties: { spec } } });
  const kind = set.lookup('example.io/v1', 'Scaler');
  assert.ok(kind);
  const doc = (s: Record<string, unknown>): Record<string, unknown> => ({ apiVersion: 'example.io/v1', kind: 'Scaler', metadata: { name: 'a' }, spec: s });
  assert.deepEqual(set.validate(kind, doc({ ratio: 3, replicas: 2 })), []);
  assert.deepEqual(set.validate(kind, doc({ ratio: 6, replicas: 2 })).map((p) => p.message), ['spec: ratio too big']);
});

void test('precompiled standalone code carries the schema of self to the runtime', () => {
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, regExp: runtime.regExp, formats: _`require(${RUNTIME_MODULE}).formats` } });
  addKeywords(ajv, runtime);
  const code = standaloneCode(ajv, ajv.compile(spec));
  assert.match(code, /\.cel\(\[.*\], \{"type":"object","properties":\{"ratio":\{"type":"number"\}/);
  const validate = instantiate(code, runtime);
  assert.equal(validate({ ratio: 3, replicas: 2 }), true);
  assert.equal(validate({ ratio: 6, replicas: 2 }), false);
  assert.deepEqual(validate.errors?.map((e) => e.message), ['ratio too big']);
});

void test('code precompiled before the schema was passed still works, typing numbers by their value', () => {
  const check = celCheck(spec['x-kubernetes-validations']);
  assert.deepEqual(check({ ratio: 3, replicas: 2 }, '/spec')?.map((e) => e.message), ['ratio is not a double']);
});
