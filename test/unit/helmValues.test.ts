// Liqo's Helm values files and Helm templates at the core: every check on its fixture, the talk's files and other
// charts' values quiet, Liqo's own chart quiet, quick fixes, completion and hover, the values schema's coverage and
// its lazy loading.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { isMap, isSeq, parseDocument, type Node } from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem } from 'vscode-languageserver-types';
import { chartTemplatePredicate } from '../../server/src/chartTemplates';
import type { ClusterFacts } from '../../server/src/liqo/clusterFacts';
import { createLanguageService, type LanguageService } from '../../server/src/core/service';
import { maskActions } from '../../server/src/core/helm/template';
import { splitDocuments } from '../../server/src/core/documents';
import { parseSegment } from '../../server/src/core/parse';
import { contextsOfValuesFile, globRegExp, valuesFileMatcher, defaultValuesGlobs } from '../../server/src/core/helm/valuesFiles';
import { valuesNodeAt, valuesSchema, valuesSchemaLoaded } from '../../server/src/core/helm/valuesSchema';
import { expectedFindings, helmFixtures, yamlFiles } from '../util/helmFixtures';

const root = path.join(__dirname, '..', '..', '..');

function docAt(file: string): TextDocument {
  return TextDocument.create(pathToFileURL(file).href, 'yaml', 1, readFileSync(file, 'utf8'));
}

/** Checks files as liqo-lint does: every values file noted first, then each validated. `line:code` per file. */
async function findings(files: string[], service: LanguageService = createLanguageService({ chartTemplate: chartTemplatePredicate() })): Promise<Map<string, string[]>> {
  const docs = files.map(docAt);
  for (const d of docs) service.noteValuesFile(d);
  const out = new Map<string, string[]>();
  for (const d of docs) {
    const ds = (await service.validate(d)) ?? [];
    out.set(d.uri, [...new Set(ds.map((x) => `${x.range.start.line + 1}:${String(x.code)}`))].sort());
  }
  return out;
}

test('the values schema stays unloaded until a Liqo values file is checked', async () => {
  const service = createLanguageService();
  await service.validate(TextDocument.create('file:///w/deploy.yaml', 'yaml', 1, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n'));
  await service.validate(TextDocument.create('file:///w/other/values.yaml', 'yaml', 1, 'replicaCount: 2\n'));
  assert.equal(valuesSchemaLoaded(), false, 'a manifest or another chart\'s values loaded the Liqo values schema');
  await service.validate(TextDocument.create('file:///w/liqo-values.yaml', 'yaml', 1, 'tag: ""\n'));
  assert.equal(valuesSchemaLoaded(), true);
});

test('every check gives its findings on its fixture, and only those', async () => {
  const files = yamlFiles(path.join(helmFixtures, 'checks'));
  assert.ok(files.length >= 12, `only ${files.length} fixtures`);
  const got = await findings(files);
  for (const f of files) assert.deepEqual(got.get(pathToFileURL(f).href), expectedFindings(f), path.relative(helmFixtures, f));
  const codes = new Set(files.flatMap(expectedFindings).map((e) => e.split(':')[1]));
  for (const c of ['LIQO301', 'LIQO302', 'LIQO131', 'LIQO303', 'LIQO304', 'LIQO305', 'LIQO306', 'LIQO126', 'LIQO307', 'LIQO308', 'LIQO012', 'LIQO010']) {
    assert.ok(codes.has(c), `no fixture expects ${c}`);
  }
});

test('with cluster facts, a cluster ID other than the live one of the file\'s context is a warning', async () => {
  const dir = path.join(helmFixtures, 'live');
  const service = createLanguageService();
  service.setFacts(JSON.parse(readFileSync(path.join(dir, 'facts.json'), 'utf8')) as ClusterFacts);
  const files = yamlFiles(dir);
  const got = await findings(files, service);
  for (const f of files) assert.deepEqual(got.get(pathToFileURL(f).href), expectedFindings(f), path.basename(f));
  // Without facts the same files are quiet.
  const quiet = await findings(files);
  for (const f of files) assert.deepEqual(quiet.get(pathToFileURL(f).href), [], path.basename(f));
});

test('the talk\'s provider and consumer values files get no findings', async () => {
  const files = yamlFiles(path.join(helmFixtures, 'talk'));
  assert.equal(files.length, 2);
  for (const [uri, f] of await findings(files)) assert.deepEqual(f, [], uri);
});

test('values files of other charts get no findings, a subchart\'s included', async () => {
  const files = yamlFiles(path.join(helmFixtures, 'other'));
  assert.equal(files.length, 3);
  for (const [uri, f] of await findings(files)) assert.deepEqual(f, [], uri);
});

test('Liqo\'s own chart, templates and values, gets no findings and no YAML syntax error', async () => {
  const files = yamlFiles(path.join(helmFixtures, 'liqo'));
  assert.ok(files.length >= 47, `only ${files.length} files of the chart`);
  const withActions = files.filter((f) => readFileSync(f, 'utf8').includes('{{'));
  assert.ok(withActions.length >= 40, 'the chart copy lost its templates');
  for (const [uri, f] of await findings(files)) assert.deepEqual(f, [], uri);
  // Read as plain YAML, the same templates are full of syntax errors: the quiet is the template handling's.
  const broken = withActions.filter((f) => splitDocuments(readFileSync(f, 'utf8')).some((seg) => parseSegment(seg.text).problems.length > 0));
  assert.ok(broken.length >= 10, `only ${broken.length} templates have YAML syntax errors as plain YAML`);
});

test('a misspelt key in a Liqo kind inside one of Liqo\'s templates is still found', async () => {
  const file = path.join(helmFixtures, 'liqo/templates/liqo-vk-options-template.yaml');
  const text = readFileSync(file, 'utf8').replace('  createNode:', '  createNod:');
  const service = createLanguageService({ chartTemplate: chartTemplatePredicate() });
  const ds = (await service.validate(TextDocument.create(pathToFileURL(file).href, 'yaml', 2, text))) ?? [];
  assert.deepEqual(ds.map((d) => d.code), ['LIQO012']);
  assert.match(ds[0].message, /createNod.*createNode/);
});

test('the quick fix of a misspelt key writes the chart\'s key', async () => {
  const service = createLanguageService();
  const text = 'ipam:\n  serviceCidr: 10.96.0.0/12\ntelemetry:\n  enable: false\n';
  const doc = TextDocument.create('file:///w/k8s-gpu-liqo-values.yaml', 'yaml', 1, text);
  const ds = (await service.validate(doc)) ?? [];
  assert.deepEqual(ds.map((d) => d.code), ['LIQO301', 'LIQO301']);
  let fixed = text;
  for (const d of ds.reverse()) {
    const [action] = service.codeActions(doc, d.range, [d]);
    assert.ok(action?.edit?.changes, `no fix for ${d.message}`);
    assert.equal(action.isPreferred, true);
    fixed = TextDocument.applyEdits(TextDocument.create(doc.uri, 'yaml', 1, fixed), action.edit.changes[doc.uri]);
  }
  assert.equal(fixed, 'ipam:\n  serviceCIDR: 10.96.0.0/12\ntelemetry:\n  enabled: false\n');
  assert.deepEqual(await service.validate(TextDocument.create(doc.uri, 'yaml', 2, fixed)), []);
});

test('a boolean written as a string, a wrong enum case and a CIDR with host bits have fixes', async () => {
  const service = createLanguageService();
  const text = 'networking:\n  enabled: "false"\nwebhook:\n  failurePolicy: ignore\nipam:\n  podCIDR: 10.244.7.0/16\n';
  const doc = TextDocument.create('file:///w/liqo-values.yaml', 'yaml', 1, text);
  const ds = (await service.validate(doc)) ?? [];
  const titles = ds.map((d) => service.codeActions(doc, d.range, [d])[0]?.title);
  assert.deepEqual(titles, ['Change to false', 'Change to Ignore', 'Change to 10.244.0.0/16']);
});

test('the same cluster ID in two open values files is reported in both, and goes away with the other file', async () => {
  const service = createLanguageService();
  const a = TextDocument.create('file:///w/a-liqo-values.yaml', 'yaml', 1, 'discovery:\n  config:\n    clusterID: same\n');
  const b = TextDocument.create('file:///w/b-liqo-values.yaml', 'yaml', 1, 'discovery:\n  config:\n    clusterID: same\n');
  assert.deepEqual(await service.validate(a), []);
  const before = service.valuesRevision;
  assert.deepEqual(((await service.validate(b)) ?? []).map((d) => d.code), ['LIQO308']);
  assert.notEqual(service.valuesRevision, before, 'a new cluster ID must ask for the other files to be checked again');
  assert.deepEqual(((await service.validate(a)) ?? []).map((d) => d.code), ['LIQO308']);
  service.forget(b.uri);
  assert.deepEqual(await service.validate(a), []);
});

test('values files found in the workspace count too, an open file with its own text', async () => {
  const service = createLanguageService();
  service.setWorkspaceValues([
    { uri: 'file:///w/saved-liqo-values.yaml', clusterID: 'k8s-gpu' },
    { uri: 'file:///w/open-liqo-values.yaml', clusterID: 'k8s-gpu' },
    { uri: 'file:///w/nginx/values.yaml', clusterID: 'k8s-gpu' },
  ]);
  const open = TextDocument.create('file:///w/open-liqo-values.yaml', 'yaml', 3, 'discovery:\n  config:\n    clusterID: k8s-gpu\n');
  const ds = (await service.validate(open)) ?? [];
  assert.deepEqual(ds.map((d) => d.code), ['LIQO308']);
  assert.match(ds[0].message, /also given by saved-liqo-values\.yaml:/, 'neither its own saved copy nor another chart\'s file counts');
  const before = service.valuesRevision;
  service.setWorkspaceValues([{ uri: 'file:///w/saved-liqo-values.yaml', clusterID: 'k8s-lab' }]);
  assert.notEqual(service.valuesRevision, before);
  assert.deepEqual(await service.validate(open), []);
});

test('workspace values files named by custom globs count even when the globs come after them', async () => {
  const service = createLanguageService();
  service.setWorkspaceValues([{ uri: 'file:///w/clusters/lab.yaml', clusterID: 'k8s-lab' }]);
  service.setValuesFiles(['**/clusters/*.yaml']);
  const gpu = TextDocument.create('file:///w/clusters/gpu.yaml', 'yaml', 1, 'discovery:\n  config:\n    clusterID: k8s-lab\n');
  assert.deepEqual(((await service.validate(gpu)) ?? []).map((d) => d.code), ['LIQO308']);
});

test('which files are Liqo values files: the globs, the first-line marker, not a subchart\'s', () => {
  const m = valuesFileMatcher(defaultValuesGlobs);
  assert.equal(m.matches('file:///repo/deploy/liqo-values.yaml', ''), true);
  assert.equal(m.matches('file:///repo/k8s-gpu.liqo.values.yml', ''), true);
  assert.equal(m.matches('file:///repo/helm/liqo/values-prod.yaml', ''), true);
  assert.equal(m.matches('file:///repo/helm/liqo/overlays/gpu/values.yaml', ''), true);
  assert.equal(m.matches('file:///repo/helm/liqo/charts/redis/values.yaml', ''), false);
  assert.equal(m.matches('file:///repo/umbrella/charts/liqo/values.yaml', ''), true);
  assert.equal(m.matches('file:///repo/nginx/values.yaml', ''), false);
  assert.equal(m.matches('file:///repo/liqo-values.json', ''), false);
  assert.equal(m.matches('file:///repo/cluster.yaml', '# liqo-values'), true);
  assert.equal(m.matches('file:///repo/cluster.yaml', '# liqo-values context=admin@k8s-gpu'), true);
  assert.equal(m.matches('file:///repo/cluster.yaml', '# liqo-valuesx'), false);
  assert.equal(m.matches('untitled:Untitled-1', '# liqo-values'), true);
  assert.equal(m.matches('file:///repo/my%20liqo%20values.yaml', ''), true);
  const none = valuesFileMatcher([]);
  assert.equal(none.matches('file:///repo/liqo-values.yaml', ''), false);
  assert.equal(globRegExp('deploy/*.yaml').test('/repo/deploy/a.yaml'), true);
  assert.equal(globRegExp('deploy/*.yaml').test('/repo/deploy/x/a.yaml'), false);
  assert.equal(globRegExp('v?lues[0-9].yaml').test('/r/values1.yaml'), true);
});

test('a values file names its context on its first line or in its file name', () => {
  const contexts = ['admin@k8s-gpu', 'viewer@k8s-gpu', 'admin@k8s-lab', 'kind-liqo'];
  assert.deepEqual(contextsOfValuesFile('file:///r/k8s-gpu-liqo-values.yaml', '', contexts), ['admin@k8s-gpu', 'viewer@k8s-gpu']);
  assert.deepEqual(contextsOfValuesFile('file:///r/liqo-values.k8s-lab.yaml', '', contexts), ['admin@k8s-lab']);
  assert.deepEqual(contextsOfValuesFile('file:///r/admin@k8s-lab.liqo-values.yaml', '', contexts), ['admin@k8s-lab']);
  assert.deepEqual(contextsOfValuesFile('file:///r/liqo-values.yaml', '', contexts), []);
  assert.deepEqual(contextsOfValuesFile('file:///r/k8s-gpus-liqo-values.yaml', '', contexts), [], 'only whole words');
  assert.deepEqual(contextsOfValuesFile('file:///r/x.yaml', '# liqo-values context=kind-liqo', contexts), ['kind-liqo']);
  assert.deepEqual(contextsOfValuesFile('file:///r/k8s-gpu.yaml', '# liqo-values context=missing', contexts), []);
});

test('every key of the chart\'s values is in the schema, with its default, and the chart\'s commit is recorded', () => {
  const doc = parseDocument(readFileSync(path.join(helmFixtures, 'liqo/values.yaml'), 'utf8'));
  let keys = 0;
  const walk = (node: Node | null, p: string[]): void => {
    if (!isMap(node)) return;
    for (const pair of node.items) {
      const key = String((pair.key as { value: unknown }).value);
      const here = [...p, key];
      const schemaNode = valuesNodeAt(here);
      assert.ok(schemaNode, `the schema lacks ${here.join('.')}`);
      keys++;
      if (schemaNode.properties) walk(pair.value as Node, here);
      else if (!isSeq(pair.value)) assert.ok(schemaNode.default !== undefined || (pair.value as { value?: unknown } | null)?.value == null, `no default for ${here.join('.')}`);
    }
  };
  walk(doc.contents, []);
  assert.ok(keys > 300, `only ${keys} keys`);
  assert.match(valuesNodeAt(['ipam', 'serviceCIDR'])?.description ?? '', /services in you cluster, in CIDR notation/);
  assert.deepEqual(valuesNodeAt(['controllerManager', 'config', 'defaultLimitsEnforcement'])?.enum, ['None', 'Soft', 'Hard']);
  assert.equal(valuesSchema()['x-liqo-chart'].commit, '557c199cf41ad6f7ef4685c6624af1a26565d456');
});

test('the committed values schema is what the generator makes from the chart', () => {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'liqo-values-schema-')), 'schema.json');
  const r = spawnSync(process.execPath, ['scripts/gen-helm-values-schema.mjs', '--values', path.join(helmFixtures, 'liqo/values.yaml'), '--out', out], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(out, 'utf8'), readFileSync(path.join(root, 'schemas/helm/liqo-values.schema.json'), 'utf8'));
});

test('the generator says so and writes nothing when the values file is missing or broken', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'liqo-values-schema-'));
  const out = path.join(dir, 'schema.json');
  const missing = spawnSync(process.execPath, ['scripts/gen-helm-values-schema.mjs', '--values', path.join(dir, 'nope.yaml'), '--out', out], { cwd: root, encoding: 'utf8' });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no values file at .*nope\.yaml/);
  const broken = path.join(dir, 'broken.yaml');
  writeFileSync(broken, 'a: [unclosed\n');
  const bad = spawnSync(process.execPath, ['scripts/gen-helm-values-schema.mjs', '--values', broken, '--out', out], { cwd: root, encoding: 'utf8' });
  assert.notEqual(bad.status, 0);
  assert.equal(existsSync(out), false);
});

function labels(items: CompletionItem[]): string[] {
  return items.map((i) => i.label);
}

test('completion offers the chart\'s keys with their defaults, and allowed values with the default first', () => {
  const service = createLanguageService();
  const keyText = 'ipam:\n  ser';
  const keyDoc = TextDocument.create('file:///w/liqo-values.yaml', 'yaml', 1, keyText);
  const keys = service.complete(keyDoc, keyDoc.positionAt(keyText.length));
  assert.ok(labels(keys.items).includes('serviceCIDR'), labels(keys.items).join(', '));
  const pools = keys.items.find((i) => i.label === 'internalCIDR');
  assert.equal((pools?.textEdit as { newText: string } | undefined)?.newText, 'internalCIDR: ""');
  const replicas = service.complete(TextDocument.create('file:///w/liqo-values.yaml', 'yaml', 1, 'webhook:\n  '), { line: 1, character: 2 }).items.find((i) => i.label === 'replicas');
  assert.equal((replicas?.textEdit as { newText: string } | undefined)?.newText, 'replicas: 1');
  const valueText = 'networking:\n  gatewayTemplates:\n    wireguard:\n      implementation: ';
  const valueDoc = TextDocument.create('file:///w/liqo-values.yaml', 'yaml', 1, valueText);
  const values = service.complete(valueDoc, valueDoc.positionAt(valueText.length)).items;
  assert.deepEqual(labels(values), ['kernel', 'userspace']);
  assert.equal(values[0].detail, 'default');
  const boolText = 'telemetry:\n  enabled: ';
  assert.deepEqual(labels(service.complete(TextDocument.create('file:///w/liqo-values.yaml', 'yaml', 1, boolText), { line: 1, character: 11 }).items), ['true', 'false']);
});

test('hover shows the chart\'s description, the default and the components that read the value', () => {
  const service = createLanguageService();
  const text = 'ipam:\n  serviceCIDR: 10.96.0.0/12\ndiscovery:\n  config:\n    clusterID: k8s-gpu\n';
  const doc = TextDocument.create('file:///w/liqo-values.yaml', 'yaml', 1, text);
  const h = service.hover(doc, { line: 1, character: 4 });
  const value = (h?.contents as { value: string } | undefined)?.value ?? '';
  assert.match(value, /The IP subnet used by the services/);
  assert.match(value, /Default: `""`/);
  assert.match(value, /Read by: .*liqo-ipam/);
  const id = (service.hover(doc, { line: 4, character: 6 })?.contents as { value: string } | undefined)?.value ?? '';
  assert.match(id, /unique ID for your cluster/);
  assert.match(id, /liqo-clusterid-configmap\.yaml/);
  assert.equal(service.hover(TextDocument.create('file:///w/values.yaml', 'yaml', 1, text), { line: 1, character: 4 }), null, 'another chart\'s values get no Liqo hover');
});

test('masking template actions keeps every offset and line break', () => {
  const text = 'a: {{ .Values.a }}\n{{- if .Values.b }}\nb: "{{ x }}-y"\n{{/* a\ncomment */}}\n{{- end }}\n';
  const m = maskActions(text);
  assert.equal(m.text.length, text.length);
  assert.deepEqual([...m.text].map((c, i) => (c === '\n') === (text[i] === '\n')).every(Boolean), true);
  assert.equal(m.holes.length, 2);
  assert.equal(parseDocument(m.text).errors.length, 0);
});

test('with the setting emptied, only the first-line marker makes a values file', async () => {
  const service = createLanguageService();
  const text = 'telemetry:\n  enable: false\n';
  assert.equal(((await service.validate(TextDocument.create('file:///w/liqo-values.yaml', 'yaml', 1, text))) ?? []).length, 1);
  service.setValuesFiles([]);
  assert.deepEqual(await service.validate(TextDocument.create('file:///w/liqo-values.yaml', 'yaml', 1, text)), []);
  assert.equal(((await service.validate(TextDocument.create('file:///w/x.yaml', 'yaml', 1, `# liqo-values\n${text}`))) ?? []).length, 1);
});
