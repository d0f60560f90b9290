// The indentation-based locator agrees with the syntax tree wherever it gives an answer.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { load } from 'js-yaml';
import { isScalar, parseDocument } from 'yaml';
import { locate, span, type Path } from '../../server/src/core/ast';
import { splitDocuments } from '../../server/src/core/documents';
import { locateInText } from '../../server/src/core/textLocate';

function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) value.forEach((v, i) => { out.push([...prefix, i]); paths(v, [...prefix, i], out); });
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) { out.push([...prefix, k]); paths(v, [...prefix, k], out); }
  return out;
}

const dirs = ['manifests', 'demo-workspace'].map((d) => path.join(__dirname, '..', '..', '..', 'test', 'fixtures', d));

test('every answer of the text locator matches the syntax tree', () => {
  let answered = 0;
  let asked = 0;
  for (const dir of dirs) {
    for (const file of readdirSync(dir, { recursive: true }).map(String).filter((f) => /\.ya?ml$/.test(f))) {
      for (const seg of splitDocuments(readFileSync(path.join(dir, file), 'utf8'))) {
        let value: unknown;
        try { value = load(seg.text); } catch { continue; }
        const doc = parseDocument(seg.text);
        if (doc.errors.length) continue;
        for (const p of paths(value)) {
          asked++;
          const spot = locateInText(seg.text, p);
          if (!spot) continue;
          answered++;
          const found = locate(doc, p);
          const where = `${file} ${p.join('.')}`;
          if (typeof p[p.length - 1] === 'string') assert.deepEqual(spot.key, span(found.key), `key of ${where}`);
          const node = found.node;
          const scalar = isScalar(node) && node.range && node.range[1] > node.range[0] ? span(node) : undefined;
          assert.deepEqual(spot.value, scalar, `value of ${where}`);
        }
      }
    }
  }
  // Plain block YAML is the common case: the locator must answer for most paths.
  assert.ok(answered / asked > 0.8, `answered ${answered} of ${asked}`);
});

test('flow collections, tabs and multi-line scalars are left to the syntax tree', () => {
  assert.equal(locateInText('spec: {a: 1}\n', ['spec', 'a']), undefined);
  assert.equal(locateInText('spec:\n\ta: 1\n', ['spec', 'a']), undefined);
  assert.equal(locateInText('spec:\n  a: one\n    two\n', ['spec', 'a']), undefined);
  assert.deepEqual(locateInText('spec:\n  a: "x" # c\n', ['spec', 'a']), { key: [8, 9], value: [11, 14] });
  assert.deepEqual(locateInText('c:\n- name: a\n  image: x\n- name: b\n  image: y\n', ['c', 1, 'image']), { key: [36, 41], value: [43, 44] });
});

test('keys with a colon, a hash, doubled quotes or escapes are placed where the syntax tree has them', () => {
  const text = 'spec:\n  a:b: one\n  c#d: two\n  \'it\'\'s\': three\n  "e\\"f": four\n  "g" : five\n  &x h: six\n';
  const doc = parseDocument(text);
  for (const key of ['a:b', 'c#d', "it's", 'e"f', 'g']) {
    const found = locate(doc, ['spec', key]);
    assert.deepEqual(locateInText(text, ['spec', key]), { key: span(found.key), value: span(found.node) }, key);
  }
  // Anchors are left to the syntax tree.
  assert.equal(locateInText(text, ['spec', 'h']), undefined);
});
