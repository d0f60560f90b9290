// Label and field selectors in the API server's string syntax.
import { badRequest } from './errors.js';
import type { ResourceType } from './kinds.js';
import type { KObj } from './store.js';

export interface Requirement { key: string; op: 'in' | 'notin' | 'exists' | '!' | '=' | '!='; values: string[] }

/** Splits on commas that are not inside parentheses. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) { out.push(cur); cur = ''; } else cur += ch;
  }
  if (cur.trim()) out.push(cur);
  return out.map((p) => p.trim()).filter(Boolean);
}

export function parseLabelSelector(s: string | null | undefined): Requirement[] {
  if (!s) return [];
  return splitTop(s).map((part) => {
    let m = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
    if (m) return { key: m[1], op: m[2] as 'in' | 'notin', values: m[3].split(',').map((v) => v.trim()).filter(Boolean) };
    m = /^!\s*(\S+)$/.exec(part);
    if (m) return { key: m[1], op: '!', values: [] };
    m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(part);
    if (m) return { key: m[1], op: m[2] === '!=' ? '!=' : '=', values: [m[3]] };
    m = /^([A-Za-z0-9._/-]+)$/.exec(part);
    if (m) return { key: m[1], op: 'exists', values: [] };
    throw badRequest(`unable to parse requirement: found '${part}', expected: key, operator or values`);
  });
}

export function matchLabels(reqs: Requirement[], labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'exists': return has;
      case '!': return !has;
      case '=': return has && l[r.key] === r.values[0];
      case '!=': return !has || l[r.key] !== r.values[0];
      case 'in': return has && r.values.includes(l[r.key]);
      case 'notin': return !has || !r.values.includes(l[r.key]);
    }
    return false;
  });
}

export interface FieldRequirement { path: string; negate: boolean; value: string }

export function parseFieldSelector(s: string | null | undefined): FieldRequirement[] {
  if (!s) return [];
  return splitTop(s).map((part) => {
    const m = /^([A-Za-z0-9._-]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!m) throw badRequest(`invalid selector: '${s}'; can't understand '${part}'`);
    return { path: m[1], negate: m[2] === '!=', value: m[3] };
  });
}

const meta = ['metadata.name', 'metadata.namespace'];
/**
 * The field labels kube-apiserver converts for each kind (its field label conversion functions); every other kind,
 * custom resources included, has only metadata.name and metadata.namespace. Nodes and cluster-scoped custom
 * resources lack metadata.namespace (the CRD converter offers it only to namespaced ones).
 */
const fieldLabels: Record<string, readonly string[]> = {
  Pod: [...meta, 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork',
    'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName'],
  Node: ['metadata.name', 'spec.unschedulable'],
  Namespace: ['metadata.name', 'status.phase'],
  Secret: [...meta, 'type'],
  Service: [...meta, 'spec.clusterIP', 'spec.type'],
  ReplicaSet: [...meta, 'status.replicas'],
  Event: [...meta, 'involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion',
    'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
};

/** A 400 "field label not supported: <label>", as kube-apiserver answers a list or watch, for a label the kind lacks. */
export function checkFieldSelector(t: ResourceType, s: string | null | undefined): void {
  const known = fieldLabels[t.kind] ?? (t.crd && !t.namespaced ? ['metadata.name'] : meta);
  for (const r of parseFieldSelector(s)) if (!known.includes(r.path)) throw badRequest(`field label not supported: ${r.path}`);
}

export function fieldValue(obj: KObj, path: string): string {
  let cur: unknown = obj;
  for (const seg of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[seg];
  }
  if (cur === undefined || cur === null) return '';
  return typeof cur === 'string' ? cur : JSON.stringify(cur);
}

export function matchFields(reqs: FieldRequirement[], obj: KObj): boolean {
  return reqs.every((r) => (fieldValue(obj, r.path) === r.value) !== r.negate);
}

/** A NodeSelector term list (OR of ANDed expressions) against labels; an empty list matches everything. */
export function matchNodeSelectorTerms(terms: unknown, labels: Record<string, string> | undefined): boolean {
  if (!Array.isArray(terms) || terms.length === 0) return true;
  return terms.some((term: { matchExpressions?: { key: string; operator: string; values?: string[] }[] }) =>
    (term.matchExpressions ?? []).every((e) => matchExpression(e, labels ?? {})));
}

export function matchExpression(e: { key: string; operator: string; values?: string[] }, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, e.key);
  const v = labels[e.key];
  const vals = e.values ?? [];
  switch (e.operator) {
    case 'In': return has && vals.includes(v);
    case 'NotIn': return !has || !vals.includes(v);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    case 'Gt': return has && Number(v) > Number(vals[0]);
    case 'Lt': return has && Number(v) < Number(vals[0]);
    default: return false;
  }
}
