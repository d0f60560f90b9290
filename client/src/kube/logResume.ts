// The bookkeeping that lets a log stream reconnect without losing or repeating a line, in O(1) memory.
// Container logs come in timestamp order, and `sinceTime` is inclusive at one-second precision, so after a
// reconnect the server replays from the start of the last second we saw: we drop every replayed line older
// than the last timestamp, and as many lines at exactly that timestamp as we had already passed on.

/** A timestamp as a string that sorts correctly: seconds part plus nanoseconds padded to 9 digits. */
export function sortableTime(ts: string): string | undefined {
  // Fast path for what the API writes: RFC3339 with nanoseconds in UTC, already sortable.
  if (ts.length === 30 && ts.charCodeAt(29) === 90 /* Z */ && ts.charCodeAt(19) === 46 /* . */ && ts.charCodeAt(10) === 84 /* T */) {
    return ts.slice(0, 29);
  }
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(ts);
  if (!m) return undefined;
  let seconds = m[1] ?? '';
  if (m[3] !== 'Z') {
    const ms = Date.parse(`${seconds}${m[3] ?? ''}`);
    if (Number.isNaN(ms)) return undefined;
    seconds = new Date(ms).toISOString().slice(0, 19);
  }
  return `${seconds}.${(m[2] ?? '').padEnd(9, '0')}`;
}

/** Splits `<RFC3339Nano timestamp> <text>` as the API writes lines with timestamps=true. */
export function splitTimestamp(line: string): { ts?: string; text: string } {
  const sp = line.indexOf(' ');
  if (sp > 0) {
    const ts = line.slice(0, sp);
    if (sortableTime(ts) !== undefined) return { ts, text: line.slice(sp + 1) };
  }
  return { text: line };
}

export class ResumeState {
  private last: string | undefined; // sortable form of the last timestamp passed on
  private lastRaw: string | undefined;
  private countAtLast = 0;
  private replaying = false;
  private replayedAtLast = 0;
  /** Lines dropped as duplicates, for tests and diagnostics. */
  duplicatesDropped = 0;

  /** Whether any line has been passed on (then reconnects use sinceTime). */
  get started(): boolean {
    return this.last !== undefined;
  }

  /** The sinceTime to reconnect with: the last timestamp, truncated to whole seconds. */
  sinceTime(): string | undefined {
    if (!this.last) return undefined;
    return `${this.last.slice(0, 19)}Z`;
  }

  get lastTimestamp(): string | undefined {
    return this.lastRaw;
  }

  /** Call when a new connection starts replaying from sinceTime(). */
  reconnected(): void {
    this.replaying = this.last !== undefined;
    this.replayedAtLast = 0;
  }

  /** Whether a line with this timestamp should be passed on (false: it is a replayed duplicate). */
  accept(ts: string | undefined): boolean {
    const t = ts === undefined ? undefined : sortableTime(ts);
    if (t === undefined) return true;
    if (this.replaying && this.last !== undefined) {
      if (t < this.last) { this.duplicatesDropped++; return false; }
      if (t === this.last && this.replayedAtLast < this.countAtLast) {
        this.replayedAtLast++;
        this.duplicatesDropped++;
        return false;
      }
      this.replaying = false;
    }
    if (t === this.last) this.countAtLast++;
    else if (this.last === undefined || t > this.last) {
      this.last = t;
      this.lastRaw = ts;
      this.countAtLast = 1;
    }
    // An out-of-order older line outside a replay is passed on as is; it does not move the resume point.
    return true;
  }
}
