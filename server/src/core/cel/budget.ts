// The cost budget of one evaluation. @bufbuild/cel has no cost limit, so we add one, like cel-go's runtime cost
// tracking that Kubernetes uses:
//  - every comprehension (all, exists, map, filter, …) is rewritten so that each iteration first calls
//    `@liqo.step`, charging 1 plus the size of the loop body; entering one charges the size of its range;
//  - every function call is charged 1 plus the size of its arguments: lists and maps count their entries;
//    strings, bytes and the text of a URL (or another value of opaque.ts) a tenth of their length, as cel-go's
//    traversal factor does; regex functions charge text × pattern, and replace/join the largest result they
//    could build, before they build it.
// Once the budget is spent every call and every loop step fails, so the evaluation ends within a few steps with
// an error that the caller reports as 'error', whatever the expression makes of it.
import {
  CelScalar, celFunc, celMethod, isCelList, isCelMap, type CelFunc, type CelValue,
} from '@bufbuild/cel';
import { create } from '@bufbuild/protobuf';
import { reprOf } from './opaque';
import {
  ConstantSchema, ExprSchema, Expr_CallSchema, Expr_ComprehensionSchema, Expr_CreateListSchema, Expr_IdentSchema,
  type Constant, type Expr,
} from '@bufbuild/cel-spec/cel/expr/syntax_pb.js';

export const TOO_EXPENSIVE = 'rule too expensive to evaluate';

export class Meter {
  private spent = 0;
  constructor(private readonly limit: number) {}
  get exhausted(): boolean { return this.spent > this.limit; }
  /** Units charged so far (past the limit by at most the charge that ran out). */
  get used(): number { return this.spent; }
  charge(cost: number): void {
    this.spent += cost;
    if (this.spent > this.limit) throw new Error(TOO_EXPENSIVE);
  }
}

/** Where the functions of one program find the meter of the evaluation in progress. */
export interface MeterSlot { meter: Meter }

const STEP = '@liqo.step';
const RANGE = '@liqo.range';

function sizeOf(v: CelValue | undefined): number {
  if (typeof v === 'string') return Math.ceil(v.length / 10);
  const repr = reprOf(v);
  if (repr !== undefined) return Math.ceil(repr.length / 10);
  if (v instanceof Uint8Array) return Math.ceil(v.length / 10);
  if (isCelList(v) || isCelMap(v)) return v.size;
  return 0;
}

const textLength = (v: CelValue | undefined): number => (typeof v === 'string' ? v.length : 0);

/** The charge for one call, before it runs. */
function callCost(name: string, target: CelValue | undefined, args: CelValue[]): number {
  if (name === 'size') return 1;
  let cost = 1 + sizeOf(target);
  for (const a of args) cost += sizeOf(a);
  switch (name) {
    case 'matches': case 'find': case 'findAll': {
      const [text, pattern] = target === undefined ? [args[0], args[1]] : [target, args[0]];
      cost += Math.ceil(textLength(text) / 10) * Math.ceil(Math.max(1, textLength(pattern)) / 10);
      break;
    }
    case 'replace':
      cost += Math.ceil(((textLength(target) + 1) * textLength(args[1])) / 10);
      break;
    case 'join':
      if (isCelList(target)) for (const item of target) cost += Math.ceil((textLength(item) + textLength(args[0])) / 10);
      break;
    default:
      break;
  }
  return cost;
}

/** The same function, charging the meter before each call it accepts. */
export function metered(f: CelFunc, slot: MeterSlot): CelFunc {
  const impl = function (this: CelValue | undefined, ...args: CelValue[]): CelValue {
    slot.meter.charge(callCost(f.name, this, args));
    const r = f.call(0, this, args);
    if (r === undefined) throw new Error(`found no matching overload for '${f.name}'`);
    if (r instanceof Error) throw r;
    return r;
  };
  return f.target
    ? celMethod(f.name, f.target, f.arguments as never, f.result, impl as never)
    : celFunc(f.name, f.arguments as never, f.result, impl as never);
}

/** The two functions the rewritten comprehensions call. */
export function loopFuncs(slot: MeterSlot): CelFunc[] {
  const { DYN, INT } = CelScalar;
  return [
    celFunc(STEP, [DYN, INT], DYN, (cond, weight) => { slot.meter.charge(1 + Number(weight)); return cond; }),
    celFunc(RANGE, [DYN], DYN, (range) => { slot.meter.charge(1 + sizeOf(range)); return range; }),
  ];
}

function nodeCount(e: Expr | undefined): number {
  let n = 0;
  visit(e, () => { n++; });
  return n;
}

function visit(e: Expr | undefined, fn: (e: Expr) => void): void {
  if (!e) return;
  fn(e);
  const k = e.exprKind;
  switch (k.case) {
    case 'selectExpr': visit(k.value.operand, fn); break;
    case 'callExpr': visit(k.value.target, fn); k.value.args.forEach((a) => visit(a, fn)); break;
    case 'listExpr': k.value.elements.forEach((a) => visit(a, fn)); break;
    case 'structExpr': k.value.entries.forEach((en) => { if (en.keyKind.case === 'mapKey') visit(en.keyKind.value, fn); visit(en.value, fn); }); break;
    case 'comprehensionExpr': {
      const c = k.value;
      [c.iterRange, c.accuInit, c.loopCondition, c.loopStep, c.result].forEach((x) => visit(x, fn));
      break;
    }
    default: break;
  }
}

const expr = (kind: Expr['exprKind']): Expr => create(ExprSchema, { exprKind: kind });
const call = (fn: string, args: Expr[]): Expr => expr({ case: 'callExpr', value: create(Expr_CallSchema, { function: fn, args }) });
const constant = (constantKind: Constant['constantKind']): Expr => expr({ case: 'constExpr', value: create(ConstantSchema, { constantKind }) });

/** `cel.bind(x, init, body)` as cel-go expands it: a comprehension over nothing whose accumulator is x. */
function expandBind(e: Expr): void {
  const k = e.exprKind;
  if (k.case !== 'callExpr' || k.value.function !== 'bind' || k.value.args.length !== 3) return;
  const [name, init, body] = k.value.args;
  const target = k.value.target?.exprKind;
  if (target?.case !== 'identExpr' || target.value.name !== 'cel' || name.exprKind.case !== 'identExpr') return;
  const accuVar = name.exprKind.value.name;
  e.exprKind = {
    case: 'comprehensionExpr',
    value: create(Expr_ComprehensionSchema, {
      iterVar: '#unused', iterRange: expr({ case: 'listExpr', value: create(Expr_CreateListSchema) }),
      accuVar, accuInit: init, loopCondition: constant({ case: 'boolValue', value: false }),
      loopStep: expr({ case: 'identExpr', value: create(Expr_IdentSchema, { name: accuVar }) }), result: body,
    }),
  };
}

/**
 * Rewrites a parsed rule in place: cel.bind (part of the Kubernetes environment, not of @bufbuild/cel's parser)
 * is expanded, and every comprehension is metered.
 */
export function instrument(root: Expr): void {
  visit(root, expandBind);
  visit(root, (e) => {
    const k = e.exprKind;
    if (k.case !== 'comprehensionExpr') return;
    const c = k.value;
    if (c.loopCondition) c.loopCondition = call(STEP, [c.loopCondition, constant({ case: 'int64Value', value: BigInt(nodeCount(c.loopStep)) })]);
    if (c.iterRange) c.iterRange = call(RANGE, [c.iterRange]);
  });
}

/** Whether a parsed rule reads the variable `name` (oldSelf makes a transition rule). */
export function mentions(root: Expr, name: string): boolean {
  let found = false;
  visit(root, (e) => { if (e.exprKind.case === 'identExpr' && e.exprKind.value.name === name) found = true; });
  return found;
}
