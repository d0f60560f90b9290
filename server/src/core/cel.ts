// CEL for the x-kubernetes-validations rules of CRDs, on @bufbuild/cel (Buf's cel-es), with the Kubernetes
// libraries and a cost budget added in ./cel/.
//
// Why @bufbuild/cel: of the npm CEL implementations it is the one that runs the cel-spec conformance suite (in our
// own run of the basic, integer_math, fp_math, string, lists, logic, comparisons, conversions, macros, fields and
// string_ext sections it passed 959 of 966 cases, against 788 for @marcbachmann/cel-js and 399 for cel-js, which
// both get int overflow or mixed int/double equality wrong); its parser and interpreter build no code from the
// rule (no eval); its regexes are RE2. Buf maintains it for protovalidate-es (last releases: @bufbuild/cel 0.6.1,
// 2026-09-15; @marcbachmann/cel-js 8.0.0, 2026-08-22; cel-js 0.8.2, 2026-03-26). It is the largest of the three
// because it brings the protobuf runtime: with re2js it adds 877 KiB to dist/cli.js and to dist/analysisWorker.js
// (the bundle that holds this core; dist/server.js no longer does) as esbuild bundles them, 438 KiB minified.
// @marcbachmann/cel-js with re2js would have added about 240 KiB minified.
//
// What a rule gives: 'pass', 'fail', 'error' (cannot be evaluated: syntax, types, a missing field, the budget), or
// 'notApplicable' for transition rules (they read oldSelf; we never have the old object). Never a throw.
import { isCelError, parse } from '@bufbuild/cel';
import { mentions } from './cel/budget';
import { planProgram, type Runnable } from './cel/program';
import { celSchemaOf, toCel } from './cel/values';

export type CelOutcome = (
  | { kind: 'pass' }
  | { kind: 'fail' }
  | { kind: 'notApplicable'; reason: string }
  | { kind: 'error'; message: string }
) & {
  /** Budget units the evaluation spent (0 when it did not run). */
  cost?: number;
};

export interface CelProgram {
  readonly source: string;
  /** True for transition rules (they read oldSelf). */
  readonly usesOldSelf: boolean;
  evaluate(self: unknown, budget?: number): CelOutcome;
}

/** One unit is about one node evaluated (budget.ts); a rule that spends them all took some 20 ms. */
export const DEFAULT_BUDGET = 100_000;
const MAX_SOURCE = 4096;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Parses a CEL rule once; evaluate it as often as needed. `selfSchema` is the schema holding the rule, which types
 * `self` (integer as int, number as double). Never throws: syntax errors come back as 'error'.
 */
export function compileCel(source: string, selfSchema?: unknown): CelProgram {
  const schema = celSchemaOf(selfSchema);
  let parsed: ReturnType<typeof parse> | undefined;
  let syntaxError = '';
  try {
    if (source.length > MAX_SOURCE) throw new Error('rule too long');
    parsed = parse(source);
  } catch (e) {
    // A rule nested deeper than the parser's stack allows lands here too (RangeError).
    syntaxError = message(e);
  }
  const usesOldSelf = parsed ? mentions(parsed.expr, 'oldSelf') : /\boldSelf\b/.test(source);
  // Planning waits for the first evaluation: transition rules and rules of kinds never opened need none. It
  // rewrites the tree, so it is tried once; a failure is kept.
  let run: Runnable | Error | undefined;
  const prepare = (ast: NonNullable<typeof parsed>): Runnable | Error => {
    try { return planProgram(ast); } catch (e) { return new Error(`cannot plan rule: ${message(e)}`); }
  };
  return {
    source,
    usesOldSelf,
    evaluate(self: unknown, budget = DEFAULT_BUDGET): CelOutcome {
      if (usesOldSelf) return { kind: 'notApplicable', reason: 'transition rule: needs the previous version of the object' };
      if (!parsed) return { kind: 'error', message: `cannot parse rule: ${syntaxError}` };
      try {
        run ??= prepare(parsed);
        if (run instanceof Error) return { kind: 'error', message: run.message };
        const { result, cost } = run({ self: toCel(self, schema) }, budget);
        if (isCelError(result) || result instanceof Error) return { kind: 'error', message: result.message, cost };
        if (typeof result !== 'boolean') return { kind: 'error', message: 'the rule does not give a bool', cost };
        return result ? { kind: 'pass', cost } : { kind: 'fail', cost };
      } catch (e) {
        // A RangeError from a deep data structure is still bounded work; report it, never crash the caller.
        return { kind: 'error', message: message(e) };
      }
    },
  };
}
