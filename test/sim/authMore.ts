// More ways in, as a kube-apiserver can be configured: static passwords (basic auth, which kube-apiserver dropped in
// 1.19 but authenticating proxies in front of it still take) and OIDC id-tokens (--oidc-issuer-url, --oidc-client-id:
// an RS256 JWT signed by the issuer, for this client, not expired). Both users are read-only, like the viewer.
import { createPublicKey, timingSafeEqual, verify, type KeyObject } from 'node:crypto';

export interface OidcTrust {
  issuer: string;
  clientId: string;
  /** The issuer's signing key (PEM). */
  publicKeyPem: string;
}

export class MoreAuth {
  private readonly passwords = new Map<string, string>();
  private readonly issuers: { trust: OidcTrust; key: KeyObject }[] = [];

  addBasicUser(user: string, password: string): void {
    this.passwords.set(user, password);
  }

  trustOidc(trust: OidcTrust): void {
    this.issuers.push({ trust, key: createPublicKey(trust.publicKeyPem) });
  }

  /** The user of a `Basic` Authorization header, or undefined when it does not match. */
  basicUser(header: string): string | undefined {
    const text = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = text.indexOf(':');
    if (colon < 0) return undefined;
    const user = text.slice(0, colon);
    const want = this.passwords.get(user);
    const got = Buffer.from(text.slice(colon + 1));
    if (want === undefined || want.length !== got.length || !timingSafeEqual(Buffer.from(want), got)) return undefined;
    return user;
  }

  /** The user (`<issuer>#<sub>`, as kube-apiserver names it by default) of a valid id-token; undefined otherwise. */
  oidcUser(token: string, now = Date.now()): string | undefined {
    const parts = token.split('.');
    if (parts.length !== 3 || !this.issuers.length) return undefined;
    const [h = '', p = '', sig = ''] = parts;
    let header: { alg?: string };
    let claims: { iss?: string; aud?: string | string[]; exp?: number; sub?: string };
    try {
      header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as typeof header;
      claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as typeof claims;
    } catch {
      return undefined;
    }
    if (header.alg !== 'RS256') return undefined;
    const issuer = this.issuers.find((i) => i.trust.issuer === claims.iss);
    if (!issuer) return undefined;
    if (!verify('sha256', Buffer.from(`${h}.${p}`), issuer.key, Buffer.from(sig, 'base64url'))) return undefined;
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!aud.includes(issuer.trust.clientId)) return undefined;
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now || !claims.sub) return undefined;
    return `${issuer.trust.issuer}#${claims.sub}`;
  }
}
