// Schemas a cluster serves are input from outside: their patterns run on RE2, they are capped in size, their CEL
// rules share one budget per document, and one cluster's schemas never decide how documents are checked for the
// others.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runGuarded } from '../../server/src/analysis/guard';
import { AnalysisHost } from '../../server/src/analysis/host';
import { createLanguageService, type LanguageService } from '../../server/src/core/service';
import { servedCaps } from '../../server/src/core/servedSchemas';
import type { ClusterFacts, FactsCluster } from '../../server/src/liqo/clusterFacts';
import { docOf } from '../util/service';
import precompiled from '../../schemas/validators.generated.json';

const KEY = 'offloading.liqo.io/v1beta1/NamespaceOffloading';

function cluster(context: string, crdSchemas: Record<string, object>): FactsCluster {
  return { context, clusterID: context, reachable: true, foreignClusters: [], virtualNodes: [], namespaces: [], offloadings: [], crdSchemas };
}

const facts = (...clusters: FactsCluster[]): ClusterFacts => ({ takenAt: 1, clusters });

/** A served NamespaceOffloading schema whose spec is what the test says. */
function offloadingSchema(spec: object): object {
  return { type: 'object', properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec } };
}

const offloading = (spec: string) => `apiVersion: offloading.liqo.io/v1beta1\nkind: NamespaceOffloading\nmetadata:\n  name: offloading\n  namespace: team-a\nspec:\n${spec}`;

/** A whole check, synchronously, under V8's watchdog: a backtracking regex would run past it. */
function checkWithin(service: LanguageService, text: string, ms: number): { codes: string[]; messages: string[]; elapsed: number } {
  const started = Date.now();
  const run = runGuarded(() => {
    const steps = service.validation(docOf(text));
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }, ms);
  assert.ok(run.ok, `the check did not finish within ${ms} ms: ${run.ok ? '' : run.error.split('\n')[0]}`);
  return { codes: run.value.map((d) => String(d.code)), messages: run.value.map((d) => d.message), elapsed: Date.now() - started };
}

const evil = 'a'.repeat(40);

void test('a served pattern ^(a+)+$ answers in bounded time, with the right verdict', () => {
  const service = createLanguageService();
  const spec = { type: 'object', properties: { owner: { type: 'string', pattern: '^(a+)+$' } } };
  service.setFacts(facts(cluster('evil', { [KEY]: offloadingSchema(spec) })));
  const bad = checkWithin(service, offloading(`  owner: ${evil}b\n`), 2000);
  assert.deepEqual(bad.codes, ['LIQO010'], bad.messages.join('\n'));
  assert.match(bad.messages[0], /does not match \^\(a\+\)\+\$/);
  const good = checkWithin(service, offloading(`  owner: ${evil}\n`), 2000);
  assert.deepEqual(good.codes, [], good.messages.join('\n'));
});

void test('a served CEL rule matches(^(a+)+$) answers in bounded time, with the right verdict', () => {
  const service = createLanguageService();
  const spec = {
    type: 'object',
    properties: { owner: { type: 'string' } },
    'x-kubernetes-validations': [{ rule: "self.owner.matches('^(a+)+$')", message: 'only a' }],
  };
  service.setFacts(facts(cluster('evil', { [KEY]: offloadingSchema(spec) })));
  const bad = checkWithin(service, offloading(`  owner: ${evil.repeat(50)}b\n`), 2000);
  assert.deepEqual(bad.codes, ['LIQO013'], bad.messages.join('\n'));
  const good = checkWithin(service, offloading(`  owner: ${evil.repeat(50)}\n`), 2000);
  assert.deepEqual(good.codes, [], good.messages.join('\n'));
});

void test('schema patterns are RE2: RE2 syntax that V8 lacks compiles and answers', () => {
  // (?i) is RE2 (and Go, as the API server reads it), not JavaScript: V8 would refuse the schema.
  const service = createLanguageService();
  const spec = { type: 'object', properties: { owner: { type: 'string', pattern: '^(?i)team-[a-z]+$' } } };
  service.setFacts(facts(cluster('one', { [KEY]: offloadingSchema(spec) })));
  assert.deepEqual(checkWithin(service, offloading('  owner: TEAM-abc\n'), 2000).codes, []);
  assert.deepEqual(checkWithin(service, offloading('  owner: group-abc\n'), 2000).codes, ['LIQO010']);
});

void test('the precompiled validators of the bundled schemas match patterns on the same RE2 engine', () => {
  const code = Object.values((precompiled as { roots: Record<string, string> }).roots).join('\n');
  assert.ok(code.includes('require("liqo-schema-runtime").regExp'), 'patterns come from the schema runtime\'s engine');
  assert.doesNotMatch(code, /new RegExp/);
});

/** Served schemas over each cap: refused with one log line, and the bundled schema checks the document. */
const overCaps: [string, () => object, RegExp][] = [
  ['bytes', () => offloadingSchema({ type: 'object', description: 'x'.repeat(servedCaps.schemaBytes) }), /bytes, over the limit/],
  ['nodes', () => offloadingSchema({ type: 'object', properties: Object.fromEntries(Array.from({ length: servedCaps.nodes }, (_, i) => [`f${i}`, { type: 'string' }])) }), /more than 20000 nodes/],
  ['patterns', () => offloadingSchema({ type: 'object', properties: Object.fromEntries(Array.from({ length: servedCaps.patterns + 1 }, (_, i) => [`f${i}`, { type: 'string', pattern: '^a$' }])) }), /more than 500 patterns/],
  ['pattern length', () => offloadingSchema({ type: 'object', properties: { remoteNamespaceName: { type: 'string', pattern: `^${'(a|b)'.repeat(300)}$` } } }), /pattern is 1502 characters long/],
  ['depth', () => { let s: object = { type: 'string' }; for (let i = 0; i < 200; i++) s = { type: 'object', properties: { x: s } }; return offloadingSchema(s); }, /nested more than 128 levels/],
];

for (const [what, make, reason] of overCaps) {
  void test(`a served schema over the ${what} cap is refused with one log line; the bundled schema is used`, async () => {
    const logs: string[] = [];
    const service = createLanguageService({ logger: { info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) } });
    const f = facts(cluster('big', { [KEY]: make() }));
    service.setFacts(f);
    service.setFacts(f);
    assert.equal(logs.length, 1, logs.join('\n'));
    assert.match(logs[0], new RegExp(`The schema of ${KEY} served by context big is refused \\(.*\\); the bundled schema is used\\.`));
    assert.match(logs[0], reason);
    const kind = service.schemas.lookup('offloading.liqo.io/v1beta1', 'NamespaceOffloading');
    assert.equal(kind && service.schemas.sourceOf(kind), 'bundled');
    // The bundled schema knows the strategies; a made-up one is an error there.
    const d = (await service.validate(docOf(offloading('  podOffloadingStrategy: Elsewhere\n')))) ?? [];
    assert.ok(d.some((x) => x.code === 'LIQO010'), JSON.stringify(d));
  });
}

const hostile = offloadingSchema({ type: 'object', required: ['owned'], properties: { owned: { type: 'string' } } });

void test('one hostile cluster among two: its schema is not used, documents are checked with the bundled one', async () => {
  const logs: string[] = [];
  const service = createLanguageService({ logger: { info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) } });
  service.setFacts(facts(cluster('good', {}), cluster('evil', { [KEY]: hostile })));
  const kind = service.schemas.lookup('offloading.liqo.io/v1beta1', 'NamespaceOffloading');
  assert.equal(kind && service.schemas.sourceOf(kind), 'bundled');
  const d = (await service.validate(docOf(offloading('  podOffloadingStrategy: LocalAndRemote\n')))) ?? [];
  assert.deepEqual(d.filter((x) => x.code === 'LIQO011' || x.code === 'LIQO012'), [], 'the hostile schema asks for owned and knows no strategy');
  assert.deepEqual(logs, [`The connected clusters do not all serve the same schema of ${KEY} (served by evil): the bundled schema is used.`]);
  // In either order: the last cluster does not win.
  service.setFacts(facts(cluster('evil', { [KEY]: hostile }), cluster('good', { [KEY]: offloadingSchema({ type: 'object' }) })));
  const again = service.schemas.lookup('offloading.liqo.io/v1beta1', 'NamespaceOffloading');
  assert.equal(again && service.schemas.sourceOf(again), 'bundled');
});

void test('clusters that serve the same schema get it; a lone cluster gets its own', () => {
  const service = createLanguageService();
  const same = offloadingSchema({ type: 'object', properties: { podOffloadingStrategy: { type: 'string', enum: ['Local'] } } });
  service.setFacts(facts(cluster('a', { [KEY]: same }), cluster('b', { [KEY]: JSON.parse(JSON.stringify(same)) as object }), { ...cluster('off', { [KEY]: hostile }), reachable: false }));
  const kind = service.schemas.lookup('offloading.liqo.io/v1beta1', 'NamespaceOffloading');
  assert.equal(kind && service.schemas.sourceOf(kind), 'cluster', 'the unreachable cluster has no say');
  service.setFacts(facts(cluster('evil', { [KEY]: hostile })));
  const alone = service.schemas.lookup('offloading.liqo.io/v1beta1', 'NamespaceOffloading');
  assert.equal(alone && service.schemas.sourceOf(alone), 'cluster');
  assert.ok(alone && Array.isArray(alone.schema.required) && alone.schema.required.includes('apiVersion'));
});

/**
 * Each list item's rule costs some 50,000 units, under one evaluation's limit; forty of them pass the document's.
 * The items differ, so that no verdict is remembered from another.
 */
function costlyDocument(items: number): string {
  const list = (n: number) => `[${Array.from({ length: 70 }, (_, i) => i + n).join(', ')}]`;
  return offloading(`  lists:\n${Array.from({ length: items }, (_, n) => `    - ${list(n)}\n`).join('')}`);
}

const costlySchema = offloadingSchema({
  type: 'object',
  properties: {
    lists: {
      type: 'array',
      items: { type: 'array', items: { type: 'integer' }, 'x-kubernetes-validations': [{ rule: 'self.all(x, self.all(y, x == y || x != y))', message: 'never' }] },
    },
  },
});

void test('the CEL rules of one document share one budget: past it, LIQO002 says not every rule was checked', () => {
  const service = createLanguageService();
  service.setFacts(facts(cluster('one', { [KEY]: costlySchema })));
  const small = checkWithin(service, costlyDocument(2), 3000);
  assert.deepEqual(small.codes, [], small.messages.join('\n'));
  const big = checkWithin(service, costlyDocument(40), 3000);
  assert.deepEqual(big.codes, ['LIQO002'], big.messages.join('\n'));
  assert.match(big.messages[0], /Not every validation rule \(CEL\) of this NamespaceOffloading was checked: together they would cost more than the 1,000,000 units a document may spend\./);
  // The verdicts cut short are not remembered: the next document with the same values is charged again.
  const again = checkWithin(service, costlyDocument(40), 3000);
  assert.deepEqual(again.codes, ['LIQO002']);
});

void test('the document budget holds inside the watchdog: a costly document ends on its budget, not on the timer', async () => {
  const host = new AnalysisHost({ logger: { info: () => undefined, warn: () => undefined, error: () => undefined } });
  try {
    host.setFacts(facts(cluster('one', { [KEY]: costlySchema })));
    const started = Date.now();
    const d = (await host.validate(docOf(costlyDocument(400)))) ?? [];
    assert.deepEqual(d.map((x) => x.code), ['LIQO002']);
    assert.match(d[0].message, /Not every validation rule/);
    assert.equal(host.restarts, 0, 'the watchdog did not have to stop the check');
    assert.ok(Date.now() - started < 3000, `the check took ${Date.now() - started} ms`);
  } finally {
    host.dispose();
  }
});
