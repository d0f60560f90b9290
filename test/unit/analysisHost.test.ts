// The watchdog around the language service: a check that never ends costs its own document a LIQO002, never the
// other documents their checks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisHost } from '../../server/src/analysis/host';
import { checkLspSeverities } from '../util/severities';
import { slowService } from '../util/slowService';

const slice = 'apiVersion: authentication.liqo.io/v1beta1\nkind: ResourceSlice\nmetadata:\n  name: gpu\n  namespace: liqo-tenant-k8s-gpu\nspec:\n  class: Default\n';
const doc = (name: string, text: string, version = 1) => TextDocument.create(`file:///${name}.yaml`, 'yaml', version, text);

function newHost(logs: string[] = []): AnalysisHost {
  return new AnalysisHost({
    createService: slowService,
    logger: { info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) },
    validateBudgetMs: () => 1500,
    featureBudgetMs: 1500,
  });
}

/** The codes of diagnostics, each checked for the severity README.md gives it. */
const codes = (d: { code?: unknown; severity?: number }[] | undefined) => { checkLspSeverities(d ?? []); return (d ?? []).map((x) => String(x.code)); };

void test('a check past its budget is stopped; its document gets LIQO002 and the others are still checked', async () => {
  const logs: string[] = [];
  const host = newHost(logs);
  let restarted = 0;
  host.onRestart(() => { restarted++; });
  try {
    const good = doc('good', slice);
    assert.ok(codes(await host.validate(good)).length > 0, 'the normal document is checked first');
    const hung = doc('hung', `# liqo-test: hang\n${slice}`);
    const [stuck, queued] = await Promise.all([host.validate(hung), host.validate(doc('queued', slice))]);
    assert.deepEqual(codes(stuck), ['LIQO002']);
    assert.equal(stuck?.[0].range.start.line, 0);
    assert.match(stuck?.[0].message ?? '', /took longer than 1\.5 s/);
    // The next check is not blamed: it runs on the fresh service.
    assert.ok(codes(queued).length > 0 && !codes(queued).includes('LIQO002'), codes(queued).join());
    assert.equal(restarted, 1);
    assert.equal(host.restarts, 1);
    assert.ok(logs.some((l) => /validate of file:\/\/\/hung\.yaml \(version 1\) took longer than 1500 ms/.test(l)), logs.join('\n'));
    // The fresh worker serves everything else.
    assert.ok(codes(await host.validate(doc('queued', slice))).length > 0);
    assert.ok(codes(await host.validate(good)).length > 0);
    // The stuck version is not tried again: no second restart for a hover or a new check of it.
    assert.equal(await host.hover(hung, { line: 1, character: 2 }), null);
    assert.deepEqual(codes(await host.validate(hung)), ['LIQO002']);
    assert.equal(host.restarts, 1);
    // An edit checks it again.
    const edited = codes(await host.validate(doc('hung', `# fixed\n${slice}`, 2)));
    assert.ok(edited.length > 0 && !edited.includes('LIQO002'), edited.join());
    assert.equal(host.restarts, 1);
  } finally {
    host.dispose();
  }
});

void test('a hover that never ends is stopped too, and answers nothing', async () => {
  const host = newHost();
  try {
    const hung = doc('hover', `# liqo-test: hang\n${slice}`);
    assert.equal(await host.hover(hung, { line: 2, character: 3 }), null);
    assert.equal(host.restarts, 1);
    assert.ok(codes(await host.validate(doc('other', slice))).length > 0);
  } finally {
    host.dispose();
  }
});

void test('a check that throws is logged and answers nothing; the service is not replaced', async () => {
  const logs: string[] = [];
  const host = newHost(logs);
  try {
    assert.deepEqual(await host.validate(doc('throwing', `# liqo-test: throw\n${slice}`)), []);
    assert.ok(logs.some((l) => /Checking file:\/\/\/throwing\.yaml failed: an injected failure/.test(l)), logs.join('\n'));
    assert.equal(host.restarts, 0);
    assert.ok(codes(await host.validate(doc('after', slice))).length > 0);
  } finally {
    host.dispose();
  }
});

void test('a regular expression that backtracks for ever is stopped like any other loop', async () => {
  const host = new AnalysisHost({
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    featureBudgetMs: 300,
    createService: (logger) => {
      const real = slowService(logger);
      return { ...real, symbols: (d) => (/^(a+)+$/.test(`${'a'.repeat(40)}!`) ? [] : real.symbols(d)) };
    },
  });
  assert.deepEqual(await host.symbols(doc('regex', slice)), []);
  assert.equal(host.restarts, 1);
});

void test('facts reach the fresh service', async () => {
  const host = newHost();
  try {
    const offloading = 'apiVersion: offloading.liqo.io/v1beta1\nkind: NamespaceOffloading\nmetadata:\n  name: offloading\n  namespace: n\n';
    const long = offloading.replace('namespace: n', `namespace: ${'a'.repeat(40)}`);
    const consumer = { context: 'c', clusterID: 'b'.repeat(30), reachable: true, foreignClusters: [], namespaces: [], offloadings: [], crdSchemas: {},
      virtualNodes: [{ name: 'v', clusterID: 'p', labels: {}, taints: [], capacity: {}, ready: true }] };
    host.setFacts({ takenAt: 1, clusters: [consumer] });
    // With the consumer's 30-character ID the twin namespace passes 63 characters.
    const before = codes(await host.validate(doc('twin', long)));
    assert.ok(before.includes('LIQO105'), `the facts make the long twin name a finding: ${before.join()}`);
    assert.deepEqual(codes(await host.validate(doc('hang', '# liqo-test: hang\n'))), ['LIQO002']);
    assert.deepEqual(codes(await host.validate(doc('twin', long, 2))), before);
  } finally {
    host.dispose();
  }
});
