// The schema of the values of Liqo's Helm chart (schemas/helm/liqo-values.schema.json, made by
// scripts/gen-helm-values-schema.mjs). It is read on first use, when the first Liqo values file is checked, so
// that a server that never sees one never holds it.

/** One node of the generated schema: the JSON Schema subset the generator writes. */
export interface ValuesNode {
  type?: string | string[];
  anyOf?: ValuesNode[];
  properties?: Record<string, ValuesNode>;
  /** false: no other keys; a node: what every other key holds; absent: any key. */
  additionalProperties?: boolean | ValuesNode;
  items?: ValuesNode;
  enum?: string[];
  description?: string;
  default?: unknown;
  'x-liqo-format'?: 'cidr' | 'clusterID' | 'quantity' | 'labels';
  'x-liqo-templates'?: string[];
  'x-liqo-components'?: string[];
}

export interface ValuesSchema extends ValuesNode {
  'x-liqo-chart': { repository: string; path: string; commit: string; chartVersion: string };
}

let loaded: ValuesSchema | undefined;

/** The schema, loaded on the first call. */
export function valuesSchema(): ValuesSchema {
  // A require() inside the function, not an import: the bundler then builds the object on the first call only.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('../../../../schemas/helm/liqo-values.schema.json') as ValuesSchema;
  return loaded;
}

/** Whether the schema has been loaded (for the test that keeps it lazy). */
export function valuesSchemaLoaded(): boolean {
  return loaded !== undefined;
}

/** The node that describes the value at `path`, following properties, other keys and list items. */
export function valuesNodeAt(path: readonly (string | number)[]): ValuesNode | undefined {
  let node: ValuesNode | undefined = valuesSchema();
  for (const step of path) {
    if (!node) return undefined;
    if (typeof step === 'number') { node = node.items; continue; }
    const next: ValuesNode | undefined = node.properties?.[step];
    node = next ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
  }
  return node;
}

/** The types a node allows. */
export function typesOf(node: ValuesNode): string[] {
  if (node.anyOf) return node.anyOf.flatMap(typesOf);
  if (node.type === undefined) return [];
  return Array.isArray(node.type) ? node.type : [node.type];
}
