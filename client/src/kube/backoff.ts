// Waiting between retries: exponential backoff with jitter, and an abortable delay.

/** Exponential backoff with jitter, capped; reset after a success. */
export class Backoff {
  private attempt = 0;
  constructor(private readonly baseMs = 250, private readonly maxMs = 30_000) {}

  next(minMs = 0): number {
    const ms = Math.min(this.maxMs, this.baseMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 20);
    return Math.max(minMs, Math.round(ms * (0.75 + Math.random() * 0.5)));
  }

  reset(): void {
    this.attempt = 0;
  }
}

/** The longest Retry-After we honour: a server asking for more is treated as asking for this (a typo or a bug). */
export const MAX_RETRY_AFTER_SECONDS = 300;

/**
 * Reads a Retry-After header, as API Priority and Fairness sends it with 429 and 503: delay-seconds or an HTTP
 * date. Returns seconds (0 for a date in the past), capped; undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  let seconds: number;
  if (/^\d+$/.test(v)) seconds = Number(v);
  else {
    // An HTTP date names its day and month; anything else (say "-5") is no date, whatever Date.parse makes of it.
    const at = /[a-z]{3}/i.test(v) ? Date.parse(v) : NaN;
    if (Number.isNaN(at)) return undefined;
    seconds = Math.max(0, (at - now) / 1000);
  }
  return Math.min(seconds, MAX_RETRY_AFTER_SECONDS);
}

/** Resolves after ms, or early (without error) when the signal aborts. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) { resolve(); return; }
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done);
  });
}
