// The keywords we add to ajv: CEL rules, list types and lazily compiled subtrees. Each one generates a call to a
// check function that returns ready error objects (or null). The functions come from a SchemaRuntime, referenced
// both as live values (runtime compile) and as code (`require("liqo-schema-runtime")...`), so the same keyword
// definitions serve ajv.compile and the precompiled standalone validators (see schemaPrecompiled.ts).
import { _, stringify, type Ajv, type CodeKeywordDefinition, type ErrorObject, type KeywordCxt } from 'ajv';
import { strConcat } from 'ajv/dist/compile/codegen';
import N from 'ajv/dist/compile/names';
import { DEFAULT_BUDGET, compileCel } from './cel';
import { TOO_EXPENSIVE } from './cel/budget';
import type { ajvRegExpEngine } from './re2';
import { celSchemaOf } from './cel/values';
import { CEL, LAZY, LIST_TYPE, formats } from './schemaPrepare';

/** Errors with their full instancePath, or null when the data passes. */
export type Check = (data: unknown, instancePath: string) => Partial<ErrorObject>[] | null;

export interface SchemaRuntime {
  /** `selfSchema` types `self` (see celSchemaOf); validators precompiled before it existed pass none. */
  cel(rules: unknown, selfSchema?: unknown): Check;
  listType(type: unknown, keys: unknown): Check;
  lazy(key: string): Check;
  /** The schema `pattern` engine (re2.ts), so precompiled validators match as runtime-compiled ones do. */
  regExp: ReturnType<typeof ajvRegExpEngine>;
}

/** The module name precompiled validators require the runtime by. */
export const RUNTIME_MODULE = 'liqo-schema-runtime';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function keyOf(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v) ?? 'null';
  } catch {
    // Too deep to serialise (hostile input): never equal to anything else.
    return `\u0000${Math.random()}`;
  }
}

function pointer(seg: string | number): string {
  return `/${String(seg).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

const maxRememberedValue = 2048;
const maxRememberedVerdicts = 512;

/**
 * What all the CEL rules of one document may spend together (SchemaSet.validate refills it per document), on top
 * of each evaluation's own limit: a list of ten thousand items with a costly rule each would otherwise spend ten
 * thousand full evaluations. The units are cel/budget.ts's; work inside builtins (regex, string and list
 * functions) is charged by its input size. The watchdog (analysis/host.ts) still bounds the whole check in time.
 */
export interface CelBudget {
  left: number;
  /** Set when a rule was not evaluated, or stopped, because the document's budget was spent. */
  ranOut: boolean;
}

/** A CEL check: every rule parsed once; transition rules and rules we cannot evaluate never fail. */
export function celCheck(rules: unknown, selfSchema?: unknown, budget?: CelBudget): Check {
  const parsed = (Array.isArray(rules) ? rules : []).filter(isObject).map((r) => ({
    program: compileCel(typeof r.rule === 'string' ? r.rule : '', selfSchema),
    message: typeof r.message === 'string' && r.message ? r.message : `failed rule: ${typeof r.rule === 'string' ? r.rule : '?'}`,
    fieldPath: typeof r.fieldPath === 'string' ? r.fieldPath.split('.').filter(Boolean) : [],
  }));
  // A rule's verdict depends only on the value it checks, and files repeat values (every gateway of a fleet has
  // the same endpoint shape): small values remember which rules they fail.
  const verdicts = new Map<string, number[]>();
  const failing = (data: unknown): number[] => {
    let key: string | undefined;
    try {
      key = JSON.stringify(data);
    } catch {
      key = undefined;
    }
    if (key !== undefined && key.length <= maxRememberedValue) {
      const hit = verdicts.get(key);
      if (hit) return hit;
    }
    const out: number[] = [];
    let complete = true;
    parsed.forEach((rule, i) => {
      if (budget && budget.left <= 0) {
        budget.ranOut = true;
        complete = false;
        return;
      }
      const limit = budget ? Math.min(DEFAULT_BUDGET, budget.left) : DEFAULT_BUDGET;
      const outcome = rule.program.evaluate(data, limit);
      if (budget) {
        budget.left -= outcome.cost ?? 0;
        if (outcome.kind === 'error' && outcome.message === TOO_EXPENSIVE && limit < DEFAULT_BUDGET) {
          budget.ranOut = true;
          complete = false;
        }
      }
      if (outcome.kind === 'fail') out.push(i);
    });
    // A verdict cut short by the document's budget is not the value's verdict: never remember it.
    if (complete && key !== undefined && key.length <= maxRememberedValue) {
      if (verdicts.size >= maxRememberedVerdicts) verdicts.clear();
      verdicts.set(key, out);
    }
    return out;
  };
  return (data, instancePath) => {
    let errors: Partial<ErrorObject>[] | null = null;
    for (const i of failing(data)) {
      const rule = parsed[i];
      (errors ??= []).push({
        keyword: CEL, instancePath, schemaPath: '', message: rule.message,
        params: { rule: rule.program.source, message: rule.message, fieldPath: rule.fieldPath },
      });
    }
    return errors;
  };
}

/** x-kubernetes-list-type set/map: items (or their key fields) must be unique. */
export function listTypeCheck(type: unknown, keys: unknown): Check {
  const mapKeys = Array.isArray(keys) ? keys.map(String) : [];
  if (type !== 'set' && !(type === 'map' && mapKeys.length)) return () => null;
  return (data, instancePath) => {
    if (!Array.isArray(data)) return null;
    const seen = new Set<string>();
    const errors: Partial<ErrorObject>[] = [];
    data.forEach((item, i) => {
      let id: string;
      let what: string;
      if (type === 'set') {
        id = keyOf(item);
        what = `duplicate value ${id}`;
      } else {
        if (!isObject(item)) return;
        id = mapKeys.map((k) => keyOf(item[k])).join('\u0000');
        what = `duplicate entry with ${mapKeys.map((k) => `${k} ${keyOf(item[k])}`).join(', ')}`;
      }
      if (seen.has(id)) errors.push({ keyword: 'duplicate', instancePath: instancePath + pointer(i), schemaPath: '', message: what, params: { message: what } });
      seen.add(id);
    });
    return errors.length ? errors : null;
  };
}

function checkKeyword(keyword: string, make: (cxt: KeywordCxt) => { ref: Check; code: ReturnType<typeof _> }): CodeKeywordDefinition {
  return {
    keyword,
    code(cxt: KeywordCxt) {
      const { gen, data, it } = cxt;
      const made = make(cxt);
      const check = gen.scopeValue('func', { ref: made.ref, code: made.code });
      const res = gen.const('res', _`${check}(${data}, ${strConcat(N.instancePath, it.errorPath)})`);
      gen.if(_`${res} !== null`, () => {
        gen.assign(N.vErrors, _`${N.vErrors} === null ? ${res} : ${N.vErrors}.concat(${res})`);
        gen.assign(N.errors, _`${N.vErrors}.length`);
      });
    },
  };
}

/** Formats and keywords on an ajv instance; `runtime` provides the live check functions. */
export function addKeywords(ajv: Ajv, runtime: SchemaRuntime): void {
  for (const [name, def] of Object.entries(formats)) {
    ajv.addFormat(name, { type: def.type, validate: def.validate } as never);
  }
  const rt = _`require(${RUNTIME_MODULE})`;
  ajv.addKeyword(checkKeyword(CEL, ({ schema, parentSchema }) => {
    // The schema that holds the rules types `self`; only what decides CEL types is kept, and in the code too.
    const self = celSchemaOf(parentSchema) ?? null;
    return { ref: runtime.cel(schema, self), code: _`${rt}.cel(${stringify(schema)}, ${stringify(self)})` };
  }));
  ajv.addKeyword(checkKeyword(LIST_TYPE, ({ schema, parentSchema }) => {
    const keys = (parentSchema as Record<string, unknown>)['x-kubernetes-list-map-keys'];
    return { ref: runtime.listType(schema, keys), code: _`${rt}.listType(${stringify(schema)}, ${stringify(keys ?? null)})` };
  }));
  ajv.addKeyword(checkKeyword(LAZY, ({ schema }) => ({
    ref: runtime.lazy(String(schema)),
    code: _`${rt}.lazy(${stringify(String(schema))})`,
  })));
}
