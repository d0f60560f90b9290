// Benchmark: the two parse paths of server/src/core/parse.ts on the 3,000 documents of the lsp workload. The fast
// path (js-yaml) is only worth its second reading of YAML if it is clearly faster: the target is twice the speed
// of the careful path (`yaml`, whose AST also gives ranges). Used by scripts/bench.mjs through run();
// `node out/test/bench/parse.js` prints the same lines.
import { splitDocuments } from '../../server/src/core/documents';
import { parseCareful, parseFast } from '../../server/src/core/parse';
import type { BenchResult } from './tree';
import { generateWorkload } from './workload';

const ROUNDS = 7;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Milliseconds for one pass over every document, the median of ROUNDS after one warm-up pass. */
function time(docs: string[], parse: (text: string) => unknown): number {
  const times: number[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const t0 = performance.now();
    for (const text of docs) parse(text);
    if (round > 0) times.push(performance.now() - t0);
  }
  return median(times);
}

export function run(): Promise<BenchResult> {
  const docs = splitDocuments(generateWorkload().text).map((s) => s.text);
  // Every document must take the fast path, or the comparison measures the fallback.
  const declined = docs.filter((text) => !parseFast(text)).length;
  const fast = time(docs, parseFast);
  const careful = time(docs, (text) => parseCareful(text).value);
  const ratio = careful / fast;
  const lines = [
    `${docs.length} documents, ${(docs.reduce((n, d) => n + d.length, 0) / 1e6).toFixed(1)} MB, median of ${ROUNDS} passes`,
    `fast path (js-yaml):    ${fast.toFixed(1)} ms`,
    `careful path (yaml):    ${careful.toFixed(1)} ms`,
    `careful / fast:         ${ratio.toFixed(1)}x (target: at least 2x, or the fast path is not worth keeping)`,
  ];
  return Promise.resolve({ name: 'parse', lines, ok: ratio >= 2, valid: declined === 0 });
}

if (require.main === module) {
  void run().then((r) => console.log(r.lines.join('\n')));
}
