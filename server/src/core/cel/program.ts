// One parsed expression made runnable in the rules' environment, under a budget.
import { plan, type CelInput, type CelResult, type parse } from '@bufbuild/cel';
import { Meter, TOO_EXPENSIVE, instrument } from './budget';
import { programEnv } from './environment';

export type Runnable = (bindings: Record<string, CelInput>, budget: number) => CelResult | Error;

/** Instruments the tree in place (see budget.ts) and plans it in an environment of its own. */
export function planProgram(parsed: ReturnType<typeof parse>): Runnable {
  instrument(parsed.expr);
  const { env, slot } = programEnv();
  const evaluate = plan(env, parsed);
  return (bindings, budget) => {
    slot.meter = new Meter(budget);
    const result = evaluate(bindings);
    return slot.meter.exhausted ? new Error(TOO_EXPENSIVE) : result;
  };
}
