// The one escaping helper for text from outside: Markdown that shows as itself, code spans nothing breaks out of,
// snippets that insert literally, YAML scalars that stay one value.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { markdownCode, markdownText, snippetText, stripControl, yamlScalar } from '../../server/src/core/escape';

void test('markdownText escapes what would become a link, HTML, an autolink or a block, and nothing else', () => {
  assert.equal(markdownText('[x](command:liqo.saveFacts)'), '\\[x\\](command:liqo.saveFacts)');
  assert.equal(markdownText('<img src=x> &amp;'), '\\<img src=x\\> \\&amp;');
  assert.equal(markdownText('see https://a.example, www.b.example, me@c.example'), 'see https\\://a.example, www\\.b.example, me\\@c.example');
  assert.equal(markdownText('# h\n> q\n- l\n+ l\n12. n\n3) n\n==='), '\\# h\n\\> q\n\\- l\n\\+ l\n12\\. n\n3\\) n\n\\===');
  assert.equal(markdownText('a_b *c* `d` ~e~ | f \\ g'), 'a\\_b \\*c\\* \\`d\\` \\~e\\~ \\| f \\\\ g');
  // Ordinary prose reads the same in the source.
  assert.equal(markdownText('Which virtual nodes (provider clusters) get the namespace, e.g. gpu-a.'), 'Which virtual nodes (provider clusters) get the namespace, e.g. gpu-a.');
  assert.equal(markdownText(`red \u001b[31m!\u001b[0m\r\nnext`), 'red \\[31m!\\[0m\nnext');
  assert.equal(markdownText('x'.repeat(20), 5), 'xxxxx…');
});

void test('markdownCode fences past every backtick run and keeps to one line', () => {
  assert.equal(markdownCode('plain'), '`plain`');
  assert.equal(markdownCode('a`b'), '``a`b``');
  assert.equal(markdownCode('`` [x](command:y) ``'), '``` `` [x](command:y) `` ```');
  assert.equal(markdownCode('one\ntwo'), '`one two`');
  assert.equal(markdownCode('x'.repeat(300)).length, 2 + 200 + 1);
});

void test('snippetText makes $, } and \\ literal', () => {
  assert.equal(snippetText('$CLIPBOARD ${1:x} a\\b}'), '\\$CLIPBOARD \\${1:x\\} a\\\\b\\}');
});

void test('yamlScalar keeps plain tokens and quotes the rest as one YAML string', () => {
  for (const v of ['gpu-a', 'nvidia.com/gpu', 'v1.2', 'a_b']) assert.equal(yamlScalar(v), v);
  for (const v of ['a\nevil: injected', 'a: b', '# x', '-x', '', ' x', '"q"', '*alias', '{x}', '$CLIPBOARD']) {
    const inserted = yamlScalar(v);
    assert.notEqual(inserted, v);
    assert.deepEqual(parse(`k: ${inserted}`), { k: v }, inserted);
  }
});

void test('stripControl drops C0, C1 and bidi controls but keeps tabs and newlines', () => {
  assert.equal(stripControl('a\u0000b\u001b[2Jc\u009bd\u202ee\tf\ng'), 'ab[2Jcde\tf\ng');
});
