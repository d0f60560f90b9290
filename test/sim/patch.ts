// The three PATCH formats: JSON patch (RFC 6902), JSON merge patch (RFC 7386) and a strategic merge patch
// that knows the merge keys of the lists people patch in pods, services and object metadata.
import { ApiError, badRequest } from './errors.js';
import { str } from './objects.js';

type J = unknown;
type Obj = Record<string, J>;
const isObj = (v: J): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---- JSON patch ----

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw badRequest(`json patch path must start with '/': ${path}`);
  return path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: J, segs: string[]): { parent: J; last: string } {
  let cur = doc;
  for (const s of segs.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(s)];
    else if (isObj(cur)) cur = cur[s];
    else cur = undefined;
    if (cur === undefined) throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: doc is missing path: /${segs.join('/')}`);
  }
  return { parent: cur, last: segs[segs.length - 1] };
}

function getAt(doc: J, path: string): J {
  let cur = doc;
  for (const s of pointer(path)) {
    cur = Array.isArray(cur) ? cur[s === '-' ? cur.length : Number(s)] : isObj(cur) ? cur[s] : undefined;
    if (cur === undefined) throw new ApiError(422, 'Invalid', `doc is missing path: ${path}`);
  }
  return cur;
}

export function applyJsonPatch(doc: J, ops: unknown): J {
  if (!Array.isArray(ops)) throw badRequest('json patch must be an array of operations');
  let root = structuredClone(doc);
  for (const raw of ops as Obj[]) {
    const op = str(raw.op);
    const path = str(raw.path ?? '');
    const segs = pointer(path);
    const value = op === 'copy' || op === 'move' ? getAt(root, str(raw.from)) : raw.value;
    if (op === 'move') root = remove(root, pointer(str(raw.from)));
    if (op === 'test') {
      if (JSON.stringify(getAt(root, path)) !== JSON.stringify(value)) throw new ApiError(422, 'Invalid', `testing value ${path} failed`);
      continue;
    }
    if (op === 'remove') { root = remove(root, segs); continue; }
    if (op !== 'add' && op !== 'replace' && op !== 'copy' && op !== 'move') throw badRequest(`unknown json patch operation ${op}`);
    if (segs.length === 0) { root = structuredClone(value); continue; }
    const { parent, last } = parentOf(root, segs);
    if (Array.isArray(parent)) {
      const i = last === '-' ? parent.length : Number(last);
      if (op === 'replace') { if (i >= parent.length) throw new ApiError(422, 'Invalid', `doc is missing path: ${path}`); parent[i] = structuredClone(value); }
      else parent.splice(i, 0, structuredClone(value));
    } else if (isObj(parent)) {
      if (op === 'replace' && !(last in parent)) throw new ApiError(422, 'Invalid', `doc is missing key: ${path}`);
      parent[last] = structuredClone(value);
    } else throw new ApiError(422, 'Invalid', `doc is missing path: ${path}`);
  }
  return root;
}

function remove(root: J, segs: string[]): J {
  const { parent, last } = parentOf(root, segs);
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (isObj(parent) && last in parent) delete parent[last];
  else throw new ApiError(422, 'Invalid', `doc is missing path: /${segs.join('/')}`);
  return root;
}

// ---- JSON merge patch ----

export function applyMergePatch(target: J, patch: J): J {
  if (!isObj(patch)) return structuredClone(patch);
  const out: Obj = isObj(target) ? structuredClone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}

// ---- strategic merge patch ----

const mergeKeys: Record<string, string> = {
  containers: 'name', initContainers: 'name', ephemeralContainers: 'name', volumes: 'name', env: 'name',
  volumeMounts: 'mountPath', volumeDevices: 'devicePath', imagePullSecrets: 'name', conditions: 'type',
  ownerReferences: 'uid', hostAliases: 'ip', topologySpreadConstraints: 'topologyKey', addresses: 'type',
};
const primitiveMergeLists = new Set(['finalizers']);

function portKey(items: J[]): string {
  return items.some((i) => isObj(i) && 'containerPort' in i) ? 'containerPort' : 'port';
}

export function applyStrategicPatch(target: J, patch: J): J {
  if (!isObj(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') { const p = { ...patch }; delete p.$patch; return stripDirectives(p); }
  if (patch.$patch === 'delete') return undefined;
  const out: Obj = isObj(target) ? structuredClone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith('$setElementOrder/')) continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      const drop = new Set((Array.isArray(v) ? v : []).map((x) => JSON.stringify(x)));
      if (Array.isArray(out[field])) out[field] = (out[field] as J[]).filter((x) => !drop.has(JSON.stringify(x)));
      continue;
    }
    if (v === null) { delete out[k]; continue; }
    const cur = out[k];
    if (Array.isArray(v)) {
      const key = k === 'ports' ? portKey(v) : mergeKeys[k];
      if (key && Array.isArray(cur)) out[k] = mergeList(cur, v, key);
      else if (primitiveMergeLists.has(k) && Array.isArray(cur)) out[k] = [...(cur as J[]), ...(v as J[]).filter((x) => !(cur as J[]).includes(x))];
      else out[k] = stripDirectives(v);
      continue;
    }
    const merged = isObj(v) ? applyStrategicPatch(cur, v) : structuredClone(v);
    if (merged === undefined) delete out[k];
    else out[k] = merged;
  }
  return out;
}

function mergeList(cur: J[], patch: J[], key: string): J[] {
  const out = structuredClone(cur);
  for (const item of patch) {
    if (!isObj(item)) { out.push(item); continue; }
    const i = out.findIndex((o) => isObj(o) && o[key] === item[key]);
    if (item.$patch === 'delete') { if (i >= 0) out.splice(i, 1); continue; }
    if (i >= 0) out[i] = applyStrategicPatch(out[i], item);
    else out.push(stripDirectives(item));
  }
  return out;
}

function stripDirectives(v: J): J {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) if (!k.startsWith('$')) out[k] = stripDirectives(x);
  return out;
}
