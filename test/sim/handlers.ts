// Resource requests: get, list, watch, create, update, patch, delete, deletecollection, and the
// status, scale and log subresources, with authorization and Table output for kubectl.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { User } from './auth.js';
import { ApiError, badRequest, methodNotAllowed } from './errors.js';
import { parseBody, readBody, sendJson, sendList, type ResourcePath } from './http.js';
import { apiVersionOf, typeByPlural, type ResourceType } from './kinds.js';
import type { LogStream } from './logs.js';
import type { Registry, WriteOpts } from './registry.js';
import type { Rbac } from './rbac.js';
import { checkFieldSelector, parseFieldSelector, parseLabelSelector } from './selectors.js';
import type { KObj, Store } from './store.js';
import { toTable, wantsTable } from './table.js';
import { serveWatch, type WatchHandle } from './watch.js';

export interface HandlerContext {
  store: Store;
  registry: Registry;
  rbac: Rbac;
  watches: Set<WatchHandle>;
  logStreams: Set<LogStream>;
  bookmarkIntervalMs: number;
  /** Serves pods/log (local pods from the generator, offloaded ones through the provider). */
  serveLog(req: IncomingMessage, res: ServerResponse, pod: KObj, q: URLSearchParams): Promise<void>;
}

const tableType = 'application/json;as=Table;v=v1;g=meta.k8s.io';

function writeOpts(q: URLSearchParams, req: IncomingMessage, user: User): WriteOpts {
  const dry = q.getAll('dryRun');
  if (dry.some((d) => d !== 'All')) throw badRequest(`Invalid dry run value: ${dry.join(',')}; only "All" is supported`);
  const agent = String(req.headers['user-agent'] ?? 'unknown').split('/')[0];
  return { dryRun: dry.length > 0, fieldManager: q.get('fieldManager') ?? agent, user: user.name, force: q.get('force') === 'true', fieldValidation: q.get('fieldValidation') };
}

function graceQuery(q: URLSearchParams): number | undefined {
  const v = q.get('gracePeriodSeconds');
  return v === null || v === '' ? undefined : Number(v);
}

function verbOf(method: string, p: ResourcePath, q: URLSearchParams): string {
  switch (method) {
    case 'GET': return p.name ? 'get' : (p.legacyWatch || q.get('watch') === 'true' || q.get('watch') === '1') ? 'watch' : 'list';
    case 'POST': return 'create';
    case 'PUT': return 'update';
    case 'PATCH': return 'patch';
    case 'DELETE': return p.name ? 'delete' : 'deletecollection';
    default: return method.toLowerCase();
  }
}

export async function handleResource(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse, p: ResourcePath, q: URLSearchParams, user: User): Promise<void> {
  const t = typeByPlural(p.group, p.version, p.plural);
  if (!t) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  if (!t.namespaced && p.namespace) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  if (p.subresource && ['exec', 'attach', 'portforward', 'proxy', 'ephemeralcontainers', 'eviction', 'binding'].includes(p.subresource) && t.log) {
    throw new ApiError(400, 'BadRequest', `pods/${p.subresource} is not simulated by the Liqo cluster simulator`);
  }
  if (p.subresource && !['status', 'log', 'scale', 'finalize'].includes(p.subresource)) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  if ((p.subresource === 'log' && !t.log) || (p.subresource === 'scale' && !t.scale) || (p.subresource === 'status' && !t.status)) {
    throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  }
  const method = req.method ?? 'GET';
  const verb = verbOf(method, p, q);
  if (t.createOnly) {
    if (verb !== 'create') throw methodNotAllowed();
    ctx.rbac.authorize(user, { verb, group: t.group, resource: t.plural }, t);
    const body = parseBody(await readBody(req), req.headers['content-type']) as KObj;
    sendJson(res, 201, review(ctx.rbac, t, body, user));
    return;
  }
  ctx.rbac.authorize(user, { verb, group: t.group, resource: t.plural, subresource: p.subresource, namespace: p.namespace, name: p.name }, t);
  if (verb === 'list' || verb === 'watch' || verb === 'deletecollection') checkFieldSelector(t, q.get('fieldSelector'));
  const ns = p.namespace;
  const accept = req.headers.accept;

  if (p.subresource === 'log') {
    if (method !== 'GET') throw methodNotAllowed();
    const pod = ctx.registry.get(t, ns, p.name ?? '');
    await ctx.serveLog(req, res, pod, q);
    return;
  }
  if (p.subresource === 'scale') { await handleScale(ctx, req, res, t, ns, p.name ?? '', q, user); return; }
  const sub = p.subresource === 'status' ? 'status' as const : undefined;

  switch (verb) {
    case 'get': {
      const o = ctx.registry.get(t, ns, p.name ?? '');
      if (wantsTable(accept)) sendJson(res, 200, toTable(t, [o], { resourceVersion: o.metadata.resourceVersion }, q.get('includeObject') ?? 'Metadata'), tableType);
      else sendJson(res, 200, o);
      return;
    }
    case 'list': {
      const r = ctx.registry.list(t, ns, { labelSelector: q.get('labelSelector'), fieldSelector: q.get('fieldSelector'), limit: Number(q.get('limit') ?? 0), continue: q.get('continue') });
      const meta: Record<string, unknown> = { resourceVersion: r.resourceVersion };
      if (r.continue) { meta.continue = r.continue; meta.remainingItemCount = r.remainingItemCount; }
      if (wantsTable(accept)) { sendJson(res, 200, toTable(t, r.items, meta, q.get('includeObject') ?? 'Metadata'), tableType); return; }
      await sendList(res, { kind: `${t.kind}List`, apiVersion: apiVersionOf(t), metadata: meta }, r.items);
      return;
    }
    case 'watch': {
      const table = wantsTable(accept);
      const include = q.get('includeObject') ?? 'Metadata';
      serveWatch(ctx.store, req, res, {
        t, namespace: ns, resourceVersion: q.get('resourceVersion') ?? '',
        labels: parseLabelSelector(q.get('labelSelector')), fields: parseFieldSelector(q.get('fieldSelector')),
        bookmarks: q.get('allowWatchBookmarks') === 'true', bookmarkIntervalMs: ctx.bookmarkIntervalMs,
        initialEvents: q.get('sendInitialEvents') === 'true',
        timeoutSeconds: q.get('timeoutSeconds') ? Number(q.get('timeoutSeconds')) : undefined,
        encode: (o, first) => (table ? toTable(t, [o], { resourceVersion: o.metadata.resourceVersion }, include, !first) : o),
      }, ctx.watches);
      return;
    }
    case 'create': {
      const body = parseBody(await readBody(req), req.headers['content-type']) as KObj;
      const o = ctx.registry.create(t, ns, body, writeOpts(q, req, user));
      sendJson(res, 201, o);
      return;
    }
    case 'update': {
      const body = parseBody(await readBody(req), req.headers['content-type']) as KObj;
      const o = ctx.registry.update(t, ns, p.name ?? '', body, { ...writeOpts(q, req, user), subresource: sub });
      sendJson(res, 200, o);
      return;
    }
    case 'patch': {
      const ct = String(req.headers['content-type'] ?? '');
      const body = parseBody(await readBody(req), ct);
      const existed = !!ctx.store.get(t, ns, p.name ?? '');
      const o = ctx.registry.patch(t, ns, p.name ?? '', ct, body, { ...writeOpts(q, req, user), subresource: sub });
      sendJson(res, existed ? 200 : 201, o);
      return;
    }
    case 'delete': {
      const raw = await readBody(req);
      const opts = raw.length ? parseBody(raw, 'application/json') as { dryRun?: string[]; gracePeriodSeconds?: number; preconditions?: { uid?: string; resourceVersion?: string } } : {};
      const w = writeOpts(q, req, user);
      const o = ctx.registry.delete(t, ns, p.name ?? '', { ...w, dryRun: w.dryRun || (opts.dryRun?.includes('All') ?? false), preconditions: opts.preconditions,
        grace: { seconds: opts.gracePeriodSeconds ?? graceQuery(q) } });
      sendJson(res, 200, o);
      return;
    }
    case 'deletecollection': {
      const w = writeOpts(q, req, user);
      const r = ctx.registry.list(t, ns, { labelSelector: q.get('labelSelector'), fieldSelector: q.get('fieldSelector') });
      const items = r.items.map((o) => ctx.registry.delete(t, o.metadata.namespace, o.metadata.name ?? '', { ...w, grace: { seconds: graceQuery(q) } }));
      sendJson(res, 200, { kind: `${t.kind}List`, apiVersion: apiVersionOf(t), metadata: { resourceVersion: String(ctx.store.rv) }, items });
      return;
    }
    default:
      throw methodNotAllowed();
  }
}

async function handleScale(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse, t: ResourceType, ns: string | undefined, name: string, q: URLSearchParams, user: User): Promise<void> {
  const toScale = (o: KObj): Record<string, unknown> => {
    const spec = (o.spec ?? {}) as Record<string, unknown>;
    const status = (o.status ?? {}) as Record<string, unknown>;
    const sel = ((spec.selector ?? {}) as { matchLabels?: Record<string, string> }).matchLabels ?? {};
    return { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name, namespace: ns, uid: o.metadata.uid, resourceVersion: o.metadata.resourceVersion, creationTimestamp: o.metadata.creationTimestamp },
      spec: { replicas: spec.replicas ?? 0 }, status: { replicas: status.replicas ?? 0, selector: Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(',') } };
  };
  const cur = ctx.registry.get(t, ns, name);
  if (req.method === 'GET') { sendJson(res, 200, toScale(cur)); return; }
  if (req.method !== 'PUT' && req.method !== 'PATCH') throw methodNotAllowed();
  const body = parseBody(await readBody(req), req.headers['content-type']) as { spec?: { replicas?: number } } | { op: string; path: string; value: number }[];
  let replicas: number | undefined;
  if (Array.isArray(body)) replicas = body.find((op) => op.path === '/spec/replicas')?.value;
  else replicas = body.spec?.replicas;
  if (typeof replicas !== 'number') throw badRequest('spec.replicas is required');
  const next = { ...cur, spec: { ...(cur.spec as object), replicas } };
  sendJson(res, 200, toScale(ctx.registry.update(t, ns, name, next, writeOpts(q, req, user))));
}


/** Answers SelfSubjectAccessReview (can-i), SelfSubjectRulesReview (can-i --list) and SelfSubjectReview (whoami) for the caller. */
function review(rbac: Rbac, t: ResourceType, body: KObj, user: User): KObj {
  if (t.kind === 'SelfSubjectAccessReview') return rbac.accessReview(user, body);
  if (t.kind === 'SelfSubjectRulesReview') return rbac.rulesReview(user, body);
  const userInfo = { username: user.name, groups: user.groups, ...(user.uid ? { uid: user.uid } : {}), ...(user.extra && Object.keys(user.extra).length ? { extra: user.extra } : {}) };
  return { apiVersion: apiVersionOf(t), kind: t.kind, metadata: { creationTimestamp: null } as unknown as KObj['metadata'], status: { userInfo } };
}
