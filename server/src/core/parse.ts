// Parsing one document segment, with guards so that hostile input costs bounded time and memory.
//
// Plain scalars are read the way kubectl reads them, because that is what the API server gets. kubectl decodes a
// manifest with sigs.k8s.io/yaml on top of go-yaml v2. Its resolve.go (gopkg.in/yaml.v2, as vendored in
// kubernetes/kubernetes) maps y/Y/yes/Yes/YES/on/On/ON/true/True/TRUE to true and n/N/no/No/NO/off/Off/OFF/false/
// False/FALSE to false, ~/null/Null/NULL to null and .inf/.nan to floats; a scalar that starts with a digit or a sign
// is parsed by strconv after dropping every `_`, so 0777 is octal 511, 0x1F, 0o17 and 0b101 are integers and 1e3
// is a float. Base-60 numbers are "purposefully unsupported" (1:20 stays a string), and decode.go sets a
// timestamp-looking scalar (2001-12-14) decoded into an interface{} to its text, so it is a string as well. An
// unquoted `yes` under a string field is therefore a boolean for the API server (the Norway problem), and here too.
// Keys are read the same way and then made strings, as sigs.k8s.io/yaml does: `yes:` is the key "true". Merge keys
// `<<` follow decode.go: a merged map overrides the keys before it, and earlier maps of a merged list win. Explicit
// tags (`!!int "1"`) keep YAML 1.2's meaning. `kubectl label --local -o json` printed the expected value of every
// row of the table in test/unit/parsePaths.test.ts.
//
// Two paths give the same data; test/unit/parsePaths.test.ts checks it on every fixture and on that table. js-yaml
// builds plain data 13 to 17 times faster than the `yaml` library (test/bench/parse.ts: 22 ms against 300 to 390 ms
// for the 3,000 documents of the lsp workload), which keeps it worth a second reader: a document without anchors,
// aliases, tags or merge keys goes that way, and its source AST (for ranges) is built only if a diagnostic or a
// feature asks for it. Anything else takes the careful path: `yaml` with its error positions and its alias limit.
import { FAILSAFE_SCHEMA, Type, load } from 'js-yaml';
import { Scalar, isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type DocumentOptions, type ParseOptions, type ScalarTag, type SchemaOptions } from 'yaml';
import { setSource } from './ast';
import { diag } from './rules/codes';
import type { RawDiagnostic } from './types';

/** Above this size a file is not checked at all. */
export const maxFileBytes = 4 * 1024 * 1024;
/** Above this size a single document is not parsed. */
export const maxDocumentBytes = 1024 * 1024;
/** More alias expansions than this in one document is treated as an alias bomb. */
export const maxAliasCount = 100;
/** Deeper nesting than this is refused before parsing: no manifest comes near it, and the parsers' memory grows with it. */
export const maxNesting = 256;

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

/** Plain scalars that go-yaml v2 looks up before it tries numbers (resolveMap in resolve.go). */
const goWords = new Map<string, unknown>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE'].map((w) => [w, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE'].map((w) => [w, false] as const),
  ...['', '~', 'null', 'Null', 'NULL'].map((w) => [w, null] as const),
  ...['.nan', '.NaN', '.NAN'].map((w) => [w, NaN] as const),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((w) => [w, Infinity] as const),
  ...['-.inf', '-.Inf', '-.INF'].map((w) => [w, -Infinity] as const),
]);
/** go-yaml resolves only plain scalars that start with one of these (its resolveTable); the rest are strings. */
const mayResolve = /^(?:[-+0-9.~nNyYtTfFoO]|$)/;
/** What strconv.ParseInt(s, 0, 64) reads once the `_` are gone: hex, 0o octal, binary, 0777 octal, decimal. */
const goInt = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]([0-7]+)|0[bB]([01]+)|0([0-7]+)|([1-9][0-9]*|0))$/;
/** Radix, prefix for BigInt, and how many digits parseInt reads exactly (below 2^53), by goInt's group. */
const radixes = [[16, '0x', 13], [8, '0o', 17], [2, '0b', 53], [8, '0o', 17], [10, '', 15]] as const;
const int64 = 2n ** 63n;
const uint64 = 2n ** 64n - 1n;
/** yamlStyleFloat in resolve.go, tried after the integers. */
const goFloat = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** What strconv.ParseFloat reads of a scalar that starts with `.`: `_` only between digits, and the `_` are kept. */
const goDotFloat = /^\.[0-9](?:_?[0-9])*(?:[eE][-+]?[0-9](?:_?[0-9])*)?$/;

/** A plain scalar as kubectl reads it: go-yaml v2's resolve() for an untagged scalar. */
function kubectlScalar(text: string): unknown {
  const word = goWords.get(text);
  if (word !== undefined || goWords.has(text)) return word;
  const first = text[0];
  if (first === '.') {
    const n = goDotFloat.test(text) ? Number(text.replaceAll('_', '')) : NaN;
    return Number.isFinite(n) ? n : text;
  }
  if (!(first === '-' || first === '+' || (first >= '0' && first <= '9'))) return text;
  // Timestamps (2001-12-14) are never numbers, and decode into an interface{} as their text.
  const plain = text.includes('_') ? text.replaceAll('_', '') : text;
  const int = goInteger(plain);
  if (int !== undefined) return int;
  if (goFloat.test(plain)) {
    const n = Number(plain);
    // strconv.ParseFloat fails on overflow (1e400), and then go-yaml keeps the text.
    if (Number.isFinite(n)) return n === 0 ? 0 : n;
  }
  return text;
}

/** strconv.ParseInt(plain, 0, 64), or ParseUint for what overflows it unsigned; undefined when neither reads it. */
function goInteger(plain: string): number | undefined {
  const m = goInt.exec(plain);
  if (!m) return undefined;
  const group = m.findIndex((g, i) => i > 1 && g !== undefined);
  const [radix, prefix, exact] = radixes[group - 2];
  const digits = m[group];
  const negative = m[1] === '-';
  if (digits.length <= exact) {
    const n = parseInt(digits, radix);
    return negative && n !== 0 ? -n : n;
  }
  const big = negative ? -BigInt(prefix + digits) : BigInt(prefix + digits);
  if (big >= -int64 && big < int64) return Number(big);
  // ParseUint takes no sign.
  return m[1] === '' && big <= uint64 ? Number(big) : undefined;
}

type ToJSContext = Parameters<NonNullable<Scalar['addToJSMap']>>[0];
type MapLike = Parameters<NonNullable<Scalar['addToJSMap']>>[1];

/** For the `yaml` library: every plain scalar go-yaml might resolve goes through kubectlScalar. */
const kubectlPlain: ScalarTag = {
  tag: 'tag:liqo-workbench:kubectl-plain',
  default: true,
  test: mayResolve,
  resolve: kubectlScalar,
};

/**
 * A null key, which kubectl refuses ("unsupported map key of type: nil"), is the key "null" in both paths: js-yaml
 * turns keys into strings with String(), and `yaml` would make it "".
 */
const nullKey: ScalarTag = {
  tag: 'tag:liqo-workbench:null-key',
  default: 'key',
  test: /^(?:~|null|Null|NULL)?$/,
  resolve: () => 'null',
};

/** `<<` as go-yaml's decoder merges: each merged map overrides what is already there; a list is merged last to first. */
const kubectlMerge: ScalarTag = {
  tag: 'tag:yaml.org,2002:merge',
  default: 'key',
  test: /^<<$/,
  identify: (value) => typeof value === 'symbol' && value.description === '<<',
  resolve: () => Object.assign(new Scalar(Symbol('<<')), { addToJSMap: mergeInto }),
  stringify: () => '<<',
};

function mergeInto(ctx: ToJSContext, map: MapLike, value: unknown): void {
  const source = ctx && isAlias(value) ? value.resolve(ctx.doc, ctx) : value;
  const sources = isSeq(source) ? [...source.items].reverse() : [source];
  for (const item of sources) {
    const merged = ctx && isAlias(item) ? item.resolve(ctx.doc, ctx) : item;
    if (!isMap(merged)) throw new Error('map merge requires map or sequence of maps as the value');
    for (const [k, v] of merged.toJSON(null, ctx, Map) as Map<unknown, unknown>) {
      if (map instanceof Map) map.set(k, v);
      else if (!(map instanceof Set)) Object.defineProperty(map, String(k), { value: v, writable: true, enumerable: true, configurable: true });
    }
  }
}

const yamlOptions: ParseOptions & DocumentOptions & SchemaOptions = {
  uniqueKeys: true, prettyErrors: false, keepSourceTokens: false, strict: true,
  // The library would print its warnings (a collection used as a key, say) to the process; in the server that is
  // the client's error log. What a document does wrong is a diagnostic, not a log line.
  logLevel: 'error',
  // First, so that they win over YAML 1.2's tests; 1.2's tags still serve explicit tags such as `!!int`.
  customTags: (tags) => [nullKey, kubectlPlain, kubectlMerge, ...tags],
};

/** For js-yaml: the same reading of plain scalars; quoted and block scalars stay strings. */
const kubectlSchema = FAILSAFE_SCHEMA.extend({
  implicit: [new Type('tag:liqo-workbench:kubectl-plain', { kind: 'scalar', resolve: (s: string) => mayResolve.test(s), construct: kubectlScalar })],
});

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

function emptyResult(text: string): ParsedDoc {
  return { text, ast: () => undefined, value: undefined, apiVersion: undefined, kind: undefined, problems: [] };
}

export function parseSegment(text: string): ParsedDoc {
  const result = emptyResult(text);
  if (text.length > maxDocumentBytes) {
    if (mentionsLiqo(text)) result.problems.push(whole(text, `Document not checked: it is ${(text.length / 1048576).toFixed(1)} MB, over the ${maxDocumentBytes / 1048576} MB limit for one document.`));
    return result;
  }
  if (looksBinary(text)) {
    result.problems.push(whole(text, 'Document not checked: it looks like binary data, not YAML text.'));
    return result;
  }
  if (nestingDepth(text) > maxNesting) {
    result.problems.push(whole(text, `Document not checked: it is nested more than ${maxNesting} levels deep.`));
    return result;
  }
  return (!needsCarefulPath.test(text) && parseFast(text)) || parseCareful(text);
}

/**
 * An upper bound of how deeply a document nests, in one pass and without parsing: open flow brackets, plus the
 * block levels (distinct indentations still open) and the `- ` entries that open on each line. Brackets inside
 * quoted strings count too, which only makes the bound larger.
 */
export function nestingDepth(text: string): number {
  let deepest = 0;
  let flow = 0;
  const indents: number[] = [];
  let i = 0;
  while (i < text.length) {
    let indent = 0;
    while (text.charCodeAt(i + indent) === 32) indent++;
    let j = i + indent;
    let dashes = 0;
    while (text.charCodeAt(j) === 45 && (text.charCodeAt(j + 1) === 32 || text.charCodeAt(j + 1) === 9)) {
      dashes++;
      j += 2;
      while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9) j++;
    }
    const end = text.indexOf('\n', j);
    const lineEnd = end < 0 ? text.length : end;
    const blank = j >= lineEnd || text.charCodeAt(j) === 35 || (j === lineEnd - 1 && text.charCodeAt(j) === 13);
    if (!blank) {
      while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
    }
    let flowPeak = flow;
    for (let k = j; k < lineEnd; k++) {
      const c = text.charCodeAt(k);
      if (c === 91 || c === 123) flowPeak = Math.max(flowPeak, ++flow);
      else if ((c === 93 || c === 125) && flow > 0) flow--;
    }
    deepest = Math.max(deepest, indents.length + dashes + flowPeak);
    i = lineEnd + 1;
  }
  return deepest;
}

/**
 * The fast path, js-yaml. Undefined for a document it cannot read (the careful path says where and why) and for
 * merge keys, which js-yaml would merge the other way round. Exported for the test that holds both paths equal.
 */
export function parseFast(text: string): ParsedDoc | undefined {
  if (text.includes('<<')) return undefined;
  const result = emptyResult(text);
  try {
    result.value = load(text, { schema: kubectlSchema });
  } catch {
    return undefined;
  }
  result.ast = lazyAst(text);
  identify(result, result.value);
  return result;
}

/** The careful path, the `yaml` library: error positions, alias limits. Exported for the same test. */
export function parseCareful(text: string): ParsedDoc {
  const result = emptyResult(text);
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
