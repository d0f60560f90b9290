// Retry-After as API Priority and Fairness sends it, and the failed log proxy as kube-apiserver words it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backoff, MAX_RETRY_AFTER_SECONDS, parseRetryAfter } from '../../client/src/kube/backoff';
import { fromHttp } from '../../client/src/kube/errors';

void test('Retry-After in seconds, as an HTTP date, absent or unreadable', () => {
  const now = Date.parse('2026-12-07T02:00:00Z');
  assert.equal(parseRetryAfter('3', now), 3);
  assert.equal(parseRetryAfter(' 0 ', now), 0);
  assert.equal(parseRetryAfter('Mon, 07 Dec 2026 02:00:10 GMT', now), 10);
  assert.equal(parseRetryAfter('Mon, 07 Dec 2026 01:59:00 GMT', now), 0, 'a date in the past: retry now');
  assert.equal(parseRetryAfter(undefined, now), undefined);
  assert.equal(parseRetryAfter('', now), undefined);
  assert.equal(parseRetryAfter('soon', now), undefined);
  assert.equal(parseRetryAfter('-5', now), undefined, 'not delay-seconds');
});

void test('absurd Retry-After values are capped', () => {
  const now = Date.parse('2026-12-07T02:00:00Z');
  assert.equal(parseRetryAfter('86400', now), MAX_RETRY_AFTER_SECONDS);
  assert.equal(parseRetryAfter('Fri, 01 Jan 2100 00:00:00 GMT', now), MAX_RETRY_AFTER_SECONDS);
});

void test('backoff waits at least what the server asked, with jitter above that', () => {
  const b = new Backoff(250, 30_000);
  for (let i = 0; i < 50; i++) assert.ok(b.next(2000) >= 2000);
  b.reset();
  const waits = Array.from({ length: 50 }, () => { b.reset(); return b.next(); });
  assert.ok(waits.every((w) => w >= 187 && w <= 313), waits.join(','));
  assert.ok(new Set(waits).size > 1, 'jittered');
});

void test('a log proxy that could not dial the kubelet is a bad gateway, whether it says 502 or 500', () => {
  const k3s = JSON.stringify({ kind: 'Status', code: 500, reason: 'InternalError',
    message: 'Get "https://10.42.0.5:10250/containerLogs/ns/p/c": proxy error from 127.0.0.1:6443 while dialing 10.42.0.5:10250, code 502: 502 Bad Gateway' });
  assert.equal(fromHttp(500, k3s).kind, 'badGateway');
  const dial = JSON.stringify({ code: 500, message: 'Get "https://10.0.0.3:10250/containerLogs/ns/p/c": dial tcp 10.0.0.3:10250: connect: connection refused' });
  assert.equal(fromHttp(500, dial).kind, 'badGateway');
  assert.equal(fromHttp(500, JSON.stringify({ code: 500, message: 'error dialing backend: dial tcp 10.0.0.3:10250: i/o timeout' })).kind, 'badGateway');
  assert.equal(fromHttp(502, 'Bad Gateway').kind, 'badGateway');
  assert.equal(fromHttp(500, JSON.stringify({ code: 500, message: 'Internal error occurred: etcdserver: request timed out' })).kind, 'server');
});
