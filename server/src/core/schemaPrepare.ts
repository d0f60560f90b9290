// Turns a Kubernetes structural schema into what our ajv setup compiles, and defines the formats it checks.
// The bundled JSON stays faithful to the CRDs; these changes are made in memory at compile time only:
//  - descriptions and annotation-only x- keys are dropped (ajv never needs them);
//  - x-kubernetes-int-or-string becomes type [integer, string], so a quantity gets one clear error, not an anyOf;
//  - an object with properties and no additionalProperties gets additionalProperties: false, because the API
//    server prunes unknown fields silently (reported as keyword 'unknown', a warning for the caller);
//  - a required field with a default is no longer required: the API server fills it in before it validates;
//  - big subtrees (the PodSpec of a ShadowPod, the DeploymentSpec of a VirtualNode) are cut out behind an
//    'x-lazy' stub and compiled only when a document actually has data there.
import type { JsonSchema } from '../../../schemas/index';
import { parseIPv4, parseIPv6 } from './ipAddress';

/** Subtrees with more schema nodes than this are compiled lazily. */
const LAZY_NODES = 40;

export const LAZY = 'x-lazy';
export const CEL = 'x-kubernetes-validations';
export const LIST_TYPE = 'x-kubernetes-list-type';

const DROP = new Set(['description', 'example', 'externalDocs', 'title', '$schema']);
const KEEP_X = new Set([CEL, LIST_TYPE, 'x-kubernetes-list-map-keys']);

export interface Prepared {
  schema: JsonSchema;
  /** Subtrees cut out of `schema`, by the key their stub carries (a hash of their content). */
  lazy: Map<string, JsonSchema>;
}

function isObject(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Bumped whenever the generated code changes (prepareSchema, the keywords, the pattern engine), so older precompiled validators are not used. */
export const PREPARE_VERSION = 3;

/** A 64-bit FNV-1a style hash of a text, as 16 hex digits: content keys for schemas, not security. */
export function hashText(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

/** Equal subtrees (object metadata, conditions, object references) get the same key, so one compiled validator. */
export function prepareSchema(root: JsonSchema): Prepared {
  const lazy = new Map<string, JsonSchema>();

  const cut = (child: { schema: JsonSchema; size: number }, always = false): { schema: JsonSchema; size: number } => {
    if (child.size <= LAZY_NODES && !always) return child;
    const key = hashText(JSON.stringify(child.schema));
    lazy.set(key, child.schema);
    return { schema: { [LAZY]: key }, size: 1 };
  };

  const walk = (node: JsonSchema, top = false): { schema: JsonSchema; size: number } => {
    const out: JsonSchema = {};
    let size = 1;
    for (const [key, value] of Object.entries(node)) {
      if (DROP.has(key) || (key.startsWith('x-') && !KEEP_X.has(key))) continue;
      if (key === 'properties' && isObject(value)) {
        const props: JsonSchema = {};
        for (const [name, child] of Object.entries(value)) {
          if (!isObject(child)) continue;
          // metadata is the same in every kind, so cut out it is compiled once for all; status is rarely
          // written by hand, so it is compiled only when a manifest has one.
          const c = cut(walk(child), top && (name === 'metadata' || name === 'status'));
          props[name] = c.schema;
          size += c.size;
        }
        out.properties = props;
      } else if ((key === 'items' || key === 'additionalProperties' || key === 'not') && isObject(value)) {
        const c = cut(walk(value));
        out[key] = c.schema;
        size += c.size;
      } else if ((key === 'anyOf' || key === 'allOf' || key === 'oneOf') && Array.isArray(value)) {
        out[key] = value.filter(isObject).map((child) => { const c = walk(child); size += c.size; return c.schema; });
      } else {
        out[key] = value;
      }
    }
    // Only set and map lists carry a check; atomic ones would just cost code. int64 says nothing a JS number can
    // check beyond 'integer', which type already does.
    if (out[LIST_TYPE] !== 'set' && out[LIST_TYPE] !== 'map') delete out[LIST_TYPE];
    if (out.format === 'int64') delete out.format;
    if (node['x-kubernetes-int-or-string'] === true) {
      delete out.anyOf;
      out.type = ['integer', 'string'];
    }
    // An embedded object (a full Kubernetes object inside a field) always accepts its own type and metadata.
    if (node['x-kubernetes-embedded-resource'] === true && isObject(out.properties)) {
      out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...out.properties };
    }
    // The API server applies defaults before it validates, so a required field with a default is never missing.
    if (Array.isArray(out.required) && isObject(node.properties)) {
      const props = node.properties;
      out.required = out.required.filter((name) => !(isObject(props[name as string]) && (props[name as string] as JsonSchema).default !== undefined));
      if ((out.required as unknown[]).length === 0) delete out.required;
    }
    if (isObject(out.properties) && out.additionalProperties === undefined && node['x-kubernetes-preserve-unknown-fields'] !== true) {
      out.additionalProperties = false;
    }
    // ajv's nullable needs a type beside it.
    if (out.nullable === true && out.type === undefined) delete out.nullable;
    return { schema: out, size };
  };

  return { schema: walk(root, true).schema, lazy };
}

// ---- formats -------------------------------------------------------------------------------------------------

const base64Re = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const dateTimeRe = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt ]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

const isIPv4 = (s: string): boolean => parseIPv4(s) !== undefined;
const isIPv6 = (s: string): boolean => parseIPv6(s) !== undefined;

function isCIDR(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const ip = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return false;
  const n = Number(bits);
  if (isIPv4(ip)) return n <= 32;
  return isIPv6(ip) && n <= 128;
}

export interface FormatDef { type: 'string' | 'number'; validate: (value: never) => boolean; hint: string }

export const formats: Record<string, FormatDef> = {
  cidr: { type: 'string', validate: (s: string) => isCIDR(s), hint: 'is not a valid CIDR (such as 10.0.0.0/16)' },
  ipv4: { type: 'string', validate: (s: string) => isIPv4(s), hint: 'is not an IPv4 address (such as 10.0.0.1)' },
  ipv6: { type: 'string', validate: (s: string) => isIPv6(s), hint: 'is not an IPv6 address' },
  byte: { type: 'string', validate: (s: string) => base64Re.test(s), hint: 'is not valid base64' },
  'date-time': { type: 'string', validate: (s: string) => dateTimeRe.test(s), hint: 'is not an RFC 3339 date-time (such as 2024-01-31T12:00:00Z)' },
  int32: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647, hint: 'is not a 32-bit integer' },
  int64: { type: 'number', validate: (n: number) => Number.isInteger(n), hint: 'is not a 64-bit integer' },
};
