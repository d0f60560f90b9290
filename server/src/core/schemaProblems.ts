// Turns ajv errors into SchemaProblems: the data path inside the manifest and a message that names the field.
import type { ErrorObject } from 'ajv';
import { formats } from './schemaPrepare';

export type DataPath = (string | number)[];

export interface SchemaProblem {
  /** Data path inside the manifest, e.g. ['spec', 'endpoint', 'ports', 2]. For 'required', the object missing a key. */
  path: DataPath;
  /**
   * The JSON Schema keyword that failed ('required', 'enum', 'type', 'pattern', 'format', 'maxItems'...), or:
   * 'unknown' (a field the schema does not have; the API server would drop it; a warning),
   * 'x-kubernetes-validations' (a CEL rule of the CRD failed), 'duplicate' (x-kubernetes-list-type set/map),
   * 'empty' (an optional field with a null value, which the API server drops; a warning at most),
   * 'budget' (the document's CEL rules were not all evaluated: they cost more than a document may spend).
   */
  keyword: string;
  message: string;
  /** Allowed values, for 'enum'. */
  allowed?: string[];
  /** Name of the missing key, for 'required'. */
  missing?: string;
}

const SIMPLE_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** spec.endpoint.ports[2], metadata.labels["liqo.io/remote-cluster-id"]. */
export function formatPath(path: DataPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (SIMPLE_KEY.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Decodes an ajv instancePath against the data, so list indices come back as numbers. */
export function decodePath(pointer: string, data: unknown): DataPath {
  if (!pointer) return [];
  const out: DataPath = [];
  let cur: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur) && /^\d+$/.test(seg)) {
      const i = Number(seg);
      out.push(i);
      cur = cur[i];
    } else {
      out.push(seg);
      cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

function valueAt(data: unknown, path: DataPath): unknown {
  let cur = data;
  for (const seg of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

function typeOf(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a number';
  return typeof v === 'string' ? 'a string' : 'a boolean';
}

const ARTICLE: Record<string, string> = {
  object: 'an object', array: 'a list', string: 'a string', integer: 'an integer', number: 'a number', boolean: 'a boolean', null: 'null',
};

const QUANTITY = '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';
const PATTERN_HINTS: Record<string, string> = {
  '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$': "lowercase letters, digits and '-', starting and ending with a letter or digit",
  '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$': "lowercase letters, digits, '-' and '.'",
};

function show(v: unknown): string {
  let s: string;
  try {
    s = typeof v === 'object' && v !== null ? (Array.isArray(v) ? 'a list' : 'an object') : JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** One problem per ajv error, or none for errors that only restate another one. */
export function toProblem(e: ErrorObject, data: unknown): SchemaProblem | undefined {
  const path = decodePath(e.instancePath, data);
  const at = formatPath(path);
  const field = at || 'the manifest';
  const value = valueAt(data, path);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const missing = String(p.missingProperty);
      return { path, keyword: 'required', missing, message: `missing required field ${formatPath([...path, missing])}` };
    }
    case 'additionalProperties': {
      const name = String(p.additionalProperty);
      return { path: [...path, name], keyword: 'unknown', message: `unknown field ${formatPath([...path, name])}` };
    }
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map(String);
      return { path, keyword: 'enum', allowed, message: `${field} must be one of ${allowed.join(', ')}` };
    }
    case 'type': {
      // The API server prunes null fields instead of rejecting them: an empty value only matters when the field
      // is required, and the caller turns 'empty' into that (see schemas.ts).
      if (value === null || value === undefined) return { path, keyword: 'empty', message: `${field} is empty; the API server drops empty fields` };
      const types = String(p.type).split(',');
      const want = types.map((t) => ARTICLE[t] ?? t).join(' or ');
      // A fractional quantity written as a YAML number is the usual way to get here.
      const quote = types.includes('string') && typeof value === 'number' ? `; write it as a string, such as "${value}"` : '';
      return { path, keyword: 'type', message: `${field} must be ${want} (found ${typeOf(value)}${quote})` };
    }
    case 'pattern': {
      const pattern = String(p.pattern);
      if (pattern === QUANTITY) {
        return { path, keyword: 'pattern', message: `${field}: ${show(value)} is not a quantity (such as 4, 500m, 1.5 or 16Gi)` };
      }
      const hint = PATTERN_HINTS[pattern];
      return { path, keyword: 'pattern', message: `${field}: ${show(value)} does not match ${pattern}${hint ? ` (${hint})` : ''}` };
    }
    case 'format': {
      const hint = formats[String(p.format)]?.hint ?? `is not in the ${String(p.format)} format`;
      return { path, keyword: 'format', message: `${field}: ${show(value)} ${hint}` };
    }
    case 'maxItems': return { path, keyword: e.keyword, message: `${field} must have at most ${String(p.limit)} items` };
    case 'minItems': return { path, keyword: e.keyword, message: `${field} must have at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}` };
    case 'maxLength': return { path, keyword: e.keyword, message: `${field} must be at most ${String(p.limit)} characters long` };
    case 'minLength':
      return { path, keyword: e.keyword, message: p.limit === 1 ? `${field} must not be empty` : `${field} must be at least ${String(p.limit)} characters long` };
    case 'maxProperties': return { path, keyword: e.keyword, message: `${field} must have at most ${String(p.limit)} entries` };
    case 'minProperties': return { path, keyword: e.keyword, message: `${field} must have at least ${String(p.limit)} entries` };
    case 'minimum': case 'exclusiveMinimum': case 'maximum': case 'exclusiveMaximum':
      return { path, keyword: e.keyword, message: `${field} must be ${String(p.comparison)} ${String(p.limit)}` };
    case 'multipleOf': return { path, keyword: e.keyword, message: `${field} must be a multiple of ${String(p.multipleOf)}` };
    case 'uniqueItems': return { path, keyword: e.keyword, message: `${field} must not contain duplicates` };
    case 'x-kubernetes-validations': case 'duplicate':
      return { path, keyword: e.keyword, message: `${field}: ${e.message ?? 'failed a validation rule'}` };
    // anyOf/oneOf/not restate the errors of their branches; keep one generic line for them.
    case 'anyOf': case 'oneOf': return { path, keyword: e.keyword, message: `${field} does not match any allowed form` };
    case 'not': return { path, keyword: e.keyword, message: `${field} has a form that is not allowed` };
    default: return { path, keyword: e.keyword, message: `${field} is not valid (${e.keyword})` };
  }
}
