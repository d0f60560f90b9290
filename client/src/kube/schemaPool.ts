// Served CRD schemas, held once however many clusters serve them. A fleet on one Liqo version serves the same
// schemas from every cluster: a hundred contexts held a hundred copies (about 25 MB). A schema is shared only with a
// schema of exactly the same content (found by a digest of its JSON), so no cluster's schema stands in for another's.
// The pool keeps nothing alive: an entry goes when the last session holding that schema lets it go.
import { createHash } from 'node:crypto';

export class SchemaPool {
  private readonly byDigest = new Map<string, WeakRef<object>>();
  private readonly collected = new FinalizationRegistry<string>((digest) => {
    if (!this.byDigest.get(digest)?.deref()) this.byDigest.delete(digest);
  });

  /** The schema held for this content: an earlier identical one, or this one, now held. */
  share(schema: object): object {
    const digest = createHash('sha256').update(JSON.stringify(schema)).digest('base64');
    const held = this.byDigest.get(digest)?.deref();
    if (held) return held;
    this.byDigest.set(digest, new WeakRef(schema));
    this.collected.register(schema, digest);
    return schema;
  }

  /** How many distinct schemas are held (for tests). */
  get size(): number {
    return this.byDigest.size;
  }
}

/** The one pool of this process: every session's schemas go through it. */
export const schemaPool = new SchemaPool();
