// The Kubernetes quantity library (k8s.io/apiserver/pkg/cel/library/quantity.go) on the shared quantity parser.
// A Quantity is kept as its exact value in nano units, so every comparison is exact.
// One deviation: apimachinery's AsInt64 also refuses some whole values because of how they were written
// (`1000m`, `0.5Ki`); isInteger and asInteger here look at the value only.
import { CelScalar, celFunc, celMethod, type CelFunc } from '@bufbuild/cel';
import type { ReflectMessage } from '@bufbuild/protobuf/reflect';
import { parseQuantity } from '../../liqo/quantity';
import { QuantityType } from './opaque';

const NANO = 1_000_000_000n;
const MAX_INT64 = 9_223_372_036_854_775_807n;
const { INT, BOOL, STRING, DOUBLE } = CelScalar;
const Q = QuantityType.type;

function nanos(q: ReflectMessage): bigint {
  return BigInt(QuantityType.repr(q));
}

function quantity(nanoValue: bigint): ReturnType<typeof QuantityType.make> {
  return QuantityType.make(String(nanoValue));
}

function parse(text: string): bigint {
  const q = parseQuantity(text);
  if (!q) throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': ${JSON.stringify(text)}`);
  return q.nanos;
}

/** The parser caps values at ±MAX_INT64, which apimachinery keeps as an inf.Dec that AsInt64 refuses. */
function asInteger(n: bigint): bigint | undefined {
  if (n % NANO !== 0n) return undefined;
  const v = n / NANO;
  return v >= MAX_INT64 || v <= -MAX_INT64 ? undefined : v;
}

const cmp = (a: bigint, b: bigint): bigint => (a > b ? 1n : a < b ? -1n : 0n);
const sign = (q: ReflectMessage): bigint => cmp(nanos(q), 0n);

export const quantityFuncs: CelFunc[] = [
  celFunc('quantity', [STRING], Q, (s) => quantity(parse(s))),
  celFunc('isQuantity', [STRING], BOOL, (s) => parseQuantity(s) !== undefined),
  celMethod('isInteger', Q, [], BOOL, function () { return asInteger(nanos(this)) !== undefined; }),
  celMethod('asInteger', Q, [], INT, function () {
    const v = asInteger(nanos(this));
    if (v === undefined) throw new Error('cannot convert value to integer');
    return v;
  }),
  celMethod('asApproximateFloat', Q, [], DOUBLE, function () {
    const n = nanos(this);
    return Number(n / NANO) + Number(n % NANO) / 1e9;
  }),
  celMethod('sign', Q, [], INT, function () { return sign(this); }),
  celFunc('sign', [Q], INT, (q) => sign(q)),
  celMethod('add', Q, [Q], Q, function (o) { return quantity(nanos(this) + nanos(o)); }),
  celMethod('add', Q, [INT], Q, function (i) { return quantity(nanos(this) + i * NANO); }),
  celMethod('sub', Q, [Q], Q, function (o) { return quantity(nanos(this) - nanos(o)); }),
  celMethod('sub', Q, [INT], Q, function (i) { return quantity(nanos(this) - i * NANO); }),
  celMethod('compareTo', Q, [Q], INT, function (o) { return cmp(nanos(this), nanos(o)); }),
  celMethod('isGreaterThan', Q, [Q], BOOL, function (o) { return nanos(this) > nanos(o); }),
  celMethod('isLessThan', Q, [Q], BOOL, function (o) { return nanos(this) < nanos(o); }),
];
