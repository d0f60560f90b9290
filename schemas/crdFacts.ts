// A compact snapshot of Liqo's CRDs, without their descriptions: what the bundled schemas must say, field for
// field. generate.ts writes it to test/fixtures/crd-facts.json from the same CRD folder, and a unit test compares
// every bundled schema with it, so the tests never need the CRD files. It is built apart from the conversion in
// generate.ts on purpose: a conversion bug shows up as a difference instead of being copied into both.
import { createHash } from 'node:crypto';

type Node = Record<string, unknown>;

export interface VersionFacts {
  name: string;
  served: boolean;
  storage: boolean;
  subresources: string[];
  printerColumns: Node[];
  /** The openAPIV3Schema without descriptions; `{ "$shared": id }` stands for a subtree kept in `shared`. */
  schema: Node;
}

export interface KindFacts {
  file: string;
  group: string;
  scope: string;
  names: Node;
  versions: VersionFacts[];
}

export interface CrdFacts {
  /** Subtrees found more than once (the PodSpec of several kinds, object references), stored once. */
  shared: Record<string, Node>;
  kinds: KindFacts[];
}

/** The CRD fields generate.ts reads, as they are in the YAML. */
export interface CrdDocument {
  spec: {
    group: string;
    scope: string;
    names: Node;
    versions: { name: string; served?: boolean; storage?: boolean; schema?: { openAPIV3Schema?: Node }; subresources?: Node; additionalPrinterColumns?: Node[] }[];
  };
}

const SHARED = '$shared';
/** Smaller repeated subtrees are not worth a reference. */
const SHARE_FROM = 400;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A schema node with `f` applied to each child schema (properties, items, additionalProperties, xxxOf, not). */
function mapChildren(node: Node, f: (child: Node) => Node): Node {
  const out: Node = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && isNode(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, isNode(child) ? f(child) : child]));
    } else if ((key === 'items' || key === 'additionalProperties' || key === 'not') && isNode(value)) {
      out[key] = f(value);
    } else if ((key === 'anyOf' || key === 'allOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = (value as unknown[]).map((child) => (isNode(child) ? f(child) : child));
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** A schema without the `description` of any schema node (a property named "description" stays). */
export function withoutDescriptions(node: Node): Node {
  const out = mapChildren(node, withoutDescriptions);
  delete out.description;
  return out;
}

/** Replaces `{ "$shared": id }` by the subtree it stands for, at any depth. */
export function expandShared(node: Node, shared: Record<string, Node>): Node {
  const id = node[SHARED];
  if (typeof id === 'string') {
    const target = shared[id];
    if (!target) throw new Error(`crd facts: no shared subtree ${id}`);
    return expandShared(target, shared);
  }
  return mapChildren(node, (child) => expandShared(child, shared));
}

/** Keeps repeated subtrees once in `shared`, leaving references in their place. */
function share(schemas: Node[]): { shared: Record<string, Node>; schemas: Node[] } {
  const counts = new Map<string, number>();
  const count = (node: Node): Node => {
    const text = JSON.stringify(node);
    if (text.length >= SHARE_FROM) counts.set(text, (counts.get(text) ?? 0) + 1);
    return mapChildren(node, count);
  };
  schemas.forEach(count);
  const shared: Record<string, Node> = {};
  const replace = (node: Node, isRoot: boolean): Node => {
    const text = JSON.stringify(node);
    if (!isRoot && (counts.get(text) ?? 0) > 1) {
      const id = createHash('sha256').update(text).digest('hex').slice(0, 12);
      if (!(id in shared)) {
        shared[id] = {};
        shared[id] = replace(node, true);
      }
      return { [SHARED]: id };
    }
    return mapChildren(node, (child) => replace(child, false));
  };
  return { shared, schemas: schemas.map((s) => replace(s, true)) };
}

/** The facts of every CRD version, in file order. */
export function crdFacts(crds: { file: string; crd: CrdDocument }[]): CrdFacts {
  const kinds: KindFacts[] = crds.map(({ file, crd }) => ({
    file,
    group: crd.spec.group,
    scope: crd.spec.scope,
    names: crd.spec.names,
    versions: crd.spec.versions.map((v) => ({
      name: v.name,
      served: v.served ?? true,
      storage: v.storage ?? true,
      subresources: Object.keys(v.subresources ?? {}),
      printerColumns: (v.additionalPrinterColumns ?? []).map((column) => withoutDescriptions(column)),
      schema: withoutDescriptions(v.schema?.openAPIV3Schema ?? {}),
    })),
  }));
  const all = kinds.flatMap((k) => k.versions);
  const { shared, schemas } = share(all.map((v) => v.schema));
  all.forEach((v, i) => { v.schema = schemas[i]; });
  return { shared, kinds };
}
