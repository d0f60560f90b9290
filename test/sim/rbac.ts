// Authorization as kube-apiserver's RBAC authorizer evaluates it: Roles, ClusterRoles and their bindings are
// served objects, read from the store on every request. Plus the impersonation filter (Impersonate-* headers),
// SelfSubjectAccessReview and SelfSubjectRulesReview answered from the same rules.
import type { IncomingMessage } from 'node:http';
import type { User } from './auth.js';
import { ApiError, badRequest, forbidden } from './errors.js';
import { allTypes, apiVersionOf, type ResourceType } from './kinds.js';
import type { KObj, Store } from './store.js';

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

interface Subject { kind: string; name: string; namespace?: string }
interface RoleRef { kind: 'Role' | 'ClusterRole'; name: string }

/** What one request asks to do, as the authorizer sees it. */
export interface Attributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

const rbacType = (kind: string): ResourceType => {
  const t = allTypes.find((x) => x.group === 'rbac.authorization.k8s.io' && x.kind === kind);
  if (!t) throw new Error(`kinds.ts has no ${kind}`);
  return t;
};
export const roleType = rbacType('Role');
export const clusterRoleType = rbacType('ClusterRole');
export const roleBindingType = rbacType('RoleBinding');
export const clusterRoleBindingType = rbacType('ClusterRoleBinding');

const has = (list: readonly string[] | undefined, v: string): boolean => !!list && (list.includes('*') || list.includes(v));

/** rbac/v1 ResourceMatches: `*`, the resource (with `/subresource`), or `*\/subresource`. */
function resourceMatches(rule: PolicyRule, a: Attributes): boolean {
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  return (rule.resources ?? []).some((r) => r === '*' || r === combined || (!!a.subresource && r === `*/${a.subresource}`));
}

export function ruleAllows(rule: PolicyRule, a: Attributes): boolean {
  if (!rule.resources?.length) return false;
  return has(rule.verbs, a.verb) && has(rule.apiGroups, a.group) && resourceMatches(rule, a)
    && (!rule.resourceNames?.length || (!!a.name && rule.resourceNames.includes(a.name)));
}

function subjectMatches(s: Subject, user: User, bindingNs: string | undefined): boolean {
  switch (s.kind) {
    case 'User': return s.name === user.name;
    case 'Group': return user.groups.includes(s.name);
    case 'ServiceAccount': return user.name === `system:serviceaccount:${s.namespace ?? bindingNs ?? ''}:${s.name}`;
    default: return false;
  }
}

export class Rbac {
  constructor(private readonly store: Store) {}

  private rulesOf(ref: RoleRef, ns: string | undefined): PolicyRule[] {
    const t = ref.kind === 'ClusterRole' ? clusterRoleType : roleType;
    const role = this.store.peekOne(t, ref.kind === 'Role' ? ns : undefined, ref.name);
    return (role?.rules as PolicyRule[] | undefined) ?? [];
  }

  /**
   * The rules that apply to the user in `namespace` (cluster-wide ones only when it is undefined), each with the
   * binding it comes from in the authorizer's words: every ClusterRoleBinding's, then the RoleBindings' of that
   * namespace, as the RBAC authorizer visits them.
   */
  sourcedRules(user: User, namespace: string | undefined): { rule: PolicyRule; source: string }[] {
    const out: { rule: PolicyRule; source: string }[] = [];
    const visit = (b: KObj, kind: string, ns: string | undefined): void => {
      const subject = ((b.subjects ?? []) as Subject[]).find((s) => subjectMatches(s, user, ns));
      if (!subject) return;
      const ref = b.roleRef as RoleRef;
      const who = subject.kind === 'ServiceAccount' ? `${subject.kind} "${subject.namespace ?? ns ?? ''}/${subject.name}"` : `${subject.kind} "${subject.name}"`;
      const source = `${kind} "${ns ? `${b.metadata.name ?? ''}/${ns}` : b.metadata.name ?? ''}" of ${ref.kind} "${ref.name}" to ${who}`;
      for (const rule of this.rulesOf(ref, ns)) out.push({ rule, source });
    };
    for (const b of this.store.peek(clusterRoleBindingType)) visit(b, 'ClusterRoleBinding', undefined);
    if (namespace) for (const b of this.store.peek(roleBindingType)) if (b.metadata.namespace === namespace) visit(b, 'RoleBinding', namespace);
    return out;
  }

  rules(user: User, namespace: string | undefined): PolicyRule[] {
    return this.sourcedRules(user, namespace).map((r) => r.rule);
  }

  /** Why the user may, as kube-apiserver's RBAC authorizer words it; undefined when it may not. */
  allowedBy(user: User, a: Attributes): string | undefined {
    const hit = this.sourcedRules(user, a.namespace).find((r) => ruleAllows(r.rule, a));
    return hit ? `RBAC: allowed by ${hit.source}` : undefined;
  }

  allows(user: User, a: Attributes): boolean {
    return this.allowedBy(user, a) !== undefined;
  }

  /** Throws the 403 kube-apiserver writes when the user may not. */
  authorize(user: User, a: Attributes, t: Pick<ResourceType, 'group' | 'plural'> = { group: a.group, plural: a.resource }): void {
    if (this.allows(user, a)) return;
    const what = a.subresource ? { ...t, plural: `${t.plural}/${a.subresource}` } : t;
    throw forbidden(user.name, a.verb, what as ResourceType, a.namespace, a.name);
  }

  /**
   * The impersonation filter: with Impersonate-* headers the request runs as the named user, if the real user
   * may `impersonate` each of them (users, groups, uids, userextras/<key>); otherwise 403. Without, the user.
   */
  impersonate(user: User, req: IncomingMessage): User {
    const h = req.headers;
    const one = (k: string): string | undefined => { const v = h[k]; return Array.isArray(v) ? v[0] : v; };
    const name = one('impersonate-user');
    const groups = ([] as string[]).concat(h['impersonate-group'] ?? []).flatMap((g) => g.split(',').map((x) => x.trim())).filter(Boolean);
    const uid = one('impersonate-uid');
    const extra: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(h)) {
      if (!k.startsWith('impersonate-extra-') || v === undefined) continue;
      extra[decodeURIComponent(k.slice('impersonate-extra-'.length))] = ([] as string[]).concat(v).flatMap((x) => x.split(',').map((y) => y.trim()));
    }
    if (name === undefined) {
      if (groups.length || uid !== undefined || Object.keys(extra).length) {
        throw badRequest(`requested ${JSON.stringify({ groups, uid, extra })} without impersonating a user`);
      }
      return user;
    }
    const check = (resource: string, n: string, group = '', subresource?: string): void =>
      this.authorize(user, { verb: 'impersonate', group, resource, subresource, name: n });
    if (name.startsWith('system:serviceaccount:')) {
      const [, , ns, sa] = name.split(':');
      this.authorize(user, { verb: 'impersonate', group: '', resource: 'serviceaccounts', namespace: ns, name: sa });
    } else check('users', name);
    for (const g of groups) check('groups', g);
    if (uid !== undefined) check('uids', uid, 'authentication.k8s.io');
    for (const [k, vs] of Object.entries(extra)) for (const v of vs) check('userextras', v, 'authentication.k8s.io', k);
    const all = name === 'system:anonymous' || groups.includes('system:authenticated') ? groups : [...groups, 'system:authenticated'];
    return { name, groups: all, uid, extra, impersonatedBy: user.name };
  }

  /** SelfSubjectAccessReview: whether the caller may, with the reason the RBAC authorizer gives. */
  accessReview(user: User, body: KObj): KObj {
    const spec = (body.spec ?? {}) as { resourceAttributes?: Partial<Attributes> & { version?: string }; nonResourceAttributes?: { path?: string; verb?: string } };
    const ra = spec.resourceAttributes;
    let allowed = false;
    let reason: string | undefined;
    if (ra) {
      const a: Attributes = { verb: ra.verb ?? '', group: ra.group ?? '', resource: ra.resource ?? '', subresource: ra.subresource || undefined, namespace: ra.namespace || undefined, name: ra.name || undefined };
      reason = this.allowedBy(user, a);
      allowed = reason !== undefined;
    } else if (spec.nonResourceAttributes) {
      const { path = '', verb = '' } = spec.nonResourceAttributes;
      allowed = this.rules(user, undefined).some((r) => has(r.verbs, verb) && (r.nonResourceURLs ?? []).some((u) => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.slice(0, -1)))));
    } else throw new ApiError(422, 'Invalid', 'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified');
    return { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', metadata: { creationTimestamp: null } as unknown as KObj['metadata'], spec: body.spec,
      status: allowed ? { allowed: true, ...(reason ? { reason } : {}) } : { allowed: false } };
  }

  /** SelfSubjectRulesReview: every rule that applies in spec.namespace, resource and non-resource. */
  rulesReview(user: User, body: KObj): KObj {
    const ns = ((body.spec ?? {}) as { namespace?: string }).namespace || undefined;
    const rules = this.rules(user, ns);
    const resourceRules = rules.filter((r) => r.resources?.length).map((r) => ({ verbs: r.verbs, apiGroups: r.apiGroups ?? [], resources: r.resources ?? [], ...(r.resourceNames?.length ? { resourceNames: r.resourceNames } : {}) }));
    const nonResourceRules = rules.filter((r) => r.nonResourceURLs?.length).map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs ?? [] }));
    return { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', metadata: { creationTimestamp: null } as unknown as KObj['metadata'], spec: body.spec ?? {},
      status: { resourceRules, nonResourceRules, incomplete: false } };
  }
}

const crole = (name: string, rules: PolicyRule[], labels: Record<string, string> = { 'kubernetes.io/bootstrapping': 'rbac-defaults' }): KObj =>
  ({ apiVersion: apiVersionOf(clusterRoleType), kind: 'ClusterRole', metadata: { name, labels }, rules });
const crb = (name: string, role: string, subjects: Subject[]): KObj =>
  ({ apiVersion: apiVersionOf(clusterRoleBindingType), kind: 'ClusterRoleBinding', metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects: subjects.map((s) => ({ apiGroup: 'rbac.authorization.k8s.io', ...s })) });

/** The group every read-only token user of the simulator (viewer@, exec@) is in. */
export const VIEWERS_GROUP = 'liqo-sim:viewers';
/** The namespace restricted@<consumer> may work in, and nothing else. */
export const RESTRICTED_NAMESPACE = 'liqo-demo';

/**
 * What every cluster starts with: kube-apiserver's bootstrap roles that matter here (cluster-admin for
 * system:masters, discovery and the self reviews for everyone signed in), a read-everything ClusterRole for the
 * viewers, and for `restricted`: a Role in one namespace that reads pods and their logs and reads (not writes)
 * NamespaceOffloadings and ResourceSlices, bound to that user alone. Nothing cluster-scoped is granted to it.
 */
export function bootstrapRbac(restrictedUser: string | undefined): { t: ResourceType; obj: KObj }[] {
  const out: { t: ResourceType; obj: KObj }[] = [
    { t: clusterRoleType, obj: crole('cluster-admin', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verbs: ['*'], nonResourceURLs: ['*'] }]) },
    { t: clusterRoleBindingType, obj: crb('cluster-admin', 'cluster-admin', [{ kind: 'Group', name: 'system:masters' }]) },
    { t: clusterRoleType, obj: crole('system:basic-user', [
      { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
      { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] }]) },
    { t: clusterRoleBindingType, obj: crb('system:basic-user', 'system:basic-user', [{ kind: 'Group', name: 'system:authenticated' }]) },
    { t: clusterRoleType, obj: crole('system:discovery', [{ verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'] }]) },
    { t: clusterRoleBindingType, obj: crb('system:discovery', 'system:discovery', [{ kind: 'Group', name: 'system:authenticated' }]) },
    { t: clusterRoleType, obj: crole('liqo-sim:view-all', [{ verbs: ['get', 'list', 'watch'], apiGroups: ['*'], resources: ['*'] }], {}) },
    { t: clusterRoleBindingType, obj: crb('liqo-sim:viewers', 'liqo-sim:view-all', [{ kind: 'Group', name: VIEWERS_GROUP }]) },
  ];
  if (restrictedUser) {
    out.push({ t: roleType, obj: { apiVersion: apiVersionOf(roleType), kind: 'Role', metadata: { name: 'liqo-demo-reader', namespace: RESTRICTED_NAMESPACE }, rules: [
      { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods', 'pods/log'] },
      { verbs: ['get', 'list', 'watch'], apiGroups: ['offloading.liqo.io'], resources: ['namespaceoffloadings'] },
      { verbs: ['get', 'list', 'watch'], apiGroups: ['authentication.liqo.io'], resources: ['resourceslices'] },
    ] } });
    out.push({ t: roleBindingType, obj: { apiVersion: apiVersionOf(roleBindingType), kind: 'RoleBinding', metadata: { name: 'liqo-demo-reader', namespace: RESTRICTED_NAMESPACE },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'liqo-demo-reader' }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: restrictedUser }] } });
  }
  return out;
}
