// Waiting on conditions, not on the clock: each helper stops as soon as its probe holds.

/** Polls `probe` until it returns a value. */
export async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  return untilAsync(what, async () => probe(), timeoutMs, everyMs);
}

/** Polls an asynchronous `probe` (a DOM read, say) until it returns a value. */
export async function untilAsync<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
