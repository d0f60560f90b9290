// Authentication: a client certificate (its CN is the user, its O the groups) or a bearer token. What a user may
// do is RBAC's to say (rbac.ts).
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { MoreAuth } from './authMore.js';
import { unauthorized } from './errors.js';
import { VIEWERS_GROUP } from './rbac.js';

export interface User {
  name: string;
  groups: string[];
  uid?: string;
  extra?: Record<string, string[]>;
  /** Set when the request impersonates this user: who really sent it. */
  impersonatedBy?: string;
}
/** The subject of each connection's client certificate. */
const subjects = new WeakMap<object, Record<string, string | string[]>>();

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
  /** token -> user */
  private readonly tokens = new Map<string, { name: string; groups: string[] }>();
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

  /** A bearer token for a user; its groups (besides system:authenticated) are the viewers' unless given. */
  addToken(token: string, user: string, groups: string[] = [VIEWERS_GROUP]): void {
    this.tokens.set(token, { name: user, groups });
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
      return { name: user, groups: [VIEWERS_GROUP, 'system:authenticated'] };
    }
    if (header?.startsWith('Bearer ')) {
      const token = header.slice(7).trim();
      const exec = this.execUser(token) ?? this.more.oidcUser(token);
      const user = this.tokens.get(token) ?? (exec ? { name: exec, groups: [VIEWERS_GROUP] } : undefined);
      if (!user || this.revoked.has(user.name)) throw unauthorized();
      return { name: user.name, groups: [...user.groups, 'system:authenticated'] };
    }
    const sock = req.socket as TLSSocket;
    if (sock.authorized) {
      // One connection has one client certificate: read it once (getPeerCertificate is costly at a fleet's request rate).
      // Over HTTP/2, req.socket is a new proxy for every stream, so the connection is the stream's session.
      const connection: object = (req as { stream?: { session?: object } }).stream?.session ?? sock;
      let subject = subjects.get(connection);
      if (!subject) {
        subject = (sock.getPeerCertificate().subject as unknown as Record<string, string | string[]> | undefined) ?? {};
        subjects.set(connection, subject);
      }
      const cn = subject?.CN;
      const o = subject?.O;
      const name = Array.isArray(cn) ? cn[0] : cn;
      if (name && !this.revoked.has(name)) return { name, groups: (Array.isArray(o) ? o : o ? [o] : []).concat('system:authenticated') };
    }
    throw unauthorized();
  }
}
