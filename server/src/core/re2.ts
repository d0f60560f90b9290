// The one regular-expression engine for patterns that come from outside the code: a schema's `pattern` (ajv's
// code.regExp, for served and bundled schemas alike), CEL's matches/find/findAll and the format library. It is
// re2js, a pure-JS port of RE2, as Kubernetes uses RE2 for the same patterns: matching time is linear in the
// text whatever the pattern, so `^(a+)+$` against a long `aaaa…b` answers at once where V8's backtracking
// RegExp would run for minutes.
import { RE2JS } from 're2js';

/** Compiled patterns, by source: schemas repeat a few patterns many times. Bounded, per engine. */
export class Re2Cache {
  private readonly compiled = new Map<string, RE2JS>();
  constructor(private readonly max = 256) {}

  /** Compiles RE2 syntax; throws `Illegal regex: …` on a pattern RE2 refuses (say, a lookahead). */
  get(pattern: string): RE2JS {
    let re = this.compiled.get(pattern);
    if (!re) {
      re = compileRe2(pattern);
      if (this.compiled.size >= this.max) this.compiled.clear();
      this.compiled.set(pattern, re);
    }
    return re;
  }
}

export function compileRe2(pattern: string): RE2JS {
  try {
    return RE2JS.compile(pattern);
  } catch (e) {
    throw new Error(`Illegal regex: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** What ajv calls a pattern: an object with test() and a toString() that keys it among the validator's values. */
interface PatternLike { test(text: string): boolean; toString(): string }

/**
 * A regExp engine for ajv's `code.regExp` option. ajv asks for `(pattern, "u")`; RE2 reads Unicode anyway. The
 * `code` names the same function in precompiled validators, which get it from the schema runtime module.
 */
export function ajvRegExpEngine(runtimeModule: string): ((pattern: string, flags?: string) => PatternLike) & { code: string } {
  const cache = new Re2Cache();
  const engine = (pattern: string): PatternLike => {
    const re = cache.get(pattern);
    return { test: (text) => re.test(text), toString: () => `re2:${pattern}` };
  };
  return Object.assign(engine, { code: `require(${JSON.stringify(runtimeModule)}).regExp` });
}
