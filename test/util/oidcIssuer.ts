// An OpenID Connect issuer for tests: HTTPS, with a discovery document and a token endpoint that trades refresh
// tokens (once each: they rotate) for new RS256 id-tokens that live `ttlSeconds`. The simulator trusts it through
// trustOidc(), so the id-tokens it issues are the only ones let in. It counts its grants and refusals.
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Pem } from '../sim/certs';

export interface TestIssuer {
  url: string;
  clientId: string;
  clientSecret: string;
  publicKeyPem: string;
  /** A fresh id-token for `sub`, valid for ttlSeconds (negative: already expired). */
  idToken(sub: string, ttlSeconds: number): string;
  /** A refresh token the token endpoint accepts once, for `sub`. */
  refreshToken(sub: string): string;
  /** How long the id-tokens of refresh grants live. */
  ttlSeconds: number;
  grants: number;
  refusals: number;
  discoveries: number;
  close(): Promise<void>;
}

export async function startIssuer(pem: Pem, clientId = 'liqo-workbench', ttlSeconds = 60): Promise<TestIssuer> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const clientSecret = `client-secret-${randomBytes(12).toString('hex')}`;
  const live = new Map<string, string>();
  let url = '';
  const jwt = (sub: string, ttl: number): string => {
    const now = Math.floor(Date.now() / 1000);
    const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const body = `${part({ alg: 'RS256', typ: 'JWT', kid: 'test' })}.${part({ iss: url, aud: clientId, sub, iat: now, exp: now + ttl })}`;
    return `${body}.${sign('sha256', Buffer.from(body), privateKey).toString('base64url')}`;
  };
  const refreshToken = (sub: string): string => {
    const t = `refresh-${randomBytes(16).toString('hex')}`;
    live.set(t, sub);
    return t;
  };
  const issuer: TestIssuer = {
    url: '', clientId, clientSecret, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    idToken: jwt, refreshToken, ttlSeconds, grants: 0, refusals: 0, discoveries: 0,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
  const json = (res: ServerResponse, code: number, body: object): void => {
    const text = JSON.stringify(body);
    res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  };
  const server = https.createServer({ cert: pem.cert, key: pem.key }, (req, res) => {
    const path = new URL(req.url ?? '/', url).pathname;
    if (req.method === 'GET' && path === '/.well-known/openid-configuration') {
      issuer.discoveries++;
      json(res, 200, {
        issuer: url, token_endpoint: `${url}/token`, authorization_endpoint: `${url}/auth`, jwks_uri: `${url}/keys`,
        response_types_supported: ['code'], subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256'],
      });
      return;
    }
    if (req.method === 'POST' && path === '/token') {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        const [id, secret] = basic
          ? Buffer.from(basic, 'base64').toString().split(':').map((s) => decodeURIComponent(s))
          : [form.get('client_id') ?? '', form.get('client_secret') ?? ''];
        if (id !== clientId || secret !== clientSecret) { issuer.refusals++; json(res, 401, { error: 'invalid_client' }); return; }
        const token = form.get('refresh_token') ?? '';
        const sub = live.get(token);
        if (form.get('grant_type') !== 'refresh_token' || !sub) { issuer.refusals++; json(res, 400, { error: 'invalid_grant' }); return; }
        live.delete(token);
        issuer.grants++;
        json(res, 200, { access_token: randomBytes(8).toString('hex'), token_type: 'Bearer', expires_in: issuer.ttlSeconds, id_token: jwt(sub, issuer.ttlSeconds), refresh_token: refreshToken(sub) });
      });
      return;
    }
    json(res, 404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  url = `https://localhost:${(server.address() as AddressInfo).port}`;
  issuer.url = url;
  return issuer;
}
