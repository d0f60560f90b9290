// Impersonation read from kubeconfig text (as, as-groups, as-uid, as-user-extra) and the headers client-go sends
// for it; the loader keeps the first file's user, as kubectl merges; any text, however broken, reads without throwing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { impersonationHeaders, readImpersonation } from '../../client/src/kube/impersonation';
import { loadKubeconfig } from '../../client/src/kube/kubeconfig';

const config = (user: string): string => `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster:
    server: https://c.example:6443
users:
- name: u
  user:
    token: not-a-secret
${user}
contexts:
- name: ctx
  context:
    cluster: c
    user: u
`;

test('as, as-groups, as-uid and as-user-extra become the Impersonate-* headers', () => {
  const imp = readImpersonation(config(`    as: jane
    as-groups: [gpu-team, "system:masters"]
    as-uid: u-42
    as-user-extra:
      reason: [oncall]
      team.example.com/cost center: [gpu 1, lab]`)).get('u');
  assert.deepEqual(imp, { user: 'jane', groups: ['gpu-team', 'system:masters'], uid: 'u-42', extra: { reason: ['oncall'], 'team.example.com/cost center': ['gpu 1', 'lab'] } });
  assert.deepEqual(impersonationHeaders(imp), {
    'Impersonate-User': 'jane',
    'Impersonate-Group': ['gpu-team', 'system:masters'],
    'Impersonate-Uid': 'u-42',
    'Impersonate-Extra-reason': ['oncall'],
    // client-go's headerKeyEscape: HTTP token characters stay, '/' and ' ' are percent-encoded.
    'Impersonate-Extra-team.example.com%2Fcost%20center': ['gpu 1', 'lab'],
  });
});

test('without a user there is nothing to send; a user without impersonation is left out', () => {
  assert.equal(readImpersonation(config('')).size, 0);
  const groupsOnly = readImpersonation(config('    as-groups: [g]')).get('u');
  assert.deepEqual(groupsOnly, { user: undefined, groups: ['g'], uid: undefined, extra: {} });
  assert.deepEqual(impersonationHeaders(groupsOnly), {}, 'kubectl refuses groups without a user; the API server answers 400');
  assert.deepEqual(impersonationHeaders(undefined), {});
});

test('the loader puts the first file\'s impersonation on the context, as kubectl merges users', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liqo-imp-'));
  const a = path.join(dir, 'a');
  const b = path.join(dir, 'b');
  fs.writeFileSync(a, config('    as: first'));
  fs.writeFileSync(b, config('    as: second\n    as-groups: [x]'));
  const l = loadKubeconfig([a, b]);
  assert.deepEqual(l.contexts[0]?.impersonation, { user: 'first', groups: [], uid: undefined, extra: {} });
  fs.writeFileSync(a, config(''));
  assert.equal(loadKubeconfig([a, b]).contexts[0]?.impersonation, undefined, 'the first file\'s user wins even without impersonation');
});

test('fuzz: any text, mutated kubeconfigs included, reads without throwing and yields only strings', () => {
  let seed = 11;
  const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
  const base = config(`    as: jane
    as-groups: [a, b]
    as-user-extra: {k: [v]}`);
  const pieces = ['as: ', 'as-groups: ', '[', ']', '{', '}', '- ', ': ', '\n', '    ', '&a ', '*a', '!!binary ', '~', '1', 'null', '"', "'", 'as-user-extra:', '\t', '\u0000'];
  for (let i = 0; i < 1500; i++) {
    const chars = [...base];
    for (let j = 0; j < 1 + rnd(6); j++) chars.splice(rnd(chars.length), rnd(4), pieces[rnd(pieces.length)] ?? '');
    const text = chars.join('');
    const out = readImpersonation(text);
    for (const imp of out.values()) {
      const h = impersonationHeaders(imp);
      for (const [k, v] of Object.entries(h)) {
        assert.match(k, /^Impersonate-[A-Za-z0-9!#$&'*+\-.^_`|~%]+$/, `a header name node accepts (input ${i})`);
        for (const x of ([] as string[]).concat(v)) assert.equal(typeof x, 'string');
      }
    }
  }
});
