// Helm templates: YAML with `{{ }}` actions. Their YAML syntax is Helm's business after rendering, so they never
// get syntax diagnostics. Where a template keeps its shape once its actions are replaced by placeholders (as
// helm-ls does for yaml-language-server), the Liqo kinds in it are checked for their kind, keys and allowed values;
// every value that is a template action is skipped.
import type { RawDiagnostic } from '../types';

/**
 * Whether a text holds a template action: `{{` then what an action starts with (a blank, `-`, `.`, `$`, a name, a
 * quote, `(`, a comment) and a `}}` after it. A YAML flow map nested in another (`{{a: b}: c}`) is not one.
 */
export function hasActions(text: string): boolean {
  const open = text.search(/\{\{(?:-[\s}]|[\s.$\w"'(/!]|\}\})/);
  return open >= 0 && text.includes('}}', open + 2);
}

export interface Masked {
  /** The text with each action replaced: by blanks when it fills its lines alone, by a placeholder scalar when inline. */
  text: string;
  /** Where placeholders stand, as [start, end) offsets (the same in both texts). */
  holes: [number, number][];
}

/** Replaces every `{{ … }}` action, keeping every offset and line break where it was. */
export function maskActions(text: string): Masked {
  const holes: [number, number][] = [];
  const chars = text.split('');
  let from = 0;
  for (;;) {
    const open = text.indexOf('{{', from);
    if (open < 0) break;
    const closeAt = text.indexOf('}}', open + 2);
    const end = closeAt < 0 ? text.length : closeAt + 2;
    const lineStart = text.lastIndexOf('\n', open - 1) + 1;
    const nl = text.indexOf('\n', end);
    const lineEnd = nl < 0 ? text.length : nl;
    const alone = text.slice(lineStart, open).trim() === '' && /^[ \t\r]*$/.test(stripActions(text.slice(end, lineEnd)));
    for (let i = open; i < end; i++) {
      if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = alone ? ' ' : 'x';
    }
    if (!alone) holes.push([open, end]);
    from = end;
  }
  return { text: chars.join(''), holes };
}

/** A line's rest with its further actions taken out, to see whether actions alone fill it. */
function stripActions(rest: string): string {
  return rest.replace(/\{\{[\s\S]*?\}\}/g, '');
}

/** The codes a template keeps: a Liqo kind's kind, keys and allowed values. Anything else may be the template's doing. */
const kept = new Set(['LIQO003', 'LIQO010', 'LIQO012', 'LIQO014']);

/** The diagnostics of a masked template that stand: kept codes, away from every placeholder. */
export function templateDiagnostics(diagnostics: readonly RawDiagnostic[], masked: Masked): RawDiagnostic[] {
  return diagnostics.filter((d) => kept.has(d.code) && !masked.holes.some(([s, e]) => d.start < e && s < d.end));
}
