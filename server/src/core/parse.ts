// Parsing one document segment, with guards so that hostile input costs bounded time and memory.
// Two paths: js-yaml builds plain data about ten times faster than the `yaml` library, so a document that
// loads cleanly and has no anchors goes that way, and its source AST (for ranges) is built only if a
// diagnostic or a feature asks for it. Anything else takes the careful path: `yaml` with its error positions
// and its alias limit.
import { CORE_SCHEMA, load } from 'js-yaml';
import { parseDocument, isMap, isScalar, type Document } from 'yaml';
import { setSource } from './ast';
import { diag } from './rules/codes';
import type { RawDiagnostic } from './types';

/** Above this size a file is not checked at all. */
export const maxFileBytes = 4 * 1024 * 1024;
/** Above this size a single document is not parsed. */
export const maxDocumentBytes = 1024 * 1024;
/** More alias expansions than this in one document is treated as an alias bomb. */
export const maxAliasCount = 100;

export interface ParsedDoc {
  text: string;
  /** The source AST with ranges, parsed on first use; undefined when the text cannot be read as YAML at all. */
  ast: () => Document | undefined;
  /** The document as plain data; undefined when it could not be built. */
  value: unknown;
  apiVersion: string | undefined;
  kind: string | undefined;
  /** Syntax and guard problems, with offsets relative to the segment. */
  problems: RawDiagnostic[];
}

const liqoApiVersion = /^\s*apiVersion:\s*["']?[a-z0-9.-]*liqo\.io\//m;
const liqoOrGpu = /liqo\.io|nvidia\.com\/|amd\.com\/gpu|gpu\.intel\.com\//;

/** Whether a document that we could not identify should still get syntax diagnostics from us. */
export function mentionsLiqo(text: string): boolean {
  return liqoApiVersion.test(text) || liqoOrGpu.test(text);
}

/** Binary content: NUL bytes, or many control characters near the start. */
export function looksBinary(text: string): boolean {
  const head = text.slice(0, 8192);
  if (head.includes('\u0000')) return true;
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) control++;
  }
  return head.length > 0 && control / head.length > 0.05;
}

/** A guard problem, placed on the document's first line. */
function whole(text: string, message: string): RawDiagnostic {
  const firstLineEnd = text.indexOf('\n');
  return diag('notChecked', 0, firstLineEnd < 0 ? Math.min(text.length, 200) : firstLineEnd, message);
}

const yamlOptions = { uniqueKeys: true, prettyErrors: false, keepSourceTokens: false, strict: true } as const;

/** Anchors, aliases and tags need the careful path (alias limits, exact tag handling). */
const needsCarefulPath = /[&*!][^\s,\]}]/;

function lazyAst(text: string): () => Document | undefined {
  let doc: Document | undefined;
  let done = false;
  return () => {
    if (!done) {
      done = true;
      try {
        doc = parseDocument(text, yamlOptions);
        setSource(doc, text);
      } catch {
        doc = undefined;
      }
    }
    return doc;
  };
}

function identify(result: ParsedDoc, value: unknown): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  const { apiVersion, kind } = value as Record<string, unknown>;
  if (typeof apiVersion === 'string') result.apiVersion = apiVersion;
  if (typeof kind === 'string') result.kind = kind;
}

export function parseSegment(text: string): ParsedDoc {
  const result: ParsedDoc = { text, ast: () => undefined, value: undefined, apiVersion: undefined, kind: undefined, problems: [] };
  if (text.length > maxDocumentBytes) {
    if (mentionsLiqo(text)) result.problems.push(whole(text, `Document not checked: it is ${(text.length / 1048576).toFixed(1)} MB, over the ${maxDocumentBytes / 1048576} MB limit for one document.`));
    return result;
  }
  if (looksBinary(text)) {
    result.problems.push(whole(text, 'Document not checked: it looks like binary data, not YAML text.'));
    return result;
  }
  if (!needsCarefulPath.test(text)) {
    try {
      result.value = load(text, { schema: CORE_SCHEMA });
      result.ast = lazyAst(text);
      identify(result, result.value);
      return result;
    } catch {
      // Malformed or unusual: the careful path says where and why.
      result.value = undefined;
    }
  }
  return carefulParse(result);
}

function carefulParse(result: ParsedDoc): ParsedDoc {
  const { text } = result;
  let doc: Document;
  try {
    doc = parseDocument(text, yamlOptions);
  } catch (e) {
    result.problems.push(whole(text, `Document not checked: ${e instanceof RangeError ? 'it is nested too deeply' : 'the YAML parser failed'}.`));
    return result;
  }
  setSource(doc, text);
  result.ast = () => doc;
  const contents = doc.contents;
  if (isMap(contents)) {
    const api = contents.get('apiVersion', true);
    const kind = contents.get('kind', true);
    if (isScalar(api) && typeof api.value === 'string') result.apiVersion = api.value;
    if (isScalar(kind) && typeof kind.value === 'string') result.kind = kind.value;
  }
  for (const e of doc.errors) {
    const [start, end] = tokenRange(text, e.pos[0], e.pos[1]);
    // The parser often gives several errors for one mistake; one diagnostic per place is enough.
    const same = result.problems.find((p) => p.start === start);
    if (same) {
      same.message += `; ${firstLine(e.message)}`;
      same.end = Math.min(same.end, end);
    } else {
      result.problems.push(diag('syntax', start, end, firstLine(e.message)));
    }
  }
  if (doc.errors.length === 0) {
    try {
      result.value = doc.toJS({ maxAliasCount });
    } catch (e) {
      const message = e instanceof RangeError
        ? 'Document not checked: it is nested too deeply.'
        : /alias/i.test(String(e)) ? `Document not checked: its aliases expand too much (more than ${maxAliasCount} alias uses; is it an alias bomb?).` : `Document not checked: ${firstLine(String(e))}`;
      result.problems.push(whole(text, message));
    }
  }
  return result;
}

/** The parser points at one character, often the indentation before a token; underline the token itself. */
function tokenRange(text: string, start: number, end: number): [number, number] {
  if (end - start > 1) return [start, end];
  let s = start;
  while (s < text.length && text[s] === ' ') s++;
  if (s >= text.length || text[s] === '\n') return [start, Math.max(end, start + 1)];
  let e = s;
  while (e < text.length && /[^\s:,\]}[{#]/.test(text[e])) e++;
  return [s, Math.max(e, s + 1)];
}

function firstLine(s: string): string {
  const line = s.split('\n')[0].trim();
  return line.replace(/ at line \d+, column \d+:?$/, '');
}
