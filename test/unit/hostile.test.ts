// Hostile and broken input: every case ends with a clear diagnostic, in bounded time, and nothing throws.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLanguageService } from '../../server/src/core/service';
import { diagnose, docOf } from '../util/service';

const liqoHead = 'apiVersion: offloading.liqo.io/v1beta1\nkind: NamespaceOffloading\n';

test('an alias bomb is refused with a diagnostic, not expanded', async () => {
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  const text = `${liqoHead}metadata:\n  name: offloading\nspec:\n${levels.map((l) => `  ${l}`).join('\n')}\n`;
  const diagnostics = await diagnose(text);
  const refused = diagnostics.find((d) => d.code === 'LIQO002');
  assert.ok(refused, JSON.stringify(diagnostics));
  assert.match(refused.message, /alias/);
});

test('a 10 MB file gets one diagnostic saying why it is not checked', async () => {
  const doc = `${liqoHead}metadata:\n  name: offloading\n  namespace: ns\nspec:\n  podOffloadingStrategy: Remote\n---\n`;
  const text = doc.repeat(Math.ceil((10 * 1024 * 1024) / doc.length));
  const diagnostics = await diagnose(text);
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0].code, 'LIQO002');
  assert.match(diagnostics[0].message, /10\.\d MB, over the 4 MB limit/);
});

test('a single huge document is not parsed', async () => {
  const text = `${liqoHead}metadata:\n  annotations:\n    blob: "${'x'.repeat(1_200_000)}"\n`;
  const diagnostics = await diagnose(text);
  assert.deepEqual(diagnostics.map((d) => d.code), ['LIQO002']);
});

const notNested = (d: { code?: unknown; message: string; range: { start: { line: number } } }[]) =>
  d.filter((x) => x.code === 'LIQO002' && /nested more than 256 levels/.test(x.message) && x.range.start.line === 0).length;

test('deep flow nesting is refused before parsing, balanced or not', async () => {
  for (const deep of [`${'['.repeat(20000)}${']'.repeat(20000)}`, '{'.repeat(300), `${'[{'.repeat(140)}`]) {
    const diagnostics = await diagnose(`${liqoHead}spec:\n  x: ${deep}\n`);
    assert.equal(notNested(diagnostics), 1, JSON.stringify(diagnostics.map((d) => d.message)));
  }
});

test('deep block nesting, indented or as compact sequences, is refused before parsing', async () => {
  let text = `${liqoHead}spec:\n`;
  for (let i = 1; i < 600; i++) text += `${' '.repeat(i * 2)}k${i}:\n`;
  assert.equal(notNested(await diagnose(text)), 1);
  assert.equal(notNested(await diagnose(`${liqoHead}spec:\n  x:\n${'- '.repeat(20000)}y: z\n`)), 1);
});

test('nesting as deep as real manifests get is checked as usual', async () => {
  let text = `${liqoHead}metadata:\n  name: offloading\n  namespace: ns\nspec:\n  clusterSelector:\n`;
  for (let i = 1; i < 200; i++) text += `${' '.repeat(2 + i * 2)}k${i}:\n`;
  const diagnostics = await diagnose(text);
  assert.equal(notNested(diagnostics), 0);
  assert.ok(diagnostics.some((d) => d.code === 'LIQO012'), 'the schema check ran and found the unknown field');
});

test('a huge misspelt kind costs no quadratic "did you mean"', async () => {
  const kind = `ResourceSlice${'x'.repeat(300_000)}`;
  const diagnostics = await diagnose(`apiVersion: authentication.liqo.io/v1beta1\nkind: ${kind}\n`);
  assert.deepEqual(diagnostics.map((d) => d.code), ['LIQO003']);
});

test('binary garbage is reported as binary', async () => {
  let seed = 7;
  const bytes = Array.from({ length: 4096 }, () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return String.fromCharCode(seed % 256);
  }).join('');
  const diagnostics = await diagnose(bytes);
  assert.deepEqual(diagnostics.map((d) => d.code), ['LIQO002']);
  assert.match(diagnostics[0].message, /binary/);
});

test('malformed YAML in a Liqo document is reported where it breaks', async () => {
  const text = `${liqoHead}metadata:\n  name: offloading\n   namespace: x\n`;
  const diagnostics = await diagnose(text);
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0].code, 'LIQO001');
  // The value of name runs on into the badly indented line: the parser points at it.
  assert.equal(diagnostics[0].range.start.line, 3);
});

test('unterminated strings, tabs and stray tokens never throw', async () => {
  // Each case, with the line (0-based, in the whole document) where the syntax error is reported first.
  const cases: [string, number][] = [['spec:\n  a: "open\n', 4], ['spec:\n\tb: 1\n', 3], [': : :\n', 2], ['{{{{', 2], ['- - - -', 2],
    ['key: [}\n', 2], ['%YAML 9.9\n---\n', 2], ['!!binary ~\n', 2], ['&a *a\n', 2]];
  for (const [c, line] of cases) {
    const text = liqoHead + c;
    const diagnostics = await diagnose(text);
    assert.ok(diagnostics.length > 0, `no diagnostic for ${JSON.stringify(c)}`);
    assert.deepEqual([...new Set(diagnostics.map((d) => `${String(d.code)} ${d.severity}`))], ['LIQO001 1'], `a syntax error for ${JSON.stringify(c)}`);
    assert.equal(Math.min(...diagnostics.map((d) => d.range.start.line)), line, `where ${JSON.stringify(c)} breaks`);
    const lines = text.split('\n').length;
    for (const d of diagnostics) assert.ok(d.range.end.line < lines, `the range of ${JSON.stringify(c)} stays inside the document`);
  }
});

test('a cancelled check stops part-way', async () => {
  const doc = `${liqoHead}metadata:\n  name: offloading\n  namespace: ns-NUM\n`;
  const text = Array.from({ length: 1000 }, (_, i) => doc.replace('NUM', String(i))).join('---\n');
  const service = createLanguageService();
  const result = await service.validate(docOf(text), { isCancellationRequested: true });
  assert.equal(result, undefined);
  assert.ok(service.analysed < 1000);
});

test('a collection used as a key is checked without the YAML library printing a warning to the process', async () => {
  const warnings: string[] = [];
  const listen = (w: Error) => { warnings.push(w.message); };
  process.on('warning', listen);
  try {
    // The anchor sends the document down the careful path, the `yaml` library's.
    const diagnostics = await diagnose(`${liqoHead}metadata:\n  name: offloading\n  namespace: &ns ns\nspec:\n  ? {a: 1}\n  : x\n`);
    assert.ok(diagnostics.length > 0, 'the odd key is still reported');
    await new Promise<void>((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', listen);
  }
  assert.deepEqual(warnings, []);
});
