// The schema pool holds one object per distinct served schema, shares only what is identical, and keeps nothing alive.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { SchemaPool } from '../../client/src/kube/schemaPool';

const schema = (extra?: string): object => ({ type: 'object', properties: { spec: { type: 'object', properties: extra ? { [extra]: { type: 'string' } } : {} } } });

test('identical schemas from two clusters come back as one object; a different one stays its own', () => {
  const pool = new SchemaPool();
  const a = pool.share(schema());
  const b = pool.share(schema());
  const c = pool.share(schema('planted'));
  assert.equal(b, a);
  assert.notEqual(c, a);
  assert.deepEqual(c, schema('planted'));
  assert.equal(pool.size, 2);
});

test('a schema no session holds any more leaves the pool', async () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const pool = new SchemaPool();
  const kept = pool.share(schema('kept'));
  pool.share(schema('dropped'));
  assert.equal(pool.size, 2);
  const deadline = Date.now() + 10_000;
  while (pool.size > 1 && Date.now() < deadline) {
    gc();
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(pool.size, 1, 'the dropped schema was not forgotten within 10 s of collections');
  assert.equal(pool.share(schema('kept')), kept);
});
