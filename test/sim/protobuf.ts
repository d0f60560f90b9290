// Decoding of the Kubernetes protobuf envelope for the few kinds kubectl's typed clients create
// (`kubectl create namespace|configmap|secret|serviceaccount`). Other kinds answer 415 with a hint.
import { ApiError } from './errors.js';

type Obj = Record<string, unknown>;

/** One field of a message: its JSON name and how to read it. */
type Field = [name: string, kind: 'string' | 'bytes' | 'int' | 'bool' | 'time' | 'strings' | 'map' | 'bytesMap' | Schema | [Schema]];
interface Schema { [num: number]: Field }

const time: Schema = {}; // decoded specially
const ownerRef: Schema = { 1: ['kind', 'string'], 3: ['name', 'string'], 4: ['uid', 'string'], 5: ['apiVersion', 'string'], 6: ['controller', 'bool'], 7: ['blockOwnerDeletion', 'bool'] };
const objectMeta: Schema = {
  1: ['name', 'string'], 2: ['generateName', 'string'], 3: ['namespace', 'string'], 5: ['uid', 'string'], 6: ['resourceVersion', 'string'],
  7: ['generation', 'int'], 8: ['creationTimestamp', 'time'], 10: ['deletionGracePeriodSeconds', 'int'], 11: ['labels', 'map'],
  12: ['annotations', 'map'], 13: ['ownerReferences', [ownerRef]], 14: ['finalizers', 'strings'],
};
const localRef: Schema = { 1: ['name', 'string'] };
const objectRef: Schema = { 1: ['kind', 'string'], 2: ['namespace', 'string'], 3: ['name', 'string'], 4: ['uid', 'string'], 5: ['apiVersion', 'string'] };

const kinds: Record<string, Schema> = {
  'v1/ConfigMap': { 1: ['metadata', objectMeta], 2: ['data', 'map'], 3: ['binaryData', 'bytesMap'], 4: ['immutable', 'bool'] },
  'v1/Secret': { 1: ['metadata', objectMeta], 2: ['data', 'bytesMap'], 3: ['type', 'string'], 4: ['stringData', 'map'], 5: ['immutable', 'bool'] },
  'v1/Namespace': { 1: ['metadata', objectMeta], 2: ['spec', { 1: ['finalizers', 'strings'] }] },
  'authorization.k8s.io/v1/SelfSubjectAccessReview': { 1: ['metadata', objectMeta], 2: ['spec', {
    1: ['resourceAttributes', { 1: ['namespace', 'string'], 2: ['verb', 'string'], 3: ['group', 'string'], 4: ['version', 'string'], 5: ['resource', 'string'], 6: ['subresource', 'string'], 7: ['name', 'string'] }],
    2: ['nonResourceAttributes', { 1: ['path', 'string'], 2: ['verb', 'string'] }] }] },
  'authentication.k8s.io/v1/SelfSubjectReview': { 1: ['metadata', objectMeta] },
  'v1/ServiceAccount': { 1: ['metadata', objectMeta], 2: ['secrets', [objectRef]], 3: ['imagePullSecrets', [localRef]], 4: ['automountServiceAccountToken', 'bool'] },
};

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer, readonly end = buf.length) {}
  varint(): bigint {
    let shift = 0n;
    let out = 0n;
    for (;;) {
      const b = this.buf[this.pos++];
      out |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return out;
      shift += 7n;
    }
  }
  bytes(): Buffer {
    const len = Number(this.varint());
    const b = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return b;
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw new ApiError(400, 'BadRequest', 'malformed protobuf body');
  }
}

function fields(buf: Buffer): { num: number; wire: number; value: bigint | Buffer }[] {
  const r = new Reader(buf);
  const out: { num: number; wire: number; value: bigint | Buffer }[] = [];
  while (r.pos < buf.length) {
    const tag = Number(r.varint());
    const num = tag >> 3;
    const wire = tag & 7;
    if (wire === 0) out.push({ num, wire, value: r.varint() });
    else if (wire === 2) out.push({ num, wire, value: r.bytes() });
    else r.skip(wire);
  }
  return out;
}

function mapEntry(buf: Buffer): [string, Buffer] {
  let k = '';
  let v: Buffer = Buffer.alloc(0);
  for (const f of fields(buf)) {
    if (f.num === 1 && Buffer.isBuffer(f.value)) k = f.value.toString('utf8');
    if (f.num === 2 && Buffer.isBuffer(f.value)) v = f.value;
  }
  return [k, v];
}

function decode(buf: Buffer, schema: Schema): Obj {
  const out: Obj = {};
  for (const f of fields(buf)) {
    const def = schema[f.num];
    if (!def) continue;
    const [name, kind] = def;
    const b = Buffer.isBuffer(f.value) ? f.value : Buffer.alloc(0);
    // Go's encoder writes empty scalars too; JSON omits them, so do we.
    if ((kind === 'string' || kind === 'bytes') && b.length === 0) continue;
    if ((kind === 'int' || kind === 'bool') && f.value === 0n) continue;
    if (kind === 'string') out[name] = b.toString('utf8');
    else if (kind === 'bytes') out[name] = b.toString('base64');
    else if (kind === 'int') out[name] = Number(f.value);
    else if (kind === 'bool') out[name] = (f.value as bigint) !== 0n;
    else if (kind === 'time') {
      const t = decode(b, { 1: ['seconds', 'int'] });
      out[name] = new Date(Number(t.seconds ?? 0) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    } else if (kind === 'strings') out[name] = [...(out[name] as string[] | undefined ?? []), b.toString('utf8')];
    else if (kind === 'map' || kind === 'bytesMap') {
      const [k, v] = mapEntry(b);
      out[name] = { ...(out[name] as Obj | undefined), [k]: kind === 'map' ? v.toString('utf8') : v.toString('base64') };
    } else if (Array.isArray(kind)) out[name] = [...(out[name] as Obj[] | undefined ?? []), decode(b, kind[0])];
    else if (kind !== time) out[name] = decode(b, kind);
  }
  return out;
}

/** Decodes a `k8s\0` protobuf envelope into a JSON object, or throws 415 for kinds it does not know. */
export function decodeProtobuf(body: Buffer): Obj {
  if (body.length < 4 || body.subarray(0, 4).toString('binary') !== 'k8s\0') throw new ApiError(400, 'BadRequest', 'protobuf body without the k8s envelope');
  let apiVersion = '';
  let kind = '';
  let raw: Buffer = Buffer.alloc(0);
  for (const f of fields(body.subarray(4))) {
    if (f.num === 1 && Buffer.isBuffer(f.value)) {
      for (const t of fields(f.value)) {
        if (t.num === 1 && Buffer.isBuffer(t.value)) apiVersion = t.value.toString('utf8');
        if (t.num === 2 && Buffer.isBuffer(t.value)) kind = t.value.toString('utf8');
      }
    } else if (f.num === 2 && Buffer.isBuffer(f.value)) raw = f.value;
  }
  const schema = kinds[`${apiVersion}/${kind}`];
  if (!schema) {
    throw new ApiError(415, 'UnsupportedMediaType', `the simulator decodes protobuf only for ${Object.keys(kinds).join(', ')}; send ${apiVersion}/${kind} as JSON (kubectl apply does)`);
  }
  return { apiVersion, kind, ...decode(raw, schema) };
}
