// ResourceSlice rules: where it must live, the labels Liqo selects it by, its name and its quantities.
import { isMap } from 'yaml';
import { insertKeyEdit, locate, setPathEdit } from '../ast';
import { annotations, labels } from '../../liqo/keys';
import { peerOfTenantNamespace, tenantNamespace } from '../../liqo/names';
import { dns1123Subdomain } from '../../liqo/syntax';
import { diag } from './codes';
import { at, kindRange, obj, str, type DocContext } from '../docContext';
import { checkQuantities } from './peering';
import type { RawDiagnostic, RawEdit, RawFix } from '../types';

const createVirtualNode = annotations.createVirtualNode;

/** The provider this slice is for, from the most to the least explicit place. */
export function sliceProvider(ctx: DocContext): string | undefined {
  const l = obj(ctx.value, ['metadata', 'labels']) ?? {};
  const ns = str(ctx.value, ['metadata', 'namespace']);
  const candidates = [l[labels.remoteClusterID], l[labels.remoteID], str(ctx.value, ['spec', 'providerClusterID']), ns && peerOfTenantNamespace(ns)];
  return candidates.find((c): c is string => typeof c === 'string' && c !== '');
}

/** One fix that adds every missing label and the virtual-node annotation. */
function metadataFix(ctx: DocContext, provider: string | undefined): RawFix | undefined {
  const want: Record<string, string> = { [labels.replication]: 'true' };
  if (provider) {
    want[labels.remoteID] = provider;
    want[labels.remoteClusterID] = provider;
  }
  const current = obj(ctx.value, ['metadata', 'labels']) ?? {};
  const missing = Object.fromEntries(Object.entries(want).filter(([k]) => current[k] === undefined));
  const edits: RawEdit[] = [];
  const labelMap = locate(ctx.doc, ['metadata', 'labels']).node;
  if (Object.keys(missing).length) {
    if (isMap(labelMap)) {
      for (const [k, v] of Object.entries(missing)) {
        const e = insertKeyEdit(ctx.doc, labelMap, k, v);
        if (e) edits.push(e);
      }
    } else {
      const e = setPathEdit(ctx.doc, ['metadata', 'labels'], missing);
      if (e) edits.push(e);
    }
  }
  if (str(ctx.value, ['metadata', 'annotations', createVirtualNode]) === undefined) {
    const e = setPathEdit(ctx.doc, ['metadata', 'annotations', createVirtualNode], 'true');
    if (e) edits.push(e);
  }
  return edits.length ? { title: 'Add the labels and annotation a ResourceSlice needs', edits, preferred: true } : undefined;
}

export function checkResourceSlice(ctx: DocContext): RawDiagnostic[] {
  const out: RawDiagnostic[] = [];
  const provider = sliceProvider(ctx);
  const l = obj(ctx.value, ['metadata', 'labels']) ?? {};
  // Fixes and ranges need the source AST: compute them only for a slice that has a problem.
  let fixMemo: RawFix | undefined | null = null;
  const fix = () => (fixMemo === null ? (fixMemo = metadataFix(ctx, provider)) : fixMemo);
  const labelRange = () => at(ctx, obj(ctx.value, ['metadata', 'labels']) ? ['metadata', 'labels'] : ['metadata']);

  const missing: string[] = [];
  if (l[labels.replication] !== 'true') missing.push(`${labels.replication}: "true"`);
  if (l[labels.remoteID] === undefined) missing.push(`${labels.remoteID}: <provider cluster ID>`);
  if (l[labels.remoteClusterID] === undefined) missing.push(`${labels.remoteClusterID}: <provider cluster ID>`);
  if (missing.length) {
    const where = l[labels.replication] !== undefined && l[labels.replication] !== 'true' ? at(ctx, ['metadata', 'labels', labels.replication]) : labelRange();
    const f = fix();
    out.push(diag('sliceLabels', where[0], where[1],
      `This ResourceSlice is missing ${missing.join(', ')}. Liqo only reconciles and replicates slices that carry all three labels; without them it is silently ignored.`,
      f ? [f] : undefined));
  }

  // Every place that names the provider must agree.
  const named: [string[], string | undefined][] = [
    [['metadata', 'labels', labels.remoteClusterID], typeof l[labels.remoteClusterID] === 'string' ? (l[labels.remoteClusterID] as string) : undefined],
    [['metadata', 'labels', labels.remoteID], typeof l[labels.remoteID] === 'string' ? (l[labels.remoteID] as string) : undefined],
    [['spec', 'providerClusterID'], str(ctx.value, ['spec', 'providerClusterID'])],
  ];
  const first = named.find(([, v]) => v);
  for (const [path, v] of named) {
    if (!first || !v || v === first[1]) continue;
    const r = at(ctx, path);
    out.push(diag('sliceClusterMismatch', r[0], r[1],
      `${path.join('.')} is "${v}" but ${first[0].join('.')} is "${first[1]}": they must name the same provider cluster.`,
      [{ title: `Use "${first[1]}"`, edits: [{ start: r[0], end: r[1], newText: first[1] ?? '' }] }]));
  }

  const ns = str(ctx.value, ['metadata', 'namespace']);
  const want = provider ? tenantNamespace(provider) : undefined;
  if (ns === undefined || peerOfTenantNamespace(ns) === undefined || (provider && ns !== want)) {
    const r = at(ctx, ns === undefined ? ['metadata'] : ['metadata', 'namespace']);
    const edit = want && (ns === undefined ? setPathEdit(ctx.doc, ['metadata', 'namespace'], want) : { start: r[0], end: r[1], newText: want });
    const expected = want ?? 'liqo-tenant-<provider cluster ID>';
    out.push(diag('sliceNamespace', r[0], r[1],
      ns === undefined
        ? `A ResourceSlice must be created in its provider's tenant namespace: set metadata.namespace to ${expected}.`
        : `A ResourceSlice must be in its provider's tenant namespace ${expected}, not "${ns}"; elsewhere the provider denies its authentication.`,
      edit ? [{ title: `Move it to ${want}`, edits: [edit] }] : undefined));
  }

  const annotation = obj(ctx.value, ['metadata', 'annotations'])?.[createVirtualNode];
  if (annotation === undefined || (typeof annotation === 'string' && annotation.toLowerCase() !== 'true')) {
    const r = annotation === undefined ? kindRange(ctx) : at(ctx, ['metadata', 'annotations', createVirtualNode]);
    const edits = annotation === undefined ? fix()?.edits.filter((e) => e.newText.includes(createVirtualNode)) : [{ start: r[0], end: r[1], newText: '"true"' }];
    out.push(diag('sliceVirtualNode', r[0], r[1],
      `No VirtualNode will be created for this slice: add the annotation ${createVirtualNode}: "true" if you want one.`,
      edits?.length ? [{ title: `Set ${createVirtualNode}: "true"`, edits }] : undefined));
  }

  const name = str(ctx.value, ['metadata', 'name']);
  if (name !== undefined && (!dns1123Subdomain.test(name) || name.length > 253)) {
    const r = at(ctx, ['metadata', 'name']);
    out.push(diag('sliceName', r[0], r[1],
      `"${name}" cannot be a ResourceSlice name: it becomes the virtual node's name, so use lowercase letters, digits, '-' and '.'.`));
  }
  out.push(...checkQuantities(ctx, ['spec', 'resources']));
  return out;
}
