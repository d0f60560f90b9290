// Server-side apply and managed fields, simplified: a manager owns leaf paths (lists are atomic),
// applying a different value to a field another manager owns is a conflict unless forced.
import { ApiError } from './errors.js';
import type { KObj } from './store.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
type Path = string[];

const skipMeta = new Set(['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'deletionTimestamp',
  'deletionGracePeriodSeconds', 'selfLink']);

/** Leaf paths of an object, without identity and server-owned fields (and without status when it is a subresource). */
export function leafPaths(obj: Obj, withStatus: boolean): Path[] {
  const out: Path[] = [];
  const walk = (v: unknown, p: Path): void => {
    if (isObj(v) && Object.keys(v).length > 0) {
      for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
    } else out.push(p);
  };
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind') continue;
    if (k === 'status' && !withStatus) continue;
    if (k === 'metadata' && isObj(v)) {
      for (const [mk, mv] of Object.entries(v)) {
        if (skipMeta.has(mk) || mk === 'name' || mk === 'namespace' || mk === 'generateName') continue;
        walk(mv, ['metadata', mk]);
      }
      continue;
    }
    walk(v, [k]);
  }
  return out;
}

export function getPath(obj: unknown, p: Path): unknown {
  let cur = obj;
  for (const s of p) cur = isObj(cur) ? cur[s] : undefined;
  return cur;
}

function setPath(obj: Obj, p: Path, value: unknown): void {
  let cur = obj;
  for (const s of p.slice(0, -1)) {
    if (!isObj(cur[s])) cur[s] = {};
    cur = cur[s] as Obj;
  }
  cur[p[p.length - 1]] = structuredClone(value);
}

function deletePath(obj: Obj, p: Path): void {
  const parents: Obj[] = [];
  let cur: unknown = obj;
  for (const s of p.slice(0, -1)) { if (!isObj(cur)) return; parents.push(cur); cur = cur[s]; }
  if (!isObj(cur)) return;
  delete cur[p[p.length - 1]];
  // Drop maps that became empty on the way up, as apply would not leave `{}` behind.
  for (let i = p.length - 2; i >= 0; i--) {
    const child = parents[i]?.[p[i]];
    if (isObj(child) && Object.keys(child).length === 0 && i >= 1) delete parents[i][p[i]];
  }
}

export const render = (p: Path): string => '.' + p.join('.');
const key = (p: Path): string => JSON.stringify(p);

// ---- fieldsV1 encoding ----

function toFieldsV1(paths: Path[]): Obj {
  const root: Obj = {};
  for (const p of paths) {
    let cur = root;
    for (const s of p) {
      const k = `f:${s}`;
      if (!isObj(cur[k])) cur[k] = {};
      cur = cur[k] as Obj;
    }
  }
  return root;
}

function fromFieldsV1(f: unknown, prefix: Path = []): Path[] {
  if (!isObj(f)) return [];
  const entries = Object.entries(f).filter(([k]) => k.startsWith('f:'));
  if (entries.length === 0) return prefix.length ? [prefix] : [];
  return entries.flatMap(([k, v]) => fromFieldsV1(v, [...prefix, k.slice(2)]));
}

interface Entry { manager: string; operation: string; apiVersion?: string; time?: string; fieldsType?: string; fieldsV1?: unknown; subresource?: string }

function entries(obj: KObj): Entry[] {
  return (obj.metadata.managedFields ?? []) as unknown as Entry[];
}

function setEntries(obj: KObj, list: Entry[]): void {
  const kept = list.filter((e) => fromFieldsV1(e.fieldsV1).length > 0);
  if (kept.length) obj.metadata.managedFields = kept as unknown as Record<string, unknown>[];
  else delete obj.metadata.managedFields;
}

/** Records an Update by `manager`: it takes over every leaf whose value changed. */
export function recordUpdate(oldObj: KObj | undefined, newObj: KObj, manager: string, withStatus: boolean, subresource?: string): void {
  if (oldObj && JSON.stringify(oldObj.metadata.managedFields) !== JSON.stringify(newObj.metadata.managedFields)) return;
  const changed = leafPaths(newObj, withStatus).filter((p) =>
    !oldObj || JSON.stringify(getPath(oldObj, p)) !== JSON.stringify(getPath(newObj, p)));
  if (!changed.length) return;
  const changedKeys = new Set(changed.map(key));
  const list = entries(newObj).map((e) => ({ ...e, fieldsV1: toFieldsV1(fromFieldsV1(e.fieldsV1).filter((p) => !changedKeys.has(key(p)))) }));
  let mine = list.find((e) => e.manager === manager && e.operation === 'Update' && e.subresource === subresource);
  if (!mine) {
    mine = { manager, operation: 'Update', apiVersion: newObj.apiVersion, fieldsType: 'FieldsV1', fieldsV1: {} };
    if (subresource) mine.subresource = subresource;
    list.push(mine);
  }
  mine.time = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  mine.fieldsV1 = toFieldsV1([...fromFieldsV1(mine.fieldsV1), ...changed]);
  setEntries(newObj, list);
}

/** Server-side apply of `applied` onto `current` (undefined = create). Returns the new object. */
export function serverSideApply(current: KObj | undefined, applied: KObj, manager: string, force: boolean, withStatus: boolean): KObj {
  const appliedPaths = leafPaths(applied, withStatus);
  const base: KObj = current ? structuredClone(current) : { apiVersion: applied.apiVersion, kind: applied.kind, metadata: { name: applied.metadata.name, namespace: applied.metadata.namespace } };
  const list = entries(base);
  const appliedKeys = new Set(appliedPaths.map(key));
  // Conflicts: another manager owns a field this apply sets to a different value.
  const conflicts: { manager: string; path: Path }[] = [];
  for (const e of list) {
    if (e.manager === manager && e.operation === 'Apply') continue;
    for (const p of fromFieldsV1(e.fieldsV1)) {
      if (appliedKeys.has(key(p)) && JSON.stringify(getPath(base, p)) !== JSON.stringify(getPath(applied, p))) conflicts.push({ manager: e.manager, path: p });
    }
  }
  if (conflicts.length && !force) {
    const msg = conflicts.map((c) => `conflict with "${c.manager}": ${render(c.path)}`);
    throw new ApiError(409, 'Conflict', `Apply failed with ${conflicts.length} conflict${conflicts.length > 1 ? 's' : ''}: ${msg.join('\n')}`, {
      causes: conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with "${c.manager}"`, field: render(c.path) })),
    });
  }
  const mineBefore = list.find((e) => e.manager === manager && e.operation === 'Apply');
  const others = new Set(list.filter((e) => e !== mineBefore).flatMap((e) => fromFieldsV1(e.fieldsV1)).map(key));
  // Fields this manager applied before and no longer applies are removed, unless someone else owns them.
  for (const p of fromFieldsV1(mineBefore?.fieldsV1)) if (!appliedKeys.has(key(p)) && !others.has(key(p))) deletePath(base, p);
  for (const p of appliedPaths) setPath(base, p, getPath(applied, p));
  const conflictKeys = new Set(conflicts.map((c) => key(c.path)));
  const next = list.filter((e) => e !== mineBefore).map((e) => ({ ...e, fieldsV1: toFieldsV1(fromFieldsV1(e.fieldsV1).filter((p) => !conflictKeys.has(key(p)))) }));
  next.push({ manager, operation: 'Apply', apiVersion: applied.apiVersion, time: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    fieldsType: 'FieldsV1', fieldsV1: toFieldsV1(appliedPaths) });
  setEntries(base, next);
  return base;
}
