// One measured session against one server process: open the workload, edit it, ask for completions, read peak RSS.
import * as fs from 'fs';
import { performance } from 'perf_hooks';
import {
  CompletionRequest, DidChangeTextDocumentNotification,
  type CompletionItem, type CompletionList, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import type { Client } from '../util/lspClient';
import type { ServerSpec } from './lspServers';
import { documentAt, type Workload } from './workload';

export interface SessionResult {
  openMs: number;
  editMs: number[];
  completionMs: number[];
  peakRssMb: number;
  /** Documents flagged by the first diagnostics after open, and after the last edit. */
  flaggedAfterOpen: Set<number>;
  flaggedAfterEdits: Set<number>;
  diagnosticCount: number;
  /** One message per planted document, to show that the schema (not something else) raised it. */
  sampleMessages: Map<number, string>;
  completionLabels: string[];
}

export interface SessionPlan {
  edits: number;
  completions: number;
  /** The user's pause before each edit; longer than both servers' debounce, so an edit is checked at once. */
  pauseMs: number;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => { setTimeout(resolve, ms); });

/** Peak resident set size (VmHWM) of a live process, in MB. */
export function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmHWM:\s+(\d+) kB/m.exec(status);
  if (!m) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(m[1]) / 1024;
}

function flagged(work: Workload, p: PublishDiagnosticsParams): Set<number> {
  return new Set(p.diagnostics.map((d) => documentAt(work.docStarts, d.range.start.line)));
}

/** A server that never answers must end the run with a message, not hang it. */
const LIMIT_MS = 120_000;

function limited<T>(what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${LIMIT_MS / 1000} s`)), LIMIT_MS); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Waits for the diagnostics answering the edit that was sent when `before` publishes had been seen. */
function diagnosticsAfter(client: Client, spec: ServerSpec, uri: string, version: number, before: number): Promise<PublishDiagnosticsParams> {
  const answer = client.diagnostics(uri, (p) => (spec.versioned ? p.version === version : client.published.indexOf(p) >= before));
  return limited(`${spec.name}, diagnostics of version ${version}`, answer);
}

export async function runSession(spec: ServerSpec, work: Workload, uri: string, plan: SessionPlan): Promise<SessionResult> {
  const client = await limited(`${spec.name}, start`, spec.start());
  try {
    const pid = client.process.pid;
    if (pid === undefined) throw new Error(`${spec.name}: no process id`);

    const before = client.published.length;
    const openStart = performance.now();
    await client.open(uri, work.text, 1);
    const first = await diagnosticsAfter(client, spec, uri, 1, before);
    const openMs = performance.now() - openStart;
    const sampleMessages = new Map<number, string>();
    for (const d of first.diagnostics) {
      const doc = documentAt(work.docStarts, d.range.start.line);
      if (!sampleMessages.has(doc)) sampleMessages.set(doc, d.message);
    }

    // Toggle one value mid-file and back, as an incremental change, like an editor sends it.
    const editMs: number[] = [];
    let version = 1;
    let last = first;
    for (let i = 0; i < plan.edits; i++) {
      await pause(plan.pauseMs);
      version += 1;
      const { start, end, original, replacement } = work.edit;
      const forward = i % 2 === 0;
      const range = forward ? { start, end } : { start, end: { line: start.line, character: start.character + replacement.length } };
      const count = client.published.length;
      const editStart = performance.now();
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [{ range, text: forward ? replacement : original }],
      });
      last = await diagnosticsAfter(client, spec, uri, version, count);
      editMs.push(performance.now() - editStart);
    }

    // Completion at the start of a value mid-file; the first answer (warm-up) is not counted.
    const completionMs: number[] = [];
    let completionLabels: string[] = [];
    for (let i = 0; i <= plan.completions; i++) {
      const t = performance.now();
      const request = client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: work.completion });
      const result: CompletionList | CompletionItem[] | null = await limited(`${spec.name}, completion`, request);
      const elapsed = performance.now() - t;
      if (i === 0) completionLabels = (Array.isArray(result) ? result : result?.items ?? []).map((item) => item.label);
      else completionMs.push(elapsed);
    }

    return {
      openMs,
      editMs,
      completionMs,
      peakRssMb: peakRssMb(pid),
      flaggedAfterOpen: flagged(work, first),
      flaggedAfterEdits: flagged(work, last),
      diagnosticCount: first.diagnostics.length,
      sampleMessages,
      completionLabels,
    };
  } finally {
    await client.stop();
  }
}
