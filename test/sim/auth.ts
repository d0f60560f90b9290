// Authentication (client certificate or bearer token) and a two-role authorization:
// the admin may do everything, a viewer may only read.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { MoreAuth } from './authMore.js';
import { forbidden, unauthorized } from './errors.js';
import type { ResourceType } from './kinds.js';

export interface User { name: string; groups: string[]; readOnly: boolean }

const readVerbs = new Set(['get', 'list', 'watch']);
/** The subject of each connection's client certificate. */
const subjects = new WeakMap<TLSSocket, Record<string, string | string[]>>();

/**
 * Expiring tokens, as an exec plugin, OIDC or EKS hands out: `sim-exec.<user>.<expiry ms>.<hmac>`, signed with the
 * cluster's exec secret, accepted until their expiry and refused (401) after it. The issuer is whatever holds the
 * secret: the simulator's kubeconfig passes it to the exec plugin a test provides (SIM_EXEC_SECRET).
 */
export function signExecToken(secret: string, user: string, expiresMs: number): string {
  const body = `${Buffer.from(user).toString('base64url')}.${expiresMs}`;
  return `sim-exec.${body}.${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export class Auth {
  /** token -> user name */
  private readonly tokens = new Map<string, string>();
  private readonly revoked = new Set<string>();
  /** Signs the expiring tokens of exec@<cluster>; never logged. */
  execSecret = '';
  /** Static passwords and trusted OIDC issuers (authMore.ts). */
  readonly more = new MoreAuth();

  /** The user of a valid, unexpired exec token; undefined for anything else. */
  private execUser(token: string, now = Date.now()): string | undefined {
    const m = /^sim-exec\.([A-Za-z0-9_-]+)\.(\d+)\.([0-9a-f]{64})$/.exec(token);
    if (!m || !this.execSecret) return undefined;
    const [, user, expires, mac] = m as unknown as [string, string, string, string];
    const want = createHmac('sha256', this.execSecret).update(`${user}.${expires}`).digest();
    if (!timingSafeEqual(want, Buffer.from(mac, 'hex')) || Number(expires) <= now) return undefined;
    return Buffer.from(user, 'base64url').toString();
  }

  addToken(token: string, user: string): void {
    this.tokens.set(token, user);
  }

  dropToken(token: string): void {
    this.tokens.delete(token);
  }

  /** Revokes a user: a token user (viewer@<cluster>), or the admin by its context name or certificate name. */
  revoke(user: string): void {
    this.revoked.add(user);
    if (user.startsWith('admin@')) this.revoked.add('kubernetes-admin');
  }

  authenticate(req: IncomingMessage): User {
    const header = req.headers.authorization;
    if (header?.startsWith('Basic ')) {
      const user = this.more.basicUser(header);
      if (!user || this.revoked.has(user)) throw unauthorized();
      return { name: user, groups: ['system:authenticated'], readOnly: true };
    }
    if (header?.startsWith('Bearer ')) {
      const token = header.slice(7).trim();
      const user = this.tokens.get(token) ?? this.execUser(token) ?? this.more.oidcUser(token);
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
