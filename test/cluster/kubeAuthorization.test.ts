// Authorization as a real cluster enforces it (issue 10, part 3): the simulator's RBAC, its 403s as kubectl prints
// them, impersonation from the kubeconfig (as, as-groups, as-uid, as-user-extra) on every request, the tree showing
// forbidden kinds as forbidden, and the write commands' SelfSubjectAccessReview before any dry-run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { AccessDeniedError, canI, requireAccess, whoAmI } from '../../client/src/kube/access';
import { kinds, resourcePath } from '../../client/src/kube/kinds';
import { offloadAccess, unoffloadAccess } from '../../client/src/kube/offload';
import type { Session } from '../../client/src/kube/session';
import { sliceAccess } from '../../client/src/kube/slices';
import { contextNode, walk } from '../../client/src/views/model';
import { Kubectl, kubectlOrError } from '../sim/kubectl';
import { must, readySession, startEnv, type Env } from './kubeHelpers';

let env: Env;
let k: Kubectl;
let extra: string;

interface Kc { users: { name: string; user: Record<string, unknown> }[]; contexts: { name: string; context: Record<string, unknown> }[] }

/** A kubeconfig with contexts that impersonate, from the simulator's own users. */
function impersonatingKubeconfig(sim: string, dir: string): string {
  const kc = parse(fs.readFileSync(sim, 'utf8')) as Kc;
  const user = (name: string): Record<string, unknown> => ({ ...must(kc.users.find((u) => u.name === name), name).user });
  const out = {
    apiVersion: 'v1', kind: 'Config',
    clusters: (parse(fs.readFileSync(sim, 'utf8')) as { clusters: unknown[] }).clusters,
    users: [
      { name: 'admin-as-restricted', user: { ...user('admin@k8s-lab'), as: 'restricted@k8s-lab' } },
      { name: 'admin-as-viewers', user: { ...user('admin@k8s-lab'), as: 'jane', 'as-groups': ['liqo-sim:viewers', 'gpu-team'], 'as-uid': 'u-42', 'as-user-extra': { 'team.example.com/cost center': ['gpu 1', 'lab'] } } },
      { name: 'viewer-as-admin', user: { ...user('viewer@k8s-lab'), as: 'kubernetes-admin' } },
    ],
    contexts: [
      { name: 'as-restricted', context: { cluster: 'k8s-lab', user: 'admin-as-restricted', namespace: 'liqo-demo' } },
      { name: 'as-viewers', context: { cluster: 'k8s-lab', user: 'admin-as-viewers' } },
      { name: 'viewer-as-admin', context: { cluster: 'k8s-lab', user: 'viewer-as-admin' } },
    ],
  };
  const file = path.join(dir, 'impersonating');
  fs.writeFileSync(file, stringify(out), { mode: 0o600 });
  return file;
}

before(async () => {
  env = await startEnv();
  k = new Kubectl(kubectlOrError(), env.sim.kubeconfigPath);
  extra = impersonatingKubeconfig(env.sim.kubeconfigPath, env.dir);
});
after(async () => { await env.stop(); });

test('kubectl: restricted@k8s-lab reads pods in liqo-demo only, and its 403s are the real ones', async () => {
  assert.match(await k.ok(['get', 'pods'], { context: 'restricted@k8s-lab' }), /web-nvidia-smi/);
  const vn = await k.run(['get', 'virtualnodes', '-A'], { context: 'restricted@k8s-lab' });
  assert.notEqual(vn.code, 0);
  assert.match(vn.stderr, /^Error from server \(Forbidden\): virtualnodes\.offloading\.liqo\.io is forbidden: User "restricted@k8s-lab" cannot list resource "virtualnodes" in API group "offloading\.liqo\.io" at the cluster scope$/m);
  const other = await k.run(['get', 'pods', '-n', 'default'], { context: 'restricted@k8s-lab' });
  assert.match(other.stderr, /Error from server \(Forbidden\): pods is forbidden: User "restricted@k8s-lab" cannot list resource "pods" in API group "" in the namespace "default"/);
  const write = await k.run(['delete', 'namespaceoffloading', 'offloading', '-n', 'liqo-demo'], { context: 'restricted@k8s-lab' });
  assert.match(write.stderr, /Error from server \(Forbidden\): namespaceoffloadings\.offloading\.liqo\.io "offloading" is forbidden: User "restricted@k8s-lab" cannot delete resource "namespaceoffloadings" in API group "offloading\.liqo\.io" in the namespace "liqo-demo"/);
  const can = await k.run(['auth', 'can-i', 'create', 'namespaceoffloadings'], { context: 'restricted@k8s-lab' });
  assert.equal(can.code, 1);
  assert.equal(can.stdout.trim(), 'no');
  assert.equal((await k.ok(['auth', 'can-i', 'get', 'pods', '--subresource=log'], { context: 'restricted@k8s-lab' })).trim(), 'yes');
  // SelfSubjectRulesReview, as kubectl lists it: the namespaced Role's rules in liqo-demo, none of them elsewhere.
  const rules = await k.ok(['auth', 'can-i', '--list'], { context: 'restricted@k8s-lab' });
  assert.match(rules, /^pods\/log\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
  assert.match(rules, /^namespaceoffloadings\.offloading\.liqo\.io\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
  assert.doesNotMatch(await k.ok(['auth', 'can-i', '--list', '-n', 'default'], { context: 'restricted@k8s-lab' }), /pods/);
  // RBAC objects are served objects.
  assert.match(await k.ok(['get', 'rolebindings', '-n', 'liqo-demo', '-o', 'wide']), /^liqo-demo-reader\s+Role\/liqo-demo-reader\s+\S+\s+restricted@k8s-lab\s*$/m);
  assert.match(await k.ok(['get', 'clusterrolebindings', '-o', 'wide']), /^cluster-admin\s+ClusterRole\/cluster-admin\s+\S+\s+system:masters\s*$/m);
  assert.match(await k.ok(['get', 'clusterroles']), /^NAME\s+CREATED AT\n(.*\n)*cluster-admin\s+\d{4}-\d\d-\d\dT/m);
});

test('kubectl: impersonation needs the impersonate verb, and then runs as the impersonated user', async () => {
  const refused = await k.run(['get', 'pods', '--as', 'kubernetes-admin'], { context: 'viewer@k8s-lab' });
  assert.match(refused.stderr, /Error from server \(Forbidden\): users "kubernetes-admin" is forbidden: User "viewer@k8s-lab" cannot impersonate resource "users" in API group "" at the cluster scope/);
  assert.match(await k.ok(['get', 'pods', '-n', 'liqo-demo', '--as', 'restricted@k8s-lab']), /web-nvidia-smi/);
  const narrowed = await k.run(['get', 'nodes', '--as', 'restricted@k8s-lab']);
  assert.match(narrowed.stderr, /User "restricted@k8s-lab" cannot list resource "nodes"/);
  // kubectl reads as-groups, as-uid and as-user-extra from the kubeconfig, as we do.
  const kx = new Kubectl(kubectlOrError(), extra);
  const who = await kx.ok(['auth', 'whoami', '-o', 'json'], { context: 'as-viewers' });
  const info = (JSON.parse(who) as { status: { userInfo: { username: string; groups: string[]; uid: string; extra: Record<string, string[]> } } }).status.userInfo;
  assert.equal(info.username, 'jane');
  assert.deepEqual(info.groups, ['liqo-sim:viewers', 'gpu-team', 'system:authenticated']);
  assert.equal(info.uid, 'u-42');
  assert.deepEqual(info.extra, { 'team.example.com/cost center': ['gpu 1', 'lab'] });
});

test('the tree shows forbidden kinds as forbidden, with what to ask for, and the allowed ones still', async () => {
  const s = await readySession(env, 'restricted@k8s-lab');
  const snap = s.snapshot();
  const forbidden = (snap.unlistedKinds ?? []).filter((u) => u.why === 'forbidden').map((u) => `${u.resource}.${u.group}`).sort();
  assert.ok(forbidden.includes('virtualnodes.offloading.liqo.io') && forbidden.includes('nodes.') && forbidden.includes('namespaceoffloadings.offloading.liqo.io'), forbidden.join(', '));
  assert.equal(new Set(forbidden).size, forbidden.length, 'one entry per resource (pods are watched three ways)');
  const logged = env.logs.filter((l) => l.startsWith('context restricted@k8s-lab:'));
  assert.equal(logged.length, 1, logged.join('\n'));
  assert.match(logged[0] ?? '', /^context restricted@k8s-lab: restricted@k8s-lab may not list foreignclusters\.core\.liqo\.io, nodes, namespaces, pods, .* at cluster scope \(403\)$/);
  const tree = contextNode(snap);
  const items = [...walk([tree])];
  const vn = must(items.find((n) => n.label === 'Forbidden: cannot list virtualnodes (offloading.liqo.io) at cluster scope'), 'the virtual nodes item');
  assert.equal(vn.description, 'as restricted@k8s-lab');
  assert.match(vn.tooltip ?? '', /ClusterRole allowing list and watch on virtualnodes in API group offloading\.liqo\.io, bound to restricted@k8s-lab/);
  // What the Role allows in the context's namespace is listed there: the offloadings of liqo-demo (none yet), and
  // its GPU pod waiting for a GPU; each such folder says it shows that namespace only.
  const narrowed = (snap.unlistedKinds ?? []).filter((u) => u.namespace).map((u) => `${u.resource}.${u.group}@${u.namespace ?? ''}`).sort();
  assert.deepEqual(narrowed, ['namespaceoffloadings.offloading.liqo.io@liqo-demo', 'pods.@liqo-demo', 'resourceslices.authentication.liqo.io@liqo-demo']);
  const folder = must(items.find((n) => n.id === 'restricted@k8s-lab/offloadings'), 'the offloadings folder');
  assert.equal(folder.description, '0 in liqo-demo only', 'the folder never reads as a plain, empty 0');
  assert.equal(must(folder.children?.[0], 'its item').label, 'Only namespace liqo-demo: cannot list namespaceoffloadings (offloading.liqo.io) at cluster scope');
  const waiting = must(items.find((n) => n.id === 'restricted@k8s-lab/pending'), 'the GPU pods waiting, listed in liqo-demo');
  assert.equal(waiting.description, '1 in liqo-demo only');
  assert.match(must(waiting.children?.[1], 'the pod').label, /^web-nvidia-smi-/);
  const outright = (snap.unlistedKinds ?? []).filter((u) => !u.namespace).map((u) => u.resource).sort();
  assert.deepEqual(outright, ['configmaps', 'configurations', 'foreignclusters', 'namespaces', 'nodes', 'quotas', 'runtimeclasses', 'tenants', 'virtualnodes']);
  // The admin's tree has no such items.
  const admin = await readySession(env, 'admin@k8s-lab');
  assert.equal(admin.snapshot().unlistedKinds, undefined);
  assert.ok(![...walk([contextNode(admin.snapshot())])].some((n) => n.label.startsWith('Forbidden')));
});

test('a kind not listed yet gets its own tree item until it lists', async () => {
  const s = await readySession(env, 'admin@k8s-lab');
  env.sim.cluster('k8s-lab').faults.failNext(1, 429, 2, resourcePath(kinds.virtualNode), 'apf');
  await s.retry();
  const item = must([...walk([contextNode(s.snapshot())])].find((n) => n.label === 'Not listed yet: virtualnodes (offloading.liqo.io)'), 'the not-listed item');
  assert.equal(item.description, 'retrying');
  assert.match(item.tooltip ?? '', /Too many requests/);
});

test('impersonation from the kubeconfig reaches every request: lists, watches and logs run as the impersonated user', async () => {
  const log = env.sim.cluster('k8s-lab');
  const from = log.requests().length;
  const m = env.manager([extra]);
  const s = must(m.get('as-restricted'), 'as-restricted');
  await s.start();
  assert.equal(s.state, 'ready', s.error?.message);
  const snap = s.snapshot();
  assert.ok(snap.unlistedKinds?.some((u) => u.resource === 'virtualnodes' && /User "restricted@k8s-lab"/.test(u.message)), 'the admin, impersonating, sees what restricted sees');
  // A log stream of the pod restricted may read: the pod has no node yet, so 204, as kube-apiserver answers.
  const pod = must((await s.http.request<{ items: { metadata: { name: string } }[] }>('GET', resourcePath(kinds.pod, 'liqo-demo'))).items[0], 'a demo pod');
  let opened = 0;
  await s.http.stream(`${resourcePath(kinds.pod, 'liqo-demo', pod.metadata.name)}/log`, { query: { follow: true }, onLine: () => undefined, onOpen: (c) => { opened = c; } });
  assert.equal(opened, 204);
  const mine = log.requests().slice(from).filter((r) => r.as !== undefined);
  assert.ok(mine.every((r) => r.as === 'restricted@k8s-lab'));
  assert.ok(mine.some((r) => r.path.endsWith('/log')), 'the log request ran impersonated');
  assert.ok(mine.some((r) => r.path === resourcePath(kinds.pod) && !r.query.includes('watch=')), 'a list ran impersonated');

  const viewers = must(m.get('as-viewers'), 'as-viewers');
  await viewers.start();
  assert.equal(viewers.snapshot().unlistedKinds, undefined, 'impersonated groups count: the viewers group reads everything');
  const seen = log.requests().filter((r) => r.as === 'jane');
  assert.ok(seen.length > 0 && seen.every((r) => r.asGroups?.includes('gpu-team') && r.asGroups.includes('liqo-sim:viewers')), 'Impersonate-Group went with every request');
  assert.ok(seen.some((r) => r.query.includes('watch=')), 'the watches ran impersonated');
});

test('a user who may not impersonate gets a clear forbidden context, not an empty tree', async () => {
  const m = env.manager([extra]);
  const s = must(m.get('viewer-as-admin'), 'viewer-as-admin');
  await s.start();
  assert.equal(s.state, 'failed');
  assert.equal(s.error?.kind, 'forbidden');
  assert.match(s.error?.message ?? '', /users "kubernetes-admin" is forbidden: User "viewer@k8s-lab" cannot impersonate resource "users"/);
});

async function denied(p: Promise<unknown>): Promise<AccessDeniedError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  assert.ok(e instanceof AccessDeniedError, `refused with an AccessDeniedError, got ${String(e)}`);
  return e;
}

test('write commands ask SelfSubjectAccessReview first: the refusal names verb, resource, namespace and user', async () => {
  const restricted = await readySession(env, 'restricted@k8s-lab');
  const admin = await readySession(env, 'admin@k8s-lab');
  assert.equal(await whoAmI(restricted.http), 'restricted@k8s-lab');
  assert.deepEqual(await canI(restricted.http, { verb: 'get', kind: kinds.pod, namespace: 'liqo-demo', subresource: 'log' }), { allowed: true, reason: 'RBAC: allowed by RoleBinding "liqo-demo-reader/liqo-demo" of Role "liqo-demo-reader" to User "restricted@k8s-lab"' });
  assert.deepEqual(await canI(admin.http, { verb: 'create', kind: kinds.namespaceOffloading, namespace: 'liqo-demo' }),
    { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"' });

  const off = await denied(requireAccess(restricted.http, offloadAccess('liqo-demo'), 'fallback'));
  assert.equal(off.message, 'restricted@k8s-lab may not create namespaceoffloadings.offloading.liqo.io in namespace liqo-demo. Ask a cluster admin for a Role or ClusterRole that allows it.');
  assert.equal(off.kind, 'forbidden');
  const un = await denied(requireAccess(restricted.http, unoffloadAccess('liqo-demo'), 'fallback'));
  assert.match(un.message, /^restricted@k8s-lab may not delete namespaceoffloadings\.offloading\.liqo\.io "offloading" in namespace liqo-demo\./);
  const slices = await denied(requireAccess(restricted.http, sliceAccess(), 'fallback'));
  assert.match(slices.message, /^restricted@k8s-lab may not list namespaces at cluster scope\./);
  const create = await denied(requireAccess(restricted.http, sliceAccess('liqo-tenant-k8s-gpu'), 'fallback'));
  assert.match(create.message, /may not create resourceslices\.authentication\.liqo\.io in namespace liqo-tenant-k8s-gpu/);

  for (const r of [offloadAccess('liqo-demo'), unoffloadAccess('liqo-demo'), sliceAccess(), sliceAccess('liqo-tenant-k8s-gpu')]) await requireAccess(admin.http, r, 'fallback');
  const viewer = await readySession(env, 'viewer@k8s-lab');
  await denied(requireAccess(viewer.http, offloadAccess('liqo-demo'), 'fallback'));
});

test('a server that cannot review access leaves the check to the dry-run; an unreachable one fails it', async () => {
  const s: Session = await readySession(env, 'admin@k8s-lab');
  const log = env.sim.cluster('k8s-lab');
  log.faults.failNext(2, 500, undefined, '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews');
  await requireAccess(s.http, offloadAccess('liqo-demo'), 'fallback');
  await log.faults.stop();
  const e = await requireAccess(s.http, offloadAccess('liqo-demo'), 'fallback').then(() => undefined, (x: unknown) => x);
  await log.faults.restart();
  assert.ok(e instanceof Error && !(e instanceof AccessDeniedError), `an unreachable server is not a refusal: ${String(e)}`);
});

test('kubectl: RBAC evaluation as kube-apiserver does it: resourceNames, subresources, API groups, bindings to groups', async () => {
  await k.ok(['apply', '-f', '-'], { stdin: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: narrow, namespace: default}
rules:
- {apiGroups: [""], resources: [configmaps], resourceNames: [allowed], verbs: [get, update]}
- {apiGroups: [""], resources: ["*/log"], verbs: [get]}
- {apiGroups: [apps], resources: [deployments/scale], verbs: [patch]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: narrow, namespace: default}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: narrow}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: narrow-team}]
` });
  const can = async (...args: string[]): Promise<string> => (await k.run(['auth', 'can-i', ...args, '-n', 'default', '--as', 'bob', '--as-group', 'narrow-team'])).stdout.trim();
  assert.equal(await can('get', 'configmaps/allowed'), 'yes');
  assert.equal(await can('update', 'configmaps/allowed'), 'yes');
  assert.equal(await can('get', 'configmaps/other'), 'no', 'resourceNames name one object');
  assert.equal(await can('list', 'configmaps'), 'no', 'a list has no name, so resourceNames never allow it');
  assert.equal(await can('get', 'pods', '--subresource=log'), 'yes', '*/log matches any resource\'s log');
  assert.equal(await can('get', 'pods'), 'no', 'but not the resource itself');
  assert.equal(await can('patch', 'deployments.apps', '--subresource=scale'), 'yes');
  assert.equal(await can('patch', 'deployments.apps'), 'no');
  assert.equal(await can('patch', 'deployments.extensions', '--subresource=scale'), 'no', 'another API group');
  assert.equal((await k.run(['auth', 'can-i', 'get', 'configmaps/allowed', '-n', 'kube-system', '--as', 'bob', '--as-group', 'narrow-team'])).stdout.trim(), 'no', 'a RoleBinding holds in its namespace only');
  assert.equal((await k.run(['auth', 'can-i', 'get', 'configmaps/allowed', '-n', 'default', '--as', 'bob'])).stdout.trim(), 'no', 'the binding is to the group');
  // The rules hold for real requests too.
  await k.ok(['create', 'configmap', 'allowed', '-n', 'default', '--from-literal=a=b']);
  assert.match(await k.ok(['get', 'configmap', 'allowed', '-n', 'default', '--as', 'bob', '--as-group', 'narrow-team']), /allowed/);
  const list = await k.run(['get', 'configmaps', '-n', 'default', '--as', 'bob', '--as-group', 'narrow-team']);
  assert.match(list.stderr, /Error from server \(Forbidden\): configmaps is forbidden: User "bob" cannot list resource "configmaps" in API group "" in the namespace "default"/);
});
