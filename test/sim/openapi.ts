// OpenAPI v3, one document per group-version: enough for `kubectl explain`, client-side and server-side apply
// (kubectl checks the PATCH operations for fieldValidation/dryRun support) and schema lookups.
import { createHash } from 'node:crypto';
import { bundledSchemas } from '../../schemas/index.js';
import { allTypes, type ResourceType } from './kinds.js';
import { groups } from './discovery.js';

type Obj = Record<string, unknown>;
const metaRef = { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' };

/** io.liqo.offloading.v1beta1.NamespaceOffloading, io.k8s.api.core.v1.Pod, io.k8s.api.apps.v1.Deployment. */
export function definitionName(t: ResourceType): string {
  if (!t.group) return `io.k8s.api.core.${t.version}.${t.kind}`;
  if (t.crd) return `${t.group.split('.').reverse().join('.')}.${t.version}.${t.kind}`;
  const g = t.group === 'apiextensions.k8s.io' ? 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions' : `io.k8s.api.${t.group.split('.')[0]}`;
  return `${g}.${t.version}.${t.kind}`;
}

const permissive = (description: string): Obj => ({ type: 'object', description, 'x-kubernetes-preserve-unknown-fields': true });

/** The schema of a kind: the project's bundled JSON Schema for Liqo kinds, a permissive object otherwise. */
export function kindSchema(t: ResourceType): Obj {
  const bundled = bundledSchemas.find((s) => s.group === t.group && s.version === t.version && s.kind === t.kind);
  const gvk = [{ group: t.group, version: t.version, kind: t.kind }];
  if (bundled) {
    const s: Obj = structuredClone(bundled.schema);
    delete s.$schema; delete s.$id;
    const props = { ...(s.properties as Obj | undefined) };
    props.metadata = metaRef;
    return { ...s, properties: props, 'x-kubernetes-group-version-kind': gvk };
  }
  return {
    type: 'object', description: `${t.kind} (${t.group || 'core'}/${t.version}) served by the Liqo cluster simulator.`,
    properties: {
      apiVersion: { type: 'string', description: 'The versioned schema of this representation of an object.' },
      kind: { type: 'string', description: 'The REST resource this object represents.' },
      metadata: metaRef,
      spec: permissive(`Desired state of the ${t.kind}.`),
      status: permissive(`Observed state of the ${t.kind}.`),
    },
    'x-kubernetes-group-version-kind': gvk,
  };
}

const objectMeta: Obj = {
  type: 'object', description: 'Standard object metadata.',
  properties: Object.fromEntries(([
    ['name', 'string'], ['generateName', 'string'], ['namespace', 'string'], ['uid', 'string'], ['resourceVersion', 'string'],
    ['creationTimestamp', 'string'], ['deletionTimestamp', 'string'], ['generation', 'integer'],
  ] as [string, string][]).map(([k, ty]): [string, unknown] => [k, { type: ty, description: `The object's ${k}.` }]).concat([
    ['labels', { type: 'object', additionalProperties: { type: 'string' }, description: 'Labels of the object.' }],
    ['annotations', { type: 'object', additionalProperties: { type: 'string' }, description: 'Annotations of the object.' }],
    ['finalizers', { type: 'array', items: { type: 'string' }, description: 'Finalizers that must run before deletion.' }],
    ['ownerReferences', { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, description: 'Owners of the object.' }],
    ['managedFields', { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, description: 'Field ownership.' }],
  ])),
};

const q = (name: string, type = 'string'): Obj => ({ name, in: 'query', schema: { type }, description: name, uniqueItems: true });

/** Custom resources take no strategic merge patch, as on a real API server. */
function patchTypes(t: ResourceType): Obj {
  const types = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml', ...(t.crd ? [] : ['application/strategic-merge-patch+json'])];
  return Object.fromEntries(types.map((ct) => [ct, { schema: { type: 'object' } }]));
}

function operations(t: ResourceType): Obj {
  const gvk = { group: t.group, version: t.version, kind: t.kind };
  const ref = { $ref: `#/components/schemas/${definitionName(t)}` };
  const body = { content: { 'application/json': { schema: ref } }, required: true };
  const ok = { 200: { description: 'OK', content: { 'application/json': { schema: ref } } } };
  const write = [q('dryRun'), q('fieldManager'), q('fieldValidation')];
  const op = (action: string, extra: Obj = {}): Obj => ({ operationId: `${action}${t.kind}`, responses: ok, 'x-kubernetes-action': action, 'x-kubernetes-group-version-kind': gvk, ...extra });
  return {
    get: op('get'), put: op('put', { requestBody: body, parameters: write }), delete: op('delete', { parameters: [q('dryRun')] }),
    patch: op('patch', { parameters: [...write, q('force', 'boolean')], requestBody: { content: patchTypes(t), required: true } }),
  };
}

function gvDoc(group: string, version: string): Obj {
  const types = allTypes.filter((t) => t.group === group && t.version === version);
  const paths: Obj = {};
  const schemas: Obj = { 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': objectMeta };
  for (const t of types) {
    const prefix = group ? `/apis/${group}/${version}` : `/api/${version}`;
    const item = t.namespaced ? `${prefix}/namespaces/{namespace}/${t.plural}/{name}` : `${prefix}/${t.plural}/{name}`;
    paths[item] = operations(t);
    paths[item.replace('/{name}', '')] = { post: { operationId: `create${t.kind}`, parameters: [q('dryRun'), q('fieldManager'), q('fieldValidation')], responses: { 201: { description: 'Created' } }, 'x-kubernetes-action': 'post', 'x-kubernetes-group-version-kind': { group: t.group, version: t.version, kind: t.kind } } };
    schemas[definitionName(t)] = kindSchema(t);
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.4-liqo-sim' }, paths, components: { schemas } };
}

const docs = new Map<string, { body: string; hash: string }>();
function doc(path: string): { body: string; hash: string } | undefined {
  let d = docs.get(path);
  if (d) return d;
  const m = /^(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
  if (!m) return undefined;
  const [group, version] = m[1] ? ['', m[1]] : [m[2], m[3]];
  if (!allTypes.some((t) => t.group === group && t.version === version)) return undefined;
  const body = JSON.stringify(gvDoc(group, version));
  d = { body, hash: createHash('sha512').update(body).digest('hex').slice(0, 64).toUpperCase() };
  docs.set(path, d);
  return d;
}

export function openapiV3Index(): Obj {
  const paths: Obj = {};
  for (const p of ['api/v1', ...groups().map((g) => `apis/${g.group}/${g.version}`)]) {
    const d = doc(p);
    if (d) paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${d.hash}` };
  }
  return { paths };
}

export function openapiV3Doc(path: string): string | undefined {
  return doc(path)?.body;
}
