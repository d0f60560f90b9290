// Seeded mutations of YAML manifests: what people do to files while typing, and what hostile files do on purpose.
// The same seed always gives the same inputs, so any failure can be replayed.

/** A small, fast, seeded PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

const pick = <T>(r: Random, list: readonly T[]): T => list[Math.floor(r() * list.length)];
const int = (r: Random, n: number): number => Math.floor(r() * n);

const junk = [':', ' ', '-', '#', '{', '}', '[', ']', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`', ',', '?', '\\', '\t', '\r',
  '\u0000', '\u0007', '\u00a0', '\u2028', '\ufeff', 'é', '漢', '😀', '\ud800', '---', '...', '{{ .Values.x }}', '${1:x}', '<<: *a'];

type Mutation = (lines: string[], r: Random) => string[];

const mutations: Record<string, Mutation> = {
  deleteLine: (l, r) => { l.splice(int(r, l.length), 1); return l; },
  duplicateLine: (l, r) => { const i = int(r, l.length); l.splice(i, 0, l[i] ?? ''); return l; },
  reindent: (l, r) => { const i = int(r, l.length); const d = int(r, 7) - 3; l[i] = d > 0 ? ' '.repeat(d) + (l[i] ?? '') : (l[i] ?? '').slice(-d); return l; },
  swapLines: (l, r) => { const i = int(r, l.length); const j = int(r, l.length); [l[i], l[j]] = [l[j] ?? '', l[i] ?? '']; return l; },
  junk: (l, r) => {
    const i = int(r, l.length);
    const line = l[i] ?? '';
    const at = int(r, line.length + 1);
    l[i] = line.slice(0, at) + pick(r, junk) + line.slice(at);
    return l;
  },
  anchorAlias: (l, r) => {
    const i = int(r, l.length);
    l[i] = `${l[i] ?? ''} &a${int(r, 3)}`;
    const j = int(r, l.length);
    l[j] = `${(l[j] ?? '').replace(/:.*$/, ':')} *a${int(r, 3)}`;
    return l;
  },
  aliasBomb: (l) => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let k = 1; k < 10; k++) bomb.push(`${String.fromCharCode(97 + k)}: &${String.fromCharCode(97 + k)} [${Array(9).fill(`*${String.fromCharCode(96 + k)}`).join(',')}]`);
    return [...l, ...bomb];
  },
  tabs: (l, r) => l.map((x) => (r() < 0.5 ? x.replace(/^ +/, (m) => '\t'.repeat(Math.ceil(m.length / 2))) : x)),
  crlf: (l) => l.map((x) => `${x}\r`),
  bom: (l) => { l[0] = `\ufeff${l[0] ?? ''}`; return l; },
  blankFirstLine: (l) => ['', ...l],
  deepFlow: (l, r) => { const n = 500 + int(r, 5000); l.splice(int(r, l.length), 0, `deep: ${'['.repeat(n)}${']'.repeat(r() < 0.5 ? n : int(r, n))}`); return l; },
  deepBlock: (l, r) => {
    const n = 50 + int(r, 400);
    const block = Array.from({ length: n }, (_, k) => `${' '.repeat(k)}k${k}:`);
    l.splice(int(r, l.length), 0, ...block);
    return l;
  },
  hugeScalar: (l, r) => { const i = int(r, l.length); l[i] = `${l[i] ?? ''} ${'x'.repeat(10_000 + int(r, 200_000))}`; return l; },
  longLine: (l, r) => { l.splice(int(r, l.length), 0, `${'- '.repeat(2000 + int(r, 20_000))}x: y`); return l; },
  marker: (l, r) => { l.splice(int(r, l.length + 1), 0, pick(r, ['---', '...', '--- !tag', '---x', '--- |', '%YAML 1.2'])); return l; },
  truncate: (l, r) => { const text = l.join('\n'); return text.slice(0, int(r, text.length + 1)).split('\n'); },
  emptyAll: () => [''],
};

export const mutationNames = Object.keys(mutations);

/** One named mutation of a text. */
export function applyMutation(name: string, text: string, r: Random): string {
  const lines = mutations[name]([...text.split('\n')], r);
  return (lines.length ? lines : ['']).join('\n');
}

/** One input: a seed manifest with one to four mutations. Returns the text and the mutations applied. */
export function mutate(seedText: string, r: Random): { text: string; applied: string[] } {
  let lines = seedText.split('\n');
  const applied: string[] = [];
  const n = 1 + int(r, 4);
  for (let k = 0; k < n; k++) {
    const name = pick(r, mutationNames);
    applied.push(name);
    lines = mutations[name]([...lines], r);
    if (!lines.length) lines = [''];
  }
  return { text: lines.join('\n'), applied };
}
