// Editing re-analyses only the documents whose text changed, and positions stay right.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineIndex, segmentAt, splitDocuments } from '../../server/src/core/documents';
import { createLanguageService } from '../../server/src/core/service';
import { cursorAt } from '../../server/src/core/cursor';
import { docOf } from '../util/service';

const doc = (i: number, strategy = 'Remote') => `apiVersion: offloading.liqo.io/v1beta1\nkind: NamespaceOffloading\nmetadata:\n  name: offloading\n  namespace: ns-${i}\nspec:\n  podOffloadingStrategy: ${strategy}\n`;

test('only changed documents are analysed again', async () => {
  const service = createLanguageService();
  const docs = Array.from({ length: 50 }, (_, i) => doc(i));
  const first = await service.validate(docOf(docs.join('---\n')));
  assert.deepEqual(first, []);
  assert.equal(service.analysed, 50);
  docs[20] = doc(20, 'Remot');
  const second = await service.validate(docOf(docs.join('---\n')));
  assert.equal(service.analysed, 51);
  assert.equal(second?.length, 1);
  assert.equal(second?.[0].range.start.line, 20 * 8 + 6);
  // Inserting a line above shifts positions without analysing anything again.
  const third = await service.validate(docOf(`# a comment\n${docs.join('---\n')}`));
  assert.equal(service.analysed, 52); // the first segment's text changed
  assert.equal(third?.[0].range.start.line, 20 * 8 + 7);
});

test('splitting keeps every character and finds the same segment as segmentAt', () => {
  const text = 'a: 1\n---\nb: 2\n--- # c\nc: 3\n...\nd: 4\n---';
  const segs = splitDocuments(text);
  assert.equal(segs.map((s) => s.text).join(''), text);
  assert.deepEqual(segs.map((s) => s.start), [0, 5, 14, 27, 36]);
  for (let o = 0; o <= text.length; o++) {
    const found = segmentAt(text, o);
    const expected = [...segs].reverse().find((s) => s.start <= o) ?? segs[0];
    assert.equal(found.start, expected.start, `offset ${o}`);
    assert.equal(found.text, expected.text, `offset ${o}`);
  }
});

test('segmentAt ends on files that start with empty lines', () => {
  for (const text of ['\napiVersion: v1\nkind: Pod\n', '\n\n---\na: 1\n', '\n', '\r\n\r\nx: 1']) {
    const segs = splitDocuments(text);
    for (let o = 0; o <= text.length; o++) {
      const expected = [...segs].reverse().find((s) => s.start <= o) ?? segs[0];
      assert.equal(segmentAt(text, o).start, expected.start, `${JSON.stringify(text)} at ${o}`);
    }
  }
});

test('---inside a word does not split', () => {
  assert.equal(splitDocuments('a: ---x\n---x: 1\n').length, 1);
});

test('line index converts both ways', () => {
  const text = 'ab\ncd\r\n\nef';
  const lines = new LineIndex(text);
  for (let o = 0; o <= text.length; o++) assert.equal(lines.offsetAt(lines.positionAt(o)), o);
  assert.deepEqual(lines.positionAt(8), { line: 3, character: 0 });
  assert.equal(lines.lineText(1), 'cd');
});

test('cursor paths through maps, lists and compact lists', () => {
  const text = 'spec:\n  containers:\n  - name: a\n    resources:\n      limits:\n        x: 1\n  - name: b\n    image: |';
  const at = text.indexOf('|');
  const c = cursorAt(text.replace('|', ''), at);
  assert.deepEqual(c.path, ['spec', 'containers', 1, 'image']);
  assert.equal(c.mode, 'value');
  const k = cursorAt('spec:\n  containers:\n  - name: a\n    resources:\n      limits:\n        ', 'spec:\n  containers:\n  - name: a\n    resources:\n      limits:\n        '.length);
  assert.deepEqual(k.path, ['spec', 'containers', 0, 'resources', 'limits']);
  assert.equal(k.mode, 'key');
});

test('facts that no check depends on keep the cache; a new consumer ID clears it', async () => {
  const service = createLanguageService();
  const text = Array.from({ length: 10 }, (_, i) => doc(i)).join('---\n');
  await service.validate(docOf(text));
  const cluster = { context: 'admin@k8s-lab', clusterID: 'k8s-lab', reachable: true, foreignClusters: [], namespaces: [], offloadings: [], crdSchemas: {}, virtualNodes: [] };
  service.setFacts({ takenAt: 1, clusters: [{ ...cluster, namespaces: [{ name: 'liqo-demo', labels: {} }] }] });
  await service.validate(docOf(text));
  assert.equal(service.analysed, 10);
  service.setFacts({ takenAt: 2, clusters: [{ ...cluster, virtualNodes: [{ name: 'k8s-gpu', clusterID: 'k8s-gpu', labels: {}, taints: [], capacity: {}, ready: true }] }] });
  await service.validate(docOf(text));
  assert.equal(service.analysed, 20);
});

test('a new live offloading changes the diagnostics that compare with the clusters, without analysing again', async () => {
  const service = createLanguageService();
  const text = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n  labels:\n    liqo.io/scheduling-enabled: "true"\n';
  assert.deepEqual((await service.validate(docOf(text)))?.map((d) => d.code), ['LIQO110']);
  const cluster = { context: 'admin@k8s-lab', clusterID: 'k8s-lab', reachable: true, foreignClusters: [], namespaces: [], crdSchemas: {}, virtualNodes: [] };
  service.setFacts({ takenAt: 1, clusters: [{ ...cluster, offloadings: [{ namespace: 'team-a', phase: 'Ready', remoteNamespaceName: 'team-a-k8s-lab', namespaceMappingStrategy: 'DefaultName', podOffloadingStrategy: 'LocalAndRemote' }] }] });
  assert.deepEqual(await service.validate(docOf(text)), []);
  assert.equal(service.analysed, 1);
});
