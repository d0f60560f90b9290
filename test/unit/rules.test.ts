// Every rule, checked against caret-marked fixtures: the exact code, the exact range and the code's one severity,
// and nothing else.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { ClusterFacts } from '../../server/src/liqo/clusterFacts';
import { allCodes } from '../../server/src/core/rules/codes';
import { createLanguageService } from '../../server/src/core/service';
import { describeAll, expectations, readFixture } from '../util/carets';
import { docOf } from '../util/service';
import { expectedFindings, helmFixtures, yamlFiles } from '../util/helmFixtures';
import { readmeSeverities } from '../util/severities';

const fixtures = ['offloading.yaml', 'slices.yaml', 'peering.yaml', 'workloads.yaml', 'syntax.yaml', 'good.yaml', 'quiet.yaml', 'live.yaml', 'tenants.yaml', 'virtualnodes.yaml', 'selectors.yaml', 'networking.yaml', 'admission.yaml'];

/** Fixtures checked against cluster facts, as the client sends them. */
const factsOf: Record<string, string> = { 'live.yaml': 'live.facts.json', 'admission.yaml': 'admission.facts.json' };

/** Each code's severity, as the catalog (and the README) gives it. */
// Severities as README.md's table gives them, not as the catalog under test does.
const severityOf = new Map([...readmeSeverities()].map(([code, s]) => [code, { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint }[s]]));

for (const name of fixtures) {
  test(`diagnostics of ${name} match its carets`, async () => {
    const text = readFixture(name);
    const service = createLanguageService();
    if (factsOf[name]) service.setFacts(JSON.parse(readFixture(factsOf[name])) as ClusterFacts);
    const diagnostics = (await service.validate(docOf(text, `file:///${name}`))) ?? [];
    const actual = diagnostics.map((d) => {
      assert.equal(d.range.start.line, d.range.end.line, `multi-line range for ${String(d.code)}: ${d.message}`);
      assert.equal(d.source, 'liqo');
      assert.equal(d.severity, severityOf.get(String(d.code)), `severity of ${String(d.code)}: ${d.message}`);
      return { code: String(d.code), line: d.range.start.line, start: d.range.start.character, end: d.range.end.character };
    });
    assert.deepEqual(describeAll(actual), describeAll(expectations(text)), diagnostics.map((d) => `${String(d.code)} ${d.range.start.line + 1}: ${d.message}`).join('\n'));
  });
}

test('every code in the catalog is exercised by a fixture', () => {
  const seen = new Set(fixtures.flatMap((f) => expectations(readFixture(f)).map((e) => e.code)));
  // LIQO002 (guards) is covered by hostile.test.ts; the Helm values codes by test/fixtures/helm (helmValues.test.ts).
  seen.add('LIQO002');
  for (const f of yamlFiles(helmFixtures)) for (const e of expectedFindings(f)) seen.add(e.split(':')[1]);
  const missing = allCodes.map((c) => c.code).filter((c) => !seen.has(c));
  assert.deepEqual(missing, []);
});

test('two contexts of the same cluster do not repeat a finding, and an unreachable one adds none', async () => {
  const text = readFixture('live.yaml');
  const facts = JSON.parse(readFixture('live.facts.json')) as ClusterFacts;
  const once = createLanguageService();
  once.setFacts(facts);
  const twice = createLanguageService();
  const viewers = facts.clusters.map((c) => ({ ...c, context: c.context.replace('admin@', 'viewer@') }));
  twice.setFacts({ ...facts, clusters: [...facts.clusters, ...viewers] });
  const codesOf = async (s: ReturnType<typeof createLanguageService>) => ((await s.validate(docOf(text, 'file:///live.yaml'))) ?? []).map((d) => `${d.range.start.line} ${String(d.code)}`);
  assert.deepEqual(await codesOf(twice), await codesOf(once));
  const down = createLanguageService();
  down.setFacts({ ...facts, clusters: facts.clusters.map((c) => ({ ...c, reachable: false })) });
  // Only the findings that need no cluster remain (LIQO104 is the document's own).
  assert.deepEqual((await codesOf(down)).map((x) => x.split(' ')[1]), ['LIQO104', 'LIQO110', 'LIQO111']);
});
