// Read and write semantics of the API server over the store: resourceVersion preconditions, generation,
// uid, finalizers and deletionTimestamp, dry-run, admission hooks and managed fields.
import { randomUUID } from 'node:crypto';
import { recordUpdate, serverSideApply } from './apply.js';
import { validateCustomResource } from './crValidation.js';
import { applyDefaults } from './defaults.js';
import { ApiError, alreadyExists, badRequest, conflict, gone, invalid, notFound } from './errors.js';
import { apiVersionOf, type ResourceType } from './kinds.js';
import { applyJsonPatch, applyMergePatch, applyStrategicPatch } from './patch.js';
import { matchFields, matchLabels, parseFieldSelector, parseLabelSelector } from './selectors.js';
import { keyOf, type KObj, type Store } from './store.js';
import { namespaceType } from './typeRefs.js';
import { markTerminating, podGracePeriod, Terminations, type GraceRequest } from './termination.js';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';
export interface AdmissionRequest { op: Operation; t: ResourceType; obj: KObj; old?: KObj; user: string; subresource?: string }
/** A webhook: mutates req.obj or throws an ApiError to refuse. */
export type Admission = (req: AdmissionRequest) => void;

export interface WriteOpts {
  dryRun?: boolean; fieldManager?: string; user?: string; subresource?: 'status'; force?: boolean;
  /** Set for client requests: validate custom resources against their schema (Strict, Warn or Ignore). */
  fieldValidation?: string | null;
}
export interface ListOpts { labelSelector?: string | null; fieldSelector?: string | null; limit?: number; continue?: string | null }
export interface ListResult { items: KObj[]; resourceVersion: string; continue?: string; remainingItemCount?: number }

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** RBAC objects are named as path segments (system:basic-user): no '/', no '%', not '.' or '..'. */
const pathSegment = /^(?!\.\.?$)[^/%]+$/;
const now = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const json = (v: unknown): string => JSON.stringify(v ?? null);

function suffix(): string {
  const chars = 'bcdfghjklmnpqrstvwxz2456789';
  let s = '';
  for (let i = 0; i < 5; i++) s += chars[Math.floor(Math.random() * chars.length)];
  return s;
}

/** The parts of an object that count as its spec for `generation`. */
function specOf(o: KObj): string {
  const rest: Record<string, unknown> = { ...o };
  delete rest.metadata; delete rest.status; delete rest.apiVersion; delete rest.kind;
  return json(rest);
}

export class Registry {
  readonly admission: Admission[] = [];
  readonly terminations: Terminations;
  constructor(readonly store: Store) {
    this.terminations = new Terminations(store);
  }

  get(t: ResourceType, ns: string | undefined, name: string): KObj {
    const o = this.store.get(t, ns, name);
    if (!o) throw notFound(t, name);
    return o;
  }

  list(t: ResourceType, ns: string | undefined, opts: ListOpts = {}): ListResult {
    const labels = parseLabelSelector(opts.labelSelector);
    const fields = parseFieldSelector(opts.fieldSelector);
    let rv = this.store.rv;
    let start = '';
    if (opts.continue) {
      try {
        const tok = JSON.parse(Buffer.from(opts.continue, 'base64').toString()) as { rv: number; start: string };
        rv = tok.rv; start = tok.start;
      } catch { throw badRequest('continue key is not valid'); }
      if (rv < this.store.compactedRv) throw gone('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
    }
    // Uncloned: every caller serialises the items at once or reads their names (a fleet's lists are most of its work).
    let items = this.store.list(t, ns, (o) => matchLabels(labels, o.metadata.labels) && matchFields(fields, o), false);
    if (start) items = items.filter((o) => keyOf(o.metadata.namespace, o.metadata.name ?? '') > start);
    const res: ListResult = { items, resourceVersion: String(rv) };
    if (opts.limit && opts.limit > 0 && items.length > opts.limit) {
      res.items = items.slice(0, opts.limit);
      const last = res.items[res.items.length - 1].metadata;
      res.continue = Buffer.from(JSON.stringify({ rv, start: keyOf(last.namespace, last.name ?? '') })).toString('base64');
      res.remainingItemCount = items.length - opts.limit;
    }
    return res;
  }

  private checkIdentity(t: ResourceType, ns: string | undefined, body: KObj): void {
    const want = apiVersionOf(t);
    if (body.apiVersion && body.apiVersion !== want) throw badRequest(`the API version in the data (${body.apiVersion}) does not match the expected API version (${want})`);
    if (body.kind && body.kind !== t.kind) throw badRequest(`the kind in the data (${body.kind}) does not match the expected kind (${t.kind})`);
    body.apiVersion = want;
    body.kind = t.kind;
    if (!body.metadata || typeof body.metadata !== 'object') body.metadata = {};
    if (t.namespaced) {
      if (body.metadata.namespace && ns && body.metadata.namespace !== ns) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      body.metadata.namespace = ns ?? body.metadata.namespace;
    } else delete body.metadata.namespace;
  }

  create(t: ResourceType, ns: string | undefined, body: KObj, opts: WriteOpts = {}): KObj {
    const o = structuredClone(body);
    this.checkIdentity(t, ns, o);
    const m = o.metadata;
    if (!m.name && m.generateName) m.name = m.generateName + suffix();
    if (!m.name) throw invalid(t, '', [{ field: 'metadata.name', message: 'Required value: name or generateName is required' }]);
    const re = t.kind === 'Namespace' ? dns1123Label : t.group === 'rbac.authorization.k8s.io' ? pathSegment : dns1123Subdomain;
    if (!re.test(m.name) || m.name.length > (t.kind === 'Namespace' ? 63 : 253)) {
      throw invalid(t, m.name, [{ field: 'metadata.name', message: `Invalid value: "${m.name}": a lowercase RFC 1123 ${t.kind === 'Namespace' ? 'label' : 'subdomain'} must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character` }]);
    }
    if (t.namespaced) {
      if (!m.namespace) throw badRequest('the server could not find the requested resource: a namespace is required');
      const nsObj = this.store.peekOne(namespaceType, undefined, m.namespace);
      if (!nsObj) throw notFound(namespaceType, m.namespace);
      if (nsObj.metadata.deletionTimestamp) {
        throw new ApiError(403, 'Forbidden', `${t.plural} "${m.name}" is forbidden: unable to create new content in namespace ${m.namespace} because it is being terminated`,
          { name: m.name, kind: t.plural, causes: [{ reason: 'NamespaceTerminating', message: `namespace ${m.namespace} is being terminated`, field: 'metadata.namespace' }] });
      }
    }
    if (this.store.peekOne(t, m.namespace, m.name)) throw alreadyExists(t, m.name);
    m.uid = randomUUID();
    m.creationTimestamp = now();
    m.generation = 1;
    delete m.resourceVersion; delete m.deletionTimestamp; delete m.deletionGracePeriodSeconds;
    if (t.crd && t.status) delete o.status;
    applyDefaults(o);
    if (opts.fieldValidation !== undefined) validateCustomResource(t, o, opts.fieldValidation);
    for (const a of this.admission) a({ op: 'CREATE', t, obj: o, user: opts.user ?? 'system:admin' });
    if (opts.fieldManager !== undefined) recordUpdate(undefined, o, opts.fieldManager, !t.status);
    if (opts.dryRun) return o;
    return this.store.put(t, o);
  }

  /** PUT: a full replacement, with resourceVersion as precondition when given. */
  update(t: ResourceType, ns: string | undefined, name: string, body: KObj, opts: WriteOpts = {}): KObj {
    const old = this.get(t, ns, name);
    const o = structuredClone(body);
    this.checkIdentity(t, ns, o);
    if (o.metadata.name && o.metadata.name !== name) throw badRequest(`the name of the object (${o.metadata.name}) does not match the name on the URL (${name})`);
    if (o.metadata.resourceVersion && o.metadata.resourceVersion !== old.metadata.resourceVersion) throw conflict(t, name);
    return this.commit(t, old, o, opts);
  }

  private commit(t: ResourceType, old: KObj, incoming: KObj, opts: WriteOpts): KObj {
    let o: KObj;
    if (opts.subresource === 'status') {
      o = structuredClone(old);
      o.status = incoming.status;
    } else {
      o = incoming;
      if (t.status) o.status = old.status;
      if (o.status === undefined) delete o.status;
    }
    const m = o.metadata;
    m.name = old.metadata.name;
    m.namespace = old.metadata.namespace;
    m.uid = old.metadata.uid;
    m.creationTimestamp = old.metadata.creationTimestamp;
    m.resourceVersion = old.metadata.resourceVersion;
    if (old.metadata.deletionTimestamp) { m.deletionTimestamp = old.metadata.deletionTimestamp; m.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds; } else { delete m.deletionTimestamp; delete m.deletionGracePeriodSeconds; }
    if (m.managedFields === undefined && old.metadata.managedFields) m.managedFields = old.metadata.managedFields;
    m.generation = (old.metadata.generation ?? 1) + (specOf(o) !== specOf(old) ? 1 : 0);
    for (const key of ['labels', 'annotations', 'finalizers', 'ownerReferences'] as const) {
      const v = m[key];
      if (v === null || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v && Object.keys(v).length === 0)) delete m[key];
    }
    if (opts.fieldValidation !== undefined && opts.subresource !== 'status') validateCustomResource(t, o, opts.fieldValidation);
    for (const a of this.admission) a({ op: 'UPDATE', t, obj: o, old, user: opts.user ?? 'system:admin', subresource: opts.subresource });
    if (opts.fieldManager !== undefined) recordUpdate(old, o, opts.fieldManager, !t.status || opts.subresource === 'status', opts.subresource);
    if (json(o) === json(old)) return old; // a no-op write keeps the resourceVersion
    if (m.deletionTimestamp && !m.finalizers?.length) {
      if (opts.dryRun) return o;
      return this.store.remove(t, o) ?? o;
    }
    if (opts.dryRun) return o;
    return this.store.put(t, o);
  }

  patch(t: ResourceType, ns: string | undefined, name: string, contentType: string, patch: unknown, opts: WriteOpts = {}): KObj {
    const type = contentType.split(';')[0].trim();
    if (type === 'application/apply-patch+yaml' || type === 'application/apply-patch+cbor') {
      if (!opts.fieldManager) throw badRequest('fieldManager must be set when using server-side apply (PATCH with application/apply-patch+yaml)');
      const applied = patch as KObj;
      if (!applied || typeof applied !== 'object' || !applied.metadata) throw badRequest('apply patch must be an object with metadata');
      this.checkIdentity(t, ns, applied);
      if (applied.metadata.name && applied.metadata.name !== name) throw badRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`);
      applied.metadata.name = name;
      const current = this.store.get(t, ns, name);
      const withStatus = !t.status || opts.subresource === 'status';
      const result = serverSideApply(current, applied, opts.fieldManager, opts.force === true, withStatus);
      if (!current) return this.create(t, ns, result, { ...opts, fieldManager: undefined });
      return this.commit(t, current, result, { ...opts, fieldManager: undefined });
    }
    const old = this.get(t, ns, name);
    let next: unknown;
    if (type === 'application/json-patch+json') next = applyJsonPatch(old, patch);
    else if (type === 'application/merge-patch+json') next = applyMergePatch(old, patch);
    else if (type === 'application/strategic-merge-patch+json' && !t.crd) next = applyStrategicPatch(old, patch);
    else {
      const accepted = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml', ...(t.crd ? [] : ['application/strategic-merge-patch+json'])];
      throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);
    }
    const o = next as KObj;
    if (!o || typeof o !== 'object' || typeof o.metadata !== 'object') throw badRequest('the patch removed the object metadata');
    this.checkIdentity(t, ns, o);
    if (o.metadata.resourceVersion && o.metadata.resourceVersion !== old.metadata.resourceVersion) throw conflict(t, name);
    return this.commit(t, old, o, opts);
  }

  /**
   * DELETE: objects with finalizers (and namespaces) only get a deletionTimestamp. A client's delete of a scheduled pod
   * (`grace` set, from DeleteOptions) is graceful: Terminating for its grace period (termination.ts).
   */
  delete(t: ResourceType, ns: string | undefined, name: string, opts: WriteOpts & { preconditions?: { uid?: string; resourceVersion?: string }; grace?: GraceRequest } = {}): KObj {
    const old = this.get(t, ns, name);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== old.metadata.uid) throw conflict(t, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`);
    if (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) throw conflict(t, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`);
    for (const a of this.admission) a({ op: 'DELETE', t, obj: old, old, user: opts.user ?? 'system:admin' });
    if (opts.grace && t.kind === 'Pod') {
      const seconds = podGracePeriod(old, opts.grace);
      if (seconds > 0) return opts.dryRun ? markTerminating(old, seconds) : this.terminations.start(t, old, seconds);
    }
    const graceful = (old.metadata.finalizers?.length ?? 0) > 0 || t.kind === 'Namespace';
    if (!graceful) return opts.dryRun ? old : (this.store.remove(t, old) ?? old);
    if (old.metadata.deletionTimestamp) return old;
    const o = structuredClone(old);
    o.metadata.deletionTimestamp = now();
    o.metadata.deletionGracePeriodSeconds = 0;
    o.metadata.generation = (o.metadata.generation ?? 1) + 1;
    if (t.kind === 'Namespace') o.status = { ...(o.status as object), phase: 'Terminating' };
    if (opts.dryRun) return o;
    return this.store.put(t, o);
  }
}
