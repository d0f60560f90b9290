// A short, seeded slice of the fuzzer in every test run: mutated manifests never crash the server, leave a
// request unanswered for 2 s, make it log an error, or lose the diagnostics of the last version. The long run is
// `npm run fuzz -- --n 10000 --seed S`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fuzz, summary } from '../fuzz/run';

void test('the server survives 250 mutated inputs (seed 20261207)', async () => {
  const report = await fuzz({ n: 250, seed: 20261207 });
  const { text, ok } = summary(report);
  assert.equal(report.inputs, 250, text);
  assert.ok(report.requests >= 250, text);
  assert.deepEqual(report.problems, [], text);
  assert.ok(ok, text);
});
