// What a single-document rule, completion and hover see: the parsed document, its plain value and helpers
// to place diagnostics.
import type { Document } from 'yaml';
import { locate, rangeOfPath, type Path } from './ast';
import { locateInText } from './textLocate';

export type Obj = Record<string, unknown>;

export interface DocContext {
  /** The source AST; built on first use, so rules touch it only to place a diagnostic. */
  readonly doc: Document;
  /** The document's source text (the segment). */
  text: string;
  value: Obj;
  apiVersion: string;
  kind: string;
}

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function get(value: unknown, path: Path): unknown {
  let v = value;
  for (const step of path) {
    if (Array.isArray(v) && typeof step === 'number') v = v[step];
    else if (isObj(v)) v = v[String(step)];
    else return undefined;
  }
  return v;
}

export function str(value: unknown, path: Path): string | undefined {
  const v = get(value, path);
  return typeof v === 'string' ? v : undefined;
}

export function obj(value: unknown, path: Path): Obj | undefined {
  const v = get(value, path);
  return isObj(v) ? v : undefined;
}

/** The range of a value (or of its key when the value is a collection or missing). */
export function at(ctx: DocContext, path: Path): [number, number] {
  // Reading indentation is enough for plain block YAML; the syntax tree is built only for the rest.
  const spot = locateInText(ctx.text, path);
  return spot?.value ?? spot?.key ?? rangeOfPath(ctx.doc, path);
}

/** The range of a key. */
export function keyAt(ctx: DocContext, path: Path): [number, number] {
  return locateInText(ctx.text, path)?.key ?? rangeOfPath(ctx.doc, path, true);
}

export function exists(ctx: DocContext, path: Path): boolean {
  return locate(ctx.doc, path).depth === path.length;
}

/** Where to report a problem about the whole object: its `kind` value. */
export function kindRange(ctx: DocContext): [number, number] {
  return at(ctx, ['kind']);
}

/** Edit distance, for "did you mean" suggestions. */
export function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The allowed value closest to a typo, preferring a case-insensitive match, then prefixes, then edit distance. */
export function closest(value: string, allowed: readonly string[]): string | undefined {
  const lower = value.toLowerCase();
  const exact = allowed.find((a) => a.toLowerCase() === lower);
  if (exact) return exact;
  const prefix = allowed.filter((a) => lower.length >= 2 && a.toLowerCase().startsWith(lower));
  if (prefix.length === 1) return prefix[0];
  let best: string | undefined;
  let bestD = Infinity;
  for (const a of allowed) {
    // The distance is at least the difference in length: skip what cannot be close (and a huge typo costs nothing).
    if (Math.abs(a.length - lower.length) > Math.max(2, Math.floor(a.length / 3))) continue;
    const d = distance(lower, a.toLowerCase());
    if (d < bestD) { bestD = d; best = a; }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}
