// All sessions of the loaded kubeconfig. Contexts start lazily and in parallel; a reload keeps the sessions
// of unchanged contexts and replaces the others.
import { Emitter, type Disposable } from './events';
import { loadKubeconfig, type ContextInfo, type LoadedKubeconfig } from './kubeconfig';
import { Session, type SessionEvent, type SessionOptions } from './session';
import type { PeerInfo } from './doctor';
import type { ClusterSnapshot } from './snapshot';

export class SessionManager implements Disposable {
  private loaded: LoadedKubeconfig | undefined;
  private readonly sessions = new Map<string, { session: Session; sub: Disposable; fingerprint: string }>();
  private readonly changes = new Emitter<SessionEvent>();
  private readonly reloads = new Emitter<void>();
  /** A session's state or one of its stores changed. */
  readonly onDidChange = this.changes.event;
  /** The kubeconfig was (re)loaded: the list of contexts may differ. */
  readonly onDidReload = this.reloads.event;

  private readonly schemaCache = new Map<string, Promise<Record<string, object>>>();

  constructor(private readonly opts: SessionOptions) {}

  /** (Re)reads the kubeconfig files. Sessions whose context is unchanged keep running. */
  load(paths: readonly string[]): LoadedKubeconfig {
    const loaded = loadKubeconfig(paths);
    this.loaded = loaded;
    const wanted = new Map(loaded.contexts.map((c) => [c.name, c]));
    for (const [name, entry] of this.sessions) {
      const c = wanted.get(name);
      if (!c || fingerprintOf(loaded, c) !== entry.fingerprint) {
        entry.sub.dispose();
        entry.session.dispose();
        this.sessions.delete(name);
      }
    }
    for (const c of loaded.contexts) {
      if (this.sessions.has(c.name)) continue;
      const session = new Session(loaded.kc, c, { schemaCache: this.schemaCache, ...this.opts });
      const sub = session.onDidChange((e) => {
        // A cluster ID is read before its session is ready, so only state changes can change the marks: not the
        // watch events, which at fleet size are most of the events. Marked before the event goes out, so that
        // whoever handles it sees this session's own mark up to date.
        const marked = e.what === 'state' ? this.checkClusterIDs() : [];
        this.changes.fire(e);
        for (const other of marked) if (other !== e.context) this.changes.fire({ context: other, what: 'state' });
      });
      this.sessions.set(c.name, { session, sub, fingerprint: fingerprintOf(loaded, c) });
    }
    this.checkClusterIDs();
    this.reloads.fire();
    return loaded;
  }

  get kubeconfig(): LoadedKubeconfig | undefined {
    return this.loaded;
  }

  contexts(): ContextInfo[] {
    return this.loaded?.contexts ?? [];
  }

  get(context: string): Session | undefined {
    return this.sessions.get(context)?.session;
  }

  all(): Session[] {
    return [...this.sessions.values()].map((e) => e.session);
  }

  /** Starts every session that has not started yet, in parallel. Resolves when each is ready or failed. */
  async startAll(): Promise<void> {
    await Promise.all(this.all().map((s) => s.start()));
  }

  /**
   * A ready session on the cluster with this ID, preferring one without errors (used for provider-side reads). None
   * when contexts on different servers claim the ID: a cluster's ID is its own word, and we do not guess.
   */
  byClusterID(clusterID: string): Session | undefined {
    const candidates = this.all().filter((s) => s.state === 'ready' && s.clusterID === clusterID);
    if (candidates.some((s) => s.clusterIDConflict)) return undefined;
    return candidates.find((s) => !s.error) ?? candidates[0];
  }

  /** What the doctor's cross-context checks read of every context, without building their snapshots. */
  peerInfos(): PeerInfo[] {
    return this.all().map((s) => {
      const rc = s.informer('runtimeClasses');
      return { context: s.context.name, clusterID: s.clusterID, state: s.state, liqoVersion: s.liqoVersion,
        ...(rc?.stats.lists ? { runtimeClasses: rc.list().map((o) => o.metadata.name).sort() } : {}) };
    });
  }

  /**
   * Marks the ready sessions whose cluster ID a context on another server reports too, with those contexts (two
   * contexts of one server, say two users, share an ID rightly). Returns the contexts whose mark changed.
   */
  private checkClusterIDs(): string[] {
    const byID = new Map<string, Session[]>();
    for (const s of this.all()) {
      if (s.state !== 'ready' || !s.clusterID) continue;
      byID.set(s.clusterID, [...byID.get(s.clusterID) ?? [], s]);
    }
    const changed: string[] = [];
    for (const s of this.all()) {
      const same = byID.get(s.clusterID) ?? [];
      const others = s.state === 'ready' ? same.filter((o) => o.context.server !== s.context.server).map((o) => o.context.name).sort() : [];
      const next = others.length ? others : undefined;
      if (JSON.stringify(next) === JSON.stringify(s.clusterIDConflict)) continue;
      s.clusterIDConflict = next;
      changed.push(s.context.name);
    }
    return changed;
  }

  snapshots(): ClusterSnapshot[] {
    return this.all().map((s) => s.snapshot());
  }

  dispose(): void {
    for (const e of this.sessions.values()) {
      e.sub.dispose();
      e.session.dispose();
    }
    this.sessions.clear();
    this.changes.dispose();
    this.reloads.dispose();
  }
}

/**
 * What makes two loads of a context the same session: its cluster and user entries. Kept in memory only,
 * as a JSON string that is never logged.
 */
function fingerprintOf(l: LoadedKubeconfig, c: ContextInfo): string {
  const ctx = l.kc.getContextObject(c.name);
  return JSON.stringify([ctx, l.kc.getCluster(c.cluster), l.kc.getUser(c.user)]);
}
