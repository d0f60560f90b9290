import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { kubeconfigPaths, loadKubeconfig, watchKubeconfig } from '../../client/src/kube/kubeconfig';

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'liqo-kc-'));
}

function kc(o: { contexts: [string, string, string][]; current?: string; server?: string; exec?: boolean; certFile?: string }): string {
  const clusters = [...new Set(o.contexts.map((c) => c[1]))].map((c) => `- name: ${c}\n  cluster:\n    server: ${o.server ?? `https://${c}.example:6443`}\n`).join('');
  const users = [...new Set(o.contexts.map((c) => c[2]))].map((u) => `- name: ${u}\n  user:\n` +
    (o.exec ? '    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: get-token\n' : o.certFile ? `    client-certificate: ${o.certFile}\n    client-key: ${o.certFile}\n` : '    token: secret-token-value\n')).join('');
  const contexts = o.contexts.map(([n, c, u]) => `- name: ${n}\n  context:\n    cluster: ${c}\n    user: ${u}\n`).join('');
  return `apiVersion: v1\nkind: Config\n${o.current ? `current-context: ${o.current}\n` : ''}clusters:\n${clusters}users:\n${users}contexts:\n${contexts}`;
}

void test('KUBECONFIG lists are merged: first file wins per name, first current-context wins', () => {
  const dir = tmpdir();
  const a = path.join(dir, 'a');
  const b = path.join(dir, 'b');
  fs.writeFileSync(a, kc({ contexts: [['one', 'c1', 'u1'], ['shared', 'c1', 'u1']], current: 'one', server: 'https://first:1' }));
  fs.writeFileSync(b, kc({ contexts: [['two', 'c2', 'u2'], ['shared', 'c2', 'u2']], current: 'two' }));
  const paths = kubeconfigPaths([], { KUBECONFIG: [a, path.join(dir, 'missing'), b].join(path.delimiter) });
  assert.deepEqual(paths, [a, path.join(dir, 'missing'), b]);
  const l = loadKubeconfig(paths);
  assert.deepEqual(l.contexts.map((c) => c.name).sort(), ['one', 'shared', 'two']);
  assert.equal(l.currentContext, 'one');
  assert.equal(l.contexts.find((c) => c.name === 'shared')?.cluster, 'c1');
  assert.deepEqual(l.files, [a, b]);
  assert.deepEqual(l.errors, []);
});

void test('an explicit path list wins over KUBECONFIG; the default is ~/.kube/config', () => {
  assert.deepEqual(kubeconfigPaths(['/x/y'], { KUBECONFIG: '/a' }), ['/x/y']);
  assert.equal(kubeconfigPaths([], {})[0], path.join(os.homedir(), '.kube', 'config'));
});

void test('relative certificate paths resolve against their own file, and exec users are flagged', () => {
  const dir = tmpdir();
  const f = path.join(dir, 'cfg');
  fs.writeFileSync(f, kc({ contexts: [['c', 'k', 'u']], certFile: 'certs/client.pem' }));
  const l = loadKubeconfig([f]);
  assert.equal(l.kc.getUser('u')?.certFile, path.join(dir, 'certs/client.pem'));
  assert.equal(l.contexts[0]?.usesExec, false);
  const g = path.join(dir, 'exec');
  fs.writeFileSync(g, kc({ contexts: [['e', 'k', 'ue']], exec: true }));
  assert.equal(loadKubeconfig([g]).contexts[0]?.usesExec, true);
});

void test('a broken file is reported by name without its contents, and the others still load', () => {
  const dir = tmpdir();
  const bad = path.join(dir, 'bad');
  const good = path.join(dir, 'good');
  fs.writeFileSync(bad, 'clusters: [ {{ token: secret-token-value');
  fs.writeFileSync(good, kc({ contexts: [['ok', 'c', 'u']] }));
  const l = loadKubeconfig([bad, good]);
  assert.deepEqual(l.contexts.map((c) => c.name), ['ok']);
  assert.equal(l.errors.length, 1);
  assert.ok(l.errors[0]?.startsWith(bad));
  assert.ok(!l.errors[0]?.includes('secret-token-value'));
});

void test('loading never writes the files', () => {
  const dir = tmpdir();
  const f = path.join(dir, 'cfg');
  const text = kc({ contexts: [['c', 'k', 'u']] });
  fs.writeFileSync(f, text);
  const before = fs.statSync(f).mtimeMs;
  loadKubeconfig([f]);
  assert.equal(fs.readFileSync(f, 'utf8'), text);
  assert.equal(fs.statSync(f).mtimeMs, before);
});

void test('a change to a followed file is reported', async () => {
  const dir = tmpdir();
  const f = path.join(dir, 'cfg');
  fs.writeFileSync(f, kc({ contexts: [['c', 'k', 'u']] }));
  let resolve!: () => void;
  const changed = new Promise<void>((r) => { resolve = r; });
  const w = watchKubeconfig([f], () => resolve(), 20);
  // The watcher does not keep the process alive (an editor must be able to exit), so the test does.
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    fs.writeFileSync(f, kc({ contexts: [['c', 'k', 'u'], ['d', 'k', 'u']] }));
    await changed;
    assert.deepEqual(loadKubeconfig([f]).contexts.map((c) => c.name), ['c', 'd']);
  } finally {
    clearInterval(keepAlive);
    w.dispose();
  }
});
