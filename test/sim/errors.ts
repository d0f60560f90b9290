// Kubernetes Status objects for every failure, with the reason and code the real API server uses.
import type { ResourceType } from './kinds.js';

export interface StatusDetails { name?: string; group?: string; kind?: string; uid?: string; retryAfterSeconds?: number;
  causes?: { reason?: string; message: string; field?: string }[] }

export class ApiError extends Error {
  constructor(readonly code: number, readonly reason: string, message: string, readonly details?: StatusDetails) {
    super(message);
  }
  toStatus(): Record<string, unknown> {
    const s: Record<string, unknown> = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: this.message, reason: this.reason, code: this.code };
    if (this.details) s.details = this.details;
    return s;
  }
}

/** `pods` or `namespaceoffloadings.offloading.liqo.io`, as the API server names a resource in messages. */
export function qualified(t: ResourceType): string {
  return t.group ? `${t.plural}.${t.group}` : t.plural;
}

function det(t: ResourceType, name: string): StatusDetails {
  return t.group ? { name, group: t.group, kind: t.plural } : { name, kind: t.plural };
}

export const notFound = (t: ResourceType, name: string): ApiError =>
  new ApiError(404, 'NotFound', `${qualified(t)} "${name}" not found`, det(t, name));

export const alreadyExists = (t: ResourceType, name: string): ApiError =>
  new ApiError(409, 'AlreadyExists', `${qualified(t)} "${name}" already exists`, det(t, name));

export const conflict = (t: ResourceType, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again'): ApiError =>
  new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(t)} "${name}": ${why}`, det(t, name));

export const invalid = (t: ResourceType, name: string, causes: { field: string; message: string }[]): ApiError =>
  new ApiError(422, 'Invalid', `${t.kind} "${name}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`,
    { ...det(t, name), kind: t.kind, causes: causes.map((c) => ({ reason: 'FieldValueInvalid', ...c })) });

export const badRequest = (message: string): ApiError => new ApiError(400, 'BadRequest', message);

export const forbidden = (user: string, verb: string, t: ResourceType, ns: string | undefined, name?: string): ApiError => {
  const what = name ? `${qualified(t)} "${name}"` : qualified(t);
  const where = ns ? ` in the namespace "${ns}"` : ' at the cluster scope';
  return new ApiError(403, 'Forbidden',
    `${what} is forbidden: User "${user}" cannot ${verb} resource "${t.plural}" in API group "${t.group}"${where}`,
    det(t, name ?? ''));
};

export const unauthorized = (): ApiError => new ApiError(401, 'Unauthorized', 'Unauthorized');

export const methodNotAllowed = (): ApiError =>
  new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');

export const gone = (message = 'too old resource version'): ApiError => new ApiError(410, 'Expired', message);

export const denied = (webhook: string, message: string): ApiError =>
  new ApiError(403, 'Forbidden', `admission webhook "${webhook}" denied the request: ${message}`);

export const internal = (message: string): ApiError => new ApiError(500, 'InternalError', `Internal error occurred: ${message}`);
