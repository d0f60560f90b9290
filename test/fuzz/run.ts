// The language server under mutated input: drives the built server (dist/server.js) over stdio the way an editor
// does while someone types, with seeded mutations of every fixture, and counts what went wrong.
//   npm run fuzz -- --n 10000 --seed 7 [--dump DIR]   (DIR gets the inputs that caused a problem)
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  CodeActionRequest, CompletionRequest, DocumentSymbolRequest, HoverRequest, type Diagnostic,
} from 'vscode-languageserver-protocol/node';
import { root, startClient, type Client } from '../util/lspClient';
import { mutate, rng, type Random } from './mutate';

export interface FuzzOptions {
  n: number;
  seed: number;
  /** Documents open at once; each input goes to one of them. */
  slots?: number;
  /** Called every 500 inputs. */
  progress?: (done: number, report: FuzzReport) => void;
  /** A folder to write the inputs that caused a problem to, as input-N.yaml. */
  dump?: string;
}

export interface FuzzReport {
  inputs: number;
  requests: number;
  /** The server process exited. */
  crashes: number;
  /** Requests with no answer within 2 s. */
  unanswered: number;
  /** Errors the server logged. */
  errors: number;
  /** Inputs whose final version never got its diagnostics. */
  missingDiagnostics: number;
  /** Checks the watchdog stopped (LIQO002 for taking too long). */
  watchdogStops: number;
  peakRssMb: number;
  /** The first problems, with what it takes to replay them. */
  problems: string[];
}

const requestLimitMs = 2000;
/** Longer than the watchdog's budget for the largest input, so a stopped check still ends in diagnostics. */
const diagnosticsLimitMs = 20_000;

function corpus(): string[] {
  const dir = path.join(root, 'test', 'fixtures');
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => readFileSync(path.join(e.parentPath, e.name), 'utf8'))
    .sort();
}

function within<T>(ms: number, promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ ok: false }>((resolve) => { timer = setTimeout(() => resolve({ ok: false }), ms); });
  return Promise.race([promise.then((value) => ({ ok: true as const, value }), () => ({ ok: false as const })), late])
    .finally(() => clearTimeout(timer));
}

function peakRssMb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function positionIn(text: string, r: Random): { line: number; character: number } {
  const lines = text.split('\n');
  const line = Math.floor(r() * (lines.length + 1));
  const length = lines[line]?.length ?? 0;
  return { line, character: Math.floor(r() * (length + 2)) };
}

export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const seeds = corpus();
  const r = rng(options.seed);
  const slots = options.slots ?? 6;
  const report: FuzzReport = { inputs: 0, requests: 0, crashes: 0, unanswered: 0, errors: 0, missingDiagnostics: 0, watchdogStops: 0, peakRssMb: 0, problems: [] };
  let current = { index: 0, text: '' };
  const problem = (what: string) => {
    if (report.problems.length < 20) report.problems.push(what);
    if (options.dump) writeFileSync(path.join(options.dump, `input-${current.index}.yaml`), current.text);
  };
  let client: Client | undefined;
  let exited = false;
  let logsSeen = 0;
  const versions = new Map<string, number>();

  const start = async () => {
    client = await startClient();
    exited = false;
    logsSeen = 0;
    versions.clear();
    client.process.once('exit', () => { exited = true; });
  };
  await start();
  try {
    for (let i = 0; i < options.n; i++) {
      if (!client || exited) {
        await start();
      }
      const c = client as Client;
      const { text, applied } = mutate(seeds[Math.floor(r() * seeds.length)], r);
      const replay = `input ${i} (seed ${options.seed}: ${applied.join(', ')})`;
      current = { index: i, text };
      try {
        // Every other slot is named as a Liqo values file, so that any input also goes down the values path; the
        // corpus's Helm templates (test/fixtures/helm) take the template path wherever they land.
        const slot = i % slots;
        const uri = slot % 2 ? `file:///fuzz/doc${slot}-liqo-values.yaml` : `file:///fuzz/doc${slot}.yaml`;
        let version = versions.get(uri);
        if (version === undefined) {
          version = 1;
          await c.open(uri, text, version);
        } else if (r() < 0.1) {
          await c.close(uri);
          version = 1;
          await c.open(uri, text, version);
        } else {
          // Sometimes two edits in a row, as fast typing sends them.
          if (r() < 0.3) await c.change(uri, ++version, text.slice(0, Math.floor(r() * text.length)));
          await c.change(uri, ++version, text);
        }
        versions.set(uri, version);
        const v = version;
        const diagnostics = c.diagnostics(uri, (p) => p.version === v);

        const asks = 1 + Math.floor(r() * 3);
        for (let k = 0; k < asks; k++) {
          const textDocument = { uri };
          const kind = Math.floor(r() * 4);
          const position = positionIn(text, r);
          const last: Diagnostic[] = [...c.published].reverse().find((p) => p.uri === uri)?.diagnostics ?? [];
          const request = kind === 0 ? c.connection.sendRequest(HoverRequest.type, { textDocument, position })
            : kind === 1 ? c.connection.sendRequest(CompletionRequest.type, { textDocument, position })
              : kind === 2 ? c.connection.sendRequest(DocumentSymbolRequest.type, { textDocument })
                : c.connection.sendRequest(CodeActionRequest.type, { textDocument, range: { start: position, end: position }, context: { diagnostics: last } });
          report.requests++;
          const answer = await within(requestLimitMs, request as Promise<unknown>);
          if (!answer.ok && !exited) { report.unanswered++; problem(`${replay}: ${['hover', 'completion', 'symbols', 'code actions'][kind]} unanswered within 2 s`); }
        }
        const published = await within(diagnosticsLimitMs, diagnostics);
        if (!published.ok && !exited) { report.missingDiagnostics++; problem(`${replay}: no diagnostics for version ${v}`); }
        if (published.ok && published.value.diagnostics.some((d) => d.code === 'LIQO002' && /took longer/.test(d.message))) {
          report.watchdogStops++;
          problem(`${replay}: the watchdog stopped its check`);
        }
        for (const log of c.logs.slice(logsSeen)) {
          if (log.type === 1) { report.errors++; problem(`${replay}: server error: ${log.message.slice(0, 300)}`); }
        }
        logsSeen = c.logs.length;
        report.peakRssMb = Math.max(report.peakRssMb, peakRssMb(c.process.pid));
      } catch (e) {
        // Writing to a server that just died throws; that is counted below as a crash.
        for (let wait = 0; !exited && wait < 20; wait++) await new Promise((resolve) => setTimeout(resolve, 50));
        if (!exited) throw e;
      }
      if (exited) {
        report.crashes++;
        problem(`${replay}: the server exited (${c.stderr().slice(-300)})`);
      }
      report.inputs++;
      if (options.progress && report.inputs % 500 === 0) options.progress(report.inputs, report);
    }
  } finally {
    if (client && !exited) {
      report.peakRssMb = Math.max(report.peakRssMb, peakRssMb(client.process.pid));
      await client.stop();
    }
  }
  return report;
}

/** Counts as one line a person can read, and whether the targets were met. */
export function summary(report: FuzzReport): { text: string; ok: boolean } {
  const ok = report.crashes === 0 && report.unanswered === 0 && report.errors === 0 && report.missingDiagnostics === 0 && report.peakRssMb <= 400;
  const text = `fuzz: ${report.inputs} inputs, ${report.requests} requests: ${report.crashes} crashes, ${report.unanswered} unanswered within 2 s, `
    + `${report.errors} errors, ${report.missingDiagnostics} without diagnostics, ${report.watchdogStops} stopped by the watchdog, peak RSS ${report.peakRssMb.toFixed(0)} MB`;
  return { text, ok };
}

async function main(argv: string[]): Promise<number> {
  const arg = (name: string, fallback: number): number => {
    const i = argv.indexOf(`--${name}`);
    const v = i >= 0 ? Number(argv[i + 1]) : fallback;
    if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} needs a whole number`);
    return v;
  };
  const n = arg('n', 1000);
  const seed = arg('seed', 1);
  const d = argv.indexOf('--dump');
  const dump = d >= 0 ? argv[d + 1] : undefined;
  if (dump) mkdirSync(dump, { recursive: true });
  const started = Date.now();
  const report = await fuzz({ n, seed, dump, progress: (_done, rep) => console.log(`${summary(rep).text} (${((Date.now() - started) / 1000).toFixed(0)} s)`) });
  const { text, ok } = summary(report);
  for (const p of report.problems) console.log(`  ${p}`);
  console.log(`${text} in ${((Date.now() - started) / 1000).toFixed(0)} s: ${ok ? 'targets met' : 'TARGETS MISSED'}`);
  return ok ? 0 : 1;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 2;
  });
}
