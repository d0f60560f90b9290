// The checks of one Liqo values file against the chart's values schema: unknown keys (with the key probably
// meant), types and allowed values, and what Liqo reads from the values the talk sets: the cluster ID, the
// cluster labels, the IPAM's networks and the virtual nodes' default resources.
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { checkClusterID, checkLabelKey, checkLabelValue, checkQuantity } from '../../liqo/syntax';
import { isExtendedResource, isWholeQuantity } from '../../liqo/quantity';
import { closest } from '../docContext';
import type { ParsedDoc } from '../parse';
import { diag } from '../rules/codes';
import type { RawDiagnostic } from '../types';
import { formatCidr, hasHostBits, overlaps, parseCidr, type Cidr } from './networks';
import { typesOf, valuesSchema, type ValuesNode } from './valuesSchema';

/** What other files' checks need of a values file: its cluster ID and where it is written. */
export interface ValuesSummary {
  clusterID?: { value: string; start: number; end: number };
}

type Path = (string | number)[];

interface Network { role: string; cidr: Cidr; start: number; end: number; text: string }

const rangeOf = (n: Node | null | undefined): [number, number] => (n?.range ? [n.range[0], Math.max(n.range[1], n.range[0])] : [0, 0]);
const dotted = (p: Path): string => p.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('.').replace(/\.\[/g, '[');

/** The checks of a values file that parsed; syntax problems are the parser's. */
export function checkValues(parsed: ParsedDoc): { diagnostics: RawDiagnostic[]; summary: ValuesSummary } {
  const out: RawDiagnostic[] = [];
  const summary: ValuesSummary = {};
  const doc = parsed.problems.length ? undefined : parsed.ast();
  if (!doc || !isMap(doc.contents)) return { diagnostics: out, summary };
  const networks: Network[] = [];

  const walk = (node: Node | null, schema: ValuesNode, path: Path): void => {
    if (node === null || (isScalar(node) && node.value === null)) return; // null removes a default: always allowed
    if (!typeFits(node, schema, path, out)) return;
    if (isMap(node)) {
      for (const pair of node.items as Pair<Node, Node | null>[]) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        const child = schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
        if (child) {
          format(pair, key, child, [...path, key]);
          walk(pair.value, child, [...path, key]);
        } else if (schema.additionalProperties === false) {
          out.push(unknownKey(pair.key, key, Object.keys(schema.properties ?? {}), path));
        }
      }
    } else if (isSeq(node) && schema.items) {
      node.items.forEach((item, i) => {
        const n = item as Node | null;
        if (schema.items?.['x-liqo-format'] === 'cidr' && isScalar(n)) cidr(n, [...path, i]);
        walk(n, schema.items as ValuesNode, [...path, i]);
      });
    } else if (isScalar(node) && schema.enum && typeof node.value === 'string' && !schema.enum.includes(node.value)) {
      const guess = closest(node.value, schema.enum);
      const [s, e] = rangeOf(node);
      out.push(diag('valuesType', s, e, `${dotted(path)}: "${node.value}" is not allowed; the chart takes ${schema.enum.map((v) => `"${v}"`).join(', ')}.`,
        guess ? [{ title: `Change to ${guess}`, edits: [{ start: s, end: e, newText: guess }], preferred: true }] : undefined));
    }
  };

  const format = (pair: Pair<Node, Node | null>, key: string, schema: ValuesNode, path: Path): void => {
    const f = schema['x-liqo-format'];
    const v = pair.value;
    if (f === 'cidr' && isScalar(v)) cidr(v, path);
    else if (f === 'clusterID' && isScalar(v) && (typeof v.value === 'string' || typeof v.value === 'number') && String(v.value) !== '') {
      const id = String(v.value);
      const [s, e] = rangeOf(v);
      const problem = checkClusterID(id) ?? (id.length > 51 ? `"${id}" is longer than 51 characters, so its tenant namespace liqo-tenant-${id} cannot be created` : undefined);
      if (problem) out.push(diag('clusterID', s, e, `${problem}: Liqo's chart refuses it (a DNS-1123 label: lower-case letters, digits and '-').`));
      summary.clusterID = { value: id, start: s, end: e };
    } else if (f === 'quantity' && isScalar(v) && (typeof v.value === 'string' || typeof v.value === 'number')) {
      const q = String(v.value);
      const [s, e] = rangeOf(v);
      const problem = checkQuantity(q, `${key}`);
      if (problem) out.push(diag('valuesQuantity', s, e, `offloading.defaultNodeResources: ${problem}.`));
      else if ((key === 'pods' || isExtendedResource(key)) && !isWholeQuantity(q)) {
        out.push(diag('quantityWhole', s, e, `${key} must be a whole number, not "${q}": ${key === 'pods' ? 'a pod count' : 'extended resources such as GPUs'} cannot be split.`));
      }
    } else if (f === 'labels' && isMap(v)) {
      for (const p of v.items as Pair<Node, Node | null>[]) {
        if (!isScalar(p.key)) continue;
        const k = String(p.key.value);
        const keyProblem = checkLabelKey(k);
        if (keyProblem) { const [s, e] = rangeOf(p.key); out.push(diag('valuesLabel', s, e, `clusterLabels: ${keyProblem}; the virtual nodes could not carry it.`)); }
        const lv = isScalar(p.value) ? p.value.value : undefined;
        if (typeof lv === 'string' || typeof lv === 'number' || typeof lv === 'boolean') {
          const valueProblem = checkLabelValue(String(lv));
          if (valueProblem) { const [s, e] = rangeOf(p.value); out.push(diag('valuesLabel', s, e, `clusterLabels: ${valueProblem}; the virtual nodes could not carry it.`)); }
        }
      }
    }
  };

  const cidr = (v: Node, path: Path): void => {
    const value = isScalar(v) ? v.value : undefined;
    if (typeof value !== 'string' || value === '') return; // a non-string is LIQO302's
    const raw = value;
    const [s, e] = rangeOf(v);
    const c = parseCidr(raw);
    if (!c) {
      out.push(diag('valuesCIDR', s, e, `${dotted(path)}: "${raw}" is not a CIDR such as 10.0.0.0/16.`));
      return;
    }
    if (hasHostBits(c)) {
      const fixed = formatCidr(c);
      out.push(diag('valuesCIDRSense', s, e, `${dotted(path)}: "${raw}" has host bits set; Liqo reads it as ${fixed}.`,
        [{ title: `Change to ${fixed}`, edits: [{ start: s, end: e, newText: fixed }], preferred: true }]));
    }
    const role = path[1] === 'podCIDRs' ? 'podCIDR' : String(path[1]);
    if (role !== 'pools') networks.push({ role, cidr: c, start: s, end: e, text: raw });
  };

  walk(doc.contents, valuesSchema(), []);
  overlapping(networks, out);
  podCIDRIgnored(doc.contents, out);
  return { diagnostics: out, summary };
}

/** Whether the node's type is one the schema allows; reports LIQO302 when not. */
function typeFits(node: Node, schema: ValuesNode, path: Path, out: RawDiagnostic[]): boolean {
  const allowed = typesOf(schema);
  if (!allowed.length) return true;
  const actual = isMap(node) ? 'object' : isSeq(node) ? 'array' : isScalar(node) ? typeof node.value : 'other';
  const ok = allowed.some((t) => t === actual
    || (t === 'integer' && actual === 'number' && Number.isInteger((node as { value?: unknown }).value))
    || (t === 'number' && actual === 'number')
    // Helm writes a number into a string's place as the same text.
    || (t === 'string' && actual === 'number'));
  if (ok) return true;
  const [s, e] = rangeOf(node);
  const want = allowed.map((t) => (t === 'object' ? 'a map' : t === 'array' ? 'a list' : t === 'integer' ? 'an integer' : `a ${t}`)).join(' or ');
  const got = actual === 'object' ? 'a map' : actual === 'array' ? 'a list' : actual === 'string' ? `the string "${String((node as { value?: unknown }).value)}"` : `${actual} ${String((node as { value?: unknown }).value)}`;
  const value = (node as { value?: unknown }).value;
  const fixes = allowed.includes('boolean') && (value === 'true' || value === 'false')
    ? [{ title: `Change to ${value}`, edits: [{ start: s, end: e, newText: value }], preferred: true }]
    : allowed.includes('integer') && typeof value === 'string' && /^[0-9]+$/.test(value)
      ? [{ title: `Change to ${value}`, edits: [{ start: s, end: e, newText: value }], preferred: true }]
      : undefined;
  const why = value === 'true' || value === 'false' ? ' (a template reads any non-empty string as true)' : '';
  out.push(diag('valuesType', s, e, `${dotted(path) || 'The values'}: the chart reads ${want} here, not ${got}${why}.`, fixes));
  return false;
}

function unknownKey(keyNode: Node, key: string, known: string[], parent: Path): RawDiagnostic {
  const [s, e] = rangeOf(keyNode);
  const guess = closest(key, known);
  const where = parent.length ? `${dotted(parent)} has no key "${key}"` : `"${key}" is not a value of Liqo's chart`;
  return diag('valuesUnknownKey', s, e, `${where}${guess ? `; did you mean "${guess}"?` : ''} Helm ignores it.`,
    guess ? [{ title: `Change to ${guess}`, edits: [{ start: s, end: e, newText: guess }], preferred: true }] : undefined);
}

/** Networks that must be disjoint: the pod, service, external and internal CIDRs and the reserved subnets. */
function overlapping(networks: Network[], out: RawDiagnostic[]): void {
  for (let i = 0; i < networks.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = networks[i];
      const b = networks[j];
      if (a.role === b.role && a.role !== 'reservedSubnets') continue;
      // The pod and service CIDRs are reserved anyway; repeating them among reservedSubnets is harmless.
      const reserved = [a.role, b.role].filter((r) => r === 'reservedSubnets').length;
      if (reserved === 1 && [a.role, b.role].some((r) => r.startsWith('pod') || r === 'serviceCIDR')) continue;
      if (!overlaps(a.cidr, b.cidr)) continue;
      out.push(diag('valuesOverlap', a.start, a.end, `ipam.${a.role} ${a.text} overlaps ipam.${b.role} ${b.text}; Liqo needs them disjoint.`));
    }
  }
}

/** `podCIDR` is only the fallback when `podCIDRs` is empty (the chart's own comment). */
function podCIDRIgnored(root: Node | null, out: RawDiagnostic[]): void {
  if (!isMap(root)) return;
  const ipam = root.get('ipam', true);
  if (!isMap(ipam)) return;
  const single = ipam.get('podCIDR', true);
  const list = ipam.get('podCIDRs', true);
  if (isScalar(single) && single.value && isSeq(list) && list.items.length) {
    const [s, e] = rangeOf(single);
    out.push(diag('valuesCIDRSense', s, e, 'ipam.podCIDR is ignored: the chart uses it only when ipam.podCIDRs is empty.'));
  }
}
