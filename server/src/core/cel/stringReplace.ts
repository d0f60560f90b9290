// replace() of the strings extension, in place of @bufbuild/cel's, which rebuilds the whole string for every
// occurrence (quadratic: a 100 kB value took seconds). Semantics are Go's strings.Replace, as cel-go's: the first
// n non-overlapping occurrences (all when n < 0), and an empty pattern matches before every character and at the end.
import { CelScalar, celMethod, type CelFunc } from '@bufbuild/cel';

export function replace(s: string, old: string, repl: string, n: number): string {
  if (n === 0 || old === repl) return s;
  const out: string[] = [];
  let count = 0;
  const more = (): boolean => n < 0 || count < n;
  if (old === '') {
    const chars = [...s];
    for (const ch of chars) {
      if (more()) { out.push(repl); count++; }
      out.push(ch);
    }
    if (more()) out.push(repl);
    return out.join('');
  }
  let pos = 0;
  for (let i = s.indexOf(old); i >= 0 && more(); i = s.indexOf(old, pos)) {
    out.push(s.slice(pos, i), repl);
    pos = i + old.length;
    count++;
  }
  out.push(s.slice(pos));
  return out.join('');
}

const { STRING, INT } = CelScalar;

export const replaceFuncs: CelFunc[] = [
  celMethod('replace', STRING, [STRING, STRING], STRING, function (old, repl) { return replace(this, old, repl, -1); }),
  celMethod('replace', STRING, [STRING, STRING, INT], STRING, function (old, repl, n) { return replace(this, old, repl, Number(n)); }),
];
