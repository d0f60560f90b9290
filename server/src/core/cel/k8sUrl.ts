// The Kubernetes url library (k8s.io/apiserver/pkg/cel/library/urls.go). A URL is accepted as Go's
// url.ParseRequestURI accepts it (an absolute URI or an absolute path) and taken apart as url.Parse does; this is
// the part of Go's net/url those two need, not a general URL parser (WHATWG's URL class differs on purpose).
import { CelScalar, celFunc, celMethod, listType, mapType, type CelFunc } from '@bufbuild/cel';
import { URLType } from './opaque';

export interface GoURL { scheme: string; opaque: string; host: string; path: string; rawPath: string; rawQuery: string }

const utf8 = new TextEncoder();
const hostChar = /[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"]/;

/** Characters Go leaves unescaped in a path (shouldEscape(c, encodePath) is false). */
function pathSafe(c: string): boolean {
  return /[A-Za-z0-9\-_.~$&+,/:;=@]/.test(c);
}

/** Go's unescape: %XX must be well formed, and a host allows few characters and escapes only non-ASCII bytes. */
function unescape(s: string, host: boolean): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length;) {
    if (s[i] === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex) || (host && parseInt(hex[0], 16) < 8 && hex !== '25')) {
        throw new Error(`invalid URL escape ${JSON.stringify(s.slice(i, i + 3))}`);
      }
      bytes.push(parseInt(hex, 16));
      i += 3;
    } else {
      const ch = String.fromCodePoint(s.codePointAt(i) ?? 0);
      if (host && ch < '\x80' && !hostChar.test(ch)) throw new Error(`invalid character ${JSON.stringify(ch)} in host name`);
      bytes.push(...utf8.encode(ch));
      i += ch.length;
    }
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}

function escapePath(s: string): string {
  let out = '';
  for (const ch of s) {
    if (pathSafe(ch)) out += ch;
    else for (const b of utf8.encode(ch)) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function validPort(colonPort: string): boolean {
  return colonPort === '' || /^:[0-9]*$/.test(colonPort);
}

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) throw new Error("missing ']' in host");
    if (!validPort(host.slice(close + 1))) throw new Error(`invalid port ${JSON.stringify(host.slice(close + 1))} after host`);
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0 && !validPort(host.slice(colon))) throw new Error(`invalid port ${JSON.stringify(host.slice(colon))} after host`);
  }
  return unescape(host, true);
}

/** Go's url.Parse (viaRequest false) or url.ParseRequestURI (true); throws with Go's reason. */
export function parseGoURL(raw: string, viaRequest: boolean): GoURL {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new Error('net/url: invalid control character in URL');
  if (raw === '' && viaRequest) throw new Error('empty url');
  const u: GoURL = { scheme: '', opaque: '', host: '', path: '', rawPath: '', rawQuery: '' };
  if (raw === '*') return { ...u, path: '*' };
  if (raw.startsWith(':')) throw new Error('missing protocol scheme');
  let rest = raw;
  const scheme = /^([A-Za-z][A-Za-z0-9+\-.]*):/.exec(raw);
  if (scheme) {
    u.scheme = scheme[1].toLowerCase();
    rest = raw.slice(scheme[0].length);
  }
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) rest = rest.slice(0, -1);
  else if (rest.includes('?')) { u.rawQuery = rest.slice(rest.indexOf('?') + 1); rest = rest.slice(0, rest.indexOf('?')); }
  if (!rest.startsWith('/')) {
    if (u.scheme) return { ...u, opaque: rest };
    if (viaRequest) throw new Error('invalid URI for request');
    const colon = rest.indexOf(':');
    const slash = rest.indexOf('/');
    if (colon >= 0 && (slash < 0 || colon < slash)) throw new Error('first path segment in URL cannot contain colon');
  }
  if ((u.scheme || (!viaRequest && !rest.startsWith('///'))) && rest.startsWith('//')) {
    const end = rest.indexOf('/', 2);
    const authority = end < 0 ? rest.slice(2) : rest.slice(2, end);
    rest = end < 0 ? '' : rest.slice(end);
    const at = authority.lastIndexOf('@');
    if (at >= 0 && !/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(authority.slice(0, at))) throw new Error('net/url: invalid userinfo');
    u.host = parseHost(at < 0 ? authority : authority.slice(at + 1));
  }
  u.path = unescape(rest, false);
  u.rawPath = escapePath(u.path) === rest ? '' : rest;
  return u;
}

function validEncodedPath(s: string): boolean {
  return [...s].every((c) => c === '%' || /[!$&'()*+,;=:@[\]]/.test(c) || pathSafe(c));
}

export function escapedPath(u: GoURL): string {
  if (u.rawPath && validEncodedPath(u.rawPath) && unescapeOrUndefined(u.rawPath) === u.path) return u.rawPath;
  return u.path === '*' ? '*' : escapePath(u.path);
}

function unescapeOrUndefined(s: string): string | undefined {
  try { return unescape(s, false); } catch { return undefined; }
}

function splitHostPort(host: string): [string, string] {
  const colon = host.lastIndexOf(':');
  const [h, p] = colon >= 0 && validPort(host.slice(colon)) ? [host.slice(0, colon), host.slice(colon + 1)] : [host, ''];
  return [h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h, p];
}

/** Go's url.ParseQuery, ignoring the pairs it would report as errors (as URL.Query() does). */
export function parseQuery(raw: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pair of raw.split('&')) {
    if (pair === '' || pair.includes(';')) continue;
    const eq = pair.indexOf('=');
    const decode = (s: string): string | undefined => unescapeOrUndefined(s.replace(/\+/g, ' '));
    const k = decode(eq < 0 ? pair : pair.slice(0, eq));
    const v = decode(eq < 0 ? '' : pair.slice(eq + 1));
    if (k === undefined || v === undefined) continue;
    const values = out.get(k);
    if (values) values.push(v);
    else out.set(k, [v]);
  }
  return out;
}

function accepts(s: string): boolean {
  try { parseGoURL(s, true); return true; } catch { return false; }
}

function urlOf(v: Parameters<typeof URLType.repr>[0]): GoURL {
  const raw = URLType.repr(v);
  const hash = raw.indexOf('#');
  return parseGoURL(hash < 0 ? raw : raw.slice(0, hash), false);
}

const { BOOL, STRING } = CelScalar;
const URL = URLType.type;
const part = (name: string, get: (u: GoURL) => string): CelFunc => celMethod(name, URL, [], STRING, function () { return get(urlOf(this)); });

export const urlFuncs: CelFunc[] = [
  celFunc('url', [STRING], URL, (s) => {
    parseGoURL(s, true);
    return URLType.make(s);
  }),
  celFunc('isURL', [STRING], BOOL, accepts),
  part('getScheme', (u) => u.scheme),
  part('getHost', (u) => u.host),
  part('getHostname', (u) => splitHostPort(u.host)[0]),
  part('getPort', (u) => splitHostPort(u.host)[1]),
  part('getEscapedPath', escapedPath),
  celMethod('getQuery', URL, [], mapType(STRING, listType(STRING)), function () {
    return new Map([...parseQuery(urlOf(this).rawQuery)]);
  }),
];
