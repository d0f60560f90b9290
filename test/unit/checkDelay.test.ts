// When an edited document is checked: at once unless a burst of edits meets slow checks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkDelay } from '../../server/src/lsp/validation';

void test('fast checks never wait', () => {
  assert.equal(checkDelay(0, 0, 150), 0, 'the first check of a document');
  assert.equal(checkDelay(12, 1, 150), 0, 'an edit 1 ms after the last one, with 12 ms checks');
});

void test('slow checks wait only inside a burst, as long as a check takes, at most the setting', () => {
  assert.equal(checkDelay(300, 5000, 150), 0, 'the first edit after a quiet spell');
  assert.equal(checkDelay(100, 20, 150), 100, 'an edit 20 ms after the last one, with 100 ms checks');
  assert.equal(checkDelay(300, 20, 150), 150, 'capped by liqo.validation.debounceMs');
  assert.equal(checkDelay(300, 20, 0), 0, 'a setting of 0 never waits');
});
