// The transport-free language service: text documents in, LSP types out. One instance per server (or CLI run),
// with its own caches, so nothing is shared between instances and tests need no clean-up. Every feature takes
// the document, then where in it (if it needs that), then a cancellation token.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionKind, DiagnosticSeverity, SymbolKind,
  type CodeAction, type CompletionList, type Diagnostic, type DocumentSymbol, type Hover, type Position, type Range,
} from 'vscode-languageserver-types';
import { bundledSchemas, type KindSchema } from '../../../schemas/index';
import { consumerIDs, type ClusterFacts } from '../liqo/clusterFacts';
import { analyze, type Analysis } from './analyze';
import { complete } from './completion';
import { LineIndex, segmentAt, splitDocuments, type Segment } from './documents';
import { hover } from './hover';
import { maxFileBytes, mentionsLiqo } from './parse';
import { diag, source } from './rules/codes';
import { crossDocument } from './rules/crossDocument';
import { checkAgainstClusters } from './rules/live';
import { createSchemaSet, type SchemaSet } from './schemas';
import { analyzeTemplate, analyzeValues } from './helm/analyzeHelm';
import { hasActions } from './helm/template';
import { acrossValuesFiles } from './helm/valuesAcross';
import { completeValues, hoverValues } from './helm/valuesFeatures';
import { defaultValuesGlobs, valuesFileMatcher } from './helm/valuesFiles';
import { chooseServedSchemas } from './servedSchemas';
import { silentLogger, type Cancel, type FixData, type Logger, type RawDiagnostic, type Severity } from './types';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Segments analysed between two checks of the cancellation token. */
const chunk = 250;

export interface LanguageService {
  /** All diagnostics of a file; undefined when cancelled part-way. */
  validate(doc: TextDocument, token?: Cancel): Promise<Diagnostic[] | undefined>;
  /** The same check as steps, for a caller that times or interleaves them (see analysis/host.ts). */
  validation(doc: TextDocument): Generator<void, Diagnostic[]>;
  complete(doc: TextDocument, position: Position, token?: Cancel): CompletionList;
  hover(doc: TextDocument, position: Position, token?: Cancel): Hover | null;
  /** The quick fixes of our diagnostics (among `diagnostics`) that touch `range`. */
  codeActions(doc: TextDocument, range: Range, diagnostics: readonly Diagnostic[], token?: Cancel): CodeAction[];
  symbols(doc: TextDocument, token?: Cancel): DocumentSymbol[];
  setFacts(facts: ClusterFacts): void;
  readonly facts: ClusterFacts;
  readonly schemas: SchemaSet;
  /** How many document segments were analysed (not served from the cache) since the service started. */
  readonly analysed: number;
  forget(uri: string): void;
  /** Sets the globs that name Liqo values files (the `liqo.helmValues.files` setting). */
  setValuesFiles(globs: readonly string[]): void;
  /**
   * Records a Liqo values file's cluster ID without checking it, so that a check of another file can compare with
   * it (liqo-lint does this for all its files first). Does nothing for other files.
   */
  noteValuesFile(doc: TextDocument): void;
  /** Changes whenever the cluster ID of a values file changes, appears or goes: other values files need a check again. */
  readonly valuesRevision: number;
  /**
   * The cluster IDs of the workspace's values files as saved (found by the client). A file checked or noted here
   * counts with its own text instead.
   */
  setWorkspaceValues(files: readonly { uri: string; clusterID: string }[]): void;
}

/** How a file is read: as manifests, as a Liqo values file, or as a Helm template. */
type FileMode = 'manifests' | 'values' | 'template';

export interface LanguageServiceOptions {
  /** The kinds known without a cluster; the bundled schemas by default. */
  schemas?: KindSchema[];
  logger?: Logger;
  /** Whether a file is a template of a Helm chart by where it is (`templates/` under a `Chart.yaml`). */
  chartTemplate?: (uri: string) => boolean;
  /** The globs that name Liqo values files; the setting's default if not given. */
  valuesFiles?: readonly string[];
}

export function createLanguageService(options: LanguageServiceOptions = {}): LanguageService {
  const logger = options.logger ?? silentLogger;
  const schemas = createSchemaSet(options.schemas ?? bundledSchemas, { logger });
  /** Notes about served schemas already logged: facts come again with every change, the note once. */
  const told = new Set<string>();
  let facts: ClusterFacts = { takenAt: 0, clusters: [] };
  /** The only facts a document's own analysis reads (see analyze); part of the cache key. */
  let consumers: string[] = [];
  /** Per file: the analysis of each segment text of its last validated version. */
  const files = new Map<string, { analyses: Analysis[]; mode: FileMode }>();
  let valuesGlobs = JSON.stringify(options.valuesFiles ?? defaultValuesGlobs);
  let valuesMatcher = valuesFileMatcher(options.valuesFiles ?? defaultValuesGlobs);
  /** The cluster ID of each values file checked or noted, by URI ('' when it gives none). */
  const valuesIDs = new Map<string, string>();
  /** The same for the workspace's values files as saved, from the client. */
  let savedIDs = new Map<string, string>();
  let valuesRevision = 0;
  const setValuesID = (uri: string, id: string | undefined): void => {
    if (valuesIDs.get(uri) === id) return;
    if (id === undefined) valuesIDs.delete(uri); else valuesIDs.set(uri, id);
    valuesRevision++;
  };

  const modeOf = (uri: string, text: string): FileMode => {
    const nl = text.indexOf('\n');
    if (valuesMatcher.matches(uri, nl < 0 ? text : text.slice(0, nl))) return 'values';
    return hasActions(text) || options.chartTemplate?.(uri) === true ? 'template' : 'manifests';
  };
  const analyzeAs = (mode: FileMode, text: string): Analysis =>
    mode === 'values' ? analyzeValues(text) : mode === 'template' ? analyzeTemplate(text, schemas, consumers) : analyze(text, schemas, consumers);
  /** Analyses of single segments looked at by completion and hover, by text. */
  const scratch = new Map<string, Analysis>();
  let analysed = 0;
  let factsKey = JSON.stringify([[], {}]);

  const analysisOf = (text: string, mode: FileMode): Analysis => {
    const key = `${mode}\u0000${text}`;
    let a = scratch.get(key);
    if (!a) {
      a = analyzeAs(mode, text);
      if (scratch.size > 64) scratch.clear();
      scratch.set(key, a);
    }
    return a;
  };

  /** Places a segment's diagnostic in the file: the segment's first line plus the position inside it. */
  function place(raw: RawDiagnostic, a: Analysis, firstLine: number): Diagnostic {
    const lines = (a.lines ??= new LineIndex(a.parsed.text));
    const range = (start: number, end: number): Range => {
      const s = lines.positionAt(start);
      const e = lines.positionAt(end);
      return { start: { line: firstLine + s.line, character: s.character }, end: { line: firstLine + e.line, character: e.character } };
    };
    const d: Diagnostic = { range: range(raw.start, raw.end), severity: severities[raw.severity], code: raw.code, source, message: raw.message };
    if (raw.fixes?.length) {
      const data: FixData = {
        fixes: raw.fixes.map((f) => ({
          title: f.title,
          preferred: f.preferred,
          edits: f.edits.map((e) => ({ range: range(e.start, e.end), newText: e.newText })),
        })),
      };
      d.data = data;
    }
    return d;
  }

  /**
   * A file's check in steps: each step analyses up to `chunk` documents that changed, so a caller can yield, watch
   * the clock or give up between steps. Returns all diagnostics of the file.
   */
  function* validation(doc: TextDocument): Generator<void, Diagnostic[]> {
    const uri = doc.uri;
    const text = doc.getText();
    if (text.length > maxFileBytes) {
      files.delete(uri);
      if (!mentionsLiqo(text.slice(0, 65536))) return [];
      const firstLineEnd = text.indexOf('\n');
      const raw = diag('notChecked', 0, firstLineEnd < 0 ? 0 : firstLineEnd, `File not checked: it is ${(text.length / 1048576).toFixed(1)} MB, over the ${maxFileBytes / 1048576} MB limit.`);
      return [{ range: new LineIndex(text.slice(0, raw.end + 1)).range(raw.start, raw.end), severity: severities[raw.severity], code: raw.code, source, message: raw.message }];
    }
    const segments = splitDocuments(text);
    const mode = modeOf(uri, text);
    const kept = files.get(uri);
    const previous = kept?.mode === mode ? kept : undefined;
    let byText: Map<string, Analysis> | undefined;
    const analyses: Analysis[] = [];
    let fresh = 0;
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i];
      // Most edits keep documents where they were: compare in place first, and look up by text only if not.
      let a = previous && previous.analyses[i]?.parsed.text === seg.text ? previous.analyses[i] : undefined;
      if (!a && previous) {
        byText ??= new Map(previous.analyses.map((p) => [p.parsed.text, p]));
        a = byText.get(seg.text);
      }
      if (!a) {
        if (fresh > 0 && fresh % chunk === 0) yield;
        a = analyzeAs(mode, seg.text);
        analysed++;
        fresh++;
      }
      analyses.push(a);
    }
    yield;
    files.set(uri, { analyses, mode });
    if (mode === 'values') setValuesID(uri, analyses.find((a) => a.values?.clusterID)?.values?.clusterID?.value ?? '');
    else if (valuesIDs.has(uri)) setValuesID(uri, undefined);
    const acrossValues = mode === 'values' ? acrossValuesFiles(uri, text, analyses, new Map([...[...savedIDs].filter(([u]) => valuesMatcher.matches(u, '')), ...valuesIDs]), facts) : new Map<number, RawDiagnostic[]>();
    const summaries = analyses.map((a) => a.summary);
    const cross = crossDocument(summaries);
    const vsClusters = checkAgainstClusters(summaries, facts);
    const out: Diagnostic[] = [];
    let line = 0;
    analyses.forEach((a, i) => {
      for (const raw of a.diagnostics) out.push(place(raw, a, line));
      for (const raw of cross.get(i) ?? []) out.push(place(raw, a, line));
      for (const raw of vsClusters.get(i) ?? []) out.push(place(raw, a, line));
      for (const raw of acrossValues.get(i) ?? []) out.push(place(raw, a, line));
      line += a.newlines;
    });
    return out;
  }

  async function validate(doc: TextDocument, token?: Cancel): Promise<Diagnostic[] | undefined> {
    const steps = validation(doc);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (token?.isCancellationRequested) return undefined;
    }
  }

  function codeActions(doc: TextDocument, range: Range, diagnostics: readonly Diagnostic[], token?: Cancel): CodeAction[] {
    const actions: CodeAction[] = [];
    for (const d of diagnostics) {
      if (token?.isCancellationRequested) return [];
      if (d.source !== source || !overlaps(d.range, range)) continue;
      const data = d.data as FixData | undefined;
      for (const fix of data?.fixes ?? []) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: fix.preferred === true,
          edit: { changes: { [doc.uri]: fix.edits } },
        });
      }
    }
    return actions;
  }

  function symbols(doc: TextDocument, token?: Cancel): DocumentSymbol[] {
    const text = doc.getText();
    const lines = new LineIndex(text);
    const out: DocumentSymbol[] = [];
    const mode = modeOf(doc.uri, text);
    const kept = files.get(doc.uri);
    const cached = kept?.mode === mode ? kept.analyses : undefined;
    const segments = splitDocuments(text);
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i];
      if (token?.isCancellationRequested) return [];
      const a = (cached?.[i]?.parsed.text === seg.text ? cached[i] : undefined) ?? analyzeAs(mode, seg.text);
      const s = a.summary;
      if (!s && !a.parsed.kind) continue;
      const kind = a.parsed.kind ?? 'document';
      const name = s?.name ?? '(no name)';
      const end = seg.start + seg.text.trimEnd().length;
      const selection = nameSpan(seg.text, s?.name);
      out.push({
        name: `${kind}/${name}`,
        detail: [s?.namespace, a.parsed.apiVersion].filter(Boolean).join(' · '),
        kind: a.role === 'liqo' ? SymbolKind.Object : SymbolKind.Class,
        range: lines.range(seg.start, Math.max(end, seg.start)),
        selectionRange: lines.range(seg.start + selection[0], seg.start + selection[1]),
      });
    }
    return out;
  }

  /** The segment around a position and its analysis, without splitting or analysing the rest of the file. */
  function around(doc: TextDocument, position: Position): { seg: Segment; analysis: Analysis; offset: number; mode: FileMode } {
    const text = doc.getText();
    const offset = doc.offsetAt(position);
    const seg = segmentAt(text, offset);
    const mode = modeOf(doc.uri, text);
    const kept = files.get(doc.uri);
    const analysis = (kept?.mode === mode ? kept.analyses.find((a) => a.parsed.text === seg.text) : undefined) ?? analysisOf(seg.text, mode);
    return { seg, analysis, offset: offset - seg.start, mode };
  }

  return {
    validate,
    validation,
    complete: (doc, position, token) => {
      const { seg, analysis, offset, mode } = around(doc, position);
      if (mode === 'values') return completeValues(seg.text, offset, (o) => doc.positionAt(seg.start + o), token);
      return complete({ text: seg.text, offset, analysis, schemas, facts, token, toPosition: (o) => doc.positionAt(seg.start + o) });
    },
    hover: (doc, position, token) => {
      const { seg, analysis, offset, mode } = around(doc, position);
      if (mode === 'values') return hoverValues(seg.text, offset, (o) => doc.positionAt(seg.start + o), token);
      return hover({ text: seg.text, offset, analysis, schemas, facts, token, toPosition: (o) => doc.positionAt(seg.start + o) });
    },
    codeActions,
    symbols,
    setFacts: (f) => {
      facts = f;
      const served = chooseServedSchemas(f.clusters);
      for (const note of served.notes) {
        if (told.has(note)) continue;
        if (told.size > 1000) told.clear();
        told.add(note);
        logger.warn(note);
      }
      // Analyses depend on the consumers' cluster IDs and the served schemas only; pods coming and going
      // must not make every open file be analysed again.
      const ids = consumerIDs(f);
      const key = JSON.stringify([ids, served.hashes]);
      if (key === factsKey) return;
      factsKey = key;
      consumers = ids;
      schemas.setClusterSchemas(served.schemas);
      files.clear();
      scratch.clear();
    },
    get facts() { return facts; },
    schemas,
    get analysed() { return analysed; },
    forget: (uri) => {
      files.delete(uri);
      if (valuesIDs.has(uri)) setValuesID(uri, undefined);
    },
    setValuesFiles: (globs) => {
      const key = JSON.stringify(globs);
      if (key === valuesGlobs) return;
      valuesGlobs = key;
      valuesMatcher = valuesFileMatcher(globs);
      files.clear();
      scratch.clear();
    },
    noteValuesFile: (doc) => {
      const text = doc.getText();
      if (text.length > maxFileBytes || modeOf(doc.uri, text) !== 'values') return;
      const ids = splitDocuments(text).map((seg) => analysisOf(seg.text, 'values').values?.clusterID?.value).filter((id) => id !== undefined);
      setValuesID(doc.uri, ids[0] ?? '');
    },
    get valuesRevision() { return valuesRevision; },
    setWorkspaceValues: (list) => {
      // Filtered by the globs when used, not now: the server may learn the setting after these IDs.
      const next = new Map(list.filter((f) => typeof f?.uri === 'string' && typeof f.clusterID === 'string').slice(0, 5000).map((f) => [f.uri, f.clusterID]));
      if (JSON.stringify([...next]) === JSON.stringify([...savedIDs])) return;
      savedIDs = next;
      valuesRevision++;
    },
  };
}

/** Where the name stands in a document, found in the text so that the outline needs no source AST. */
function nameSpan(text: string, name: string | undefined): [number, number] {
  const metadata = text.search(/^metadata:/m);
  if (name !== undefined && metadata >= 0) {
    const m = /^[ \t]+name:[ \t]*["']?/m.exec(text.slice(metadata));
    if (m) {
      const start = metadata + m.index + m[0].length;
      if (text.startsWith(name, start)) return [start, start + name.length];
    }
  }
  const kind = /^kind:[ \t]*/m.exec(text);
  if (!kind) return [0, 0];
  const lineEnd = text.indexOf('\n', kind.index);
  return [kind.index + kind[0].length, lineEnd < 0 ? text.length : lineEnd];
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Position, q: Position) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
