// Generates schemas/helm/liqo-values.schema.json, the JSON Schema of the values of Liqo's Helm chart, from the
// chart's default values file and its `# --` doc comments (the helm-docs convention), and from the chart's
// templates (which Liqo component reads each value).
//
// Usage: node scripts/gen-helm-values-schema.mjs [--values FILE] [--templates DIR] [--commit SHA] [--out FILE]
// Defaults: ../shared/reference/helm/liqo-values.yaml (the reference copy beside the project), the chart copy in
// test/fixtures/helm/liqo/templates, liqotech/liqo commit 557c199 (the commit both come from), and the file above.
//
// Types come from the defaults: a string, a boolean, an integer, a map (with the keys it has, or free-form when it
// is empty), a list. The doc comments give descriptions and, where they list them, the allowed values. What
// neither says is in `facts` below, each with where it comes from.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument, isMap, isSeq, isScalar } from 'yaml';

const root = path.resolve(import.meta.dirname, '..');
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const valuesFile = path.resolve(args.values ?? [path.join(root, '..', 'shared/reference/helm/liqo-values.yaml'), '/work/shared/reference/helm/liqo-values.yaml'].find(existsSync) ?? '');
const templatesDir = path.resolve(args.templates ?? path.join(root, 'test/fixtures/helm/liqo/templates'));
const commit = args.commit ?? '557c199cf41ad6f7ef4685c6624af1a26565d456';
const out = path.resolve(args.out ?? path.join(root, 'schemas/helm/liqo-values.schema.json'));
if (!existsSync(valuesFile)) {
  console.error(`gen-helm-values-schema: no values file at ${valuesFile}; pass --values FILE`);
  process.exit(2);
}

/**
 * What the defaults and comments do not say. Paths use `*` for any one key. Sources: Kubernetes' API for pull
 * policies, service types, quantities and labels; Liqo's templates for the rest (named per entry).
 */
const facts = [
  // corev1.PullPolicy
  { path: ['pullPolicy'], enum: ['Always', 'IfNotPresent', 'Never'] },
  { path: ['liqo-crds', 'crdUpgrade', 'image', 'pullPolicy'], enum: ['Always', 'IfNotPresent', 'Never'] },
  // corev1.ServiceType
  { path: ['proxy', 'service', 'type'], enum: ['ClusterIP', 'NodePort', 'LoadBalancer'] },
  // templates/liqo-clusterid-configmap.yaml refuses anything but a DNS-1123 label.
  { path: ['discovery', 'config', 'clusterID'], format: 'clusterID' },
  // templates/liqo-controller-manager-deployment.yaml passes them as --cluster-labels: labels of the virtual node.
  { path: ['discovery', 'config', 'clusterLabels'], format: 'labels' },
  // The same template passes the map as --default-node-resources: any resource name, a quantity each.
  { path: ['offloading', 'defaultNodeResources'], freeForm: 'quantity' },
  { path: ['offloading', 'defaultNodeResources', '*'], format: 'quantity' },
  // The IPAM's networks (templates/liqo-ipam-networks.yaml, liqo-ipam-deployment.yaml).
  ...['podCIDR', 'serviceCIDR', 'externalCIDR', 'internalCIDR'].map((k) => ({ path: ['ipam', k], format: 'cidr' })),
  ...['podCIDRs', 'reservedSubnets', 'pools'].map((k) => ({ path: ['ipam', k], items: { type: 'string', 'x-liqo-format': 'cidr' } })),
  // Maps of Kubernetes labels, annotations and node selectors: string values.
  ...['labels', 'annotations', 'nodeSelector', 'globalLabels', 'globalAnnotations'].map((k) => ({ name: k, freeForm: 'string' })),
  // Kubernetes objects passed through as a whole (affinity, resources, tolerations).
  { name: 'affinity', freeForm: 'any' },
  { name: 'limits', freeForm: 'quantity' },
  { name: 'requests', freeForm: 'quantity' },
  // The commented example in values.yaml: each may be a secretKeyRef instead of a string.
  { path: ['authentication', 'awsConfig', 'accessKeyId'], anyOf: ['string', 'object'] },
  { path: ['authentication', 'awsConfig', 'secretAccessKey'], anyOf: ['string', 'object'] },
];

const text = readFileSync(valuesFile, 'utf8');
const doc = parseDocument(text);
if (doc.errors.length) throw new Error(`${valuesFile}: ${doc.errors[0].message}`);

/** Doc comments by key path, read from the lines: a `# --` block right above a key describes it. */
function docComments(source) {
  const result = new Map();
  const stack = [];
  let pending = [];
  let seqIndent = -1;
  for (const line of source.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('#')) { pending.push(trimmed); continue; }
    if (!trimmed) { pending = []; continue; }
    const indent = line.length - line.trimStart().length;
    if (seqIndent >= 0 && indent >= seqIndent) { pending = []; continue; }
    seqIndent = -1;
    if (trimmed.startsWith('- ') || trimmed === '-') { seqIndent = indent; pending = []; continue; }
    const m = /^([^\s#'"][^:]*?|"[^"]*"|'[^']*'):(\s|$)/.exec(trimmed);
    if (!m) { pending = []; continue; }
    while (stack.length && stack[stack.length - 1].indent >= indent) stack.pop();
    const key = m[1].replace(/^["']|["']$/g, '');
    stack.push({ indent, key });
    const start = pending.findIndex((c) => /^#+\s*--/.test(c));
    if (start >= 0) {
      const words = pending.slice(start).map((c, i) => (i === 0 ? c.replace(/^#+\s*--\s*/, '') : c.replace(/^#+\s?/, '')).trim());
      result.set(stack.map((s) => s.key).join('\u0000'), words.join('\n').trim());
    }
    pending = [];
  }
  return result;
}

/** Allowed values where a comment lists them: `Possible values are "a" and "b"`, `Possible values are: A, B, C.`, `either A or B`. */
function enumOf(description) {
  const m = /(?:possible|ammitted|allowed|admitted) values(?: are)?:?\s*([^\n]*)/i.exec(description) ?? /\beither ([A-Za-z]+ or [A-Za-z]+)/.exec(description);
  if (!m) return undefined;
  const quoted = [...m[1].matchAll(/"([^"]+)"/g)].map((q) => q[1]);
  if (quoted.length >= 2) return quoted;
  const words = m[1].replace(/\.$/, '').split(/,\s*|\s+(?:and|or)\s+/).map((w) => w.trim()).filter((w) => /^[A-Za-z]+$/.test(w));
  return words.length >= 2 ? words : undefined;
}

/** Which templates read each value: `.Values.a.b` or a longer path through it. */
function templateReaders(dir) {
  const refs = [];
  if (!existsSync(dir)) return refs;
  for (const f of readdirSync(dir, { recursive: true }).map(String).sort()) {
    if (!/\.(ya?ml|tpl)$/.test(f)) continue;
    const body = readFileSync(path.join(dir, f), 'utf8');
    for (const m of body.matchAll(/\.Values((?:\.[A-Za-z0-9_]+)+)/g)) refs.push({ file: f.split(path.sep).join('/'), path: m[1].slice(1).split('.') });
  }
  return refs;
}

const comments = docComments(text);
const refs = templateReaders(templatesDir);

const componentSuffix = /-(deployment|daemonset|cronjob|rbac|service|servicemonitor|podmonitor|networks|firewallconfiguration|apiservice|scc|configmap|secret|class|local|remote|client-template|server-template|credentials|job)$/;
function componentOf(file) {
  const base = path.basename(file).replace(/\.(ya?ml|tpl)$/, '');
  if (base === '_helpers') return undefined;
  let name = base;
  for (let i = 0; i < 3 && componentSuffix.test(name); i++) name = name.replace(componentSuffix, '');
  return name;
}

function readers(p) {
  const files = new Set();
  for (const r of refs) {
    const n = Math.min(r.path.length, p.length);
    // The template names this value, something inside it, or the map that holds it (passed on whole).
    if (r.path.slice(0, n).join('.') === p.slice(0, n).join('.') && (r.path.length >= p.length || n >= 2)) files.add(r.file);
  }
  return [...files].sort();
}

function factsFor(p) {
  const name = p[p.length - 1];
  return facts.filter((f) => (f.path ? f.path.length === p.length && f.path.every((s, i) => s === '*' || s === p[i]) : f.name === name));
}

function freeForm(kind) {
  if (kind === 'any') return { type: 'object' };
  if (kind === 'quantity') return { type: 'object', additionalProperties: { type: ['string', 'number'], 'x-liqo-format': 'quantity' } };
  return { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } };
}

/** Whether a name-based free-form fact fits this node: a map, and for string maps one of scalars only (a labels map, not a structure). */
function fits(f, node) {
  if (!isMap(node)) return false;
  return Boolean(f.path) || f.freeForm === 'any' || node.items.every((pair) => isScalar(pair.value));
}

function schemaOf(node, p) {
  const found = factsFor(p);
  const ff = found.find((f) => f.freeForm && fits(f, node));
  let s;
  if (isMap(node)) {
    s = ff ? freeForm(ff.freeForm) : node.items.length ? { type: 'object', additionalProperties: false } : { type: 'object' };
    if (node.items.length && (!ff || ff.path)) {
      s.properties = {};
      for (const pair of node.items) {
        const key = String(pair.key.value);
        s.properties[key] = schemaOf(pair.value, [...p, key]);
      }
    }
  } else if (isSeq(node)) {
    s = { type: 'array' };
    const first = node.items[0];
    if (isScalar(first) && typeof first.value === 'string') s.items = { type: 'string' };
  } else if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'boolean') s = { type: 'boolean' };
    else if (typeof v === 'number') s = { type: Number.isInteger(v) ? 'integer' : 'number' };
    else if (v === null) s = {};
    else s = { type: 'string' };
  } else {
    s = {};
  }
  for (const f of found) {
    if (f.enum) s.enum = f.enum;
    if (f.format) s['x-liqo-format'] = f.format;
    if (f.format === 'labels') s.additionalProperties = { type: ['string', 'number', 'boolean'] };
    if (f.items) s.items = f.items;
    if (f.anyOf) { delete s.type; s.anyOf = f.anyOf.map((t) => ({ type: t })); }
  }
  const description = comments.get(p.join('\u0000'));
  if (description) {
    s.description = description;
    const e = enumOf(description);
    if (e && !s.enum) s.enum = e;
  }
  const value = node ? (isScalar(node) ? node.value : node.toJSON()) : undefined;
  const leaf = !s.properties;
  if (value !== undefined && value !== null && p.length && leaf) s.default = value;
  const files = readers(p);
  if (files.length && p.length && leaf) {
    s['x-liqo-templates'] = files;
    const components = [...new Set(files.map(componentOf).filter(Boolean))];
    if (components.length) s['x-liqo-components'] = components;
  }
  return s;
}

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'liqo-values.schema.json',
  title: "Values of Liqo's Helm chart",
  description: 'Generated by scripts/gen-helm-values-schema.mjs; do not edit.',
  'x-liqo-chart': {
    repository: 'liqotech/liqo',
    path: 'deployments/liqo/values.yaml',
    commit,
    chartVersion: String(parseDocument(readFileSync(path.join(templatesDir, '..', 'Chart.yaml'), 'utf8')).get('version') ?? ''),
  },
  ...schemaOf(doc.contents, []),
};
writeFileSync(out, JSON.stringify(schema, null, 1) + '\n');
console.log(`wrote ${path.relative(root, out)} (${refs.length} template references)`);
