// Credentials cut out of text before it is logged. An exec plugin's stderr, an auth error, an API message, a
// language-server trace of an open Secret: any can carry a token, a key or a certificate, and the log is shared
// in bug reports. Every write to the Liqo output channel goes through `redact` (ctx.ts wraps the channel).

const secretKeys = [
  'token', 'id-token', 'refresh-token', 'access-token', 'client-key-data', 'client-certificate-data',
  'client-secret', 'password', 'client-key',
].join('|');

/** Shapes that are credentials wherever they stand, in prose too. */
const shapes: [RegExp, string][] = [
  // A PEM block, or its start when the end was cut off.
  [/-----BEGIN [A-Z0-9 ]{1,40}-----[\s\S]*?(?:-----END [A-Z0-9 ]{1,40}-----|$)/g, '[redacted PEM]'],
  [/\b(Bearer|Basic)\s+[^\s"',]+/gi, '$1 [redacted]'],
  // A JSON Web Token: three base64url parts, the first an encoded `{"`.
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, '[redacted JWT]'],
];

const rules: [RegExp, string][] = [
  ...shapes,
  // `token: x`, `"token":"x"`, `client-key-data=x` in YAML, JSON or flags.
  [new RegExp(`((?:^|[^A-Za-z0-9_-])(?:${secretKeys})["']?\\s*[:=]\\s*["']?)[^\\s"',}]+`, 'gim'), '$1[redacted]'],
];

const apply = (text: string, list: [RegExp, string][]): string => list.reduce((out, [re, by]) => out.replace(re, by), text);

/** The text with tokens, JWTs, PEM blocks and credential-valued keys replaced by placeholders. */
export function redact(text: string): string {
  return apply(text, rules);
}

/**
 * Only PEM blocks, Authorization values and JWTs: for our own sentences that quote someone else's error (an exec
 * plugin's), where "refresh-token: log in again" is prose, not a credential.
 */
export function redactShapes(text: string): string {
  return apply(text, shapes);
}

const writes = new Set<string>(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);

function cleanArg(arg: unknown): unknown {
  if (typeof arg === 'string') return redact(arg);
  if (arg instanceof Error) return redact(arg.stack ?? arg.message);
  if (arg && typeof arg === 'object') {
    try {
      return redact(JSON.stringify(arg));
    } catch {
      return '[unprintable]';
    }
  }
  return arg;
}

/**
 * The channel with its writing methods (trace … error, append, appendLine, replace) passing every argument through
 * `redact`; an Error becomes its redacted stack, another object its redacted JSON. Everything else is the channel's.
 */
export function redactWrites<T extends object>(channel: T): T {
  return new Proxy(channel, {
    get(target, prop, receiver): unknown {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => unknown;
      if (typeof prop === 'string' && writes.has(prop)) return (...args: unknown[]) => fn.apply(target, args.map(cleanArg));
      return fn.bind(target);
    },
  });
}
