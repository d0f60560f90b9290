// When the extension starts a crashed language server again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RestartPolicy } from '../../client/src/serverProcess';

void test('restarts back off, give up after five crashes in the window, and forget old crashes', () => {
  const p = new RestartPolicy(5, 180_000, 1000, () => 0.5);
  assert.deepEqual([0, 1, 2, 3, 4].map((i) => p.crashed(i * 1000)), [1000, 2000, 4000, 8000, 16000]);
  assert.equal(p.crashed(5000), undefined, 'the sixth crash within 3 minutes is not restarted');
  assert.equal(p.recent, 6);
  // Much later, the old crashes are out of the window: a single crash is restarted at once again.
  assert.equal(p.crashed(10 * 60_000), 1000);
  p.reset();
  assert.equal(p.crashed(10 * 60_000 + 1), 1000);
});

void test('the delay has jitter around the doubling', () => {
  const low = new RestartPolicy(5, 180_000, 1000, () => 0);
  const high = new RestartPolicy(5, 180_000, 1000, () => 0.999);
  assert.equal(low.crashed(0), 800);
  assert.equal(high.crashed(0), 1200);
});
