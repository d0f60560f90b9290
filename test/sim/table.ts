// Server-side printing: the meta.k8s.io Table that `kubectl get` asks for, with each kind's columns.
import type { PrinterColumn, ResourceType } from './kinds.js';
import { str } from './objects.js';
import type { KObj } from './store.js';

type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Obj : {});
const a = (v: unknown): Obj[] => (Array.isArray(v) ? v as Obj[] : []);

/** Kubernetes' short human durations: 5s, 3m20s, 4h, 2d3h, 45d. */
export function humanDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 ? `${h}h${m % 60}m` : `${h}h`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (d < 8) return h % 24 ? `${d}d${h % 24}h` : `${d}d`;
  return d < 365 * 2 ? `${d}d` : `${Math.floor(d / 365)}y${d % 365}d`;
}

const age = (x: KObj): string => (x.metadata.creationTimestamp ? humanDuration(Date.now() - Date.parse(x.metadata.creationTimestamp)) : '<unknown>');

/** The small JSONPath subset CRD printer columns use: .a.b, [?(@.k=="v")], [*], escaped dots. */
export function evalJsonPath(obj: unknown, path: string): unknown[] {
  const tokens = path.replace(/^\./, '').match(/(\[\?\(@\.[^\]]+\)\]|\[\*\]|\[\d+\]|(?:\\\.|[^.[])+)/g) ?? [];
  let cur: unknown[] = [obj];
  for (const tok of tokens) {
    const next: unknown[] = [];
    for (const c of cur) {
      if (tok === '[*]') next.push(...(Array.isArray(c) ? c as unknown[] : []));
      else if (/^\[\d+\]$/.test(tok)) { const v: unknown = Array.isArray(c) ? (c as unknown[])[Number(tok.slice(1, -1))] : undefined; if (v !== undefined) next.push(v); }
      else if (tok.startsWith('[?')) {
        const m = /^\[\?\(@\.([\w.]+)\s*==\s*"([^"]*)"\)\]$/.exec(tok);
        if (m) for (const it of Array.isArray(c) ? c : []) if (str(o(it)[m[1]]) === m[2]) next.push(it);
      } else {
        const v = o(c)[tok.replace(/\\\./g, '.')];
        if (v !== undefined) next.push(v);
      }
    }
    cur = next;
  }
  return cur;
}

interface Col { name: string; type: string; format?: string; priority: number; cell: (x: KObj) => unknown }

const nameCol: Col = { name: 'Name', type: 'string', format: 'name', priority: 0, cell: (x) => x.metadata.name };
const ageCol: Col = { name: 'Age', type: 'string', priority: 0, cell: age };

function podStatus(p: KObj): string {
  if (p.metadata.deletionTimestamp) return 'Terminating';
  const st = o(p.status);
  for (const cs of a(st.containerStatuses)) {
    const w = o(o(cs.state).waiting);
    if (w.reason) return str(w.reason);
    const t = o(o(cs.state).terminated);
    if (t.reason) return str(t.reason);
  }
  return str(st.reason ?? st.phase ?? 'Unknown');
}

function restarts(p: KObj): string {
  const cs = a(o(p.status).containerStatuses);
  const n = cs.reduce((s, c) => s + Number(c.restartCount ?? 0), 0);
  const last = cs.map((c) => str(o(o(c.lastState).terminated).finishedAt ?? '')).filter(Boolean).sort().pop();
  return last && n ? `${n} (${humanDuration(Date.now() - Date.parse(last))} ago)` : str(n);
}

/** RBAC's columns, as kube-apiserver prints them: roles by creation time, bindings by role and subjects. */
const createdAtCol: Col = { name: 'Created At', type: 'date', priority: 0, cell: (x) => x.metadata.creationTimestamp ?? '' };
const subjectsOf = (b: KObj, kind: string): string => a(b.subjects).filter((s) => s.kind === kind)
  .map((s) => (kind === 'ServiceAccount' ? `${str(s.namespace ?? '')}/${str(s.name ?? '')}` : str(s.name ?? ''))).join(', ');
const bindingColumns: Col[] = [nameCol,
  { name: 'Role', type: 'string', priority: 0, cell: (b) => `${str(o(b.roleRef).kind ?? '')}/${str(o(b.roleRef).name ?? '')}` }, ageCol,
  { name: 'Users', type: 'string', priority: 1, cell: (b) => subjectsOf(b, 'User') },
  { name: 'Groups', type: 'string', priority: 1, cell: (b) => subjectsOf(b, 'Group') },
  { name: 'ServiceAccounts', type: 'string', priority: 1, cell: (b) => subjectsOf(b, 'ServiceAccount') }];

const builtinColumns: Record<string, Col[]> = {
  Role: [nameCol, createdAtCol],
  ClusterRole: [nameCol, createdAtCol],
  RoleBinding: bindingColumns,
  ClusterRoleBinding: bindingColumns,
  Pod: [nameCol,
    { name: 'Ready', type: 'string', priority: 0, cell: (p) => { const cs = a(o(p.status).containerStatuses); return `${cs.filter((c) => c.ready).length}/${a(o(p.spec).containers).length}`; } },
    { name: 'Status', type: 'string', priority: 0, cell: podStatus },
    { name: 'Restarts', type: 'string', priority: 0, cell: restarts }, ageCol,
    { name: 'IP', type: 'string', priority: 1, cell: (p) => o(p.status).podIP ?? '<none>' },
    { name: 'Node', type: 'string', priority: 1, cell: (p) => o(p.spec).nodeName ?? '<none>' },
    { name: 'Nominated Node', type: 'string', priority: 1, cell: () => '<none>' },
    { name: 'Readiness Gates', type: 'string', priority: 1, cell: () => '<none>' }],
  Node: [nameCol,
    { name: 'Status', type: 'string', priority: 0, cell: (n) => { const r = a(o(n.status).conditions).find((c) => c.type === 'Ready'); const s = r?.status === 'True' ? 'Ready' : 'NotReady'; return o(n.spec).unschedulable ? `${s},SchedulingDisabled` : s; } },
    { name: 'Roles', type: 'string', priority: 0, cell: (n) => Object.keys(n.metadata.labels ?? {}).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice(24)).join(',') || (n.metadata.labels?.['kubernetes.io/role'] ?? '<none>') }, ageCol,
    { name: 'Version', type: 'string', priority: 0, cell: (n) => o(o(n.status).nodeInfo).kubeletVersion ?? '' },
    { name: 'Internal-IP', type: 'string', priority: 1, cell: (n) => a(o(n.status).addresses).find((x) => x.type === 'InternalIP')?.address ?? '<none>' },
    { name: 'External-IP', type: 'string', priority: 1, cell: () => '<none>' },
    { name: 'OS-Image', type: 'string', priority: 1, cell: (n) => o(o(n.status).nodeInfo).osImage ?? '' },
    { name: 'Kernel-Version', type: 'string', priority: 1, cell: (n) => o(o(n.status).nodeInfo).kernelVersion ?? '' },
    { name: 'Container-Runtime', type: 'string', priority: 1, cell: (n) => o(o(n.status).nodeInfo).containerRuntimeVersion ?? '' }],
  Namespace: [nameCol, { name: 'Status', type: 'string', priority: 0, cell: (n) => o(n.status).phase ?? '' }, ageCol],
  RuntimeClass: [nameCol, { name: 'Handler', type: 'string', priority: 0, cell: (r) => r.handler ?? '' }, ageCol],
  Service: [nameCol,
    { name: 'Type', type: 'string', priority: 0, cell: (s) => o(s.spec).type },
    { name: 'Cluster-IP', type: 'string', priority: 0, cell: (s) => o(s.spec).clusterIP ?? '<none>' },
    { name: 'External-IP', type: 'string', priority: 0, cell: () => '<none>' },
    { name: 'Port(s)', type: 'string', priority: 0, cell: (s) => a(o(s.spec).ports).map((p) => `${str(p.port)}/${str(p.protocol ?? 'TCP')}`).join(',') || '<none>' }, ageCol,
    { name: 'Selector', type: 'string', priority: 1, cell: (s) => Object.entries(o(o(s.spec).selector)).map(([k, v]) => `${k}=${str(v)}`).join(',') || '<none>' }],
  Deployment: [nameCol,
    { name: 'Ready', type: 'string', priority: 0, cell: (d) => `${Number(o(d.status).readyReplicas ?? 0)}/${Number(o(d.spec).replicas ?? 0)}` },
    { name: 'Up-to-date', type: 'integer', priority: 0, cell: (d) => Number(o(d.status).updatedReplicas ?? 0) },
    { name: 'Available', type: 'integer', priority: 0, cell: (d) => Number(o(d.status).availableReplicas ?? 0) }, ageCol],
  ReplicaSet: [nameCol,
    { name: 'Desired', type: 'integer', priority: 0, cell: (d) => Number(o(d.spec).replicas ?? 0) },
    { name: 'Current', type: 'integer', priority: 0, cell: (d) => Number(o(d.status).replicas ?? 0) },
    { name: 'Ready', type: 'integer', priority: 0, cell: (d) => Number(o(d.status).readyReplicas ?? 0) }, ageCol],
  Event: [{ name: 'Last Seen', type: 'string', priority: 0, cell: (e) => { const t = str(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? ''); return t ? humanDuration(Date.now() - Date.parse(t)) : '<unknown>'; } },
    { name: 'Type', type: 'string', priority: 0, cell: (e) => e.type ?? '' },
    { name: 'Reason', type: 'string', priority: 0, cell: (e) => e.reason ?? '' },
    { name: 'Object', type: 'string', priority: 0, cell: (e) => `${str(o(e.involvedObject).kind ?? '').toLowerCase()}/${str(o(e.involvedObject).name ?? '')}` },
    { name: 'Message', type: 'string', priority: 0, cell: (e) => e.message ?? '' }],
};

function crdColumns(cols: PrinterColumn[]): Col[] {
  return [nameCol, ...cols.map((c): Col => ({
    name: c.name, type: c.type === 'date' ? 'date' : c.type, priority: c.priority ?? 0,
    cell: (x) => {
      const vals = evalJsonPath(x, c.jsonPath);
      if (!vals.length) return null;
      if (c.type === 'date') return humanDuration(Date.now() - Date.parse(str(vals[0])));
      if (vals.length === 1) return typeof vals[0] === 'object' ? JSON.stringify(vals[0]) : vals[0];
      return vals.map((v) => (typeof v === 'object' ? JSON.stringify(v) : str(v))).join(',');
    },
  }))];
}

function columnsFor(t: ResourceType): Col[] {
  if (builtinColumns[t.kind]) return builtinColumns[t.kind];
  if (t.printerColumns?.length) return crdColumns(t.printerColumns);
  return [nameCol, ageCol];
}

function rowObject(x: KObj, include: string): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return x;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: x.metadata };
}

export function toTable(t: ResourceType, items: KObj[], listMeta: Obj, include: string, noHeaders = false): Obj {
  const cols = columnsFor(t);
  return {
    kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: listMeta,
    columnDefinitions: noHeaders ? [] : cols.map((c) => ({ name: c.name, type: c.type, format: c.format ?? '', description: c.name, priority: c.priority })),
    rows: items.map((x) => ({ cells: cols.map((c) => c.cell(x) ?? null), object: rowObject(x, include) })),
  };
}

/** True when the Accept header asks for a meta.k8s.io Table. */
export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept.split(',')[0] ?? '') ;
}
