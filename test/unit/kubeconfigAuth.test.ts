// The parsers of kubeconfig auth input: proxy URLs and NO_PROXY (Go's rules), exec plugin blocks and their
// ExecCredential output (client-go's checks), and the id-token's expiry. Fixed cases, then generated input that must
// give an answer or a KubeError, never another exception.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KubeError } from '../../client/src/kube/errors';
import { checkExecConfig, readCredential } from '../../client/src/kube/execPlugin';
import { idTokenExpiry } from '../../client/src/kube/oidc';
import { bypassed, parseProxyUrl, proxyFor } from '../../client/src/kube/proxy';

test('NO_PROXY as Go reads it: *, names with their subdomains, .suffixes, IPs, CIDRs, ports', () => {
  const cases: [string, string, string, boolean][] = [
    ['api.corp.example', '443', '*', true],
    ['api.corp.example', '443', 'corp.example', true],
    ['corp.example', '443', 'corp.example', true],
    ['corp.example', '443', '.corp.example', false],
    ['api.corp.example', '443', '.corp.example', true],
    ['api.corp.example', '443', '*.corp.example', true],
    ['notcorp.example', '443', 'corp.example', false],
    ['API.Corp.Example', '443', 'corp.example', true],
    ['10.1.2.3', '6443', '10.0.0.0/8', true],
    ['11.1.2.3', '6443', '10.0.0.0/8', false],
    ['10.1.2.3', '6443', '10.1.2.3', true],
    ['fd00::5', '6443', 'fd00::/64', true],
    ['fd01::5', '6443', 'fd00::/64', false],
    ['[fd00::5]', '6443', 'fd00::5', true],
    ['api.corp.example', '6443', 'api.corp.example:6443', true],
    ['api.corp.example', '443', 'api.corp.example:6443', false],
    ['api.corp.example', '443', ' other.example , corp.example ', true],
    ['api.corp.example', '443', '', false],
    ['api.corp.example', '443', 'api.corp.example/8', false],
  ];
  for (const [host, port, noProxy, want] of cases) assert.equal(bypassed(host, port, noProxy), want, `${host}:${port} with NO_PROXY=${noProxy}`);
});

test('proxyFor: proxy-url wins; HTTPS_PROXY for https servers, HTTP_PROXY for http; never for localhost or loopback', () => {
  const https = new URL('https://api.corp.example:6443');
  assert.equal(proxyFor(https, 'socks5://p:1080', { HTTPS_PROXY: 'http://e:3128' })?.href, 'socks5://p:1080');
  assert.equal(proxyFor(https, undefined, { HTTPS_PROXY: 'e:3128' })?.href, 'http://e:3128/');
  assert.equal(proxyFor(https, undefined, { https_proxy: 'http://e:3128' })?.host, 'e:3128');
  assert.equal(proxyFor(https, undefined, { HTTP_PROXY: 'http://e:3128' }), undefined, 'HTTP_PROXY is not for https servers');
  assert.equal(proxyFor(new URL('http://api.corp.example'), undefined, { HTTP_PROXY: 'http://e:3128' })?.host, 'e:3128');
  assert.equal(proxyFor(https, undefined, { HTTPS_PROXY: 'http://e:3128', NO_PROXY: 'corp.example' }), undefined);
  assert.equal(proxyFor(https, undefined, { HTTPS_PROXY: 'http://e:3128', no_proxy: 'corp.example' }), undefined);
  for (const local of ['https://localhost:6443', 'https://127.0.0.1:6443', 'https://127.9.9.9', 'https://[::1]:6443']) {
    assert.equal(proxyFor(new URL(local), undefined, { HTTPS_PROXY: 'http://e:3128' }), undefined, local);
  }
  assert.equal(proxyFor(new URL('https://127.0.0.1:6443'), 'http://p:3128')?.host, 'p:3128', 'an explicit proxy-url applies to loopback too');
});

test('proxy URLs: http, https and socks5 only, with a host', () => {
  assert.equal(parseProxyUrl('socks5://user:pw@p:1080', 'x').protocol, 'socks5:');
  for (const bad of ['ftp://p:21', 'http://', '::::', 'socks4://p:1080']) {
    assert.throws(() => parseProxyUrl(bad, 'proxy-url'), (e: unknown) => e instanceof KubeError && !e.message.includes('pw'), bad);
  }
});

test('exec blocks are checked before anything runs', () => {
  const base = { command: 'kubelogin', apiVersion: 'client.authentication.k8s.io/v1', interactiveMode: 'Never' };
  assert.equal(checkExecConfig(base), 'client.authentication.k8s.io/v1');
  assert.equal(checkExecConfig({ ...base, apiVersion: 'client.authentication.k8s.io/v1beta1', interactiveMode: undefined }), 'client.authentication.k8s.io/v1beta1');
  const fails: [object, RegExp][] = [
    [{ ...base, interactiveMode: undefined }, /interactiveMode must be set/],
    [{ ...base, apiVersion: 'client.authentication.k8s.io/v1alpha1' }, /not supported/],
    [{ ...base, interactiveMode: 'Sometimes' }, /is not Never, IfAvailable or Always/],
    [{ ...base, interactiveMode: 'Always' }, /needs a terminal/],
    [{ ...base, command: '' }, /no command/],
  ];
  for (const [cfg, want] of fails) assert.throws(() => checkExecConfig(cfg), (e: unknown) => e instanceof KubeError && want.test(e.message));
});

test('ExecCredential output as client-go checks it, never quoted', () => {
  const v1 = 'client.authentication.k8s.io/v1';
  const ok = readCredential(JSON.stringify({ apiVersion: v1, kind: 'ExecCredential', status: { token: 't0k3n', expirationTimestamp: '2030-01-01T00:00:00Z' } }), v1, 'p');
  assert.deepEqual(ok, { token: 't0k3n', cert: undefined, key: undefined, expiresAt: Date.parse('2030-01-01T00:00:00Z') });
  const bad: [string, RegExp][] = [
    ['secret-not-json', /not JSON/],
    [JSON.stringify({ apiVersion: v1, kind: 'Other' }), /other than an ExecCredential/],
    [JSON.stringify({ apiVersion: 'x', kind: 'ExecCredential', status: { token: 'secret-a' } }), /configured to use API version/],
    [JSON.stringify({ apiVersion: v1, kind: 'ExecCredential' }), /no status/],
    [JSON.stringify({ apiVersion: v1, kind: 'ExecCredential', status: { clientCertificateData: 'secret-c' } }), /only a certificate or a key/],
    [JSON.stringify({ apiVersion: v1, kind: 'ExecCredential', status: {} }), /neither a token/],
    [JSON.stringify({ apiVersion: v1, kind: 'ExecCredential', status: { token: 'secret-b', expirationTimestamp: 'soon' } }), /not a time/],
  ];
  for (const [text, want] of bad) {
    assert.throws(() => readCredential(text, v1, 'p'), (e: unknown) => e instanceof KubeError && want.test(e.message) && !e.message.includes('secret-'), text);
  }
});

test('id-token expiry: exp of a JWT, 0 for anything else', () => {
  const jwt = (claims: object): string => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;
  assert.equal(idTokenExpiry(jwt({ exp: 100 })), 100_000);
  assert.equal(idTokenExpiry(jwt({ exp: '100' })), 0);
  assert.equal(idTokenExpiry('opaque'), 0);
  assert.equal(idTokenExpiry('a.!!!.c'), 0);
});

test('generated input: the parsers answer or throw a KubeError, nothing else', () => {
  let seed = 7;
  const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
  const alphabet = 'abc.-_:/[]*,0123456789 @%fd:socks5http\n\u0000é';
  const str = (): string => Array.from({ length: rnd(40) }, () => alphabet[rnd(alphabet.length)]).join('');
  for (let i = 0; i < 20_000; i++) {
    const s = str();
    assert.equal(typeof bypassed(str(), String(rnd(70000)), s), 'boolean');
    for (const f of [() => parseProxyUrl(s, 'proxy-url'), () => readCredential(s, 'client.authentication.k8s.io/v1', 'p'), () => proxyFor(new URL('https://api.example'), undefined, { HTTPS_PROXY: s, NO_PROXY: str() })]) {
      try { f(); } catch (e) { assert.ok(e instanceof KubeError, `${s}: ${String(e)}`); }
    }
    assert.equal(typeof idTokenExpiry(`${str()}.${Buffer.from(str()).toString('base64url')}.${str()}`), 'number');
  }
});
