// Fault injection for the client's reliability tests: failing requests, latency, dropped streams,
// revoked tokens, expired resourceVersions and a failing log proxy. Reachable in-process and over HTTP.
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

export class FaultState {
  private failCount = 0;
  private failCode: 500 | 429 | 503 = 500;
  private retryAfter: number | undefined;
  latencyMs = 0;
  logProxyBroken = false;

  failNext(n: number, code: 500 | 429 | 503, retryAfterSeconds?: number): void {
    this.failCount = n;
    this.failCode = code;
    this.retryAfter = retryAfterSeconds;
  }

  /** Consumes one injected failure, if any is pending. */
  takeFailure(): { error: ApiError; retryAfter?: number } | undefined {
    if (this.failCount <= 0) return undefined;
    this.failCount--;
    const ra = this.retryAfter ?? (this.failCode === 500 ? undefined : 1);
    const details = ra !== undefined ? { retryAfterSeconds: ra } : undefined;
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
  const body = (raw.trim() ? JSON.parse(raw) : {}) as { n?: number; code?: 500 | 429 | 503; retryAfterSeconds?: number; ms?: number; user?: string; on?: boolean };
  switch (action) {
    case 'dropWatches': target.dropWatches(); break;
    case 'dropLogStreams': target.dropLogStreams(); break;
    case 'failNext': state.failNext(body.n ?? 1, body.code ?? 500, body.retryAfterSeconds); break;
    case 'setLatency': state.latencyMs = body.ms ?? 0; break;
    case 'revokeToken': if (!body.user) throw badRequest('user is required'); target.revokeToken(body.user); break;
    case 'expireResourceVersions': target.expireResourceVersions(); break;
    case 'failLogProxy': state.logProxyBroken = body.on !== false; break;
    case 'stop': sendJson(res, 200, { ok: true }); setImmediate(() => { void target.stop(); }); return;
    default: throw new ApiError(404, 'NotFound', `unknown fault ${action}`);
  }
  sendJson(res, 200, { ok: true });
}
