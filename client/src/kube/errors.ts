// Turns transport failures and API Status objects into a few kinds the UI can explain and act on.

/** Why a cluster or a request failed, in the terms the tree and the commands show to the user. */
export type FailureKind =
  | 'unreachable' // nothing answers: refused, DNS, TLS, reset before any response
  | 'slow' // something answers, but not within the timeout
  | 'unauthorised' // 401: the credentials are missing, expired or revoked
  | 'forbidden' // 403: authenticated, but not allowed
  | 'notLiqo' // the API answers, but Liqo's kinds are not served
  | 'notFound'
  | 'alreadyExists'
  | 'conflict'
  | 'invalid' // 422 or an admission webhook's refusal
  | 'gone' // 410: the resourceVersion expired
  | 'badGateway' // the API server could not reach a kubelet: typically the consumer's log proxy to the virtual kubelet
  | 'throttled' // 429
  | 'server' // other 5xx
  | 'aborted'
  | 'tooLarge' // an answer or a stream line past what we read (http.ts readLimits)
  | 'other';

export class KubeError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly code?: number,
    readonly reason?: string,
    /** Seconds from a Retry-After header, when the server sent one. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'KubeError';
  }
}

export interface ApiStatus {
  kind?: string;
  code?: number;
  reason?: string;
  message?: string;
}

/**
 * How kube-apiserver words a proxy to a kubelet that failed to connect. It answers 500 with the dial error in
 * the message (k3s: `proxy error from 127.0.0.1:6443 while dialing 10.42.0.5:10250, code 502`), not 502.
 */
const dialFailure = /proxy error from \S+ while dialing|error dialing backend|dial tcp \S+: /;

/** Classifies an HTTP answer that is not 2xx. The body is a Status object when the API server wrote it. */
export function fromHttp(code: number, body: string, retryAfter?: number): KubeError {
  let status: ApiStatus = {};
  try {
    const parsed = JSON.parse(body) as unknown;
    if (parsed && typeof parsed === 'object') status = parsed;
  } catch {
    // Not JSON: a proxy or a plain-text error page. Keep the first line only, never a whole page.
    status = { message: body.split('\n')[0]?.slice(0, 200) };
  }
  const reason = status.reason;
  const message = status.message || `HTTP ${code}`;
  const kind = code === 500 && dialFailure.test(message) ? 'badGateway' : kindOf(code, reason);
  return new KubeError(kind, message, code, reason, retryAfter);
}

function kindOf(code: number, reason: string | undefined): FailureKind {
  switch (code) {
    case 401: return 'unauthorised';
    case 403: return 'forbidden';
    case 404: return 'notFound';
    case 409: return reason === 'AlreadyExists' ? 'alreadyExists' : 'conflict';
    case 410: return 'gone';
    case 400:
    case 422: return 'invalid';
    case 429: return 'throttled';
    case 502: return 'badGateway';
    case 504: return 'slow';
    default: return code >= 500 ? 'server' : 'other';
  }
}

const unreachableCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EAI_AGAIN',
  'EPIPE', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'EPROTO', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT']);

const untrusted = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT']);

/** What to do about a TLS failure, in kubeconfig terms; undefined for other errors. */
function tlsAdvice(code: string, message: string): string | undefined {
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const name = /(?:Host|IP): (\S+?)\.? is not/.exec(message)?.[1] ?? 'the server address';
    const names = /altnames: (.*)$/.exec(message)?.[1];
    return `the server's certificate is not valid for ${name}${names ? ` (it is for ${names})` : ''}: set the cluster's tls-server-name to one of its names, or correct the server address`;
  }
  if (untrusted.has(code)) return `the server's certificate is not trusted (${code}): set the cluster's certificate-authority or certificate-authority-data to the CA that signed it`;
  return undefined;
}

/** Classifies an error thrown before any HTTP answer arrived. */
export function fromTransport(err: unknown): KubeError {
  if (err instanceof KubeError) return err;
  const e = err as { code?: string; name?: string; message?: string };
  if (e?.name === 'AbortError') return new KubeError('aborted', 'cancelled');
  if (e?.code === 'ETIMEDOUT' || e?.code === 'ESOCKETTIMEDOUT') return new KubeError('slow', 'timed out');
  // HTTP/2: the connection or the stream went away (a reset, a GOAWAY, a session that failed a ping).
  if (e?.code?.startsWith('ERR_HTTP2_')) return new KubeError('unreachable', `connection dropped (${e.code})`);
  const advice = e?.code ? tlsAdvice(e.code, e.message ?? '') : undefined;
  if (advice) return new KubeError('unreachable', advice);
  if (e?.code && unreachableCodes.has(e.code)) return new KubeError('unreachable', `${e.code}: ${e.message ?? ''}`.trim());
  return new KubeError('other', e?.message ?? String(err));
}

/** Whether retrying the same request later can succeed without the user doing anything. */
export function isTransient(err: KubeError): boolean {
  return ['unreachable', 'slow', 'throttled', 'server', 'badGateway'].includes(err.kind);
}

/** A short sentence for a tree item or a notification. */
export function describe(err: KubeError): string {
  switch (err.kind) {
    case 'unreachable': return `unreachable (${err.message})`;
    // The message says which: no answer in time, or a stream that went silent (then it reconnects by itself).
    case 'slow': return `too slow: ${err.message}`;
    case 'unauthorised': return 'unauthorised (401): the credentials were refused; log in again or renew them in the kubeconfig';
    case 'forbidden': return `forbidden (403): ${err.message}`;
    case 'notLiqo': return 'Liqo is not installed (its API groups are not served)';
    default: return err.message;
  }
}
