// Precompiled validators: ajv standalone code for the bundled schemas, made ahead by
// server/src/tools/precompileSchemas.ts and shipped in schemas/validators.generated.json. Loading one costs a
// `new Function` of its code instead of ajv's code generation, which is most of the time a cold start spends on
// schemas. Entries are keyed by content hash, so a stale file is simply not used (the runtime compiles instead).
import * as equal from 'ajv/dist/runtime/equal';
import * as ucs2length from 'ajv/dist/runtime/ucs2length';
import * as uri from 'ajv/dist/runtime/uri';
import type { ValidateFunction } from 'ajv';
import precompiled from '../../../schemas/validators.generated.json';
import { RUNTIME_MODULE, type SchemaRuntime } from './schemaKeywords';
import { PREPARE_VERSION, formats } from './schemaPrepare';

export interface PrecompiledFile {
  prepareVersion: number;
  ajvVersion: string;
  /** Module code by hash of the bundled whole-manifest schema. */
  roots: Record<string, string>;
  /** Module code by content key of a cut-out subtree (see prepareSchema). */
  lazy: Record<string, string>;
}

const file = precompiled as PrecompiledFile;
const usable = file.prepareVersion === PREPARE_VERSION;

export function precompiledRoot(schemaHash: string): string | undefined {
  return usable ? file.roots[schemaHash] : undefined;
}

export function precompiledLazy(key: string): string | undefined {
  return usable ? file.lazy[key] : undefined;
}

/** Runs one standalone module with the SchemaSet's own runtime, and returns its validate function. */
export function instantiate(code: string, runtime: SchemaRuntime): ValidateFunction {
  const modules: Record<string, unknown> = {
    [RUNTIME_MODULE]: { ...runtime, formats },
    'ajv/dist/runtime/equal': equal,
    'ajv/dist/runtime/ucs2length': ucs2length,
    'ajv/dist/runtime/uri': uri,
  };
  const load = (name: string): unknown => {
    if (!(name in modules)) throw new Error(`precompiled validator requires unknown module ${name}`);
    return modules[name];
  };
  const module = { exports: {} as unknown };
  // The code is ajv's own output for our schemas, generated at build time; this is the same as ajv.compile does.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const factory = new Function('require', 'module', 'exports', code) as (r: typeof load, m: typeof module, e: unknown) => void;
  factory(load, module, module.exports);
  return module.exports as ValidateFunction;
}
