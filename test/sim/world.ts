// The set of simulated clusters, the peerings between them, and the loop that runs the controllers
// after every change until the clusters settle.
import type { Cluster } from './cluster.js';

export interface Peering {
  consumer: Cluster;
  provider: Cluster;
  /** What the ResourceSlice asks for and the provider grants. */
  resources: Record<string, string>;
}

export type Controller = (w: World) => void;

export class World {
  readonly clusters = new Map<string, Cluster>();
  readonly peerings: Peering[] = [];
  readonly controllers: Controller[] = [];
  private pending = false;
  private stopped = false;
  private immediate: NodeJS.Immediate | undefined;
  private idleWaiters: (() => void)[] = [];
  /** Clusters whose store changed since the last pass started. */
  private dirty = new Set<Cluster>();
  private current: Cluster[] = [];
  /** Counts passes, for tests and to report a controller that never settles. */
  passes = 0;

  constructor(readonly logIntervalMs: number) {}

  add(c: Cluster): void {
    this.clusters.set(c.name, c);
    c.store.subscribe(() => { this.dirty.add(c); this.schedule(); });
  }

  cluster(name: string): Cluster | undefined {
    return this.clusters.get(name);
  }

  schedule(): void {
    if (this.pending || this.stopped) return;
    this.pending = true;
    this.immediate = setImmediate(() => this.pass());
  }

  /** Resolves once no controller has anything left to do. */
  idle(): Promise<void> {
    if (!this.pending) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** The clusters this pass looks at: the changed ones, and the consumers of changed providers (reflection reads
   * provider state). Writes a pass makes to other clusters mark those dirty for the next pass. */
  active(): Cluster[] {
    return this.current;
  }

  private pass(): void {
    this.pending = false;
    this.immediate = undefined;
    this.passes++;
    const changed = this.dirty;
    this.dirty = new Set();
    const set = new Set(changed);
    for (const p of this.peerings) if (changed.has(p.provider)) set.add(p.consumer);
    this.current = [...this.clusters.values()].filter((c) => set.has(c));
    for (const ctl of this.controllers) {
      try { ctl(this); } catch (e) {
        // A failing controller must not stop the others; the next change retries it.
        if (process.env.SIM_DEBUG) console.error(`[sim] controller ${ctl.name} failed:`, e);
      }
    }
    if (!this.pending) { const w = this.idleWaiters; this.idleWaiters = []; for (const f of w) f(); }
  }

  stop(): void {
    this.stopped = true;
    if (this.immediate) clearImmediate(this.immediate);
    const w = this.idleWaiters; this.idleWaiters = []; for (const f of w) f();
  }
}
