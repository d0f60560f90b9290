// The doctor's parts that need no cluster: CIDR overlap against a plain range comparison on generated input (and
// garbage that must never throw), how cilium-config's key is read, and that a kind the session could not list leaves
// its checks silent while an empty list clears them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cidrsOverlap, parseCidr } from '../../client/src/kube/doctor/cidr';
import { runDoctor } from '../../client/src/kube/doctor';
import { readCiliumConfig } from '../../client/src/kube/readers';
import { buildSnapshot, type RawObjects } from '../../client/src/kube/snapshot';

function rng(seed: number): () => number {
  let x = seed;
  return () => { x = (x * 1103515245 + 12345) % 2147483648; return x / 2147483648; };
}

void test('IPv4 CIDR overlap agrees with comparing address ranges, on 20,000 generated pairs', () => {
  const r = rng(7);
  const cidr = (): { text: string; lo: number; hi: number } => {
    const prefix = Math.floor(r() * 33);
    const addr = Math.floor(r() * 2 ** 32);
    const size = 2 ** (32 - prefix);
    const lo = Math.floor(addr / size) * size;
    const text = `${[24, 16, 8, 0].map((s) => Math.floor(addr / 2 ** s) % 256).join('.')}/${prefix}`;
    return { text, lo, hi: lo + size - 1 };
  };
  for (let i = 0; i < 20_000; i++) {
    const a = cidr();
    const b = cidr();
    assert.equal(cidrsOverlap(a.text, b.text), a.lo <= b.hi && b.lo <= a.hi, `${a.text} ${b.text}`);
  }
});

void test('IPv6 and mixed families; garbage parses to nothing and overlaps nothing', () => {
  assert.equal(cidrsOverlap('fd00::/8', 'fd12:3456::/32'), true);
  assert.equal(cidrsOverlap('fd00::/16', 'fe80::/10'), false);
  assert.equal(cidrsOverlap('10.0.0.0/8', 'fd00::/8'), false);
  const r = rng(11);
  const chars = '0123456789abcdef.:/ x-';
  for (let i = 0; i < 5_000; i++) {
    const s = Array.from({ length: Math.floor(r() * 24) }, () => chars[Math.floor(r() * chars.length)]).join('');
    assert.doesNotThrow(() => { parseCidr(s); cidrsOverlap(s, '10.0.0.0/8'); }, s);
  }
  for (const bad of ['', '10.0.0.0', '10.0.0.256/8', '10.0.0.0/33', '::1/129', '1::2::3/64', '10.0.0.0/8/1']) assert.equal(parseCidr(bad), undefined, bad);
});

void test('cilium-config: "false" in any Go spelling turns verification off; absent means the agent\'s default, on', () => {
  const cm = (data?: Record<string, string>) => readCiliumConfig({ metadata: { name: 'cilium-config', namespace: 'kube-system' }, ...(data ? { data } : {}) });
  assert.deepEqual(cm(), { namespace: 'kube-system', sourceIPVerification: true });
  for (const off of ['false', 'False', 'FALSE', '0', 'f', ' false ']) assert.equal(cm({ 'enable-source-ip-verification': off }).sourceIPVerification, false, off);
  for (const on of ['true', '1', 'yes-ish', '']) assert.equal(cm({ 'enable-source-ip-verification': on }).sourceIPVerification, true, on);
});

void test('an unlisted kind leaves its check silent; an empty list clears it', () => {
  const raw: Partial<RawObjects> = {
    foreignClusters: [{ metadata: { name: 'p' }, spec: { clusterID: 'p' }, status: { role: 'Provider', modules: { networking: { enabled: true, conditions: [] } } } }],
    ciliumConfigs: [{ metadata: { name: 'cilium-config', namespace: 'kube-system' } }],
    nodes: [], networkConfigs: [],
  };
  const header = { context: 'c', state: 'ready' as const, clusterID: 'c' };
  assert.deepEqual(runDoctor([buildSnapshot(header, raw)]).map((f) => f.code), ['LIQO901']);
  assert.deepEqual(runDoctor([buildSnapshot({ ...header, unlisted: ['ciliumConfigs'] }, raw)]).map((f) => f.code), []);
  assert.deepEqual(runDoctor([buildSnapshot(header, { ...raw, ciliumConfigs: [] })]).map((f) => f.code), []);
  assert.deepEqual(runDoctor([buildSnapshot({ ...header, state: 'failed' }, {})]), [], 'a cluster that is not ready has no findings');
});
