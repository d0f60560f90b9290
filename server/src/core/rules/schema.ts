// Turns schema problems into diagnostics on the exact key or value, with quick fixes where one is obvious.
import { isMap } from 'yaml';
import type { JsonSchema, KindSchema } from '../../../../schemas/index';
import { insertKeyEdit, locate, type Path } from '../ast';
import type { SchemaProblem, SchemaSet } from '../schemas';
import { diag } from './codes';
import { at, closest, keyAt, kindRange, type DocContext } from '../docContext';
import type { RawDiagnostic, RawFix } from '../types';

/** A placeholder value for a missing field, from its schema: default, first enum value, or an empty value of its type. */
export function placeholder(node: JsonSchema | undefined): unknown {
  if (!node) return '';
  if (node.default !== undefined) return node.default;
  if (Array.isArray(node.enum) && node.enum.length) return node.enum[0];
  switch (node.type) {
    case 'object': {
      const required = Array.isArray(node.required) ? (node.required as string[]) : [];
      const props = (node.properties ?? {}) as Record<string, JsonSchema>;
      return Object.fromEntries(required.map((k) => [k, placeholder(props[k])]));
    }
    case 'array': return [];
    case 'boolean': return false;
    case 'integer':
    case 'number': return 0;
    default: return '';
  }
}

function sentence(s: string): string {
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

function where(path: Path): string {
  return path.length ? path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[') : 'the document';
}

function missingFix(ctx: DocContext, schemas: SchemaSet, kind: KindSchema, p: SchemaProblem): RawFix[] | undefined {
  if (!p.missing) return undefined;
  const container = p.path.length ? locate(ctx.doc, p.path).node : ctx.doc.contents ?? undefined;
  if (container !== undefined && !isMap(container)) return undefined;
  const edit = insertKeyEdit(ctx.doc, container, p.missing, placeholder(schemas.nodeAt(kind, [...p.path, p.missing])));
  return edit ? [{ title: `Add the missing field ${p.missing}`, edits: [edit], preferred: true }] : undefined;
}

function problemToDiagnostic(ctx: DocContext, schemas: SchemaSet, kind: KindSchema, p: SchemaProblem): RawDiagnostic | undefined {
  switch (p.keyword) {
    case 'required': {
      const r = p.path.length ? keyAt(ctx, p.path) : kindRange(ctx);
      return diag('schemaRequired', r[0], r[1], p.message, missingFix(ctx, schemas, kind, p));
    }
    case 'unknown': {
      const r = keyAt(ctx, p.path);
      const name = String(p.path[p.path.length - 1]);
      const parent = schemas.nodeAt(kind, p.path.slice(0, -1));
      const known = Object.keys((parent?.properties ?? {}));
      const guess = closest(name, known);
      return diag('schemaUnknown', r[0], r[1], guess ? `${sentence(p.message)} Did you mean ${guess}?` : p.message,
        guess ? [{ title: `Rename to ${guess}`, edits: [{ start: r[0], end: r[1], newText: guess }], preferred: true }] : undefined);
    }
    case 'x-kubernetes-validations': {
      const r = keyAt(ctx, p.path);
      return diag('schemaRule', r[0], r[1], p.message);
    }
    case 'enum': {
      const r = at(ctx, p.path);
      const actual = ctx.text.slice(r[0], r[1]).replace(/^["']|["']$/g, '');
      const allowed = p.allowed ?? [];
      const guess = closest(actual, allowed);
      const fixes = guess ? [{ title: `Change to ${guess}`, edits: [{ start: r[0], end: r[1], newText: guess }], preferred: true }] : undefined;
      const caseOnly = guess !== undefined && guess.toLowerCase() === actual.toLowerCase();
      return caseOnly
        ? diag('enumCase', r[0], r[1], `${where(p.path)}: "${actual}" must be written ${guess}; allowed values are case-sensitive: ${allowed.join(', ')}.`, fixes)
        : diag('schemaValue', r[0], r[1], guess ? `${sentence(p.message)} Did you mean ${guess}?` : p.message, fixes);
    }
    case 'budget': {
      const r = kindRange(ctx);
      return diag('notChecked', r[0], r[1], p.message);
    }
    case 'empty': {
      // An optional field left empty is dropped by the API server: worth a look, not an error.
      const r = keyAt(ctx, p.path);
      return diag('schemaEmpty', r[0], r[1], p.message);
    }
    default: {
      const r = at(ctx, p.path);
      return diag('schemaValue', r[0], r[1], p.message);
    }
  }
}

/**
 * LIQO010-015: the document against the kind's schema, made from Liqo's CRDs (liqotech/liqo,
 * deployments/liqo/charts/liqo-crds/crds/), or the one a connected cluster serves. An empty optional field gets
 * LIQO015: the API server drops null fields of a custom resource instead of refusing them.
 */
export function checkSchema(ctx: DocContext, schemas: SchemaSet, kind: KindSchema): RawDiagnostic[] {
  const out: RawDiagnostic[] = [];
  for (const p of schemas.validate(kind, ctx.value)) {
    const d = problemToDiagnostic(ctx, schemas, kind, p);
    if (d) out.push(d);
  }
  return out;
}
