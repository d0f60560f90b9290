// The log viewer's filter: plain text, /regex/flags, invert, and a bad pattern that shows everything and says why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileFilter } from '../../media/logs/filter';

const lines = [
  '| 0  NVIDIA A100-SXM4-40GB  On | 00000000:00:04.0 Off | seq=1',
  '| GPU-Util 37% | Memory-Usage 1203MiB / 40960MiB | seq=2',
  '[liqo] stream dropped, resuming from 2026-11-28T16:00:00Z',
  'web-nvidia-smi-7d9f | No running processes found | seq=3',
];
const shown = (text: string, invert = false) => lines.filter((l) => compileFilter({ text, invert }).test(l));

void test('an empty filter shows every line and says so', () => {
  const f = compileFilter({ text: '', invert: true });
  assert.equal(f.all, true);
  assert.deepEqual(lines.filter((l) => f.test(l)), lines);
});

void test('plain text matches anywhere, ignoring case, and regex characters are literal', () => {
  assert.deepEqual(shown('nvidia'), [lines[0], lines[3]]);
  assert.deepEqual(shown('[liqo]'), [lines[2]]);
  assert.deepEqual(shown('1203mib /'), [lines[1]]);
});

void test('/pattern/flags is a regular expression, and repeated tests give the same answer', () => {
  const f = compileFilter({ text: '/seq=[23]$/', invert: false });
  assert.deepEqual(lines.filter((l) => f.test(l)), [lines[1], lines[3]]);
  assert.deepEqual(lines.filter((l) => f.test(l)), [lines[1], lines[3]]);
  assert.deepEqual(shown('/^\\| gpu/i'), [lines[1]]);
  assert.deepEqual(shown('/^\\| gpu/'), []);
});

void test('invert shows what does not match', () => {
  assert.deepEqual(shown('seq=', true), [lines[2]]);
  assert.deepEqual(shown('/^\\[liqo\\]/', true), [lines[0], lines[1], lines[3]]);
});

void test('a broken pattern shows every line and explains itself instead of throwing', () => {
  const f = compileFilter({ text: '/(unclosed/', invert: false });
  assert.equal(f.all, true);
  assert.match(f.error ?? '', /^not a regular expression: /);
  assert.deepEqual(lines.filter((l) => f.test(l)), lines);
});

void test('the g and y flags are not accepted, so they cannot make lines flicker out of view', () => {
  assert.deepEqual(shown('/seq/g'), []);
  assert.equal(compileFilter({ text: '/seq/g', invert: false }).all, false);
});
