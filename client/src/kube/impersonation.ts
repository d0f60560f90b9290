// Impersonation from a kubeconfig user (`as`, `as-groups`, `as-uid`, `as-user-extra`), sent as client-go sends it.
// client-node reads only `as`, so the users' entries are read here from the file's own text.
import { parse } from 'yaml';

export interface Impersonation {
  user?: string;
  groups: string[];
  uid?: string;
  extra: Record<string, string[]>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The impersonation of each user of one kubeconfig file's text, by user name; users without any are left out. */
export function readImpersonation(text: string): Map<string, Impersonation> {
  const out = new Map<string, Impersonation>();
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 100 });
  } catch {
    return out; // the kubeconfig loader reports a file it cannot read
  }
  const users = (doc as { users?: unknown } | null)?.users;
  if (!Array.isArray(users)) return out;
  for (const entry of users as { name?: unknown; user?: Record<string, unknown> }[]) {
    const name = str(entry?.name);
    const u = entry?.user;
    if (!name || !u || typeof u !== 'object') continue;
    const extra: Record<string, string[]> = {};
    const rawExtra = u['as-user-extra'];
    if (rawExtra && typeof rawExtra === 'object' && !Array.isArray(rawExtra)) {
      for (const [k, v] of Object.entries(rawExtra as Record<string, unknown>)) extra[k] = strings(v);
    }
    const imp: Impersonation = { user: str(u.as), groups: strings(u['as-groups']), uid: str(u['as-uid']), extra };
    if (imp.user || imp.groups.length || imp.uid || Object.keys(extra).length) out.set(name, imp);
  }
  return out;
}

/** Header-key characters client-go leaves as they are (an HTTP token); anything else is percent-encoded. */
const tokenChar = /[A-Za-z0-9!#$&'*+\-.^_`|~]/;

function headerKeyEscape(key: string): string {
  let out = '';
  for (const b of Buffer.from(key, 'utf8')) {
    const c = String.fromCharCode(b);
    out += b < 0x80 && tokenChar.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * The Impersonate-* headers for every request, watches and logs included. Groups, uid and extra go only with a
 * user, as kubectl requires (the API server refuses them alone).
 */
export function impersonationHeaders(imp: Impersonation | undefined): Record<string, string | string[]> {
  if (!imp?.user) return {};
  const h: Record<string, string | string[]> = { 'Impersonate-User': imp.user };
  if (imp.groups.length) h['Impersonate-Group'] = imp.groups;
  if (imp.uid) h['Impersonate-Uid'] = imp.uid;
  for (const [k, vs] of Object.entries(imp.extra)) if (vs.length) h[`Impersonate-Extra-${headerKeyEscape(k)}`] = vs;
  return h;
}
