// Streams a pod's log through the consumer (the virtual kubelet proxies it to the provider). It reconnects
// after a dropped connection without losing or repeating lines, falls back to the provider's twin namespace
// when the consumer cannot proxy it to the virtual kubelet, waits for an unscheduled pod instead of polling it,
// and merges several pods with a prefix. Nothing accumulates here.
import { Backoff, delay } from './backoff';
import { KubeError, isTransient } from './errors';
import type { KubeHttp } from './http';
import { WATCH_IDLE_MS } from './informer';
import { kinds, resourcePath, type KObj } from './kinds';
import { ResumeState, splitTimestamp } from './logResume';

export interface LogTarget {
  http: KubeHttp;
  namespace: string;
  pod: string;
  /** Where the log comes from, for notices (e.g. the context name). */
  via: string;
}

export interface LogOptions {
  container?: string;
  follow?: boolean;
  /** Put the API's timestamp in front of each line's text (they are always requested, for resuming, and always given to the sink). */
  timestamps?: boolean;
  sinceSeconds?: number;
  sinceTime?: string;
  tailLines?: number;
  previous?: boolean;
  limitBytes?: number;
}

export interface LogSink {
  /** `ts` is the line's RFC 3339 timestamp from the API, when it had one. */
  line(text: string, pod: string, ts?: string): void;
  /** Something the user should know: a reconnect, a fallback. */
  notice(message: string, pod: string): void;
}

/**
 * A log stream silent for this long is opened again from its last timestamp. The API sends nothing while a
 * container is quiet, so this is also the cost of a quiet container: one request a minute.
 */
export const LOG_IDLE_MS = 60_000;

export interface PodLogOptions extends LogOptions {
  /** A stream silent for this long is resumed on a new connection (default LOG_IDLE_MS). */
  idleTimeoutMs?: number;
  /** Called once when the consumer cannot proxy the log (502, or 500 with a dial error): the same pod on the provider, or undefined. */
  fallback?: () => Promise<LogTarget | undefined>;
  /** Give up after this many consecutive failed reconnects (follow mode keeps trying with backoff otherwise). */
  maxRetries?: number;
}

export class PodLogStream {
  private readonly abort = new AbortController();
  private readonly resume = new ResumeState();
  private target: LogTarget;
  private usedFallback = false;
  /** Counters, for tests and notices. */
  readonly stats = { connections: 0, reconnects: 0, fallbacks: 0, idleTimeouts: 0 };

  constructor(target: LogTarget, private readonly opts: PodLogOptions, private readonly sink: LogSink) {
    this.target = target;
  }

  /** Replayed lines dropped after reconnects. */
  get duplicatesDropped(): number {
    return this.resume.duplicatesDropped;
  }

  get pod(): string {
    return this.target.pod;
  }

  get source(): LogTarget {
    return this.target;
  }

  stop(): void {
    this.abort.abort();
  }

  get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private query(): Record<string, string | number | boolean | undefined> {
    const o = this.opts;
    const q: Record<string, string | number | boolean | undefined> = {
      container: o.container, follow: o.follow ? true : undefined, timestamps: true, previous: o.previous ? true : undefined,
      limitBytes: o.limitBytes,
    };
    const since = this.resume.sinceTime();
    if (since) q.sinceTime = since;
    else {
      q.sinceTime = o.sinceTime;
      q.sinceSeconds = o.sinceTime ? undefined : o.sinceSeconds;
      q.tailLines = o.tailLines;
    }
    return q;
  }

  /** Runs until the log ends (or, with follow, until stop() or a failure that retrying cannot fix). */
  async run(): Promise<void> {
    const backoff = new Backoff(200, 10_000);
    let failures = 0;
    let toldUnscheduled = false;
    const maxRetries = this.opts.maxRetries ?? (this.opts.follow ? Infinity : 5);
    while (!this.abort.signal.aborted) {
      if (this.stats.connections > 0) this.resume.reconnected();
      this.stats.connections++;
      let status = 0;
      let opened = false;
      try {
        await this.target.http.stream(resourcePath(kinds.pod, this.target.namespace, this.target.pod, 'log'), {
          query: this.query(),
          signal: this.abort.signal,
          idleTimeoutMs: this.opts.idleTimeoutMs ?? LOG_IDLE_MS,
          onOpen: (code) => { status = code; opened = true; },
          onLine: (raw) => {
            failures = 0;
            const { ts, text } = splitTimestamp(raw);
            if (!this.resume.accept(ts)) return;
            this.sink.line(this.opts.timestamps && ts ? `${ts} ${text}` : text, this.target.pod, ts);
          },
        });
        if (status === 204) {
          // kube-apiserver answers 204 No Content while the pod has no node: there is no log yet. Say so once,
          // then wait on a watch of the pod rather than asking again and again.
          if (!toldUnscheduled) this.sink.notice(this.opts.follow ? 'the pod is not scheduled yet; waiting for it to start' : 'the pod is not scheduled yet: it has no log', this.target.pod);
          toldUnscheduled = true;
          if (!this.opts.follow || !(await this.untilStarted())) return;
          continue;
        }
        // A clean end: the container stopped, or a proxy closed a follow. Go on only if the pod still runs.
        if (!this.opts.follow || this.opts.previous || !(await this.stillRunning())) return;
        this.stats.reconnects++;
        this.sink.notice('the log stream ended while the pod still runs; reconnecting', this.target.pod);
        await delay(backoff.next(), this.abort.signal);
      } catch (e) {
        if (this.abort.signal.aborted) return;
        const err = e instanceof KubeError ? e : new KubeError('other', String(e));
        if (err.kind === 'slow' && opened) {
          // The idle watchdog: a stalled stream, or only a quiet container. Resume from the last timestamp at
          // once; this is no failure, and a quiet container should not fill the view with notices.
          this.stats.idleTimeouts++;
          this.stats.reconnects++;
          continue;
        }
        if (err.kind === 'badGateway' && !this.usedFallback && this.opts.fallback) {
          this.usedFallback = true;
          const alt = await this.opts.fallback().catch(() => undefined);
          if (alt) {
            this.stats.fallbacks++;
            this.sink.notice(`${this.target.via} could not proxy the log (${err.code ?? ''} ${err.message}); reading it from ${alt.via}, namespace ${alt.namespace}`, this.target.pod);
            this.target = alt;
            continue;
          }
        }
        if (!isTransient(err) || ++failures > maxRetries) throw err;
        this.stats.reconnects++;
        // Backoff with jitter, and never sooner than a 429 or 503 asked.
        const wait = backoff.next((err.retryAfter ?? 0) * 1000);
        this.sink.notice(`connection lost (${err.message}); reconnecting`, this.target.pod);
        await delay(wait, this.abort.signal);
      }
    }
  }

  /**
   * Waits on a watch of the pod until it has left Pending (true), or is gone or the stream stopped (false).
   * A failing watch is retried with backoff; it never turns into polling the log.
   */
  private async untilStarted(): Promise<boolean> {
    const { http, namespace, pod } = this.target;
    const backoff = new Backoff(500, 30_000);
    const started = (o: KObj): boolean => (o.status as { phase?: string } | undefined)?.phase !== 'Pending';
    while (!this.abort.signal.aborted) {
      const watch = new AbortController();
      const stop = (): void => watch.abort();
      this.abort.signal.addEventListener('abort', stop);
      let outcome: boolean | undefined;
      try {
        const current = await http.request<KObj>('GET', resourcePath(kinds.pod, namespace, pod), { signal: watch.signal });
        if (started(current)) return true;
        await http.stream(resourcePath(kinds.pod, namespace), {
          query: { watch: 1, fieldSelector: `metadata.name=${pod}`, resourceVersion: current.metadata.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 290 },
          signal: watch.signal,
          idleTimeoutMs: WATCH_IDLE_MS,
          onLine: (line) => {
            let ev: { type?: string; object?: KObj };
            try { ev = JSON.parse(line) as typeof ev; } catch { return; }
            if (ev.type === 'DELETED') outcome = false;
            else if ((ev.type === 'ADDED' || ev.type === 'MODIFIED') && ev.object && started(ev.object)) outcome = true;
            if (outcome !== undefined) watch.abort();
          },
        });
        backoff.reset();
      } catch (e) {
        if (outcome !== undefined) return outcome;
        if (this.abort.signal.aborted) return false;
        if (e instanceof KubeError && e.kind === 'notFound') return false;
        await delay(backoff.next(e instanceof KubeError ? (e.retryAfter ?? 0) * 1000 : 0), this.abort.signal);
      } finally {
        this.abort.signal.removeEventListener('abort', stop);
      }
      if (outcome !== undefined) return outcome;
    }
    return false;
  }

  private async stillRunning(): Promise<boolean> {
    try {
      const pod = await this.target.http.request<KObj>('GET', resourcePath(kinds.pod, this.target.namespace, this.target.pod), { signal: this.abort.signal });
      const phase = (pod.status as { phase?: string } | undefined)?.phase;
      return phase === 'Running' || phase === 'Pending';
    } catch {
      return !this.abort.signal.aborted;
    }
  }
}

/** One log to follow: a pod, or one container of it. */
export interface LogSource {
  target: LogTarget;
  fallback?: () => Promise<LogTarget | undefined>;
  /** This container rather than the options' one. */
  container?: string;
  /** The line prefix when several sources share a sink; the pod name by default. */
  label?: string;
}

/**
 * Several logs (pods, or containers of a pod) into one sink, each line prefixed with its source's label when
 * there is more than one. Resolves when every stream has ended; one failing source is reported and does not
 * stop the others.
 */
export class MultiPodLogs {
  readonly streams: PodLogStream[];

  constructor(sources: LogSource[], opts: LogOptions, private readonly sink: LogSink) {
    const prefix = sources.length > 1;
    this.streams = sources.map((s) => {
      const label = s.label ?? s.target.pod;
      const inner: LogSink = {
        line: (text, pod, ts) => sink.line(prefix ? `[${label}] ${text}` : text, pod, ts),
        notice: (m, pod) => sink.notice(prefix ? `[${label}] ${m}` : m, pod),
      };
      return new PodLogStream(s.target, { ...opts, ...(s.container ? { container: s.container } : {}), fallback: s.fallback }, inner);
    });
  }

  async run(): Promise<void> {
    await Promise.all(this.streams.map(async (s) => {
      try {
        await s.run();
      } catch (e) {
        this.sink.notice(`the log stream failed: ${(e as Error).message}`, s.pod);
      }
    }));
  }

  stop(): void {
    for (const s of this.streams) s.stop();
  }
}
