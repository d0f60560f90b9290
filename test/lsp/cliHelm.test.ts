// liqo-lint over Helm values files and templates, as CI runs it: the built CLI on the fixture folders, each check's
// findings where the fixture's markers say, Liqo's own chart and other charts' values quiet.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { root } from '../util/lspClient';
import { expectedFindings, helmFixtures, yamlFiles } from '../util/helmFixtures';

const cli = path.join(root, 'dist', 'cli.js');

interface Finding { file: string; line: number; code: string; message: string; severity: string }

function lint(...args: string[]): { code: number | null; findings: Finding[]; stderr: string } {
  const r = spawnSync(process.execPath, [cli, '--format', 'json', ...args], { encoding: 'utf8', cwd: root });
  let findings: Finding[] = [];
  try { findings = JSON.parse(r.stdout) as Finding[]; } catch { assert.fail(`not JSON: ${r.stdout}${r.stderr}`); }
  return { code: r.status, findings, stderr: r.stderr };
}

function byFile(findings: Finding[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of findings) {
    const key = path.resolve(root, f.file);
    out.set(key, [...new Set([...(out.get(key) ?? []), `${f.line}:${f.code}`])].sort());
  }
  return out;
}

test('every check gives its findings on its fixture, and only those', () => {
  const dir = path.join(helmFixtures, 'checks');
  const r = lint(dir);
  assert.equal(r.code, 1, r.stderr);
  const got = byFile(r.findings);
  for (const f of yamlFiles(dir)) assert.deepEqual(got.get(f) ?? [], expectedFindings(f), path.relative(helmFixtures, f));
});

test('with --facts, a cluster ID other than the live one of the context is a warning', () => {
  const dir = path.join(helmFixtures, 'live');
  const r = lint('--facts', path.join(dir, 'facts.json'), dir);
  assert.equal(r.code, 0, 'warnings only');
  const got = byFile(r.findings);
  for (const f of yamlFiles(dir)) assert.deepEqual(got.get(f) ?? [], expectedFindings(f), path.basename(f));
  assert.match(r.findings[0].message, /admin@k8s-gpu runs Liqo with cluster ID "k8s-gpu", not "gpu-cluster"/);
  assert.deepEqual(lint(dir).findings, [], 'quiet without facts');
});

test('the talk\'s values files, other charts\' values and Liqo\'s own chart get nothing', () => {
  const r = lint(path.join(helmFixtures, 'talk'), path.join(helmFixtures, 'other'), path.join(helmFixtures, 'liqo'));
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.findings, []);
});

test('a misspelt key in a Liqo kind of Liqo\'s chart is still found, and nothing else', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'liqo-chart-'));
  cpSync(path.join(helmFixtures, 'liqo'), tmp, { recursive: true });
  const file = path.join(tmp, 'templates', 'liqo-vk-options-template.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('  createNode:', '  createNod:'));
  const r = lint(tmp);
  assert.deepEqual(r.findings.map((f) => [path.basename(f.file), f.code]), [['liqo-vk-options-template.yaml', 'LIQO012']]);
});

test('a values file and a template the way the text format prints them', () => {
  const r = spawnSync(process.execPath, [cli, path.join(helmFixtures, 'checks', 'unknown-keys-liqo-values.yaml')], { encoding: 'utf8', cwd: root });
  assert.equal(r.status, 0, 'LIQO301 is a warning');
  assert.match(r.stdout, /unknown-keys-liqo-values\.yaml:3:3: warning LIQO301 ipam has no key "serviceCidr"; did you mean "serviceCIDR"\? Helm ignores it\./);
});
