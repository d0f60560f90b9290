// Parser of the CEL subset used by CRD validation rules: tokens -> tree. Nesting is limited, so a hostile
// rule cannot exhaust the stack.

export type Ast =
  | { t: 'lit'; v: unknown }
  | { t: 'id'; name: string }
  | { t: 'sel'; on: Ast; field: string }
  | { t: 'has'; on: Ast; field: string }
  | { t: 'idx'; on: Ast; key: Ast }
  | { t: 'call'; fn: string; target?: Ast; args: Ast[] }
  | { t: 'macro'; fn: string; target: Ast; v: string; args: Ast[] }
  | { t: 'list'; items: Ast[] }
  | { t: 'map'; entries: [Ast, Ast][] }
  | { t: 'un'; op: string; e: Ast }
  | { t: 'bin'; op: string; l: Ast; r: Ast }
  | { t: 'cond'; c: Ast; a: Ast; b: Ast };

const MAX_DEPTH = 64;

/** A syntax or evaluation error of a rule (never a bug of the caller). */
export class CelError extends Error {}

// ---- lexer -------------------------------------------------------------------------------------------------

interface Token { k: 'num' | 'str' | 'id' | 'op' | 'end'; v: string; n?: number }

const OPS = ['&&', '||', '==', '!=', '<=', '>=', '!', '<', '>', '+', '-', '*', '/', '%', '?', ':', '.', ',', '(', ')', '[', ']', '{', '}'];

export function lex(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (/[0-9]/.test(c)) {
      const m = /^(0x[0-9a-fA-F]+|[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?)[uU]?/.exec(src.slice(i));
      if (!m) throw new CelError(`bad number at ${i}`);
      out.push({ k: 'num', v: m[0], n: Number(m[1]) });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
      const word = m ? m[0] : c;
      // Raw strings: r'...' / r"..." without escapes.
      if ((word === 'r' || word === 'R') && (src[i + 1] === '"' || src[i + 1] === "'")) {
        const q = src[i + 1];
        const end = src.indexOf(q, i + 2);
        if (end < 0) throw new CelError('unterminated string');
        out.push({ k: 'str', v: src.slice(i + 2, end) });
        i = end + 1;
        continue;
      }
      out.push({ k: 'id', v: word });
      i += word.length;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && j + 1 < src.length) {
          const e = src[j + 1];
          s += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
          j += 2;
        } else s += src[j++];
      }
      if (j >= src.length) throw new CelError('unterminated string');
      out.push({ k: 'str', v: s });
      i = j + 1;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new CelError(`unexpected '${c}' at ${i}`);
    out.push({ k: 'op', v: op });
    i += op.length;
  }
  out.push({ k: 'end', v: '' });
  return out;
}

// ---- parser (precedence climbing, CEL's operator order) ------------------------------------------------------

export class Parser {
  private pos = 0;
  private depth = 0;
  constructor(private readonly toks: Token[]) {}

  parse(): Ast {
    const e = this.expr();
    if (this.peek().k !== 'end') throw new CelError(`unexpected '${this.peek().v}'`);
    return e;
  }
  private peek(): Token { return this.toks[this.pos]; }
  private isOp(v: string): boolean { const t = this.peek(); return t.k === 'op' && t.v === v; }
  private eat(v: string): void {
    if (!this.isOp(v)) throw new CelError(`expected '${v}' but found '${this.peek().v || 'end'}'`);
    this.pos++;
  }
  private enter(): void { if (++this.depth > MAX_DEPTH) throw new CelError('expression nested too deeply'); }

  private expr(): Ast {
    this.enter();
    const c = this.or();
    let out = c;
    if (this.isOp('?')) {
      this.pos++;
      const a = this.or();
      this.eat(':');
      out = { t: 'cond', c, a, b: this.expr() };
    }
    this.depth--;
    return out;
  }
  private or(): Ast {
    let l = this.and();
    while (this.isOp('||')) { this.pos++; l = { t: 'bin', op: '||', l, r: this.and() }; }
    return l;
  }
  private and(): Ast {
    let l = this.rel();
    while (this.isOp('&&')) { this.pos++; l = { t: 'bin', op: '&&', l, r: this.rel() }; }
    return l;
  }
  private rel(): Ast {
    let l = this.add();
    for (;;) {
      const t = this.peek();
      const op = t.k === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(t.v) ? t.v : t.k === 'id' && t.v === 'in' ? 'in' : '';
      if (!op) return l;
      this.pos++;
      l = { t: 'bin', op, l, r: this.add() };
    }
  }
  private add(): Ast {
    let l = this.mul();
    while (this.isOp('+') || this.isOp('-')) { const op = this.toks[this.pos++].v; l = { t: 'bin', op, l, r: this.mul() }; }
    return l;
  }
  private mul(): Ast {
    let l = this.unary();
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) { const op = this.toks[this.pos++].v; l = { t: 'bin', op, l, r: this.unary() }; }
    return l;
  }
  private unary(): Ast {
    if (this.isOp('!') || this.isOp('-')) {
      const op = this.toks[this.pos++].v;
      this.enter();
      const e = this.unary();
      this.depth--;
      return { t: 'un', op, e };
    }
    return this.member();
  }
  private args(close: string): Ast[] {
    const out: Ast[] = [];
    while (!this.isOp(close)) {
      out.push(this.expr());
      if (!this.isOp(close)) this.eat(',');
    }
    this.eat(close);
    return out;
  }
  private member(): Ast {
    let e = this.primary();
    for (;;) {
      if (this.isOp('.')) {
        this.pos++;
        const name = this.peek();
        if (name.k !== 'id') throw new CelError('expected a field name after "."');
        this.pos++;
        if (this.isOp('(')) {
          this.pos++;
          const args = this.args(')');
          e = this.macroOrCall(name.v, e, args);
        } else e = { t: 'sel', on: e, field: name.v };
      } else if (this.isOp('[')) {
        this.pos++;
        const key = this.expr();
        this.eat(']');
        e = { t: 'idx', on: e, key };
      } else return e;
    }
  }
  private macroOrCall(fn: string, target: Ast, args: Ast[]): Ast {
    const macros: Record<string, number[]> = { all: [2], exists: [2], exists_one: [2], existsOne: [2], filter: [2], map: [2, 3] };
    if (macros[fn]?.includes(args.length)) {
      const v = args[0];
      if (v.t !== 'id') throw new CelError(`${fn}() needs a variable name first`);
      return { t: 'macro', fn, target, v: v.name, args: args.slice(1) };
    }
    return { t: 'call', fn, target, args };
  }
  private primary(): Ast {
    const t = this.peek();
    this.pos++;
    if (t.k === 'num') return { t: 'lit', v: t.n };
    if (t.k === 'str') return { t: 'lit', v: t.v };
    if (t.k === 'id') {
      if (t.v === 'true' || t.v === 'false') return { t: 'lit', v: t.v === 'true' };
      if (t.v === 'null') return { t: 'lit', v: null };
      if (this.isOp('(')) {
        this.pos++;
        const args = this.args(')');
        if (t.v === 'has') {
          const a = args[0];
          if (args.length !== 1 || a.t !== 'sel') throw new CelError('has() takes one field selection, such as has(self.field)');
          return { t: 'has', on: a.on, field: a.field };
        }
        return { t: 'call', fn: t.v, args };
      }
      return { t: 'id', name: t.v };
    }
    if (t.k === 'op' && t.v === '(') { const e = this.expr(); this.eat(')'); return e; }
    if (t.k === 'op' && t.v === '[') return { t: 'list', items: this.args(']') };
    if (t.k === 'op' && t.v === '{') {
      const entries: [Ast, Ast][] = [];
      while (!this.isOp('}')) {
        const k = this.expr();
        this.eat(':');
        entries.push([k, this.expr()]);
        if (!this.isOp('}')) this.eat(',');
      }
      this.eat('}');
      return { t: 'map', entries };
    }
    throw new CelError(`unexpected '${t.v || 'end'}'`);
  }
}

export function mentionsOldSelf(ast: Ast): boolean {
  switch (ast.t) {
    case 'id': return ast.name === 'oldSelf';
    case 'lit': return false;
    case 'sel': case 'has': return mentionsOldSelf(ast.on);
    case 'idx': return mentionsOldSelf(ast.on) || mentionsOldSelf(ast.key);
    case 'call': return (ast.target !== undefined && mentionsOldSelf(ast.target)) || ast.args.some(mentionsOldSelf);
    case 'macro': return mentionsOldSelf(ast.target) || ast.args.some(mentionsOldSelf);
    case 'list': return ast.items.some(mentionsOldSelf);
    case 'map': return ast.entries.some(([k, v]) => mentionsOldSelf(k) || mentionsOldSelf(v));
    case 'un': return mentionsOldSelf(ast.e);
    case 'bin': return mentionsOldSelf(ast.l) || mentionsOldSelf(ast.r);
    case 'cond': return mentionsOldSelf(ast.c) || mentionsOldSelf(ast.a) || mentionsOldSelf(ast.b);
  }
}
