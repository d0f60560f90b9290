// The extension host's defences that need no cluster: credentials cut from logs, programs in kubeconfigs noticed,
// the GPU resource setting checked, and the log viewer's messages read as untrusted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { redact, redactShapes, redactWrites } from '../../client/src/redact';
import { loadKubeconfig } from '../../client/src/kube/kubeconfig';
import { readFromView } from '../../client/src/logs/messages';
import { checkExtendedResourceName } from '../../server/src/liqo/syntax';

const jwt = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJzeXN0ZW06YWRtaW4ifQ.c2lnbmF0dXJl';
const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx\n-----END RSA PRIVATE KEY-----';

void test('redact cuts bearer tokens, JWTs, PEM blocks and credential-valued keys, and leaves the rest', () => {
  const cases: [string, string][] = [
    ['GET /api: 401 with Authorization: Bearer s3cr3t-token', 'GET /api: 401 with Authorization: Bearer [redacted]'],
    [`exec plugin printed ${jwt} on stderr`, 'exec plugin printed [redacted JWT] on stderr'],
    [`key:\n${pem}\nafter`, 'key:\n[redacted PEM]\nafter'],
    ['cut off: -----BEGIN CERTIFICATE-----\nMIIC', 'cut off: [redacted PEM]'],
    ['users:\n- user:\n    token: abc123\n    client-key-data: LS0tLS1\n', 'users:\n- user:\n    token: [redacted]\n    client-key-data: [redacted]\n'],
    ['{"id-token":"x.y.z","refresh-token": "r"}', '{"id-token":"[redacted]","refresh-token": "[redacted]"}'],
    ['kind: Secret\nstringData:\n  password: hunter2', 'kind: Secret\nstringData:\n  password: [redacted]'],
  ];
  for (const [input, want] of cases) assert.equal(redact(input), want);
  const plain = 'context admin@k8s-lab: unreachable (ECONNREFUSED); tokens: 3, tokenizer ok';
  assert.equal(redact(plain), plain);
});

void test('redactShapes cuts Authorization values, JWTs and PEM blocks from our own sentences, and leaves key-like prose', () => {
  assert.equal(redactShapes(`exec plugin failed: refused (tried Authorization: Bearer sim-exec.abc.123 first) and ${jwt}`),
    'exec plugin failed: refused (tried Authorization: Bearer [redacted] first) and [redacted JWT]');
  assert.equal(redactShapes(`key:\n${pem}`), 'key:\n[redacted PEM]');
  const prose = 'the OIDC id-token has expired and the kubeconfig has no refresh-token: log in again';
  assert.equal(redactShapes(prose), prose);
});

void test('a channel wrapped by redactWrites redacts every write, whatever its arguments', () => {
  const written: unknown[][] = [];
  const record = (...args: unknown[]): void => { written.push(args); };
  const channel = { name: 'Liqo', info: record, error: record, appendLine: record, show: () => 'shown' };
  const log = redactWrites(channel);
  log.info('exec said Bearer abc', { token: 'xyz' }, 3);
  log.error(new Error(`refused ${jwt}`));
  log.appendLine(pem);
  assert.equal(log.name, 'Liqo');
  assert.equal(log.show(), 'shown');
  assert.deepEqual(written[0], ['exec said Bearer [redacted]', '{"token":"[redacted]"}', 3]);
  assert.match(String(written[1]?.[0]), /^Error: refused \[redacted JWT\]/);
  assert.deepEqual(written[2], ['[redacted PEM]']);
});

void test('redact stays linear on hostile input', () => {
  for (const text of ['-----BEGIN A-----'.repeat(50_000), 'token: '.repeat(100_000), 'eyJaaaa.'.repeat(100_000), 'Bearer '.repeat(100_000)]) {
    const t = performance.now();
    redact(text);
    assert.ok(performance.now() - t < 2000, `redact took ${performance.now() - t} ms on ${text.slice(0, 20)}…`);
  }
});

void test('a user whose auth provider names a cmd-path or an exec runs a program, like an exec user', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liqo-kc-'));
  const file = path.join(dir, 'config');
  const user = (name: string, body: string): string => `- name: ${name}\n  user:\n${body}`;
  fs.writeFileSync(file, `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster:
    server: https://c.example:6443
users:
${user('gcp', '    auth-provider:\n      name: gcp\n      config:\n        cmd-path: /tmp/evil\n        cmd-args: "; touch /tmp/pwned"\n')}${user('nested', '    auth-provider:\n      name: custom\n      config:\n        exec: /tmp/evil\n')}${user('oidc', '    auth-provider:\n      name: oidc\n      config:\n        id-token: x\n        idp-issuer-url: https://issuer.example\n')}${user('plain', '    token: t\n')}
contexts:
${['gcp', 'nested', 'oidc', 'plain'].map((u) => `- name: ${u}\n  context:\n    cluster: c\n    user: ${u}\n`).join('')}`);
  const l = loadKubeconfig([file]);
  assert.deepEqual(Object.fromEntries(l.contexts.map((c) => [c.name, c.usesExec])), { gcp: true, nested: true, oidc: false, plain: false });
});

void test('the GPU resource setting must be an extended resource name', () => {
  for (const ok of ['nvidia.com/gpu', 'amd.com/gpu', 'example.com/a100-80gb']) assert.equal(checkExtendedResourceName(ok), undefined, ok);
  for (const bad of ['cpu', 'memory', 'ephemeral-storage', 'kubernetes.io/gpu', 'foo.kubernetes.io/gpu', 'nvidia.com/', '/gpu', 'Nvidia.com/gpu', 'nvidia.com/gpu/x']) {
    assert.match(checkExtendedResourceName(bad) ?? '', /extended resource name/, bad);
  }
});

void test('the log viewer acts only on messages of a known type and shape', () => {
  assert.deepEqual(readFromView({ type: 'stop', extra: 1 }, 10), { type: 'stop' });
  assert.deepEqual(readFromView({ type: 'save', timestamps: true, lines: ['a', 'b'] }, 10), { type: 'save', timestamps: true, lines: ['a', 'b'] });
  assert.deepEqual(readFromView({ type: 'save', timestamps: false }, 10), { type: 'save', timestamps: false });
  for (const bad of [null, 'stop', 42, [], {}, { type: 'run', command: 'x' }, { type: 'save' }, { type: 'save', timestamps: 'yes' },
    { type: 'save', timestamps: true, lines: 'a' }, { type: 'save', timestamps: true, lines: [1] }, { type: 'save', timestamps: true, lines: Array(11).fill('x') },
    { type: { toString: () => 'stop' } }]) {
    assert.equal(readFromView(bad, 10), undefined, JSON.stringify(bad));
  }
});
