// A small CEL evaluator for the x-kubernetes-validations rules of CRDs. It parses into a tree and walks it: no
// eval, no code generation. Work is bounded by a step budget and the parser by a nesting limit, so a hostile
// rule or a huge list ends in an 'error' outcome instead of a hang. Rules that read oldSelf are transition rules;
// we never have the old object, so they are reported as not applicable.
import { CelError, Parser, lex, mentionsOldSelf, type Ast } from './celParse';

export type CelOutcome =
  | { kind: 'pass' }
  | { kind: 'fail' }
  | { kind: 'notApplicable'; reason: string }
  | { kind: 'error'; message: string };

export interface CelProgram {
  readonly source: string;
  /** True for transition rules (they read oldSelf). */
  readonly usesOldSelf: boolean;
  evaluate(self: unknown, budget?: number): CelOutcome;
}

const DEFAULT_BUDGET = 100_000;
const MAX_SOURCE = 4096;

// ---- evaluation ------------------------------------------------------------------------------------------------

type Vars = Map<string, unknown>;

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'list';
  if (isMap(v)) return 'map';
  return typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'double') : typeof v;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && equal(a[k], b[k]));
  }
  return false;
}

function size(v: unknown): number {
  if (typeof v === 'string') return [...v].length;
  if (Array.isArray(v)) return v.length;
  if (isMap(v)) return Object.keys(v).length;
  throw new CelError(`size() is not defined on ${typeName(v)}`);
}

class Evaluator {
  constructor(private budget: number) {}

  private step(): void {
    if (--this.budget < 0) throw new CelError('rule too expensive to evaluate');
  }

  bool(ast: Ast, vars: Vars): boolean {
    const v = this.eval(ast, vars);
    if (typeof v !== 'boolean') throw new CelError(`expected a bool, got ${typeName(v)}`);
    return v;
  }

  /** CEL's || and && are commutative over errors: an error on one side is absorbed when the other decides. */
  private logic(op: string, l: Ast, r: Ast, vars: Vars): boolean {
    const decisive = op === '||';
    let err: CelError | undefined;
    for (const side of [l, r]) {
      try {
        if (this.bool(side, vars) === decisive) return decisive;
      } catch (e) {
        if (!(e instanceof CelError) || e.message === 'rule too expensive to evaluate') throw e;
        err = e;
      }
    }
    if (err) throw err;
    return !decisive;
  }

  eval(ast: Ast, vars: Vars): unknown {
    this.step();
    switch (ast.t) {
      case 'lit': return ast.v;
      case 'id': {
        if (!vars.has(ast.name)) throw new CelError(`undeclared reference to '${ast.name}'`);
        return vars.get(ast.name);
      }
      case 'sel': {
        const on = this.eval(ast.on, vars);
        if (!isMap(on)) throw new CelError(`cannot select '${ast.field}' from ${typeName(on)}`);
        if (!Object.prototype.hasOwnProperty.call(on, ast.field)) throw new CelError(`no such key: ${ast.field}`);
        return on[ast.field];
      }
      case 'has': {
        const on = this.eval(ast.on, vars);
        if (!isMap(on)) throw new CelError(`has() needs a map, got ${typeName(on)}`);
        return Object.prototype.hasOwnProperty.call(on, ast.field) && on[ast.field] !== null && on[ast.field] !== undefined;
      }
      case 'idx': {
        const on = this.eval(ast.on, vars);
        const key = this.eval(ast.key, vars);
        if (Array.isArray(on)) {
          if (typeof key !== 'number' || !Number.isInteger(key) || key < 0 || key >= on.length) throw new CelError('index out of range');
          return on[key];
        }
        if (isMap(on) && typeof key === 'string') {
          if (!Object.prototype.hasOwnProperty.call(on, key)) throw new CelError(`no such key: ${key}`);
          return on[key];
        }
        throw new CelError(`cannot index ${typeName(on)}`);
      }
      case 'list': return ast.items.map((i) => this.eval(i, vars));
      case 'map': {
        const out: Record<string, unknown> = {};
        for (const [k, v] of ast.entries) out[String(this.eval(k, vars))] = this.eval(v, vars);
        return out;
      }
      case 'un': {
        const v = this.eval(ast.e, vars);
        if (ast.op === '!') { if (typeof v !== 'boolean') throw new CelError('! needs a bool'); return !v; }
        if (typeof v !== 'number') throw new CelError('- needs a number');
        return -v;
      }
      case 'cond': return this.bool(ast.c, vars) ? this.eval(ast.a, vars) : this.eval(ast.b, vars);
      case 'bin': return this.binary(ast.op, ast.l, ast.r, vars);
      case 'macro': return this.macro(ast, vars);
      case 'call': return this.call(ast, vars);
    }
  }

  private binary(op: string, l: Ast, r: Ast, vars: Vars): unknown {
    if (op === '||' || op === '&&') return this.logic(op, l, r, vars);
    const a = this.eval(l, vars);
    const b = this.eval(r, vars);
    switch (op) {
      case '==': return equal(a, b);
      case '!=': return !equal(a, b);
      case 'in':
        if (Array.isArray(b)) return b.some((x) => equal(x, a));
        if (isMap(b)) return typeof a === 'string' && Object.prototype.hasOwnProperty.call(b, a);
        throw new CelError(`'in' needs a list or map, got ${typeName(b)}`);
      case '<': case '<=': case '>': case '>=': {
        if (!((typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string'))) {
          throw new CelError(`cannot compare ${typeName(a)} with ${typeName(b)}`);
        }
        return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
      }
      case '+':
        if (typeof a === 'number' && typeof b === 'number') return a + b;
        if (typeof a === 'string' && typeof b === 'string') return a + b;
        if (Array.isArray(a) && Array.isArray(b)) return (a as unknown[]).concat(b as unknown[]);
        throw new CelError(`cannot add ${typeName(a)} and ${typeName(b)}`);
      default: {
        if (typeof a !== 'number' || typeof b !== 'number') throw new CelError(`${op} needs numbers`);
        if ((op === '/' || op === '%') && b === 0) throw new CelError('division by zero');
        if (op === '-') return a - b;
        if (op === '*') return a * b;
        if (op === '%') return a % b;
        return Number.isInteger(a) && Number.isInteger(b) ? Math.trunc(a / b) : a / b;
      }
    }
  }

  private macro(ast: Extract<Ast, { t: 'macro' }>, vars: Vars): unknown {
    const target = this.eval(ast.target, vars);
    const items = Array.isArray(target) ? target : isMap(target) ? Object.keys(target) : undefined;
    if (!items) throw new CelError(`${ast.fn}() needs a list or map, got ${typeName(target)}`);
    const scope = new Map(vars);
    const run = (item: unknown, body: Ast): unknown => { scope.set(ast.v, item); return this.eval(body, scope); };
    const test = (item: unknown, body: Ast): boolean => {
      const v = run(item, body);
      if (typeof v !== 'boolean') throw new CelError(`${ast.fn}() needs a bool predicate`);
      return v;
    };
    switch (ast.fn) {
      case 'all': case 'exists': {
        const want = ast.fn === 'exists';
        let err: CelError | undefined;
        for (const item of items) {
          try {
            if (test(item, ast.args[0]) === want) return want;
          } catch (e) {
            if (!(e instanceof CelError) || e.message === 'rule too expensive to evaluate') throw e;
            err = e;
          }
        }
        if (err) throw err;
        return !want;
      }
      case 'exists_one': case 'existsOne': return items.filter((item) => test(item, ast.args[0])).length === 1;
      case 'filter': return items.filter((item) => test(item, ast.args[0]));
      default: // map
        if (ast.args.length === 2) return items.filter((item) => test(item, ast.args[0])).map((item) => run(item, ast.args[1]));
        return items.map((item) => run(item, ast.args[0]));
    }
  }

  private call(ast: Extract<Ast, { t: 'call' }>, vars: Vars): unknown {
    const target: unknown = ast.target === undefined ? undefined : this.eval(ast.target, vars);
    const args: unknown[] = ast.args.map((a): unknown => this.eval(a, vars));
    const str = (v: unknown): string => { if (typeof v !== 'string') throw new CelError(`${ast.fn}() needs a string`); return v; };
    const all: unknown[] = ast.target === undefined ? args : [target, ...args];
    switch (ast.fn) {
      case 'size': if (all.length === 1) return size(all[0]); break;
      case 'contains': if (all.length === 2) return str(all[0]).includes(str(all[1])); break;
      case 'startsWith': if (all.length === 2) return str(all[0]).startsWith(str(all[1])); break;
      case 'endsWith': if (all.length === 2) return str(all[0]).endsWith(str(all[1])); break;
      case 'lowerAscii': if (all.length === 1) return str(all[0]).toLowerCase(); break;
      case 'upperAscii': if (all.length === 1) return str(all[0]).toUpperCase(); break;
      case 'trim': if (all.length === 1) return str(all[0]).trim(); break;
      case 'matches':
        if (all.length === 2) {
          const [s, re] = [str(all[0]), str(all[1])];
          // Regexes are not RE2 here; refuse inputs big enough to make a backtracking engine slow.
          if (s.length > 1024 || re.length > 256) throw new CelError('matches() input too large');
          try { return new RegExp(re, 'u').test(s); } catch { throw new CelError(`bad regex ${re}`); }
        }
        break;
      case 'int': if (all.length === 1) { const n = Number(all[0]); if (!Number.isFinite(n)) throw new CelError('bad int'); return Math.trunc(n); } break;
      case 'double': if (all.length === 1) { const n = Number(all[0]); if (Number.isNaN(n)) throw new CelError('bad double'); return n; } break;
      case 'string': if (all.length === 1) return typeof all[0] === 'string' ? all[0] : JSON.stringify(all[0]); break;
      case 'bool': if (all.length === 1) { if (all[0] === 'true' || all[0] === true) return true; if (all[0] === 'false' || all[0] === false) return false; } break;
      default: break;
    }
    throw new CelError(`unsupported function ${ast.fn}() with ${all.length} argument(s)`);
  }
}

/** Parses a CEL rule once; evaluate it as often as needed. Never throws: syntax errors come back as 'error'. */
export function compileCel(source: string): CelProgram {
  let ast: Ast | undefined;
  let syntaxError = '';
  try {
    if (source.length > MAX_SOURCE) throw new CelError('rule too long');
    ast = new Parser(lex(source)).parse();
  } catch (e) {
    syntaxError = e instanceof Error ? e.message : String(e);
  }
  const usesOldSelf = ast ? mentionsOldSelf(ast) : /\boldSelf\b/.test(source);
  return {
    source,
    usesOldSelf,
    evaluate(self: unknown, budget = DEFAULT_BUDGET): CelOutcome {
      if (usesOldSelf) return { kind: 'notApplicable', reason: 'transition rule: needs the previous version of the object' };
      if (!ast) return { kind: 'error', message: `cannot parse rule: ${syntaxError}` };
      try {
        const ok = new Evaluator(budget).bool(ast, new Map([['self', self]]));
        return ok ? { kind: 'pass' } : { kind: 'fail' };
      } catch (e) {
        if (e instanceof CelError) return { kind: 'error', message: e.message };
        // A RangeError from a deep data structure is still bounded work; report it, never crash the caller.
        return { kind: 'error', message: e instanceof Error ? e.message : String(e) };
      }
    },
  };
}
