// Authentication (client certificate or bearer token) and a two-role authorization:
// the admin may do everything, a viewer may only read.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { forbidden, unauthorized } from './errors.js';
import type { ResourceType } from './kinds.js';

export interface User { name: string; groups: string[]; readOnly: boolean }

const readVerbs = new Set(['get', 'list', 'watch']);
/** The subject of each connection's client certificate. */
const subjects = new WeakMap<TLSSocket, Record<string, string | string[]>>();

export class Auth {
  /** token -> user name */
  private readonly tokens = new Map<string, string>();
  private readonly revoked = new Set<string>();

  addToken(token: string, user: string): void {
    this.tokens.set(token, user);
  }

  /** Revokes a user: a token user (viewer@<cluster>), or the admin by its context name or certificate name. */
  revoke(user: string): void {
    this.revoked.add(user);
    if (user.startsWith('admin@')) this.revoked.add('kubernetes-admin');
  }

  authenticate(req: IncomingMessage): User {
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      const user = this.tokens.get(header.slice(7).trim());
      if (!user || this.revoked.has(user)) throw unauthorized();
      return { name: user, groups: ['system:authenticated'], readOnly: true };
    }
    const sock = req.socket as TLSSocket;
    if (sock.authorized) {
      // One connection has one client certificate: read it once (getPeerCertificate is costly at a fleet's request rate).
      let subject = subjects.get(sock);
      if (!subject) {
        subject = (sock.getPeerCertificate().subject as unknown as Record<string, string | string[]> | undefined) ?? {};
        subjects.set(sock, subject);
      }
      const cn = subject?.CN;
      const o = subject?.O;
      const name = Array.isArray(cn) ? cn[0] : cn;
      if (name && !this.revoked.has(name)) return { name, groups: (Array.isArray(o) ? o : o ? [o] : []).concat('system:authenticated'), readOnly: false };
    }
    throw unauthorized();
  }

  authorize(user: User, verb: string, t: ResourceType, ns: string | undefined, name?: string, subresource?: string): void {
    if (!user.readOnly) return;
    if (readVerbs.has(verb)) return;
    const what = subresource ? { ...t, plural: `${t.plural}/${subresource}` } : t;
    throw forbidden(user.name, verb, what, ns, name);
  }
}
