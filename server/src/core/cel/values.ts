// JSON values as CEL sees them. Kubernetes types `self` by its schema: `type: integer` is a CEL int and
// `type: number` a CEL double even when the JSON value is 3. A value the schema does not type (no schema, a
// preserve-unknown-fields object, a subtree prepareSchema cut out behind a lazy stub) is typed as Kubernetes
// types unstructured JSON: an integral number is an int, any other a double.
import type { CelInput } from '@bufbuild/cel';

/** The part of a structural schema that decides CEL types. */
export interface CelSchema {
  type?: string | string[];
  format?: string;
  nullable?: boolean;
  properties?: Record<string, CelSchema>;
  items?: CelSchema;
  additionalProperties?: CelSchema;
}

/** Schemas and values deeper than this are not followed (a rule on them ends in 'error'). */
export const MAX_DEPTH = 64;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Keeps type, format, nullable, properties, items and additionalProperties, recursively; undefined when nothing is left. */
export function celSchemaOf(schema: unknown, depth = 0): CelSchema | undefined {
  if (!isObject(schema) || depth > MAX_DEPTH) return undefined;
  const out: CelSchema = {};
  if (typeof schema.type === 'string' || (Array.isArray(schema.type) && schema.type.every((t) => typeof t === 'string'))) out.type = schema.type;
  if (typeof schema.format === 'string') out.format = schema.format;
  if (schema.nullable === true) out.nullable = true;
  if (isObject(schema.properties)) {
    const props: Record<string, CelSchema> = {};
    for (const [k, v] of Object.entries(schema.properties)) {
      const p = celSchemaOf(v, depth + 1);
      if (p) props[k] = p;
    }
    if (Object.keys(props).length) out.properties = props;
  }
  const items = celSchemaOf(schema.items, depth + 1);
  if (items) out.items = items;
  const additional = celSchemaOf(schema.additionalProperties, depth + 1);
  if (additional) out.additionalProperties = additional;
  return Object.keys(out).length ? out : undefined;
}

const INT64_MIN = -(2 ** 63);
const INT64_MAX = 2 ** 63;

function typeIs(schema: CelSchema | undefined, name: string): boolean {
  const t = schema?.type;
  return t === name || (Array.isArray(t) && t.includes(name));
}

function number(n: number, schema: CelSchema | undefined): number | bigint {
  const asDouble = typeIs(schema, 'number') && !typeIs(schema, 'integer');
  return !asDouble && Number.isInteger(n) && n >= INT64_MIN && n < INT64_MAX ? BigInt(n) : n;
}

export class ValueTooDeep extends Error {
  constructor() { super(`value nested more than ${MAX_DEPTH} levels deep`); }
}

/** A JSON value typed by its schema: numbers become bigint (int) or number (double), objects Maps. */
export function toCel(value: unknown, schema: CelSchema | undefined, depth = 0): CelInput {
  if (depth > MAX_DEPTH) throw new ValueTooDeep();
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return number(value, schema);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((v) => toCel(v, schema?.items, depth + 1));
  if (!isObject(value)) return null;
  const out = new Map<string, CelInput>();
  for (const [k, v] of Object.entries(value)) {
    const child = schema?.properties?.[k] ?? schema?.additionalProperties;
    // The API server prunes nulls of fields that are not nullable before it validates.
    if (v === null && child?.nullable !== true) continue;
    out.set(k, toCel(v, child, depth + 1));
  }
  return out;
}
