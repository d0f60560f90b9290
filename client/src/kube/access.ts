// Before a command writes, ask the API server whether the user may (SelfSubjectAccessReview), so a refusal says
// which verb on which resource in which namespace, for whom, before any dry-run or preview.
import { KubeError } from './errors';
import type { KubeHttp } from './http';
import type { ResourceKind } from './kinds';

export interface AccessRequest {
  verb: string;
  kind: Pick<ResourceKind, 'group' | 'plural'>;
  namespace?: string;
  name?: string;
  subresource?: string;
}

interface ReviewAnswer { status?: { allowed?: boolean; denied?: boolean; reason?: string; evaluationError?: string } }
interface WhoAmI { status?: { userInfo?: { username?: string } } }

/** The user may not: the message names the verb, the resource, the namespace and the user. */
export class AccessDeniedError extends KubeError {
  constructor(readonly request: AccessRequest, readonly user: string, reason: string | undefined) {
    const what = `${request.kind.plural}${request.subresource ? `/${request.subresource}` : ''}${request.kind.group ? `.${request.kind.group}` : ''}`;
    const where = request.namespace ? `in namespace ${request.namespace}` : 'at cluster scope';
    super('forbidden', `${user} may not ${request.verb} ${what}${request.name ? ` "${request.name}"` : ''} ${where}` +
      `${reason ? ` (${reason})` : ''}. Ask a cluster admin for a Role or ClusterRole that allows it.`, 403, 'Forbidden');
    this.name = 'AccessDeniedError';
  }
}

/** The user the server sees (SelfSubjectReview), or undefined when it cannot say (older servers). */
export async function whoAmI(http: KubeHttp, signal?: AbortSignal): Promise<string | undefined> {
  try {
    const r = await http.request<WhoAmI>('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }, signal });
    return r.status?.userInfo?.username || undefined;
  } catch {
    return undefined;
  }
}

/** Whether the user may; undefined when the server cannot answer a SelfSubjectAccessReview (then the write itself will say). */
export async function canI(http: KubeHttp, a: AccessRequest, signal?: AbortSignal): Promise<{ allowed: boolean; reason?: string } | undefined> {
  try {
    const r = await http.request<ReviewAnswer>('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      body: {
        apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { verb: a.verb, group: a.kind.group, resource: a.kind.plural, namespace: a.namespace, name: a.name, subresource: a.subresource } },
      },
      signal,
    });
    return { allowed: r.status?.allowed === true, reason: r.status?.reason || r.status?.evaluationError || undefined };
  } catch (e) {
    if (e instanceof KubeError && ['unreachable', 'slow', 'unauthorised', 'aborted'].includes(e.kind)) throw e;
    return undefined;
  }
}

/**
 * Throws AccessDeniedError for the first request the user may not make. A server that cannot review access
 * (404, 403 on the review itself) lets the command go on: its dry-run is then the check.
 */
export async function requireAccess(http: KubeHttp, requests: readonly AccessRequest[], fallbackUser: string, signal?: AbortSignal): Promise<void> {
  const answers = await Promise.all(requests.map((a) => canI(http, a, signal)));
  const i = answers.findIndex((x) => x !== undefined && !x.allowed);
  if (i < 0) return;
  const user = (await whoAmI(http, signal)) ?? fallbackUser;
  throw new AccessDeniedError(requests[i], user, answers[i]?.reason);
}
