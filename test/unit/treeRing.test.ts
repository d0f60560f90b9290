import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineRing } from '../../client/src/logs/ring';

void test('the log viewer ring keeps the newest lines only, in order', () => {
  const r = new LineRing(3);
  for (let i = 1; i <= 2; i++) r.push(`l${i}`);
  assert.deepEqual(r.lines(), ['l1', 'l2']);
  for (let i = 3; i <= 10; i++) r.push(`l${i}`);
  assert.deepEqual(r.lines(), ['l8', 'l9', 'l10']);
  assert.equal(r.size, 3);
  assert.equal(r.dropped, 7);
});

void test('memory stays bounded for an endless stream', () => {
  const r = new LineRing(1000);
  for (let i = 0; i < 200_000; i++) r.push(`seq=${i}`);
  assert.equal(r.size, 1000);
  assert.equal(r.lines()[999], 'seq=199999');
});

void test('a cleared ring starts over and keeps any kind of entry', () => {
  const r = new LineRing<{ text: string }>(2);
  for (const text of ['a', 'b', 'c']) r.push({ text });
  r.clear();
  assert.deepEqual([r.size, r.dropped, r.lines()], [0, 0, []]);
  r.push({ text: 'd' });
  assert.deepEqual(r.lines(), [{ text: 'd' }]);
});
