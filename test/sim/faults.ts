// Fault injection for the client's reliability tests: failing requests, latency, dropped streams, stalled and
// slow-drip answers, revoked tokens, expired resourceVersions and a failing log proxy. Faults on requests can be
// scoped to one path. Reachable in-process and over HTTP.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest } from './errors.js';
import { readBody, sendJson } from './http.js';

export const FAULT_PATH = '/__sim/faults/';

export interface FaultTarget {
  dropWatches(): void;
  dropLogStreams(): void;
  revokeToken(user: string): void;
  expireResourceVersions(): void;
  stop(): Promise<void>;
}

/**
 * How an answer misbehaves after its headers: `stall` sends them and then nothing, ever; `slowDrip` sends the
 * real body one byte every `byteEveryMs`.
 */
export interface Shape {
  kind: 'stall' | 'slowDrip';
  /** Only requests for exactly this path (no query); every path when absent. */
  path?: string;
  /** How many matching requests it applies to. */
  n: number;
  byteEveryMs?: number;
}

/**
 * The body of an injected 429 as kube-apiserver writes it: `apf` is API Priority and Fairness' plain-text
 * rejection, `storage` the JSON Status a resource's handler answers while its watch cache (re)initializes, as
 * right after its CRD is installed. Without one, a JSON Status.
 */
export type FailureBody = 'apf' | 'storage';

const APF_REJECTION = 'Too many requests, please try again later.';

const matches = (scope: string | undefined, path: string): boolean => scope === undefined || scope === path;

export class FaultState {
  private failCount = 0;
  private failCode: 500 | 429 | 503 = 500;
  private retryAfter: number | undefined;
  private failPath: string | undefined;
  private failBody: FailureBody | undefined;
  private shapes: Shape[] = [];
  latencyMs = 0;
  logProxyBroken = false;

  failNext(n: number, code: 500 | 429 | 503, retryAfterSeconds?: number, path?: string, body?: FailureBody): void {
    this.failCount = n;
    this.failCode = code;
    this.retryAfter = retryAfterSeconds;
    this.failPath = path;
    this.failBody = body;
  }

  /** The next n requests for the path (or any) get their headers and then misbehave as the shape says. */
  shapeNext(shape: Shape): void {
    this.shapes.push(shape);
  }

  /** Consumes one use of the first shape that applies to the path, if any. */
  takeShape(path: string): Shape | undefined {
    const s = this.shapes.find((x) => x.n > 0 && matches(x.path, path));
    if (!s) return undefined;
    s.n--;
    this.shapes = this.shapes.filter((x) => x.n > 0);
    return s;
  }

  /** Consumes one injected failure, if any is pending for the path. */
  takeFailure(path: string): { error: ApiError; retryAfter?: number; plainText?: string } | undefined {
    if (this.failCount <= 0 || !matches(this.failPath, path)) return undefined;
    this.failCount--;
    const ra = this.retryAfter ?? (this.failCode === 500 ? undefined : 1);
    const details = ra !== undefined ? { retryAfterSeconds: ra } : undefined;
    if (this.failCode === 429 && this.failBody === 'apf') {
      // API Priority and Fairness rejects before any handler, with net/http's http.Error: plain text, no Status.
      return { error: new ApiError(429, 'TooManyRequests', APF_REJECTION), retryAfter: ra, plainText: `${APF_REJECTION}\n` };
    }
    if (this.failCode === 429 && this.failBody === 'storage') {
      return { error: new ApiError(429, 'TooManyRequests', 'storage is (re)initializing', details), retryAfter: ra };
    }
    const error = this.failCode === 429
      ? new ApiError(429, 'TooManyRequests', 'Too many requests, please try again later.', details)
      : this.failCode === 503
        ? new ApiError(503, 'ServiceUnavailable', 'The server is currently unable to handle the request', details)
        : new ApiError(500, 'InternalError', 'Internal error occurred: injected failure');
    return { error, retryAfter: ra };
  }
}

/** POST /__sim/faults/<action> with a small JSON body; answers {ok: true}. */
export async function serveFaultAdmin(req: IncomingMessage, res: ServerResponse, path: string, state: FaultState, target: FaultTarget): Promise<void> {
  const action = path.slice(FAULT_PATH.length);
  const raw = req.method === 'POST' ? (await readBody(req)).toString() : '';
  const body = (raw.trim() ? JSON.parse(raw) : {}) as { n?: number; code?: 500 | 429 | 503; retryAfterSeconds?: number; ms?: number; user?: string; on?: boolean;
    path?: string; byteEveryMs?: number; body?: FailureBody };
  switch (action) {
    case 'dropWatches': target.dropWatches(); break;
    case 'dropLogStreams': target.dropLogStreams(); break;
    case 'failNext': state.failNext(body.n ?? 1, body.code ?? 500, body.retryAfterSeconds, body.path, body.body); break;
    case 'stall': state.shapeNext({ kind: 'stall', path: body.path, n: body.n ?? 1 }); break;
    case 'slowDrip': state.shapeNext({ kind: 'slowDrip', path: body.path, n: body.n ?? 1, byteEveryMs: body.ms }); break;
    case 'setLatency': state.latencyMs = body.ms ?? 0; break;
    case 'revokeToken': if (!body.user) throw badRequest('user is required'); target.revokeToken(body.user); break;
    case 'expireResourceVersions': target.expireResourceVersions(); break;
    case 'failLogProxy': state.logProxyBroken = body.on !== false; break;
    case 'stop': sendJson(res, 200, { ok: true }); setImmediate(() => { void target.stop(); }); return;
    default: throw new ApiError(404, 'NotFound', `unknown fault ${action}`);
  }
  sendJson(res, 200, { ok: true });
}

/**
 * Makes an answer misbehave once its headers are out. Handlers write as usual; what they write is dropped
 * (stall) or passed on one byte at a time (slow drip). The connection stays open until the client gives up.
 */
export function shapeResponse(res: ServerResponse, shape: Shape): void {
  const writeHead = res.writeHead.bind(res) as (...a: unknown[]) => ServerResponse;
  const write = res.write.bind(res) as (b: Buffer) => boolean;
  const end = res.end.bind(res) as () => void;
  res.writeHead = ((...a: unknown[]) => {
    writeHead(...a);
    res.flushHeaders();
    return res;
  });
  const queue: Buffer[] = [];
  let ending = false;
  res.write = ((chunk: unknown, enc?: unknown) => {
    if (!res.headersSent) res.flushHeaders();
    if (shape.kind === 'slowDrip' && chunk !== undefined && typeof chunk !== 'function') {
      queue.push(typeof chunk === 'string' ? Buffer.from(chunk, typeof enc === 'string' ? enc as BufferEncoding : 'utf8') : Buffer.from(chunk as Uint8Array));
    }
    return true;
  }) as typeof res.write;
  res.end = ((chunk?: unknown, enc?: unknown) => {
    if (chunk !== undefined && typeof chunk !== 'function') res.write(chunk, enc as BufferEncoding);
    else if (!res.headersSent) res.flushHeaders();
    ending = true;
    return res;
  }) as typeof res.end;
  if (shape.kind === 'stall') return;
  const timer = setInterval(() => {
    const head = queue[0];
    if (!head) {
      if (ending) { clearInterval(timer); end(); }
      return;
    }
    write(head.subarray(0, 1));
    if (head.length > 1) queue[0] = head.subarray(1); else queue.shift();
  }, shape.byteEveryMs ?? 1000);
  timer.unref();
  res.on('close', () => clearInterval(timer));
}
