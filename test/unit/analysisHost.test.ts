// The watchdog around the analysis worker: a check that never ends costs its own document a LIQO002, never the
// other documents their checks.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisHost } from '../../server/src/analysis/host';

const slice = 'apiVersion: authentication.liqo.io/v1beta1\nkind: ResourceSlice\nmetadata:\n  name: gpu\n  namespace: liqo-tenant-k8s-gpu\nspec:\n  class: Default\n';
const doc = (name: string, text: string, version = 1) => TextDocument.create(`file:///${name}.yaml`, 'yaml', version, text);

function newHost(logs: string[] = []): AnalysisHost {
  return new AnalysisHost({
    workerPath: path.join(__dirname, '..', 'util', 'hangingWorker.js'),
    logger: { info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) },
    validateBudgetMs: () => 1500,
    featureBudgetMs: 1500,
  });
}

const codes = (d: { code?: unknown }[] | undefined) => (d ?? []).map((x) => String(x.code));

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
    // The call queued behind the stuck one was cut short, not blamed: the restart asks for it again.
    assert.equal(queued, undefined);
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

void test('a worker that dies is replaced, and the document it was checking is not checked again', async () => {
  const logs: string[] = [];
  const host = newHost(logs);
  try {
    const dying = doc('dying', `# liqo-test: exit\n${slice}`);
    assert.deepEqual(codes(await host.validate(dying)), ['LIQO002']);
    assert.ok(logs.some((l) => /worker stopped \(exit code 3\)/.test(l)), logs.join('\n'));
    assert.ok(codes(await host.validate(doc('after', slice))).length > 0);
  } finally {
    host.dispose();
  }
});

void test('facts reach a replaced worker', async () => {
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
