// Which CRD schemas served by live clusters the core may use instead of the bundled ones. A cluster's schemas
// are its own: one cluster must not decide how documents meant for thirty others are checked. So a served schema
// is used only when every connected Liqo cluster serves exactly the same one (by content); where they differ, or
// one is missing or refused, the bundled schema stays. A lone cluster's schemas apply to it (and to CI runs with
// its facts). Each served schema must also fit the caps below, or it is refused with one log line.
import type { FactsCluster } from '../liqo/clusterFacts';
import type { JsonSchema } from '../../../schemas/index';
import { hashText } from './schemaPrepare';

/** Bounds on what one cluster may ask the core to compile. Real Liqo CRDs stay far below each one. */
export const servedCaps = {
  /** Bytes of one schema as JSON (etcd refuses a CRD over 1.5 MiB anyway). */
  schemaBytes: 2 * 1024 * 1024,
  /** Bytes of all the schemas one cluster serves. */
  clusterBytes: 8 * 1024 * 1024,
  /** Objects and arrays in one schema (Liqo's largest, with a whole PodSpec, has about 2,000). */
  nodes: 20_000,
  /** Nesting of objects and arrays in one schema. */
  depth: 128,
  /** `pattern` keywords in one schema, and the length of each. */
  patterns: 500,
  patternLength: 1024,
  /** CEL rules in one schema (each is also capped in length and cost, cel.ts). */
  celRules: 1000,
};

export interface ServedChoice {
  /** The schemas to use, by `group/version/Kind`. */
  schemas: Record<string, JsonSchema>;
  /** A content hash of each chosen schema: what the caches key on. */
  hashes: Record<string, string>;
  /** One line per schema refused or left unused, for the log. */
  notes: string[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Why a schema is over a cap, or undefined when it fits. Iterative, and stops at the first cap passed. */
export function overCap(schema: unknown, bytes: number): string | undefined {
  if (bytes > servedCaps.schemaBytes) return `it is ${bytes} bytes, over the limit of ${servedCaps.schemaBytes}`;
  let nodes = 0;
  let patterns = 0;
  let rules = 0;
  const stack: [unknown, number][] = [[schema, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (typeof node !== 'object' || node === null) continue;
    if (++nodes > servedCaps.nodes) return `it has more than ${servedCaps.nodes} nodes`;
    if (depth > servedCaps.depth) return `it is nested more than ${servedCaps.depth} levels`;
    if (isObject(node)) {
      if (typeof node.pattern === 'string') {
        if (++patterns > servedCaps.patterns) return `it has more than ${servedCaps.patterns} patterns`;
        if (node.pattern.length > servedCaps.patternLength) return `a pattern is ${node.pattern.length} characters long, over the limit of ${servedCaps.patternLength}`;
      }
      const cel = node['x-kubernetes-validations'];
      if (Array.isArray(cel) && (rules += cel.length) > servedCaps.celRules) return `it has more than ${servedCaps.celRules} CEL rules`;
    }
    for (const child of Object.values(node)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return undefined;
}

const REFUSED = 'refused';

/** For each connected cluster, the hash of each schema it serves (or REFUSED), with the schemas by hash. */
function read(cluster: FactsCluster, byHash: Map<string, JsonSchema>, notes: string[]): Map<string, string> {
  const out = new Map<string, string>();
  let total = 0;
  const served = isObject(cluster.crdSchemas) ? cluster.crdSchemas : {};
  for (const [key, schema] of Object.entries(served)) {
    let text: string | undefined;
    try {
      text = isObject(schema) ? JSON.stringify(schema) : undefined;
    } catch {
      text = undefined;
    }
    const why = text === undefined ? 'it is not a JSON object' : overCap(schema, text.length)
      ?? ((total += text.length) > servedCaps.clusterBytes ? `the cluster's schemas pass ${servedCaps.clusterBytes} bytes` : undefined);
    if (why !== undefined || text === undefined) {
      notes.push(`The schema of ${key} served by context ${cluster.context} is refused (${why}); the bundled schema is used.`);
      out.set(key, REFUSED);
      continue;
    }
    const hash = hashText(text);
    byHash.set(hash, schema as JsonSchema);
    out.set(key, hash);
  }
  return out;
}

/** The served schemas every connected Liqo cluster agrees on; see the top of this file. */
export function chooseServedSchemas(clusters: readonly FactsCluster[]): ServedChoice {
  const connected = clusters.filter((c) => c.reachable && c.clusterID);
  const byHash = new Map<string, JsonSchema>();
  const notes: string[] = [];
  const views = connected.map((c) => read(c, byHash, notes));
  const keys = new Set(views.flatMap((v) => [...v.keys()]));
  const schemas: Record<string, JsonSchema> = {};
  const hashes: Record<string, string> = {};
  for (const key of [...keys].sort()) {
    const seen = new Set(views.map((v) => v.get(key) ?? 'missing'));
    const [only] = seen;
    if (seen.size === 1 && only !== REFUSED) {
      schemas[key] = byHash.get(only) as JsonSchema;
      hashes[key] = only;
    } else if (!seen.has(REFUSED)) {
      const who = connected.filter((_, i) => views[i].has(key)).map((c) => c.context);
      const named = who.length > 4 ? `${who.slice(0, 4).join(', ')} and ${who.length - 4} more` : who.join(', ');
      notes.push(`The connected clusters do not all serve the same schema of ${key} (served by ${named}): the bundled schema is used.`);
    }
  }
  return { schemas, hashes, notes };
}
