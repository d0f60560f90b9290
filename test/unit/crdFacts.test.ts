// The bundled schemas say what Liqo's CRDs say, field for field: types, enums, patterns, formats, defaults,
// limits, required, x-kubernetes-* markers and CEL rules. The CRDs are read from the snapshot that
// schemas/generate.ts writes beside the schemas (test/fixtures/crd-facts.json), never from the CRD folder.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { expandShared, withoutDescriptions, type CrdFacts, type KindFacts, type VersionFacts } from '../../schemas/crdFacts';
import { bundledSchemas, resourceOf, type JsonSchema, type KindSchema } from '../../schemas/index';

const facts = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'crd-facts.json'), 'utf8')) as CrdFacts;
const versions = facts.kinds.flatMap((k) => k.versions.map((v) => ({ k, v })));

/** Where two values differ, as "path: bundled ≠ crd" lines (at most `limit`). */
function differences(bundled: unknown, crd: unknown, at: string, out: string[] = [], limit = 20): string[] {
  if (out.length >= limit) return out;
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (Array.isArray(bundled) && Array.isArray(crd) && bundled.length !== crd.length) {
    out.push(`${at}: ${bundled.length} items ≠ ${crd.length}`);
  } else if (isObj(bundled) && isObj(crd) && Array.isArray(bundled) === Array.isArray(crd)) {
    for (const key of new Set([...Object.keys(bundled), ...Object.keys(crd)])) differences(bundled[key], crd[key], `${at}/${key}`, out, limit);
  } else if (JSON.stringify(bundled) !== JSON.stringify(crd)) {
    out.push(`${at}: ${JSON.stringify(bundled)} ≠ ${JSON.stringify(crd)}`);
  }
  return out;
}

/** The part of a bundled schema that comes from the CRD: the generator's wrapper and our descriptions removed. */
function fromCrd(schema: JsonSchema): JsonSchema {
  const plain = withoutDescriptions(schema);
  const properties = { ...(plain.properties as JsonSchema) };
  for (const key of ['apiVersion', 'kind', 'metadata']) delete properties[key];
  const out: JsonSchema = { ...plain, properties };
  for (const key of ['x-kubernetes-group-version-kind', 'x-liqo-resource', 'required']) delete out[key];
  return out;
}

/** The CRD schema with the wrapper's properties taken out, for comparison with fromCrd(). */
function crdBody(v: VersionFacts): JsonSchema {
  const schema = expandShared(v.schema, facts.shared);
  const properties = { ...(schema.properties as JsonSchema) };
  for (const key of ['apiVersion', 'kind', 'metadata']) delete properties[key];
  const out: JsonSchema = { ...schema, properties };
  delete out.required;
  return out;
}

function bundledOf(k: KindFacts, v: VersionFacts): KindSchema | undefined {
  return bundledSchemas.find((s) => s.group === k.group && s.version === v.name && s.kind === k.names.kind);
}

void test('the snapshot holds all 28 CRDs of the liqo-crds chart, with formats, defaults and CEL rules in it', () => {
  assert.equal(facts.kinds.length, 28);
  const text = JSON.stringify(facts);
  for (const needle of ['"format":"ipv4"', '"format":"cidr"', '"default":', '"x-kubernetes-validations":', '"x-kubernetes-preserve-unknown-fields":true', '"x-kubernetes-int-or-string":true']) {
    assert.ok(text.includes(needle), `the snapshot has ${needle}`);
  }
});

void test('every CRD version has its bundled schema and every bundled schema its CRD', () => {
  for (const { k, v } of versions) assert.ok(bundledOf(k, v), `${String(k.names.kind)} ${k.group}/${v.name} is not bundled`);
  assert.equal(bundledSchemas.length, versions.length);
});

void test('each bundled schema has the CRD\'s fields, types, enums, patterns, formats, defaults, limits and rules', () => {
  for (const { k, v } of versions) {
    const bundled = bundledOf(k, v);
    if (!bundled) continue;
    assert.deepEqual(differences(fromCrd(bundled.schema), crdBody(v), String(k.names.kind)), [], `${k.file} differs from the bundled schema`);
  }
});

void test('each bundled schema requires what the CRD requires, and wraps it with the right apiVersion, kind and metadata', () => {
  for (const { k, v } of versions) {
    const bundled = bundledOf(k, v);
    if (!bundled) continue;
    const crd = expandShared(v.schema, facts.shared);
    const props = bundled.schema.properties as Record<string, JsonSchema>;
    const kind = String(k.names.kind);
    assert.deepEqual(bundled.schema.required, [...new Set(['apiVersion', 'kind', 'metadata', ...((crd.required as string[] | undefined) ?? [])])], kind);
    assert.deepEqual(props.apiVersion.enum, [`${k.group}/${v.name}`], kind);
    assert.deepEqual(props.kind.enum, [kind], kind);
    // The CRDs leave metadata to the API server; ours types it, without a namespace for cluster-scoped kinds.
    assert.deepEqual((crd.properties as Record<string, JsonSchema>).metadata, { type: 'object' }, kind);
    assert.equal('namespace' in (props.metadata.properties as JsonSchema), k.scope === 'Namespaced', kind);
  }
});

void test('each bundled schema carries the CRD\'s API facts: names, scope, served and storage, subresources, columns', () => {
  for (const { k, v } of versions) {
    const bundled = bundledOf(k, v);
    if (!bundled) continue;
    const r = resourceOf(bundled.schema);
    const names = k.names as { kind: string; listKind?: string; plural: string; singular?: string; shortNames?: string[]; categories?: string[] };
    assert.deepEqual(
      [r.listKind, r.plural, r.singular, r.scope, r.shortNames, r.categories, r.served, r.storage, r.subresources, r.additionalPrinterColumns],
      [names.listKind ?? `${names.kind}List`, names.plural, names.singular ?? names.kind.toLowerCase(), k.scope, names.shortNames ?? [],
        names.categories ?? [], v.served, v.storage, v.subresources, v.printerColumns],
      names.kind,
    );
  }
});

void test('a schema that drifts from its CRD is caught: a changed enum, default, format, limit, rule or field', () => {
  const { k, v } = versions.find(({ k: kind }) => kind.names.kind === 'GatewayServer') ?? assert.fail('no GatewayServer CRD');
  const bundled = bundledOf(k, v);
  assert.ok(bundled);
  const drifts: [string, (s: JsonSchema) => void][] = [
    ['enum', (s) => { at(s, 'spec', 'endpoint', 'serviceType').enum = ['ClusterIP']; }],
    ['default', (s) => { delete at(s, 'spec', 'endpoint', 'serviceType').default; }],
    ['format', (s) => { at(s, 'status', 'internalEndpoint', 'ip').format = 'ipv6'; }],
    ['maxItems', (s) => { at(s, 'spec', 'endpoint', 'ports').maxItems = 65; }],
    ['rule', (s) => { (at(s, 'spec', 'endpoint')['x-kubernetes-validations'] as JsonSchema[]).pop(); }],
    ['new field', (s) => { at(s, 'spec').properties = { ...(at(s, 'spec').properties as JsonSchema), extra: { type: 'string' } }; }],
  ];
  assert.deepEqual(differences(fromCrd(bundled.schema), crdBody(v), 'GatewayServer'), []);
  for (const [what, drift] of drifts) {
    const copy = structuredClone(bundled.schema);
    drift(copy);
    assert.notDeepEqual(differences(fromCrd(copy), crdBody(v), 'GatewayServer'), [], what);
  }
});

/** The schema node at a path of property names. */
function at(schema: JsonSchema, ...names: string[]): JsonSchema {
  let node = schema;
  for (const name of names) node = (node.properties as Record<string, JsonSchema>)[name];
  return node;
}
