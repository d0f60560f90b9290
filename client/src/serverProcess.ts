// How the language server process is started (shared with the benchmark, so that what is measured is what
// users run), and when it is started again after it died.

/**
 * Node options for the server process. A small young generation keeps peak memory low while a large file is
 * first checked (the parse makes much short-lived garbage); V8's optimize-for-size trades a little speed of hot
 * code for a smaller heap. Measured on the benchmark file: peak RSS 115 -> 97 MB (with the service back in the
 * main thread), the first check no slower, edits a few ms slower.
 */
export const serverExecArgv = ['--max-semi-space-size=2', '--optimize-for-size'];

/**
 * Restarts after a crash, with backoff: the first after about a second, each next one twice as late, and none
 * after `limit` crashes within `windowMs` (then the user restarts it by command). Crashes older than the window
 * are forgotten, so a server that dies once a day is always restarted.
 */
export class RestartPolicy {
  private crashes: number[] = [];

  constructor(private readonly limit = 5, private readonly windowMs = 180_000, private readonly baseMs = 1000, private readonly random = Math.random) {}

  /** Records a crash at `now`; the delay before the restart, or undefined to give up. */
  crashed(now: number): number | undefined {
    this.crashes = this.crashes.filter((t) => now - t < this.windowMs);
    this.crashes.push(now);
    const n = this.crashes.length;
    if (n > this.limit) return undefined;
    return Math.round(this.baseMs * 2 ** (n - 1) * (0.8 + this.random() * 0.4));
  }

  /** Crashes within the window, the last one included. */
  get recent(): number {
    return this.crashes.length;
  }

  /** The user restarted the server: start counting anew. */
  reset(): void {
    this.crashes = [];
  }
}
