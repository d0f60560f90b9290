// Bundled schemas + cluster CRD schemas -> compiled ajv validators, and schema lookups for hover and completion.
// Each SchemaSet owns its ajv instance and its caches: a kind is compiled on first use, once, and big subtrees
// of it only when a document has data there (see schemaPrepare.ts).
import Ajv, { type ValidateFunction } from 'ajv';
import type { JsonSchema, KindSchema } from '../../../schemas/index';
import { RUNTIME_MODULE, addKeywords, celCheck, listTypeCheck, type CelBudget, type Check, type SchemaRuntime } from './schemaKeywords';
import { ajvRegExpEngine } from './re2';
import { instantiate, precompiledLazy, precompiledRoot } from './schemaPrecompiled';
import { CEL, hashText, prepareSchema } from './schemaPrepare';
import { formatPath, toProblem, type SchemaProblem } from './schemaProblems';
import type { Logger } from './types';

export type { JsonSchema, KindSchema } from '../../../schemas/index';
export { formatPath, type SchemaProblem } from './schemaProblems';

export interface SchemaSet {
  lookup(apiVersion: string, kind: string): KindSchema | undefined;
  /** Validate one manifest object; compiled lazily per kind once, then cached in this instance (no module-level caches). */
  validate(kind: KindSchema, value: unknown): SchemaProblem[];
  /** Schema node at a path inside a manifest (follows properties, items, additionalProperties, allOf/anyOf), for hover and completion. */
  nodeAt(kind: KindSchema, path: (string | number)[]): JsonSchema | undefined;
  /** Replace or add schemas served by a live cluster (CRD openAPIV3Schema, keyed group/version/Kind); they win over the bundled ones. */
  setClusterSchemas(schemas: Record<string, JsonSchema>): void;
  sourceOf(kind: KindSchema): 'bundled' | 'cluster';
  /**
   * Compiles the given kinds (default: all bundled) and the parts a typical manifest touches (metadata, spec),
   * so the first real validation does not pay for it. Synchronous; call it when the server is idle.
   */
  warmUp(kinds?: KindSchema[]): void;
}

/** What the CEL rules of one document may spend in all: ten rules at their own full limit (cel.ts), well under a second. */
export const DOCUMENT_CEL_BUDGET = 1_000_000;

const RESTATED = new Set(['enum', 'pattern', 'format', 'minLength', 'maxLength', 'minimum', 'maximum']);

function isObject(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The ajv options shared by runtime compiles and the precompiler (the generated code must behave the same). */
export const AJV_OPTIONS = {
  allErrors: true, strict: false, logger: false, validateSchema: false, messages: false, addUsedSchema: false,
} as const;

/** Wraps a CRD's openAPIV3Schema into a whole-manifest schema, as the generator does for the bundled ones. */
function wrapClusterSchema(group: string, version: string, kind: string, crd: JsonSchema, bundled?: KindSchema): JsonSchema {
  const props = isObject(crd.properties) ? crd.properties : {};
  const bundledProps = bundled && isObject(bundled.schema.properties) ? bundled.schema.properties : {};
  const apiVersion = group ? `${group}/${version}` : version;
  const metadata = isObject(bundledProps.metadata) ? bundledProps.metadata : {
    type: 'object',
    properties: {
      name: { type: 'string' }, generateName: { type: 'string' }, namespace: { type: 'string' },
      labels: { type: 'object', additionalProperties: { type: 'string' } },
      annotations: { type: 'object', additionalProperties: { type: 'string' } },
    },
    'x-kubernetes-preserve-unknown-fields': true,
  };
  const required = new Set(['apiVersion', 'kind', ...(Array.isArray(crd.required) ? crd.required as string[] : [])]);
  return {
    ...crd,
    type: 'object',
    required: [...required],
    properties: {
      ...props,
      apiVersion: { type: 'string', enum: [apiVersion] },
      kind: { type: 'string', enum: [kind] },
      metadata,
    },
  };
}

export interface SchemaSetOptions {
  /** Use the precompiled validators shipped with the bundle (default true; tests turn it off to compare). */
  precompiled?: boolean;
  /** Told once about each schema that does not compile. */
  logger?: Logger;
}

export function createSchemaSet(bundled: KindSchema[], options: SchemaSetOptions = {}): SchemaSet {
  const usePrecompiled = options.precompiled ?? true;
  const key = (apiVersion: string, kind: string): string => `${apiVersion}/${kind}`;
  const apiVersionOf = (k: KindSchema): string => (k.group ? `${k.group}/${k.version}` : k.version);
  const bundledByKey = new Map(bundled.map((k) => [key(apiVersionOf(k), k.kind), k]));
  let clusterByKey = new Map<string, KindSchema>();
  const clusterKinds = new WeakSet<KindSchema>();

  // One ajv per set. Lazily compiled subtrees are looked up by content key: precompiled code when the bundle
  // has it, else compiled here from the schemas that prepareSchema cut out.
  const lazySchemas = new Map<string, JsonSchema>();
  const lazyCompiled = new Map<string, ValidateFunction | null>();
  const compiled = new Map<KindSchema, ValidateFunction>();
  let bundledPrepared = false;
  const lazyValidator = (key: string): ValidateFunction | null => {
    let v = lazyCompiled.get(key);
    if (v !== undefined) return v;
    const code = usePrecompiled ? precompiledLazy(key) : undefined;
    if (code !== undefined) v = instantiate(code, runtime);
    else {
      if (!lazySchemas.has(key) && !bundledPrepared) {
        // A precompiled root points at a subtree we have no code for (stale precompiled file): cut them all now.
        bundledPrepared = true;
        for (const k of bundled) for (const [id, sub] of prepareSchema(k.schema).lazy) lazySchemas.set(id, sub);
      }
      const schema = lazySchemas.get(key);
      v = schema ? ajv.compile(schema) : null;
    }
    lazyCompiled.set(key, v);
    return v;
  };
  const regExp = ajvRegExpEngine(RUNTIME_MODULE);
  const celBudget: CelBudget = { left: DOCUMENT_CEL_BUDGET, ranOut: false };
  const runtime: SchemaRuntime = {
    regExp,
    cel: (rules, selfSchema) => celCheck(rules, selfSchema, celBudget),
    listType: listTypeCheck,
    lazy: (key): Check => (data, instancePath) => {
      const validate = lazyValidator(key);
      if (!validate || validate(data)) return null;
      return (validate.errors ?? []).map((e) => ({ ...e, instancePath: instancePath + e.instancePath }));
    },
  };
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { optimize: false, regExp } });
  addKeywords(ajv, runtime);

  const failed = new WeakMap<KindSchema, unknown>();
  const compile = (kind: KindSchema): ValidateFunction => {
    const hit = compiled.get(kind);
    if (hit) return hit;
    // A schema that failed to compile fails the same way every time: don't pay for it per document.
    if (failed.has(kind)) throw failed.get(kind);
    try {
      const code = clusterKinds.has(kind) || !usePrecompiled ? undefined : precompiledRoot(hashText(JSON.stringify(kind.schema)));
      let validate: ValidateFunction;
      if (code !== undefined) validate = instantiate(code, runtime);
      else {
        const prepared = prepareSchema(kind.schema);
        for (const [id, sub] of prepared.lazy) lazySchemas.set(id, sub);
        validate = ajv.compile(prepared.schema);
      }
      compiled.set(kind, validate);
      return validate;
    } catch (e) {
      failed.set(kind, e);
      options.logger?.warn(`The ${clusterKinds.has(kind) ? 'cluster\'s' : 'bundled'} schema of ${kind.kind} could not be compiled: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    }
  };

  // Cut-out subtrees stay: they are keyed by content and may be shared with other kinds.
  const forget = (kind: KindSchema): void => {
    const hit = compiled.get(kind);
    if (!hit) return;
    // Only runtime-compiled validators are known to ajv (removeSchema(undefined) would clear them all).
    if (hit.schema !== undefined) ajv.removeSchema(hit.schema);
    compiled.delete(kind);
  };

  const step = (node: JsonSchema, seg: string | number): JsonSchema | undefined => {
    if (typeof seg === 'number' && isObject(node.items)) return node.items;
    const props = isObject(node.properties) ? node.properties : undefined;
    const name = String(seg);
    if (props && isObject(props[name])) return props[name];
    if (isObject(node.additionalProperties)) return node.additionalProperties;
    for (const combo of ['allOf', 'anyOf', 'oneOf']) {
      const branches = node[combo];
      if (!Array.isArray(branches)) continue;
      for (const b of branches) {
        const found = isObject(b) ? step(b, seg) : undefined;
        if (found) return found;
      }
    }
    return undefined;
  };

  const nodeAt = (kind: KindSchema, path: (string | number)[]): JsonSchema | undefined => {
    let node: JsonSchema | undefined = kind.schema;
    for (const seg of path) {
      if (!node) return undefined;
      node = step(node, seg);
    }
    return node;
  };

  return {
    lookup(apiVersion, kind) {
      const k = key(apiVersion, kind);
      return clusterByKey.get(k) ?? bundledByKey.get(k);
    },

    validate(kind, value) {
      let validate: ValidateFunction;
      try {
        validate = compile(kind);
      } catch (e) {
        // A cluster may serve a schema ajv cannot compile (say, an RE2-only pattern); say so once per document.
        return [{ path: [], keyword: 'error', message: `the ${kind.kind} schema could not be compiled: ${e instanceof Error ? e.message : String(e)}` }];
      }
      celBudget.left = DOCUMENT_CEL_BUDGET;
      celBudget.ranOut = false;
      let valid: boolean;
      try {
        valid = validate(value);
      } catch (e) {
        // Only hostile data gets here (say, a stack overflow on absurd nesting); report it, never throw.
        return [{ path: [], keyword: 'error', message: `the manifest could not be checked against the schema: ${e instanceof Error ? e.message : String(e)}` }];
      }
      const problems: SchemaProblem[] = [];
      if (celBudget.ranOut) {
        problems.push({ path: [], keyword: 'budget', message: `Not every validation rule (CEL) of this ${kind.kind} was checked: together they would cost more than the ${DOCUMENT_CEL_BUDGET.toLocaleString('en-US')} units a document may spend.` });
      }
      if (valid) return problems;
      const seen = new Set<string>();
      for (const e of validate.errors ?? []) {
        const p = toProblem(e, value);
        if (!p) continue;
        if (p.keyword === 'empty' && p.path.length) {
          // Pruned, then missing: a required field left empty is reported as missing.
          const name = p.path[p.path.length - 1];
          const parent = nodeAt(kind, p.path.slice(0, -1));
          if (typeof name === 'string' && Array.isArray(parent?.required) && parent.required.includes(name)) {
            p.path = p.path.slice(0, -1);
            p.keyword = 'required';
            p.missing = name;
            p.message = `missing required field ${formatPath([...p.path, name])} (it is empty)`;
          }
        }
        // A CEL rule with a fieldPath points below the node that carries it.
        if (e.keyword === CEL) {
          const fieldPath = (e.params as { fieldPath?: string[] }).fieldPath ?? [];
          p.path.push(...fieldPath);
        }
        const id = `${p.keyword}\u0000${p.path.join('\u0000')}\u0000${p.message}`;
        if (seen.has(id)) continue;
        seen.add(id);
        problems.push(p);
      }
      // A value of the wrong type also fails its enum, pattern or format; the type error alone says it best.
      const wrongType = new Set(problems.filter((p) => p.keyword === 'type').map((p) => p.path.join('\u0000')));
      if (!wrongType.size) return problems;
      return problems.filter((p) => p.keyword === 'type' || !wrongType.has(p.path.join('\u0000')) || !RESTATED.has(p.keyword));
    },

    nodeAt,

    setClusterSchemas(schemas) {
      for (const k of clusterByKey.values()) forget(k);
      clusterByKey = new Map();
      for (const [id, crd] of Object.entries(schemas)) {
        const parts = id.split('/');
        const kindName = parts.pop() ?? '';
        const version = parts.pop() ?? '';
        const group = parts.join('/');
        if (!kindName || !version || !isObject(crd)) continue;
        const apiVersion = group ? `${group}/${version}` : version;
        const b = bundledByKey.get(key(apiVersion, kindName)) ?? bundled.find((x) => x.group === group && x.kind === kindName);
        const facts = isObject(crd['x-liqo-resource']) ? crd['x-liqo-resource'] : {};
        const k: KindSchema = {
          group,
          version,
          kind: kindName,
          plural: b?.plural ?? (typeof facts.plural === 'string' ? facts.plural : `${kindName.toLowerCase()}s`),
          scope: b?.scope ?? (facts.scope === 'Cluster' ? 'Cluster' : 'Namespaced'),
          schema: wrapClusterSchema(group, version, kindName, crd, b),
        };
        clusterKinds.add(k);
        clusterByKey.set(key(apiVersion, kindName), k);
      }
    },

    sourceOf(kind) {
      return clusterKinds.has(kind) ? 'cluster' : 'bundled';
    },

    warmUp(kinds = bundled) {
      for (const k of kinds) {
        const metadata = { name: 'warm-up', namespace: 'default', labels: { a: 'b' }, annotations: { a: 'b' } };
        compile(k)({ apiVersion: apiVersionOf(k), kind: k.kind, metadata, spec: {} });
      }
    },
  };
}
