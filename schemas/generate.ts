// Generates the bundled JSON Schemas from Liqo's CRDs. Run by hand, not in CI; the output is committed.
//   npx tsc -b && node out/schemas/generate.js <folder with the CRD YAML files> [output folder] [facts file]
// The facts (types, enums, patterns, formats, required, defaults, x-kubernetes-* markers, CEL rules) come from
// the CRDs. Every CRD description is dropped and ours (descriptions.ts) is put in instead. The same run snapshots
// the CRDs into test/fixtures/crd-facts.json (crdFacts.ts), which a unit test holds the schemas against.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { crdFacts, type CrdDocument } from './crdFacts';
import { describe } from './descriptions';

type Node = Record<string, unknown>;

interface Crd {
  spec: {
    group: string;
    scope: 'Namespaced' | 'Cluster';
    names: { kind: string; listKind?: string; plural: string; singular?: string; shortNames?: string[]; categories?: string[] };
    versions: {
      name: string;
      served?: boolean;
      storage?: boolean;
      schema?: { openAPIV3Schema?: Node };
      subresources?: Node;
      additionalPrinterColumns?: Node[];
    }[];
  };
}

// Keywords the CRDs use, in the order we write them. Anything else in a CRD is a surprise: fail loudly so the
// validator is taught about it before it ships.
const KEYWORDS = [
  'type', 'format', 'enum', 'default', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'minItems',
  'maxItems', 'minProperties', 'maxProperties', 'nullable', 'anyOf', 'allOf', 'oneOf', 'not', 'items', 'properties',
  'additionalProperties', 'required', 'x-kubernetes-int-or-string', 'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type',
  'x-kubernetes-validations',
];

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Copies a CRD schema node without its descriptions, adding ours. `at` is the field path used by descriptions.ts. */
function convert(kind: string, node: Node, at: string): Node {
  const out: Node = {};
  const ours = describe(kind, at);
  if (ours !== undefined) out.description = ours;
  for (const key of Object.keys(node)) {
    if (key !== 'description' && !KEYWORDS.includes(key)) throw new Error(`${kind} ${at}: unexpected keyword ${key}`);
  }
  for (const key of KEYWORDS) {
    const value = node[key];
    if (value === undefined) continue;
    if (key === 'properties' && isNode(value)) {
      const props: Node = {};
      for (const [name, child] of Object.entries(value)) props[name] = convert(kind, child as Node, at ? `${at}.${name}` : name);
      out.properties = props;
    } else if (key === 'items' && isNode(value)) {
      out.items = convert(kind, value, `${at}[]`);
    } else if (key === 'additionalProperties' && isNode(value)) {
      out.additionalProperties = convert(kind, value, `${at}{}`);
    } else if ((key === 'anyOf' || key === 'allOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = value.map((child) => convert(kind, child as Node, at));
    } else if (key === 'not' && isNode(value)) {
      out.not = convert(kind, value, at);
    } else {
      out[key] = value;
    }
  }
  return out;
}

const dnsSubdomain = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
const dnsLabel = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';

/** The object metadata of a manifest: the fields people write, plus the ones a server returns. */
function objectMeta(kind: string, scope: string): Node {
  const d = (field: string): Node => {
    const text = describe(kind, `metadata.${field}`);
    return text === undefined ? {} : { description: text };
  };
  const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
  const properties: Node = {
    name: { ...d('name'), type: 'string', maxLength: 253, pattern: dnsSubdomain },
    generateName: { type: 'string' },
    namespace: { ...d('namespace'), type: 'string', maxLength: 63, pattern: dnsLabel },
    labels: { ...d('labels'), ...stringMap },
    annotations: { ...d('annotations'), ...stringMap },
    finalizers: { type: 'array', items: { type: 'string' } },
    ownerReferences: {
      type: 'array',
      items: {
        type: 'object',
        required: ['apiVersion', 'kind', 'name', 'uid'],
        properties: {
          apiVersion: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' }, uid: { type: 'string' },
          controller: { type: 'boolean' }, blockOwnerDeletion: { type: 'boolean' },
        },
      },
    },
    uid: { type: 'string' },
    resourceVersion: { type: 'string' },
    generation: { type: 'integer', format: 'int64' },
    creationTimestamp: { type: 'string', nullable: true },
    deletionTimestamp: { type: 'string', format: 'date-time' },
    deletionGracePeriodSeconds: { type: 'integer', format: 'int64' },
    managedFields: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
    selfLink: { type: 'string' },
  };
  // A cluster-scoped object has no namespace.
  if (scope === 'Cluster') delete properties.namespace;
  return { description: describe(kind, 'metadata'), type: 'object', properties };
}

function wrap(crd: Crd, version: Crd['spec']['versions'][number]): Node {
  const { group, scope, names } = crd.spec;
  const kind = names.kind;
  const root = version.schema?.openAPIV3Schema;
  if (!root) throw new Error(`${kind} ${version.name}: no openAPIV3Schema`);
  const converted = convert(kind, root, '');
  const crdProps = isNode(converted.properties) ? converted.properties : {};
  const apiVersion = `${group}/${version.name}`;
  const properties: Node = {
    apiVersion: { description: describe(kind, 'apiVersion'), type: 'string', enum: [apiVersion] },
    kind: { description: describe(kind, 'kind'), type: 'string', enum: [kind] },
    metadata: objectMeta(kind, scope),
  };
  for (const [name, child] of Object.entries(crdProps)) {
    if (name !== 'apiVersion' && name !== 'kind' && name !== 'metadata') properties[name] = child;
  }
  const required = ['apiVersion', 'kind', 'metadata', ...(Array.isArray(converted.required) ? converted.required as string[] : [])];
  const out: Node = {
    description: describe(kind, ''),
    type: 'object',
    required: [...new Set(required)],
    properties,
  };
  for (const [key, value] of Object.entries(converted)) {
    if (key.startsWith('x-kubernetes-')) out[key] = value;
  }
  out['x-kubernetes-group-version-kind'] = [{ group, version: version.name, kind }];
  out['x-liqo-resource'] = {
    group,
    version: version.name,
    kind,
    listKind: names.listKind ?? `${kind}List`,
    plural: names.plural,
    singular: names.singular ?? kind.toLowerCase(),
    scope,
    shortNames: names.shortNames ?? [],
    categories: names.categories ?? [],
    served: version.served ?? true,
    storage: version.storage ?? true,
    subresources: Object.keys(version.subresources ?? {}),
    additionalPrinterColumns: (version.additionalPrinterColumns ?? []).map((column) => {
      const copy = { ...column };
      delete copy.description;
      return copy;
    }),
  };
  return out;
}

/** JSON with one key per line, but short values kept on one line: readable diffs at a fraction of the size. */
export function printJson(value: unknown, indent = ''): string {
  const flat = JSON.stringify(value);
  if (flat === undefined) return 'null';
  if (typeof value !== 'object' || value === null || indent.length + flat.length <= 100) return flat;
  const inner = `${indent} `;
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + printJson(v, inner)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${printJson(v, inner)}`).join(',\n')}\n${indent}}`;
}

function main(): void {
  const [crdDir, outArg, factsArg] = process.argv.slice(2);
  if (!crdDir) {
    console.error('usage: node out/schemas/generate.js <crd folder> [output folder] [facts file]');
    process.exit(2);
  }
  // Compiled to out/schemas/generate.js; the sources live in schemas/.
  const root = path.resolve(__dirname, '..', '..');
  const outDir = outArg ?? path.join(root, 'schemas');
  const files = fs.readdirSync(crdDir).filter((f) => /\.ya?ml$/.test(f)).sort();
  const read: { file: string; crd: CrdDocument }[] = [];
  let written = 0;
  for (const file of files) {
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(crdDir, file), 'utf8'))) {
      const crd = doc.toJS() as Crd & { kind?: string };
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      read.push({ file, crd });
      for (const version of crd.spec.versions) {
        const schema = wrap(crd, version);
        const name = `${crd.spec.names.kind.toLowerCase()}.${version.name}.schema.json`;
        fs.writeFileSync(path.join(outDir, name), `${printJson(schema)}\n`);
        console.log(`${name}  (${file})`);
        written++;
      }
    }
  }
  console.log(`${written} schemas written to ${outDir}`);
  const factsFile = factsArg ?? path.join(root, 'test', 'fixtures', 'crd-facts.json');
  fs.writeFileSync(factsFile, `${printJson(crdFacts(read))}\n`);
  console.log(`the CRDs' facts written to ${factsFile}`);
}

main();
