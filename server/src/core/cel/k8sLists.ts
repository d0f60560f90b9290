// The Kubernetes lists library (k8s.io/apiserver/pkg/cel/library/lists.go). Comparisons, sums and equality are
// CEL's own operators, looked up in the environment, so `[1, 2.0].isSorted()` orders numbers as `<` does.
import { CelScalar, celMethod, isCelError, listType, type CelFunc, type CelList, type CelResult, type CelValue } from '@bufbuild/cel';

/** Calls one of CEL's binary operators (`_<_`, `_+_`, `_==_`) on two values. */
export type Operator = (name: string, a: CelValue, b: CelValue) => CelResult | undefined;

const { INT, BOOL, DYN } = CelScalar;
const LIST = listType(DYN);

export function listFuncs(op: Operator): CelFunc[] {
  const apply = (name: string, a: CelValue, b: CelValue): CelValue => {
    const r = op(name, a, b);
    if (r === undefined) throw new Error(`no such overload: ${name}`);
    if (isCelError(r)) throw r;
    return r;
  };
  const less = (a: CelValue, b: CelValue): boolean => apply('_<_', a, b) === true;
  const equal = (a: CelValue, b: CelValue): boolean => apply('_==_', a, b) === true;
  const pick = (name: string, better: (a: CelValue, b: CelValue) => boolean) => function (this: CelList): CelValue {
    let best: CelValue | undefined;
    for (const v of this) if (best === undefined || better(v, best)) best = v;
    if (best === undefined) throw new Error(`${name} called on empty list`);
    return best;
  };
  const find = (list: CelList, item: CelValue, fromEnd: boolean): bigint => {
    for (let k = 0; k < list.size; k++) {
      const i = fromEnd ? list.size - 1 - k : k;
      if (equal(list.get(i) as CelValue, item)) return BigInt(i);
    }
    return -1n;
  };
  return [
    celMethod('isSorted', LIST, [], BOOL, function () {
      let prev: CelValue | undefined;
      for (const v of this) {
        if (prev !== undefined && less(v, prev)) return false;
        prev = v;
      }
      return true;
    }),
    celMethod('sum', LIST, [], DYN, function () {
      let acc: CelValue | undefined;
      for (const v of this) acc = acc === undefined ? v : apply('_+_', acc, v);
      return acc ?? 0n;
    }),
    celMethod('min', LIST, [], DYN, pick('min', less)),
    celMethod('max', LIST, [], DYN, pick('max', (a, b) => less(b, a))),
    celMethod('indexOf', LIST, [DYN], INT, function (item) { return find(this, item, false); }),
    celMethod('lastIndexOf', LIST, [DYN], INT, function (item) { return find(this, item, true); }),
  ];
}
