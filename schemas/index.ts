// The bundled JSON Schemas of the Liqo kinds, one per kind and version.
// Generated JSON files sit beside this file; see README.md for where their facts come from.

/** A JSON Schema object, as ajv takes it. */
export type JsonSchema = Record<string, unknown>;

export interface KindSchema {
  group: string;
  version: string;
  kind: string;
  plural: string;
  scope: 'Namespaced' | 'Cluster';
  schema: JsonSchema;
}

export const bundledSchemas: KindSchema[] = [];
