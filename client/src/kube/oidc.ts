// The `oidc` auth provider as kubectl runs it: the kubeconfig's id-token is used until it expires, then the
// refresh token is traded at the issuer's token endpoint (found through /.well-known/openid-configuration) for a
// new id-token. kubectl writes the new tokens back into the kubeconfig; this client never writes the user's files,
// so they are kept in memory, per refresh token, for the life of the process (see README, "Kubeconfig support").
import type * as http from 'node:http';
import * as fs from 'node:fs';
import { KubeError } from './errors';
import { makeAgent, proxyFor, startRequest } from './proxy';

export interface OidcConfig {
  'idp-issuer-url'?: string;
  'client-id'?: string;
  'client-secret'?: string;
  'id-token'?: string;
  'refresh-token'?: string;
  'idp-certificate-authority'?: string;
  'idp-certificate-authority-data'?: string;
  'extra-scopes'?: string;
}

interface Tokens { idToken: string; refreshToken: string }

/** Tokens refreshed in this process, keyed by the refresh token they replaced (a spent one is never sent again). */
const refreshed = new Map<string, Tokens>();

/** How early an id-token counts as expired, as client-go's oauth2 does. */
const earlyMs = 10_000;

/** The id-token's `exp` in ms, or 0 when it is not a JWT with one. Never verifies: the API server does. */
export function idTokenExpiry(token: string): number {
  const part = token.split('.')[1];
  if (!part) return 0;
  try {
    const exp = (JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : 0;
  } catch {
    return 0;
  }
}

export class OidcProvider {
  private tokens: Tokens;
  private refreshing: Promise<string> | undefined;

  constructor(private readonly cfg: OidcConfig, private readonly timeoutMs: number) {
    let t: Tokens = { idToken: cfg['id-token'] ?? '', refreshToken: cfg['refresh-token'] ?? '' };
    for (let next = refreshed.get(t.refreshToken); next && next !== t; next = refreshed.get(t.refreshToken)) t = next;
    this.tokens = t;
  }

  /** Every secret this provider holds, so that messages can be checked against them. */
  secrets(): string[] {
    return [this.tokens.idToken, this.tokens.refreshToken, this.cfg['id-token'] ?? '', this.cfg['refresh-token'] ?? '', this.cfg['client-secret'] ?? ''].filter(Boolean);
  }

  /** A valid id-token: the current one, or a refreshed one when it has expired (or `force`, after a 401). */
  async idToken(force = false): Promise<string> {
    const exp = idTokenExpiry(this.tokens.idToken);
    if (!force && this.tokens.idToken && exp > Date.now() + earlyMs) return this.tokens.idToken;
    this.refreshing ??= this.refresh().finally(() => { this.refreshing = undefined; });
    return this.refreshing;
  }

  private async refresh(): Promise<string> {
    const issuer = this.cfg['idp-issuer-url'];
    const clientId = this.cfg['client-id'];
    const spent = this.tokens.refreshToken;
    if (!spent) throw new KubeError('other', 'the OIDC id-token has expired and the kubeconfig has no refresh-token: log in again (e.g. kubectl oidc-login)');
    if (!issuer || !clientId) throw new KubeError('other', 'OIDC: the kubeconfig needs idp-issuer-url and client-id to refresh the id-token');
    let base: URL;
    try { base = new URL(issuer); } catch { throw new KubeError('other', 'OIDC: idp-issuer-url is not a URL'); }
    if (base.protocol !== 'https:') throw new KubeError('other', 'OIDC: idp-issuer-url must be https');
    const ca = this.issuerCa();
    const agent = makeAgent(base, proxyFor(base, undefined), ca ? { ca } : {}, this.timeoutMs);
    try {
      const discovery = await call(agent, new URL(`${base.href.replace(/\/$/, '')}/.well-known/openid-configuration`), 'GET', undefined, {}, this.timeoutMs, 'discovery');
      const endpoint = typeof discovery.token_endpoint === 'string' ? discovery.token_endpoint : '';
      if (!endpoint.startsWith('https://')) throw new KubeError('other', 'OIDC refresh failed: the issuer\'s discovery document names no https token_endpoint');
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: spent });
      const scopes = ['openid', 'offline_access', ...(this.cfg['extra-scopes'] ?? '').split(',').map((s) => s.trim()).filter(Boolean)];
      form.set('scope', scopes.join(' '));
      const secret = this.cfg['client-secret'] ?? '';
      // client_secret_basic, as Go's oauth2 sends it first.
      const headers = { Authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}` };
      const answer = await call(agent, new URL(endpoint), 'POST', form.toString(), headers, this.timeoutMs, 'token');
      const idToken = typeof answer.id_token === 'string' ? answer.id_token : '';
      if (!idToken) throw new KubeError('other', 'OIDC refresh failed: the token endpoint returned no id_token');
      const next = { idToken, refreshToken: typeof answer.refresh_token === 'string' && answer.refresh_token ? answer.refresh_token : spent };
      refreshed.set(spent, next);
      this.tokens = next;
      return idToken;
    } finally {
      agent.destroy();
    }
  }

  private issuerCa(): Buffer | undefined {
    const file = this.cfg['idp-certificate-authority'];
    if (file) {
      try { return fs.readFileSync(file); } catch (e) { throw new KubeError('other', `OIDC: idp-certificate-authority cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`); }
    }
    const data = this.cfg['idp-certificate-authority-data'];
    return data ? Buffer.from(data, 'base64') : undefined;
  }
}

/** One JSON call to the issuer. Messages name the step and the status, never a body that could hold a token. */
function call(agent: http.Agent, url: URL, method: string, body: string | undefined, headers: Record<string, string>, timeoutMs: number, step: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const req = startRequest(url, {
      method, agent, timeout: timeoutMs,
      headers: { Accept: 'application/json', ...headers, ...(body ? { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(Buffer.byteLength(body)) } : {}) },
    });
    req.on('timeout', () => req.destroy(new KubeError('slow', `OIDC refresh failed: the issuer did not answer its ${step} request within ${timeoutMs} ms`)));
    req.on('error', (e: NodeJS.ErrnoException) => reject(e instanceof KubeError ? e : new KubeError('unreachable', `OIDC refresh failed: the issuer ${url.host} cannot be reached (${e.code ?? 'error'})`)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const code = res.statusCode ?? 0;
        let parsed: Record<string, unknown> = {};
        try { parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>; } catch { /* judged below */ }
        if (code < 200 || code >= 300) {
          // OAuth2 errors are a fixed vocabulary (invalid_grant, invalid_client, ...): safe to show.
          const why = typeof parsed.error === 'string' && /^[a-z_]{1,40}$/.test(parsed.error) ? `: ${parsed.error}` : '';
          const advice = code === 400 || code === 401 ? '; log in again (e.g. kubectl oidc-login)' : '';
          reject(new KubeError('other', `OIDC refresh failed: the issuer's ${step} endpoint answered ${code}${why}${advice}`));
          return;
        }
        if (!parsed || typeof parsed !== 'object') { reject(new KubeError('other', `OIDC refresh failed: the issuer's ${step} answer is not JSON`)); return; }
        resolve(parsed);
      });
      res.on('error', () => reject(new KubeError('unreachable', `OIDC refresh failed: the issuer's ${step} answer was cut`)));
    });
    req.end(body);
  });
}
