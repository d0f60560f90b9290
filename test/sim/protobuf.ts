// Decoding of the Kubernetes protobuf envelope for the few kinds kubectl's typed clients create
// (`kubectl create namespace|configmap|secret|serviceaccount`). Other kinds answer 415 with a hint.
import { ApiError } from './errors.js';

type Obj = Record<string, unknown>;

/** One field of a message: its JSON name and how to read it. */
type Field = [name: string, kind: 'string' | 'bytes' | 'int' | 'bool' | 'time' | 'strings' | 'map' | 'bytesMap' | 'quantityMap' | 'intOrString' | Schema | [Schema]];
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

const labelSelector: Schema = { 1: ['matchLabels', 'map'], 2: ['matchExpressions', [{ 1: ['key', 'string'], 2: ['operator', 'string'], 3: ['values', 'strings'] }]] };
const container: Schema = {
  1: ['name', 'string'], 2: ['image', 'string'], 3: ['command', 'strings'], 4: ['args', 'strings'], 5: ['workingDir', 'string'],
  6: ['ports', [{ 1: ['name', 'string'], 2: ['hostPort', 'int'], 3: ['containerPort', 'int'], 4: ['protocol', 'string'] }]],
  7: ['env', [{ 1: ['name', 'string'], 2: ['value', 'string'] }]], 8: ['resources', { 1: ['limits', 'quantityMap'], 2: ['requests', 'quantityMap'] }],
  13: ['terminationMessagePath', 'string'], 14: ['imagePullPolicy', 'string'], 20: ['terminationMessagePolicy', 'string'],
};
const toleration: Schema = { 1: ['key', 'string'], 2: ['operator', 'string'], 3: ['value', 'string'], 4: ['effect', 'string'], 5: ['tolerationSeconds', 'int'] };
const podSpec: Schema = {
  2: ['containers', [container]], 20: ['initContainers', [container]], 3: ['restartPolicy', 'string'], 4: ['terminationGracePeriodSeconds', 'int'],
  6: ['dnsPolicy', 'string'], 7: ['nodeSelector', 'map'], 8: ['serviceAccountName', 'string'], 10: ['nodeName', 'string'],
  19: ['schedulerName', 'string'], 22: ['tolerations', [toleration]], 29: ['runtimeClassName', 'string'],
};
const podTemplate: Schema = { 1: ['metadata', objectMeta], 2: ['spec', podSpec] };

const kinds: Record<string, Schema> = {
  'apps/v1/Deployment': { 1: ['metadata', objectMeta], 2: ['spec', {
    1: ['replicas', 'int'], 2: ['selector', labelSelector], 3: ['template', podTemplate],
    4: ['strategy', { 1: ['type', 'string'], 2: ['rollingUpdate', { 1: ['maxUnavailable', 'intOrString'], 2: ['maxSurge', 'intOrString'] }] }],
    5: ['minReadySeconds', 'int'], 6: ['revisionHistoryLimit', 'int'], 7: ['paused', 'bool'], 9: ['progressDeadlineSeconds', 'int'] }] },
  'v1/ConfigMap': { 1: ['metadata', objectMeta], 2: ['data', 'map'], 3: ['binaryData', 'bytesMap'], 4: ['immutable', 'bool'] },
  'v1/Secret': { 1: ['metadata', objectMeta], 2: ['data', 'bytesMap'], 3: ['type', 'string'], 4: ['stringData', 'map'], 5: ['immutable', 'bool'] },
  'v1/Namespace': { 1: ['metadata', objectMeta], 2: ['spec', { 1: ['finalizers', 'strings'] }] },
  'authorization.k8s.io/v1/SelfSubjectAccessReview': { 1: ['metadata', objectMeta], 2: ['spec', {
    1: ['resourceAttributes', { 1: ['namespace', 'string'], 2: ['verb', 'string'], 3: ['group', 'string'], 4: ['version', 'string'], 5: ['resource', 'string'], 6: ['subresource', 'string'], 7: ['name', 'string'] }],
    2: ['nonResourceAttributes', { 1: ['path', 'string'], 2: ['verb', 'string'] }] }] },
  'authentication.k8s.io/v1/SelfSubjectReview': { 1: ['metadata', objectMeta] },
  'authorization.k8s.io/v1/SelfSubjectRulesReview': { 1: ['metadata', objectMeta], 2: ['spec', { 1: ['namespace', 'string'] }] },
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
      if (!t.seconds) continue;
      out[name] = new Date(Number(t.seconds ?? 0) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    } else if (kind === 'strings') out[name] = [...(out[name] as string[] | undefined ?? []), b.toString('utf8')];
    else if (kind === 'map' || kind === 'bytesMap' || kind === 'quantityMap') {
      const [k, v] = mapEntry(b);
      const value = kind === 'map' ? v.toString('utf8') : kind === 'bytesMap' ? v.toString('base64') : ((decode(v, { 1: ['string', 'string'] }).string as string | undefined) ?? '0');
      out[name] = { ...(out[name] as Obj | undefined), [k]: value };
    } else if (kind === 'intOrString') {
      const v = decode(b, { 1: ['type', 'int'], 2: ['intVal', 'int'], 3: ['strVal', 'string'] });
      out[name] = v.type === 1 ? (v.strVal ?? '') : (v.intVal ?? 0);
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
