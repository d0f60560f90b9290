// ResourceSlice rules: the labels Liqo selects it by, the annotation that asks for a virtual node, its name, its
// class and its quantities. Where it must live is a cross-document rule (crossDocument.ts).
import { isMap } from 'yaml';
import { insertKeyEdit, locate, setPathEdit } from '../ast';
import { annotations, labels } from '../../liqo/keys';
import { peerOfTenantNamespace } from '../../liqo/names';
import { diag } from './codes';
import { at, kindRange, obj, str, type DocContext } from '../docContext';
import { checkQuantities, virtualNodeNameProblem } from './peering';
import type { RawDiagnostic, RawEdit, RawFix } from '../types';

const createVirtualNode = annotations.createVirtualNode;

/** The class Liqo's own provider controller answers, besides no class at all. */
const defaultClass = 'default';

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

/**
 * LIQO121/122: the crd-replicator reflects only slices labelled for replication to a destination
 * (liqotech/liqo, internal/crdReplicator/reflection/manager.go, handler.go), and the virtual node creator needs
 * the peer label (pkg/liqo-controller-manager/virtualnodecreator-controller/). LIQO123: that controller creates a
 * VirtualNode unless the annotation is missing, empty or "false". LIQO124: the slice's name becomes the VirtualNode's
 * (and the node's) name and a label value. LIQO129: the provider's built-in controller answers only the default
 * class (pkg/liqo-controller-manager/authentication/remoteresourceslice-controller/).
 */
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

  // Only a missing, empty or "false" (any case) annotation turns the virtual node off; any other value turns it on.
  const annotation = obj(ctx.value, ['metadata', 'annotations'])?.[createVirtualNode];
  if (annotation === undefined || annotation === '') {
    const r = annotation === undefined ? kindRange(ctx) : at(ctx, ['metadata', 'annotations', createVirtualNode]);
    const edits = annotation === undefined ? fix()?.edits.filter((e) => e.newText.includes(createVirtualNode)) : [{ start: r[0], end: r[1], newText: '"true"' }];
    out.push(diag('sliceVirtualNode', r[0], r[1],
      `No VirtualNode will be created for this slice: add the annotation ${createVirtualNode}: "true" if you want one (or "false" to say you do not).`,
      edits?.length ? [{ title: `Set ${createVirtualNode}: "true"`, edits }] : undefined));
  }

  const name = str(ctx.value, ['metadata', 'name']);
  const nameProblem = name === undefined ? undefined : virtualNodeNameProblem(name);
  if (nameProblem) {
    const r = at(ctx, ['metadata', 'name']);
    out.push(diag('sliceName', r[0], r[1],
      `The ResourceSlice name ${nameProblem}: it becomes the name of its virtual node and the value of the label ${labels.resourceSliceName}.`));
  }

  const sliceClass = str(ctx.value, ['spec', 'class']);
  if (sliceClass !== undefined && sliceClass !== '' && sliceClass !== defaultClass) {
    const r = at(ctx, ['spec', 'class']);
    const slip = sliceClass.toLowerCase() === defaultClass;
    out.push(diag('sliceClass', r[0], r[1], slip
      ? `The class is "${sliceClass}", not "${defaultClass}": Liqo's own controller answers only "${defaultClass}" (or no class), so the slice would wait for a custom class controller.`
      : `Liqo's own controller answers only the class "${defaultClass}" (or no class): class "${sliceClass}" waits for a custom class controller on the provider, and no resources are granted until one answers.`,
      slip ? [{ title: `Change to ${defaultClass}`, edits: [{ start: r[0], end: r[1], newText: defaultClass }], preferred: true }] : undefined));
  }
  out.push(...checkQuantities(ctx, ['spec', 'resources']));
  return out;
}
