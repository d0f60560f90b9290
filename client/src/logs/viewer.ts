// One output channel per log stream, named after cluster/namespace/pod. Lines are appended in batches; when
// the channel holds more than the limit, it is replaced by the newest lines, so memory stays bounded.
import * as vscode from 'vscode';
import { LineRing } from './ring';

export class LogViewer implements vscode.Disposable {
  readonly channel: vscode.OutputChannel;
  private readonly ring: LineRing;
  private batch: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inChannel = 0;
  /** Every line received, for the status line and tests. */
  received = 0;

  constructor(readonly name: string, private readonly maxLines: number, private readonly flushMs = 100) {
    this.channel = vscode.window.createOutputChannel(`Liqo Logs: ${name}`);
    this.ring = new LineRing(maxLines);
  }

  line(text: string): void {
    this.received++;
    this.ring.push(text);
    this.batch.push(text);
    this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  /** A message from the streamer itself, set apart from the log's own lines. */
  notice(text: string): void {
    this.line(`[liqo] ${text}`);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.batch.length) return;
    if (this.inChannel + this.batch.length > this.maxLines * 2) {
      // Trim: keep the newest maxLines lines only.
      const kept = this.ring.lines();
      this.channel.replace(`[liqo] older lines dropped to bound memory (${this.ring.dropped} so far)\n${kept.join('\n')}\n`);
      this.inChannel = kept.length + 1;
    } else {
      this.channel.append(`${this.batch.join('\n')}\n`);
      this.inChannel += this.batch.length;
    }
    this.batch = [];
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.flush();
    this.channel.dispose();
  }
}
