// Finding nodes in a parsed document by data path, and building edits that insert keys.
import { isMap, isScalar, isSeq, stringify, type Document, type Node, type Pair } from 'yaml';
import type { RawEdit } from './types';

export type Path = (string | number)[];

export interface Located {
  /** The value node at the path, if it exists. */
  node: Node | undefined;
  /** The key node of the last path step, when the last step is a map key. */
  key: Node | undefined;
  /** How many steps of the path exist. */
  depth: number;
  /** The deepest existing container on the path (the whole document when nothing else). */
  container: Node | undefined;
  /** The key node of that container, if it is the value of a map key. */
  containerKey: Node | undefined;
}

export function pairOf(map: Node | undefined | null, key: string): Pair<Node, Node | null> | undefined {
  if (!isMap(map)) return undefined;
  for (const item of map.items) {
    const k = item.key;
    if (isScalar(k) && String(k.value) === key) return item as Pair<Node, Node | null>;
  }
  return undefined;
}

/** Follows a data path through maps and sequences. */
export function locate(doc: Document, path: Path): Located {
  let node: Node | undefined | null = doc.contents;
  let key: Node | undefined;
  let container: Node | undefined = doc.contents ?? undefined;
  let containerKey: Node | undefined;
  let depth = 0;
  for (const step of path) {
    if (typeof step === 'number' && isSeq(node)) {
      const item = node.items[step] as Node | undefined;
      if (!item) break;
      container = node;
      containerKey = key;
      key = undefined;
      node = item;
    } else if (isMap(node)) {
      const pair = pairOf(node, String(step));
      if (!pair) break;
      container = node;
      containerKey = key;
      key = pair.key;
      node = pair.value;
    } else {
      break;
    }
    depth++;
    if (node === null) break;
  }
  const reached = depth === path.length;
  return {
    node: reached ? (node ?? undefined) : undefined,
    key: reached ? key : undefined,
    depth,
    container: reached ? container : (isMap(node) || isSeq(node) ? node : container),
    containerKey: reached ? containerKey : (isMap(node) || isSeq(node) ? key : containerKey),
  };
}

export function span(node: Node | undefined | null): [number, number] | undefined {
  if (!node?.range) return undefined;
  const [start, end] = node.range;
  return [start, Math.max(end, start)];
}

/** The range to underline for a path: its value, else its key, else the deepest existing key on the way. */
export function rangeOfPath(doc: Document, path: Path, preferKey = false): [number, number] {
  const found = locate(doc, path);
  const valueSpan = span(found.node);
  const keySpan = span(found.key);
  if (preferKey && keySpan) return keySpan;
  if (valueSpan && valueSpan[1] > valueSpan[0] && !(isMap(found.node) || isSeq(found.node))) return valueSpan;
  if (keySpan) return keySpan;
  if (valueSpan && (isMap(found.node) || isSeq(found.node))) return firstLineOf(doc, valueSpan[0]);
  const ck = span(found.containerKey);
  if (ck) return ck;
  return firstLineOf(doc, 0);
}

function firstLineOf(doc: Document, start: number): [number, number] {
  const text = sourceOf(doc);
  const nl = text.indexOf('\n', start);
  return [start, nl < 0 ? text.length : nl];
}

const sources = new WeakMap<Document, string>();

/** Remembers the text a document was parsed from, so edits can look at indentation. */
export function setSource(doc: Document, text: string): void {
  sources.set(doc, text);
}

export function sourceOf(doc: Document): string {
  return sources.get(doc) ?? '';
}

export function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/**
 * YAML text of a value we write into a manifest (quick fixes, skeletons). Written for a YAML 1.1 reader, as
 * kubectl (and parse.ts) read manifests: a string such as `yes`, `on` or `1_000` is quoted, or it would come back
 * as a boolean or a number.
 */
export function manifestYaml(value: unknown): string {
  return stringify(value, { indent: 2, version: '1.1' });
}

/** YAML text for a value placed after `key:` at a given indentation. */
function valueText(value: unknown, indent: number): string {
  if (value !== null && typeof value === 'object') {
    const body = manifestYaml(value).trimEnd();
    const pad = ' '.repeat(indent + 2);
    return '\n' + body.split('\n').map((l) => pad + l).join('\n');
  }
  return value === undefined ? '' : ' ' + manifestYaml(value).trimEnd();
}

/**
 * An edit that adds `key: value` to a map. `map` is the map node, or undefined for the document root.
 * Works for block maps (a new line at the map's indentation) and flow maps (before the closing brace).
 */
export function insertKeyEdit(doc: Document, map: Node | undefined, key: string, value: unknown): RawEdit | undefined {
  const text = sourceOf(doc);
  const target = map ?? doc.contents ?? undefined;
  if (target && isMap(target) && target.flow && target.range) {
    const close = text.lastIndexOf('}', target.range[1]);
    if (close < 0) return undefined;
    const sep = target.items.length ? ', ' : '';
    return { start: close, end: close, newText: `${sep}${key}:${valueText(value, 0).replace(/\n\s*/g, ' ')}` };
  }
  if (target && isMap(target) && target.range) {
    const indent = columnOf(text, target.range[0]);
    const at = target.range[1];
    const line = `${' '.repeat(indent)}${key}:${valueText(value, indent)}`;
    return text[at - 1] === '\n' ? { start: at, end: at, newText: line + '\n' } : { start: at, end: at, newText: '\n' + line };
  }
  if (!target || (isScalar(target) && target.value === null)) {
    const at = text.length;
    const nl = at > 0 && text[at - 1] !== '\n' ? '\n' : '';
    return { start: at, end: at, newText: `${nl}${key}:${valueText(value, 0)}\n` };
  }
  return undefined;
}

/**
 * An edit that sets `path` to `value`, creating the missing maps on the way, e.g. metadata.labels.x.
 */
export function setPathEdit(doc: Document, path: Path, value: unknown): RawEdit | undefined {
  const found = locate(doc, path);
  if (found.node !== undefined) return undefined;
  let nested: unknown = value;
  for (let i = path.length - 1; i > found.depth; i--) nested = { [path[i]]: nested };
  const parentLoc = found.depth > 0 ? locate(doc, path.slice(0, found.depth)) : undefined;
  if (parentLoc?.key && parentLoc.node === undefined) {
    // `labels:` with no value: put a nested block after the colon.
    const text = sourceOf(doc);
    const [keyStart, keyEnd] = span(parentLoc.key) ?? [0, 0];
    const colon = text.indexOf(':', keyEnd);
    if (colon < 0) return undefined;
    return { start: colon + 1, end: colon + 1, newText: valueText({ [path[found.depth]]: nested }, columnOf(text, keyStart)) };
  }
  const parent = parentLoc ? parentLoc.node : doc.contents ?? undefined;
  if (parent !== undefined && !isMap(parent)) return undefined;
  return insertKeyEdit(doc, parent, String(path[found.depth]), nested);
}

/** Deletes the whole line around `offset` if it matches `line` (a block-style entry alone on its line). */
export function removeLineEdit(text: string, offset: number, line: RegExp): RawEdit | undefined {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  const end = nl < 0 ? text.length : nl + 1;
  return line.test(text.slice(start, nl < 0 ? text.length : nl).replace(/\r$/, '')) ? { start, end, newText: '' } : undefined;
}
