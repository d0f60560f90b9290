// Structural-schema behaviour of the API server for the Liqo kinds, from the project's bundled schemas:
// defaults are applied, unknown fields are refused (fieldValidation=Strict, kubectl's default) or pruned,
// and other violations answer 422 Invalid with one cause per field.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { bundledSchemas } from '../../schemas/index.js';
import { badRequest, invalid } from './errors.js';
import type { ResourceType } from './kinds.js';
import type { KObj } from './store.js';

const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true, verbose: true, useDefaults: true, removeAdditional: true });
const strictAjv = new Ajv({ strict: false, validateFormats: false, allErrors: true, verbose: true });
const cache = new Map<ResourceType, { prune: ValidateFunction; check: ValidateFunction } | null>();

/** Structural schemas are closed: an object with properties and no x-kubernetes-preserve-unknown-fields admits no other field. */
function closed(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closed);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === 'enum' || k === 'default' || k === 'example' ? v : closed(v);
  if (out.type === 'object' && out.properties && out['x-kubernetes-preserve-unknown-fields'] !== true && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

function validators(t: ResourceType): { prune: ValidateFunction; check: ValidateFunction } | null {
  let v = cache.get(t);
  if (v !== undefined) return v;
  const s = bundledSchemas.find((x) => x.group === t.group && x.version === t.version && x.kind === t.kind);
  v = null;
  if (s) {
    // Metadata is the API server's own business; status is written through its subresource.
    const props = { ...(s.schema.properties as Record<string, unknown>), metadata: { type: 'object' }, status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } };
    const schema = closed({ ...s.schema, properties: props }) as Record<string, unknown>;
    delete schema.$schema; delete schema.$id;
    try { v = { prune: ajv.compile(schema), check: strictAjv.compile(schema) }; } catch { v = null; }
  }
  cache.set(t, v);
  return v;
}

const field = (e: ErrorObject): string => e.instancePath.replace(/^\//, '').replace(/\//g, '.').replace(/~1/g, '/').replace(/~0/g, '~');

function cause(e: ErrorObject): { field: string; message: string } {
  const path = field(e);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': return { field: path ? `${path}.${String(p.missingProperty)}` : String(p.missingProperty), message: 'Required value' };
    case 'enum': return { field: path, message: `Unsupported value: ${JSON.stringify(e.data)}: supported values: ${(p.allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(', ')}` };
    case 'type': return { field: path, message: `Invalid value: "${typeof e.data}": ${path} in body must be of type ${String(p.type)}: ${JSON.stringify(e.data)}` };
    case 'pattern': return { field: path, message: `Invalid value: ${JSON.stringify(e.data)}: ${path} in body should match '${String(p.pattern)}'` };
    default: return { field: path, message: `Invalid value: ${JSON.stringify(e.data)}: ${e.message ?? 'invalid'}` };
  }
}

/** Validates (and defaults, and prunes) a Liqo object written by a client. */
export function validateCustomResource(t: ResourceType, o: KObj, fieldValidation: string | null): void {
  if (!t.crd) return;
  const v = validators(t);
  if (!v) return;
  const mode = fieldValidation ?? 'Ignore';
  const run = (f: ValidateFunction): boolean => (f as (d: unknown) => boolean)(o);
  if (mode === 'Strict' && !run(v.check)) {
    const unknown = (v.check.errors ?? []).filter((e) => e.keyword === 'additionalProperties');
    if (unknown.length) {
      const names = unknown.map((e) => `unknown field "${[field(e), String((e.params as { additionalProperty: string }).additionalProperty)].filter(Boolean).join('.')}"`);
      throw badRequest(`strict decoding error: ${names.join(', ')}`);
    }
  }
  if (!run(v.prune)) {
    const errors = (v.prune.errors ?? []).filter((e) => e.keyword !== 'additionalProperties' && e.keyword !== 'if');
    if (errors.length) throw invalid(t, o.metadata.name ?? '', errors.slice(0, 10).map(cause));
  }
}

