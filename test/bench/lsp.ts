// Language-server benchmark: our server against yaml-language-server on one generated file of 3,000 Liqo documents.
// Both must flag exactly the planted documents; then open, edit and completion latency and peak RSS are compared.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { pathToFileURL } from 'url';
import { parseAllDocuments } from 'yaml';
import { root } from '../util/lspClient';
import { writeCombinedSchema } from './lspSchema';
import { ourServer, yamlServer, type ServerSpec } from './lspServers';
import { runSession, type SessionPlan, type SessionResult } from './lspSession';
import { generateWorkload, type Workload } from './workload';

export interface BenchResult {
  name: string;
  /** Whether every target was met. */
  ok: boolean;
  /** False when the measurement is not valid: a server did not flag exactly the planted documents. */
  valid: boolean;
  text: string;
}

const SESSIONS = 3;
const plan: SessionPlan = { edits: 2, completions: 30, pauseMs: 300 };

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

interface Summary {
  spec: ServerSpec;
  sessions: SessionResult[];
  open: number;
  edit: number;
  completion: number;
  rss: number;
}

function summarize(spec: ServerSpec, sessions: SessionResult[]): Summary {
  return {
    spec,
    sessions,
    open: median(sessions.map((s) => s.openMs)),
    edit: median(sessions.flatMap((s) => s.editMs)),
    completion: median(sessions.flatMap((s) => s.completionMs)),
    rss: median(sessions.map((s) => s.peakRssMb)),
  };
}

/** Compares the flagged documents with the planted ones; returns the problems found. */
function checkFlagged(work: Workload, s: Summary): string[] {
  const problems: string[] = [];
  const describe = (docs: number[]): string => docs.slice(0, 5).map((d) => `#${d} ${work.kinds[d]} (line ${work.docStarts[d] + 1})`).join(', ') + (docs.length > 5 ? ', ...' : '');
  s.sessions.forEach((session, i) => {
    for (const [when, set] of [['after open', session.flaggedAfterOpen], ['after the edits', session.flaggedAfterEdits]] as const) {
      const missed = [...work.planted.keys()].filter((d) => !set.has(d));
      const extra = [...set].filter((d) => !work.planted.has(d)).sort((a, b) => a - b);
      if (missed.length) problems.push(`${s.spec.name}, session ${i + 1}, ${when}: ${missed.length} planted documents not flagged: ${describe(missed)}`);
      if (extra.length) {
        const sample = session.sampleMessages.get(extra[0]);
        problems.push(`${s.spec.name}, session ${i + 1}, ${when}: ${extra.length} correct documents flagged: ${describe(extra)}${sample ? `; #${extra[0]}: ${sample.split('\n')[0]}` : ''}`);
      }
    }
  });
  if (!s.sessions[0]?.completionLabels.includes('Remote')) {
    problems.push(`${s.spec.name}: completion after "podOffloadingStrategy: " did not offer Remote (got ${s.sessions[0]?.completionLabels.slice(0, 8).join(', ') || 'nothing'})`);
  }
  return problems;
}

const ms = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`);

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n');
}

/** The issue's floor: one full parse of the file with the `yaml` library, in this process (median of three). */
function yamlParseFloor(text: string): number {
  const times = [0, 1, 2].map(() => {
    const t = performance.now();
    parseAllDocuments(text);
    return performance.now() - t;
  });
  return median(times);
}

/** Ratio targets (issue 9), ours over theirs. */
const measures: [string, (s: Summary) => number, (x: number) => string, number][] = [
  ['open -> diagnostics', (s) => s.open, ms, 0.25],
  ['edit -> diagnostics', (s) => s.edit, ms, 0.03],
  ['completion', (s) => s.completion, ms, 0.2],
  ['peak RSS', (s) => s.rss, (x) => `${x.toFixed(0)} MB`, 0.3],
];

function targetsMet(ours: Summary, theirs: Summary): boolean {
  return measures.every(([, get, , target]) => get(ours) / get(theirs) <= target);
}

function report(work: Workload, ours: Summary, theirs: Summary, problems: string[], floor: number): string {
  const out: string[] = [];
  out.push(`workload: ${work.docStarts.length} documents, ${work.lineCount} lines, ${(work.text.length / 1e6).toFixed(2)} MB, ${work.planted.size} planted errors`);
  out.push(`floor: a full parse with the yaml library takes ${ms(floor)} here (ours opens in ${(ours.open / floor).toFixed(1)}x that)`);
  const exact = (set: Set<number>): boolean => set.size === work.planted.size && [...set].every((d) => work.planted.has(d));
  for (const s of [ours, theirs]) {
    const first = s.sessions[0];
    const good = s.sessions.filter((x) => exact(x.flaggedAfterOpen) && exact(x.flaggedAfterEdits)).length;
    out.push(`${s.spec.name}: ${first.diagnosticCount} diagnostics on ${first.flaggedAfterOpen.size} documents; exactly the planted ones after open and after the edits: ${good === s.sessions.length ? 'yes' : 'NO'} (${good}/${s.sessions.length} sessions)`);
  }
  const enumTypo = [...work.planted.entries()].find(([, what]) => what.includes('Remot'));
  if (enumTypo) {
    out.push(`planted "${work.planted.get(enumTypo[0])}" (document #${enumTypo[0]}):`);
    for (const s of [ours, theirs]) out.push(`  ${s.spec.name}: ${s.sessions[0].sampleMessages.get(enumTypo[0])?.split('\n')[0] ?? '(not flagged)'}`);
  }
  out.push('');
  const rows = [['measure', ours.spec.name, theirs.spec.name, 'ours/theirs', 'target', 'met']];
  for (const [name, get, fmt, target] of measures) {
    const ratio = get(ours) / get(theirs);
    rows.push([name, fmt(get(ours)), fmt(get(theirs)), `${ratio.toFixed(3)}x`, `<= ${target}x`, ratio <= target ? 'yes' : 'NO']);
  }
  out.push(table(rows));
  out.push('');
  out.push(`medians of ${SESSIONS} sessions per server (fresh process each; open: one per session; edit: ${plan.edits} per session; completion: ${plan.completions} per session after a warm-up; peak RSS: VmHWM at the end of each session)`);
  for (const s of [ours, theirs]) {
    out.push(`  ${s.spec.name}: open ${s.sessions.map((x) => ms(x.openMs)).join(', ')}; edit ${s.sessions.flatMap((x) => x.editMs).map(ms).join(', ')}; RSS ${s.sessions.map((x) => x.peakRssMb.toFixed(0)).join(', ')} MB`);
  }
  if (problems.length) {
    out.push('', 'WORKLOAD CHECK FAILED:', ...problems.map((p) => `  ${p}`));
  } else {
    out.push('', 'workload check: both servers flagged exactly the planted documents');
  }
  return out.join('\n');
}

export async function run(): Promise<BenchResult> {
  const work = generateWorkload();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liqo-bench-'));
  try {
    const file = path.join(dir, 'liqo-bench-workload.yaml');
    fs.writeFileSync(file, work.text);
    const uri = pathToFileURL(file).href;
    const { file: schemaFile, kinds } = writeCombinedSchema(path.join(root, 'schemas'), dir);
    console.log(`lsp: ${work.docStarts.length} documents, ${work.lineCount} lines; yaml-language-server schema covers ${kinds.length} kinds`);
    const specs = [ourServer(), yamlServer(schemaFile, file)];
    const results = new Map<ServerSpec, SessionResult[]>(specs.map((s) => [s, []]));
    // Sessions alternate between the servers so that background load on the machine hits both alike.
    for (let i = 0; i < SESSIONS; i++) {
      for (const spec of specs) {
        const r = await runSession(spec, work, uri, plan);
        results.get(spec)?.push(r);
        console.log(`lsp: ${spec.name} session ${i + 1}: open ${ms(r.openMs)}, edit ${ms(median(r.editMs))}, completion ${ms(median(r.completionMs))}, peak RSS ${r.peakRssMb.toFixed(0)} MB, ${r.flaggedAfterOpen.size} documents flagged`);
      }
    }
    const [ours, theirs] = specs.map((s) => summarize(s, results.get(s) ?? []));
    const problems = [...checkFlagged(work, ours), ...checkFlagged(work, theirs)];
    return { name: 'lsp', ok: targetsMet(ours, theirs), valid: problems.length === 0, text: report(work, ours, theirs, problems, yamlParseFloor(work.text)) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
