// The fast parse path (js-yaml) and the careful one (`yaml`) build the same data, and both read plain scalars as
// kubectl does (go-yaml v2 under sigs.k8s.io/yaml). The expected values of the table are what
// `kubectl label --local -f <file> foo=bar -o json` printed for each scalar (kubectl 1.27 and 1.33 alike).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { splitDocuments } from '../../server/src/core/documents';
import { parseCareful, parseFast, parseSegment, type ParsedDoc } from '../../server/src/core/parse';
import { diagnose } from '../util/service';

const fixtures = path.join(__dirname, '..', '..', '..', 'test', 'fixtures');

function same(fast: ParsedDoc, careful: ParsedDoc, where: string): void {
  assert.deepEqual(careful.problems, [], `${where}: the careful path finds problems in what the fast path read`);
  assert.deepEqual(fast.value, careful.value, where);
  assert.equal(fast.apiVersion, careful.apiVersion, `${where}: apiVersion`);
  assert.equal(fast.kind, careful.kind, `${where}: kind`);
}

test('every fixture document gives the same data on both paths', () => {
  const files = readdirSync(fixtures, { recursive: true }).map(String).filter((f) => /\.ya?ml$/.test(f));
  assert.ok(files.length >= 10, `only ${files.length} fixture files`);
  let documents = 0;
  let compared = 0;
  for (const file of files) {
    splitDocuments(readFileSync(path.join(fixtures, file), 'utf8')).forEach((seg, i) => {
      // Helm templates (test/fixtures/helm) are YAML only once rendered.
      if (seg.text.includes('{{')) return;
      documents++;
      const careful = parseCareful(seg.text);
      const fast = parseFast(seg.text);
      if (!fast) {
        // The fast path declines only what it cannot read; the careful path then says why.
        assert.ok(careful.problems.length > 0 || seg.text.includes('<<'), `${file} #${i}: declined by the fast path, read by the careful one`);
        return;
      }
      compared++;
      same(fast, careful, `${file} #${i}`);
    });
  }
  assert.ok(compared / documents > 0.9, `compared ${compared} of ${documents} documents`);
});

/** Plain scalars and what kubectl makes of them. */
const scalars: [source: string, kubectl: unknown][] = [
  // YAML 1.1 booleans, in go-yaml's three spellings each: the Norway problem.
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE'].map((s) => [s, true] as [string, unknown]),
  ...['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE'].map((s) => [s, false] as [string, unknown]),
  ['yEs', 'yEs'], ['oN', 'oN'], ['nO', 'nO'],
  ['~', null], ['null', null], ['Null', null], ['NULL', null], ['nULL', 'nULL'],
  // Integers: strconv.ParseInt with base prefixes, after every `_` is dropped.
  ['0777', 511], ['-0777', -511], ['+0777', 511], ['0o17', 15], ['0O17', 15], ['0x1F', 31], ['0X1f', 31], ['-0x1F', -31],
  ['0b101', 5], ['-0b101', -5], ['1_000', 1000], ['1__000', 1000], ['1_', 1], ['-_1', -1], ['0_x1F', 31], ['+1', 1], ['-0', 0], ['00', 0],
  ['08', 8], ['0888', 888], ['0x', '0x'], ['0b2', '0b2'], ['0o8', '0o8'], ['+', '+'],
  // int64 and uint64 limits, as the nearest doubles.
  ['9223372036854775807', 2 ** 63], ['-9223372036854775808', -(2 ** 63)], ['18446744073709551615', 2 ** 64],
  ['0777777777777777777777', 2 ** 63], ['0xFFFFFFFFFFFFFFFF', 2 ** 64],
  ['0x1FFFFFFFFFFFFFFFF', '0x1FFFFFFFFFFFFFFFF'], ['-0x8000000000000001', '-0x8000000000000001'], ['99999999999999999999', 1e20],
  // Floats: go-yaml's yamlStyleFloat, and strconv.ParseFloat for what starts with a dot.
  ['0.5', 0.5], ['-.5', -0.5], ['+.5', 0.5], ['.5', 0.5], ['.5_5', 0.55], ['.5e1_0', 5e9], ['._5', '._5'], ['.', '.'], ['1.', 1],
  ['1e3', 1000], ['1E3', 1000], ['1e+3', 1000], ['1e-3', 0.001], ['-1.5e+3', -1500], ['1_000.5', 1000.5], ['3.14_15', 3.1415],
  ['1e400', '1e400'], ['-1e400', '-1e400'], ['1e-400', 0], ['-0.0', 0], ['12e', '12e'], ['1.2.3', '1.2.3'],
  // kubectl refuses these ("json: unsupported value"); the data holds what go-yaml read.
  ['.inf', Infinity], ['.Inf', Infinity], ['+.INF', Infinity], ['-.inf', -Infinity], ['.nan', NaN], ['.NaN', NaN],
  ['-.nan', '-.nan'], ['inf', 'inf'], ['nan', 'nan'], ['Infinity', 'Infinity'], ['NaN', 'NaN'],
  // No base-60 numbers, and timestamps decode to their text.
  ['1:20', '1:20'], ['1:20:30.5', '1:20:30.5'], ['190:20:30', '190:20:30'],
  ['2001-12-14', '2001-12-14'], ['2001-12-14T21:59:43.10Z', '2001-12-14T21:59:43.10Z'], ['2001-12-14 21:59:43.10', '2001-12-14 21:59:43.10'],
  // Quoted and block scalars are strings whatever they hold.
  ['"yes"', 'yes'], ["'0777'", '0777'], ['"1e3"', '1e3'], ['|-\n  on', 'on'], ['>-\n  0x1F', '0x1F'],
  ['!!str yes', 'yes'],
];

for (const [source, kubectl] of scalars) {
  test(`${JSON.stringify(source)} reads as ${typeof kubectl === 'number' ? String(kubectl) : JSON.stringify(kubectl)} on both paths`, () => {
    const text = `v: ${source}\n`;
    const careful = parseCareful(text);
    assert.deepEqual(careful.value, { v: kubectl });
    // A tag sends the document down the careful path; the fast path is still asked to agree when it reads it.
    const fast = parseFast(text);
    if (fast) assert.deepEqual(fast.value, { v: kubectl });
    else assert.ok(source.startsWith('!'));
  });
}

test('keys resolve as kubectl resolves them, and become strings', () => {
  const text = 'yes: a\n0777: b\n1e3: c\n0x1F: d\nn: e\n"on": f\n~: g\n';
  const expected = { true: 'a', 511: 'b', 1000: 'c', 31: 'd', false: 'e', on: 'f', null: 'g' };
  const fast = parseFast(text);
  assert.ok(fast);
  assert.deepEqual(fast.value, expected);
  assert.deepEqual(parseCareful(text).value, expected);
});

test('an unquoted `yes` under apiVersion or kind does not identify the document on either path', () => {
  const text = 'apiVersion: yes\nkind: 0x1F\n';
  for (const parsed of [parseFast(text), parseCareful(text)]) {
    assert.ok(parsed);
    assert.deepEqual([parsed.apiVersion, parsed.kind], [undefined, undefined]);
  }
});

test('merge keys merge as go-yaml does: a merged map overrides the keys before it, earlier maps of a list win', () => {
  const text = 'base: &b {a: "1", c: "2"}\nbefore:\n  a: "0"\n  <<: *b\nafter:\n  <<: *b\n  a: "9"\nlist:\n  <<: [*b, {a: "x", z: "z"}]\nquoted:\n  "<<": *b\n';
  // js-yaml would let `before`'s own `a` win: merge keys take the careful path.
  assert.equal(parseFast(text), undefined);
  assert.deepEqual(parseSegment(text).value, {
    base: { a: '1', c: '2' },
    before: { a: '1', c: '2' },
    after: { a: '9', c: '2' },
    list: { a: '1', c: '2', z: 'z' },
    quoted: { '<<': { a: '1', c: '2' } },
  });
  assert.match(parseSegment('a:\n  <<: 5\n').problems[0]?.message ?? '', /map merge requires map or sequence of maps/);
});

test('an unquoted yes under a string field is the type error the API server would give', async () => {
  const doc = (name: string) => `apiVersion: offloading.liqo.io/v1beta1\nkind: NamespaceOffloading\nmetadata:\n  name: offloading\n  namespace: demo\nspec:\n  namespaceMappingStrategy: SelectedName\n  remoteNamespaceName: ${name}\n`;
  const wrongType = (await diagnose(doc('yes'))).filter((d) => d.code === 'LIQO010');
  assert.equal(wrongType.length, 1, JSON.stringify(wrongType));
  assert.deepEqual((await diagnose(doc('"yes"'))).filter((d) => d.code === 'LIQO010'), []);
});
