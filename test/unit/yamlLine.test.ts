// The one reader of "the key on this line", shared by completion, hover and the text locator: YAML's rules where
// the three regular expressions it replaces disagreed, the YAML parser's key wherever a line parses on its own, and
// linear time on hostile lines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { cursorAt } from '../../server/src/core/cursor';
import { locateInText } from '../../server/src/core/textLocate';
import { readLine, type YamlLine } from '../../server/src/core/yamlLine';

type Expected = Partial<YamlLine>;

/** Each line and what the reader must find on it; `was` says what the old patterns made of it, where they differed. */
const table: [line: string, expected: Expected, was?: string][] = [
  ['name: x', { indent: 0, dash: -1, content: 0, key: 'name', keyStart: 0, keyEnd: 4, colon: 4, valueStart: 6, inlineValue: true }],
  ['  name:', { indent: 2, key: 'name', keyStart: 2, keyEnd: 6, colon: 6, valueStart: 7, inlineValue: false }],
  ['  - name: a', { indent: 2, dash: 2, content: 4, key: 'name', keyStart: 4, keyEnd: 8, valueStart: 10 }],
  ['- - a: 1', { dash: 2, content: 4, key: 'a' }],
  ['-   key: v', { dash: 0, content: 4, key: 'key', keyStart: 4 }],
  ['  - ', { dash: 2, content: 4, key: undefined }],
  ['-', { dash: 0, content: 1, key: undefined }],
  ['- just a scalar', { dash: 0, content: 2, key: undefined }],
  ['a b  : c', { key: 'a b', keyStart: 0, keyEnd: 3, colon: 5 }],
  ['k : v', { key: 'k', keyEnd: 1, colon: 2 }],
  ['key: a: b', { key: 'key', valueStart: 5, inlineValue: true }],
  ['key:   # comment', { key: 'key', inlineValue: false }],
  ['key: &anchor', { key: 'key', inlineValue: false }],
  ['key: &a !!map # c', { key: 'key', inlineValue: false }],
  ['key: |', { key: 'key', inlineValue: false }],
  ['key: >-', { key: 'key', inlineValue: false }],
  ['key: *alias', { key: 'key', inlineValue: true }],
  ['key: [a, b]', { key: 'key', inlineValue: true }],
  ['key: &a value', { key: 'key', inlineValue: true }],
  ['# key: v', { key: undefined }],
  ['---', { key: undefined }],
  ['...', { key: undefined }],
  // A plain key holds `:` not followed by a blank, and `#` not preceded by one.
  ['a:b: c', { key: 'a:b', keyEnd: 3, colon: 3 }, 'completion\'s value reader and hover: no key'],
  ['http://x: y', { key: 'http://x' }, 'completion\'s value reader and hover: no key'],
  ['a:: b', { key: 'a:', keyEnd: 2, colon: 2 }, 'completion\'s value reader and hover: no key'],
  ['a#b: c', { key: 'a#b' }, 'all three: no key'],
  ['a #b: c', { key: undefined }],
  ['key:x', { key: undefined }],
  // Quoted keys: doubled single quotes, escapes in double quotes, and nothing between the closing quote and `:`.
  ["'it''s': x", { key: "it's", keyStart: 0, keyEnd: 7, colon: 7 }, 'all three: no key'],
  ["'''a': b", { key: "'a", keyEnd: 5 }, 'all three: no key'],
  ['"a\\"b": x', { key: 'a"b', keyEnd: 6 }, 'completion and hover: a\\"b; the text locator: no key'],
  ['"\\x41\\u0042\\t": c', { key: 'AB\t' }, 'completion and hover: the escapes as written'],
  ['"a\\qb": c', { key: undefined }, 'completion and hover: a\\qb'],
  ['"a" : b', { key: 'a', keyStart: 0, keyEnd: 3, colon: 4 }],
  ['"a":b', { key: undefined }],
  ['"a"b: c', { key: undefined }],
  ["'open: x", { key: undefined }],
  // Anchors and tags belong to the key's node, not to its text; an alias names no key we can read.
  ['&a key: v', { content: 0, key: 'key', keyStart: 3, keyEnd: 6 }, 'completion and hover: &a key; the text locator: no key'],
  ['!t key: v', { key: 'key', keyStart: 3 }, 'completion and hover: !t key'],
  ['  - &a !t key: v', { dash: 2, content: 4, key: 'key', keyStart: 10 }, 'completion and hover: &a !t key'],
  ['!!str 12: x', { key: '12' }, 'completion and hover: !!str 12'],
  ['*a : v', { key: undefined }, 'completion and hover: *a'],
  ['&a', { key: undefined }],
  // Indicators that may start a plain key only before a non-blank.
  ['-x: 1', { dash: -1, key: '-x' }],
  ['-#: 1', { dash: -1, key: '-#' }, 'all three: no key'],
  ['?x: y', { key: '?x' }],
  [':x: y', { key: ':x' }],
  ['? a', { key: undefined }],
  ['[a]: b', { key: undefined }],
  ['{a: 1}: b', { key: undefined }],
  ['|a: b', { key: undefined }],
  ['@a: b', { key: undefined }],
  // Tabs separate tokens but never indent.
  ['\tkey: v', { key: undefined }, 'completion and hover: key'],
  ['  \tkey: v', { indent: 2, key: undefined }, 'completion and hover: key'],
  ['-\tfoo: 1', { dash: 0, key: undefined }, 'completion and hover: foo'],
  ['key\t: v', { key: 'key', keyEnd: 3, colon: 4 }, 'the text locator: no key'],
  ['key:\tv', { key: 'key', valueStart: 5, inlineValue: true }, 'the text locator: no key'],
  // The CR of a CRLF line is not part of it.
  ['key: v\r', { key: 'key', valueStart: 5, inlineValue: true }],
  ['key:\r', { key: 'key', valueStart: 4, inlineValue: false }],
];

for (const [line, expected, was] of table) {
  test(`readLine(${JSON.stringify(line)})${was ? ` (was: ${was})` : ''}`, () => {
    const read = readLine(line);
    const picked = Object.fromEntries(Object.keys(expected).map((k) => [k, read[k as keyof YamlLine]]));
    assert.deepEqual(picked, expected);
  });
}

/** The key the YAML parser finds on a line parsed as a document of its own, with its range; undefined when none. */
function parserKey(line: string): { key: string; range: [number, number] } | undefined {
  const doc = parseDocument(line, { schema: 'failsafe' });
  if (doc.errors.length) return undefined;
  let node: unknown = doc.contents;
  while (isSeq(node)) node = node.items[0];
  if (!isMap(node)) return undefined;
  const key = node.items[0]?.key;
  return isScalar(key) && key.range ? { key: String(key.value), range: [key.range[0], key.range[1]] } : undefined;
}

test('the reader finds the key the YAML parser finds, at the same columns', () => {
  // An explicit `? key` is the parser's key but not a `key:` on the line; `key: a: b` is a half-typed value.
  const unlike = new Set(['? a', 'key: a: b']);
  for (const [line] of table) {
    if (unlike.has(line)) continue;
    const read = readLine(line);
    const parsed = parserKey(line);
    assert.deepEqual(read.key === undefined ? undefined : { key: read.key, range: [read.keyStart, read.keyEnd] }, parsed, JSON.stringify(line));
  }
});

test('reading from a column reads the content of a sequence item', () => {
  assert.deepEqual(pick(readLine('- name: a', 2)), { indent: 2, dash: -1, key: 'name', keyStart: 2 });
  assert.deepEqual(pick(readLine('- - a: 1', 2)), { indent: 2, dash: 2, key: 'a', keyStart: 4 });
});

function pick(l: YamlLine): Expected {
  return { indent: l.indent, dash: l.dash, key: l.key, keyStart: l.keyStart };
}

test('completion and hover follow the reader: a plain key with a colon, a quoted key with a doubled quote', () => {
  const a = cursorAt('spec:\n  a:b: x\n  c: ', 'spec:\n  a:b: x\n  c: '.length);
  assert.deepEqual([a.mode, a.path], ['value', ['spec', 'c']]);
  const text = "spec:\n  'it''s':\n    k: ";
  const b = cursorAt(text, text.length);
  assert.deepEqual(b.path, ['spec', "it's", 'k']);
  const c = cursorAt('a:b: ', 5);
  assert.deepEqual([c.mode, c.path, c.prefix], ['value', ['a:b'], '']);
  const d = cursorAt('spec:\n  -', 'spec:\n  -'.length);
  assert.deepEqual([d.mode, d.prefix, d.column], ['key', '-', 2]);
  assert.deepEqual(locateInText('spec:\n  a:b: x\n', ['spec', 'a:b']), { key: [8, 11], value: [13, 14] });
  assert.deepEqual(locateInText("spec:\n  'it''s': x\n", ['spec', "it's"]), { key: [8, 15], value: [17, 18] });
});

test('a 100,000-character hostile line is read in one pass', () => {
  // Runs of `- ` and of blanks made the old patterns quadratic (seconds at this length, per keystroke); the other
  // lines are the usual shapes that make a regular expression backtrack. The reader scans each line once.
  const n = 100_000;
  const hostile = [
    '- '.repeat(n / 2),
    `${'- '.repeat(n / 2 - 1)}x`,
    'a: '.repeat(n / 3),
    `${'a:'.repeat(n / 2)} `,
    `a${' '.repeat(n)}x`,
    `"${'\\\\'.repeat(n / 2)}`,
    `"${'\\"'.repeat(n / 2)}`,
    `'${"''".repeat(n / 2)}`,
    '&a '.repeat(n / 3),
    `key: ${'&a '.repeat(n / 3)}`,
    ' '.repeat(n),
    `${'#'.repeat(n)}: x`,
    `a${' #'.repeat(n / 2)}: x`,
  ];
  for (const line of hostile) {
    const read = readLine(line);
    assert.ok(read.keyStart <= line.length);
    const text = `spec:\n  ${line}\n  `;
    assert.equal(cursorAt(text, text.length).mode, 'key');
    locateInText(`${line}\n`, ['a', 'b']);
  }
  assert.equal(readLine('- '.repeat(n / 2)).dash, n - 2);
  assert.equal(readLine('a: '.repeat(n / 3)).key, 'a');
});
