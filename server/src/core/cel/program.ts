// One parsed expression made runnable in the rules' environment, under a budget.
import { plan, type CelInput, type CelResult, type parse } from '@bufbuild/cel';
import { Meter, TOO_EXPENSIVE, instrument } from './budget';
import { programEnv } from './environment';

/** The result and the units it cost. */
export type Runnable = (bindings: Record<string, CelInput>, budget: number) => { result: CelResult | Error; cost: number };

/** Instruments the tree in place (see budget.ts) and plans it in an environment of its own. */
export function planProgram(parsed: ReturnType<typeof parse>): Runnable {
  instrument(parsed.expr);
  const { env, slot } = programEnv();
  const evaluate = plan(env, parsed);
  return (bindings, budget) => {
    const meter = new Meter(budget);
    slot.meter = meter;
    try {
      const result = evaluate(bindings);
      return { result: meter.exhausted ? new Error(TOO_EXPENSIVE) : result, cost: meter.used };
    } catch (e) {
      return { result: e instanceof Error ? e : new Error(String(e)), cost: meter.used };
    }
  };
}
