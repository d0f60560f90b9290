// Quantities as apimachinery's ParseQuantity reads them: one parser for the client, the core and the CLI.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isWholeQuantity, parseQuantity, quantityValue } from '../../server/src/liqo/quantity';
import { checkQuantity } from '../../server/src/liqo/syntax';

void test('every suffix family, signs and decimal points', () => {
  const cases: [unknown, number][] = [
    ['1', 1], ['+2', 2], ['-3', -3], ['1.5', 1.5], ['.5', 0.5], ['5.', 5], ['0', 0],
    ['500m', 0.5], ['100u', 0.0001], ['3n', 3e-9], ['2k', 2000], ['4M', 4e6], ['1G', 1e9], ['1T', 1e12], ['1P', 1e15], ['1E', 1e18],
    ['1Ki', 1024], ['8Gi', 8 * 2 ** 30], ['1.5Gi', 1.5 * 2 ** 30], ['1Ei', 2 ** 60],
    ['1e3', 1000], ['1E3', 1000], ['2e-3', 0.002], ['1.5e+2', 150],
    [' 4 ', 4], [4, 4], [0.25, 0.25], [1e21, Number(2n ** 63n - 1n)],
  ];
  for (const [q, want] of cases) assert.equal(quantityValue(q), want, JSON.stringify(q));
});

void test('what apimachinery refuses', () => {
  for (const q of ['', ' ', '+', '-', '.', 'x', '1.5.5', '1e', '1e1.5', '1K', '1ki', '1 Gi', 'four cores', '1Gi5', '--1', 'Infinity', 'NaN', '0x10', true, null, {}, [], Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.equal(parseQuantity(q), undefined, JSON.stringify(q));
  }
});

void test('exact whole-number tests and rounding up to the nano', () => {
  assert.equal(isWholeQuantity('1000m'), true);
  assert.equal(isWholeQuantity('1k'), true);
  assert.equal(isWholeQuantity('1.5'), false);
  assert.equal(isWholeQuantity('0.5Ki'), true);
  assert.equal(isWholeQuantity('0.1Ki'), false);
  assert.equal(isWholeQuantity('1e-9'), false);
  // 0.1n is below the smallest unit: rounded away from zero to 1n, as apimachinery rounds.
  assert.equal(parseQuantity('0.1n')?.nanos, 1n);
  assert.equal(parseQuantity('-0.1n')?.nanos, -1n);
  // 0.1 + 0.2 in floating point is not 0.3; quantities are exact.
  assert.equal(parseQuantity('0.3')?.nanos, 300_000_000n);
});

void test('huge inputs are capped at int64 and cost bounded work', () => {
  const max = 9223372036854775807n * 1_000_000_000n;
  assert.equal(parseQuantity('1e1000000000')?.nanos, max);
  assert.equal(parseQuantity(`-${'9'.repeat(10_000)}`)?.nanos, -max);
  assert.equal(parseQuantity(`0.${'0'.repeat(100_000)}1`)?.nanos, 1n);
  assert.equal(parseQuantity(`1${'0'.repeat(100_000)}Ei`)?.nanos, max);
  assert.equal(parseQuantity('1e-1000000000')?.nanos, 1n);
});

void test('input checks before anything is sent use the same parser', () => {
  assert.equal(checkQuantity('8Gi'), undefined);
  assert.match(checkQuantity('1e1.5') ?? '', /not a valid quantity/);
  assert.match(checkQuantity('-1') ?? '', /negative/);
  assert.match(checkQuantity('') ?? '', /empty/);
});
