// Messages between the log viewer webview and the extension host. Only plain data crosses this boundary.

/** One line of a stream, or a message of the streamer itself (reconnects, fallbacks, the end). */
export interface LogEntry {
  text: string;
  /** The API's RFC 3339 timestamp of the line; the view shows it when Timestamps is on. */
  ts?: string;
  notice?: boolean;
}

export type StreamState = 'streaming' | 'stopped' | 'ended';

export type ToView =
  /** Everything the host keeps, sent when the view (re)loads. */
  | { type: 'reset'; maxLines: number; entries: LogEntry[]; dropped: number; state: StreamState; timestamps: boolean }
  /** New entries; `dropped` counts what the host's ring has pushed out so far. */
  | { type: 'append'; entries: LogEntry[]; dropped: number }
  | { type: 'state'; state: StreamState };

export type FromView =
  | { type: 'ready' }
  | { type: 'stop' }
  /** Save the lines that are kept (with timestamps if they show), or only `lines` when the view has a filter on. */
  | { type: 'save'; timestamps: boolean; lines?: string[] }
  | { type: 'clear' };
