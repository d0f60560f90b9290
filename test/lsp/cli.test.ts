// liqo-lint, the built CLI: exit codes, every output format, and the same findings as the editor.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { startClient, root, type Client } from '../util/lspClient';

const cli = path.join(root, 'dist', 'cli.js');
const fixtures = path.join(root, 'test', 'fixtures', 'manifests');

function lint(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('node', [cli, ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Finding { file: string; line: number; column: number; endLine: number; endColumn: number; severity: string; code: string; message: string; source: string }

let client: Client;
before(async () => { client = await startClient(); });
after(async () => { await client.stop(); });

test('exit code 0 when there are no errors', () => {
  const r = lint(path.join(fixtures, 'good.yaml'), path.join(fixtures, 'quiet.yaml'));
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /2 file\(s\) checked, 0 error\(s\), 0 other finding\(s\)/);
});

test('exit code 1 when errors are found; text lines are file:line:col: severity code message', () => {
  const r = lint(path.join(fixtures, 'offloading.yaml'));
  assert.equal(r.code, 1);
  assert.match(r.stdout, /offloading\.yaml:5:9: error LIQO101 A NamespaceOffloading must be named "offloading"/);
});

test('exit code 2 for usage and I/O errors', () => {
  assert.equal(lint().code, 2);
  assert.equal(lint('--format', 'xml', fixtures).code, 2);
  assert.equal(lint('--bogus', fixtures).code, 2);
  const missing = lint(path.join(fixtures, 'no-such-file.yaml'));
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no-such-file\.yaml/);
  assert.equal(lint('--facts', path.join(fixtures, 'nothing.json'), fixtures).code, 2);
});

test('directories are walked for .yaml and .yml files only', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'liqo-lint-'));
  mkdirSync(path.join(dir, 'nested'));
  const bad = readFileSync(path.join(fixtures, 'offloading.yaml'), 'utf8');
  writeFileSync(path.join(dir, 'nested', 'a.yml'), bad);
  writeFileSync(path.join(dir, 'b.txt'), bad);
  mkdirSync(path.join(dir, 'node_modules'));
  writeFileSync(path.join(dir, 'node_modules', 'c.yaml'), bad);
  const r = lint('--format', 'json', dir);
  const findings = JSON.parse(r.stdout) as Finding[];
  assert.deepEqual([...new Set(findings.map((f) => path.basename(f.file)))], ['a.yml']);
});

test('json output: one array of findings with 1-based positions', () => {
  const r = lint('--format', 'json', path.join(fixtures, 'offloading.yaml'));
  const findings = JSON.parse(r.stdout) as Finding[];
  const name = findings.find((f) => f.code === 'LIQO101');
  assert.deepEqual(name, {
    file: path.join(fixtures, 'offloading.yaml'), line: 5, column: 9, endLine: 5, endColumn: 16, severity: 'error', code: 'LIQO101',
    message: 'A NamespaceOffloading must be named "offloading", not "offload": Liqo\'s webhook refuses any other name.', source: 'liqo',
  });
  assert.ok(findings.every((f) => ['error', 'warning', 'information', 'hint'].includes(f.severity)));
});

test('sarif output has the shape GitHub code scanning loads', () => {
  const r = lint('--format', 'sarif', path.join(fixtures, 'slices.yaml'));
  assert.equal(r.code, 1);
  const log = JSON.parse(r.stdout) as { version: string; $schema: string; runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: { ruleId: string; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[] };
  assert.equal(log.version, '2.1.0');
  assert.match(log.$schema, /sarif-2\.1\.0/);
  const run = log.runs[0];
  assert.equal(run.tool.driver.name, 'liqo-lint');
  const ids = new Set(run.tool.driver.rules.map((rule) => rule.id));
  // The same findings as the JSON format, one result each, with the level its severity maps to.
  const findings = JSON.parse(lint('--format', 'json', path.join(fixtures, 'slices.yaml')).stdout) as Finding[];
  assert.ok(findings.length > 0, 'slices.yaml has findings');
  const level: Record<string, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
  assert.deepEqual(run.results.map((x) => `${x.ruleId} ${x.level} ${x.locations[0].physicalLocation.region.startLine}:${x.locations[0].physicalLocation.region.startColumn}`),
    findings.map((f) => `${f.code} ${level[f.severity]} ${f.line}:${f.column}`));
  for (const result of run.results) {
    assert.ok(ids.has(result.ruleId), result.ruleId);
    assert.ok(['error', 'warning', 'note'].includes(result.level));
    assert.ok(result.message.text.length > 0);
    const loc = result.locations[0].physicalLocation;
    assert.ok(!loc.artifactLocation.uri.includes('\\'));
    assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
  }
});

test('the CLI reports exactly what the editor reports for the same files', async () => {
  for (const name of ['offloading.yaml', 'slices.yaml', 'peering.yaml', 'workloads.yaml', 'syntax.yaml', 'good.yaml', 'quiet.yaml', 'tenants.yaml', 'virtualnodes.yaml', 'selectors.yaml', 'networking.yaml']) {
    const file = path.join(fixtures, name);
    const uri = pathToFileURL(file).href;
    await client.open(uri, readFileSync(file, 'utf8'));
    const editor = (await client.diagnostics(uri)).diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${String(d.code)} ${d.severity} ${d.message}`);
    const sev: Record<string, number> = { error: 1, warning: 2, information: 3, hint: 4 };
    const findings = JSON.parse(lint('--format', 'json', file).stdout) as Finding[];
    const fromCli = findings.map((f) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.code} ${sev[f.severity]} ${f.message}`);
    assert.deepEqual(fromCli.sort(), editor.sort(), name);
  }
});

test('facts from a file are used like the editor uses them', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'liqo-facts-'));
  const facts = path.join(dir, 'facts.json');
  const long = 'x'.repeat(52);
  writeFileSync(facts, JSON.stringify({ takenAt: 1, clusters: [{ context: 'c', clusterID: long, reachable: true, foreignClusters: [], namespaces: [], offloadings: [], crdSchemas: {}, virtualNodes: [{ name: 'p', clusterID: 'p', labels: {}, taints: [], capacity: {}, ready: true }] }] }));
  const manifest = path.join(dir, 'nso.yaml');
  writeFileSync(manifest, 'apiVersion: offloading.liqo.io/v1beta1\nkind: NamespaceOffloading\nmetadata:\n  name: offloading\n  namespace: a-fairly-long-namespace\nspec:\n  podOffloadingStrategy: Remote\n');
  const without = JSON.parse(lint('--format', 'json', manifest).stdout) as Finding[];
  const withFacts = JSON.parse(lint('--format', 'json', '--facts', facts, manifest).stdout) as Finding[];
  assert.deepEqual(without.map((f) => f.code), []);
  assert.deepEqual(withFacts.map((f) => f.code), ['LIQO105']);
});

test('with the clusters\' facts, the rules that compare with live offloadings and virtual nodes report too', () => {
  const file = path.join(fixtures, 'live.yaml');
  const codes = (args: string[]): string[] => (JSON.parse(lint('--format', 'json', ...args, file).stdout) as Finding[]).map((f) => `${f.line} ${f.code}`);
  assert.deepEqual(codes([]), ['35 LIQO104', '52 LIQO110', '123 LIQO111']);
  assert.deepEqual(codes(['--facts', path.join(fixtures, 'live.facts.json')]),
    ['11 LIQO108', '13 LIQO109', '23 LIQO108', '35 LIQO104', '35 LIQO108', '52 LIQO110', '72 LIQO203', '114 LIQO203', '123 LIQO111', '157 LIQO128', '181 LIQO112', '225 LIQO203', '239 LIQO203']);
});
