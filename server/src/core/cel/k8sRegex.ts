// Regular expressions in rules: CEL's matches and the Kubernetes regex library (find, findAll), all on re2js
// through ../re2.ts, a pure-JS RE2: matching time is linear in the text whatever the pattern, so a pattern from a CRD such as
// `^(a+)+$` cannot make a check hang as a backtracking engine (V8's RegExp) would.
import { CelScalar, celFunc, celMethod, listType, type CelFunc } from '@bufbuild/cel';
import type { RE2JS } from 're2js';
import { Re2Cache } from '../re2';

/** Compiled patterns of one program; rules use a handful of constant patterns, so a small bound suffices. */
export class RegexCache extends Re2Cache {
  constructor() { super(16); }
}

/** Go's FindAllString: successive non-overlapping matches; an empty match right after a match is skipped. */
export function findAll(re: RE2JS, text: string, limit: number): string[] {
  const out: string[] = [];
  const m = re.matcher(text);
  let pos = 0;
  let prevEnd = -1;
  while ((limit < 0 || out.length < limit) && pos <= text.length && m.find(pos)) {
    const [start, end] = [m.start(), m.end()];
    if (end > start || start !== prevEnd) out.push(text.slice(start, end));
    prevEnd = end;
    // After an empty match, step over one character (a whole surrogate pair).
    pos = end > start ? end : end + ((text.codePointAt(end) ?? 0) > 0xffff ? 2 : 1);
  }
  return out;
}

const { STRING, BOOL, INT } = CelScalar;

export function regexFuncs(cache: RegexCache): CelFunc[] {
  const matches = (text: string, pattern: string): boolean => cache.get(pattern).test(text);
  return [
    celMethod('matches', STRING, [STRING], BOOL, function (pattern) { return matches(this, pattern); }),
    celFunc('matches', [STRING, STRING], BOOL, matches),
    celMethod('find', STRING, [STRING], STRING, function (pattern) {
      const m = cache.get(pattern).matcher(this);
      return m.find() ? (m.group() ?? '') : '';
    }),
    celMethod('findAll', STRING, [STRING], listType(STRING), function (pattern) { return findAll(cache.get(pattern), this, -1); }),
    celMethod('findAll', STRING, [STRING, INT], listType(STRING), function (pattern, limit) {
      return findAll(cache.get(pattern), this, Number(limit < 0n ? -1n : limit));
    }),
  ];
}
