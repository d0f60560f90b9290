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
