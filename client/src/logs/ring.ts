// A fixed-size ring: what a log viewer keeps of an endless stream.

export class LineRing<T = string> {
  private readonly buf: (T | undefined)[];
  private start = 0;
  private count = 0;
  /** Lines pushed out of the ring so far. */
  dropped = 0;

  constructor(readonly capacity: number) {
    this.buf = new Array<T | undefined>(Math.max(1, capacity));
  }

  push(line: T): void {
    const cap = this.buf.length;
    if (this.count < cap) {
      this.buf[(this.start + this.count) % cap] = line;
      this.count++;
    } else {
      this.buf[this.start] = line;
      this.start = (this.start + 1) % cap;
      this.dropped++;
    }
  }

  get size(): number {
    return this.count;
  }

  lines(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.buf[(this.start + i) % this.buf.length] as T);
    return out;
  }

  clear(): void {
    this.buf.fill(undefined);
    this.start = 0;
    this.count = 0;
    this.dropped = 0;
  }
}
