// Rules for the peering objects: cluster IDs, VirtualNode, Tenant, the webhook-skip label and quantities.
import { setPathEdit, type Path } from '../ast';
import { labels } from '../../liqo/keys';
import { peerOfTenantNamespace, tenantNamespace } from '../../liqo/names';
import { dns1123Label } from '../../liqo/syntax';
import { diag } from './codes';
import { at, get, isObj, obj, str, type DocContext } from '../docContext';
import { isExtendedResource, isWholeQuantity, quantityValue } from '../../liqo/quantity';
import type { RawDiagnostic } from '../types';


/** Extended resources must be whole numbers, and so must `pods`. */
export function checkQuantities(ctx: DocContext, path: Path): RawDiagnostic[] {
  const map = obj(ctx.value, path);
  if (!map) return [];
  const out: RawDiagnostic[] = [];
  for (const [name, q] of Object.entries(map)) {
    if (quantityValue(q) === undefined) continue; // the schema reports malformed quantities
    const whole = isExtendedResource(name) || name === 'pods' || name === 'count/pods';
    if (whole && !isWholeQuantity(q)) {
      const r = at(ctx, [...path, name]);
      out.push(diag('quantityWhole', r[0], r[1],
        `${name} must be a whole number, not ${JSON.stringify(q)}: ${name === 'pods' ? 'a pod count' : 'extended resources such as GPUs'} cannot be split.`));
    }
  }
  return out;
}

const clusterIDPaths: Path[] = [
  ['metadata', 'labels', labels.remoteClusterID],
  ['metadata', 'labels', labels.remoteID],
  ['spec', 'clusterID'],
  ['spec', 'consumerClusterID'],
  ['spec', 'providerClusterID'],
];

/** Cluster IDs anywhere on a Liqo object: form and length. */
export function checkClusterIDs(ctx: DocContext): RawDiagnostic[] {
  const out: RawDiagnostic[] = [];
  for (const path of clusterIDPaths) {
    const id = get(ctx.value, path);
    if (typeof id !== 'string' || id === '') continue;
    const r = () => at(ctx, path);
    const where = path.join('.');
    if (!dns1123Label.test(id)) {
      // The schema already reports the spec fields' pattern; labels have no schema pattern.
      if (path[0] === 'metadata') out.push(diag('clusterID', ...r(), `${where}: "${id}" is not a valid cluster ID: use lowercase letters, digits and '-', starting and ending with a letter or digit.`));
    } else if (id.length > 63) {
      out.push(diag('clusterID', ...r(), `${where}: the cluster ID "${id}" is ${id.length} characters long; at most 63 are allowed.`));
    } else if (id.length > 51) {
      out.push({ ...diag('clusterID', ...r(), `${where}: the cluster ID is ${id.length} characters long; over 51, the tenant namespace liqo-tenant-<id> exceeds 63 characters and cannot be created.`), severity: 'warning' });
    }
  }
  return out;
}

export function checkWebhookSkip(ctx: DocContext): RawDiagnostic[] {
  const v = obj(ctx.value, ['metadata', 'labels'])?.[labels.webhookSkip];
  if (v !== 'true') return [];
  const r = at(ctx, ['metadata', 'labels', labels.webhookSkip]);
  return [diag('webhookSkip', r[0], r[1], `${labels.webhookSkip}: "true" makes Liqo's validating webhooks skip this object, so mistakes they would catch reach the cluster.`)];
}

export function checkVirtualNode(ctx: DocContext): RawDiagnostic[] {
  const out: RawDiagnostic[] = [];
  const clusterID = str(ctx.value, ['spec', 'clusterID']);
  const label = obj(ctx.value, ['metadata', 'labels'])?.[labels.remoteClusterID];
  if (clusterID && label !== clusterID) {
    const r = label === undefined ? at(ctx, ['spec', 'clusterID']) : at(ctx, ['metadata', 'labels', labels.remoteClusterID]);
    const edit = label === undefined ? setPathEdit(ctx.doc, ['metadata', 'labels', labels.remoteClusterID], clusterID) : { start: r[0], end: r[1], newText: clusterID };
    out.push(diag('virtualNodeLabel', r[0], r[1],
      label === undefined
        ? `A VirtualNode needs the label ${labels.remoteClusterID}: ${clusterID}; Liqo finds virtual nodes by that label.`
        : `The label ${labels.remoteClusterID} is ${JSON.stringify(label)} but spec.clusterID is "${clusterID}"; they must match.`,
      edit ? [{ title: `Set ${labels.remoteClusterID}: ${clusterID}`, edits: [edit], preferred: true }] : undefined));
  }
  if (!str(ctx.value, ['spec', 'kubeconfigSecretRef', 'name'])) {
    const r = at(ctx, obj(ctx.value, ['spec']) ? ['spec'] : ['kind']);
    out.push(diag('virtualNodeLabel', r[0], r[1], 'A VirtualNode needs spec.kubeconfigSecretRef.name: the Secret (key "kubeconfig") that reaches the provider.'));
  }
  const quota = obj(ctx.value, ['spec', 'resourceQuota']);
  if (quota) {
    const hard = isObj(quota.hard) ? quota.hard : {};
    for (const res of ['cpu', 'memory']) {
      const v = quantityValue(hard[res]);
      if (v === undefined || v <= 0) {
        const path = hard[res] !== undefined ? ['spec', 'resourceQuota', 'hard', res] : isObj(quota.hard) ? ['spec', 'resourceQuota', 'hard'] : ['spec', 'resourceQuota'];
        const r = at(ctx, path);
        out.push(diag('virtualNodeQuota', r[0], r[1], `spec.resourceQuota.hard needs a positive ${res}; without it the virtual node never becomes Ready.`));
      }
    }
    for (const ignored of ['scopes', 'scopeSelector']) {
      if (quota[ignored] === undefined) continue;
      const r = at(ctx, ['spec', 'resourceQuota', ignored]);
      out.push(diag('virtualNodeQuotaIgnored', r[0], r[1], `spec.resourceQuota.${ignored} is ignored: a VirtualNode uses only resourceQuota.hard.`));
    }
    out.push(...checkQuantities(ctx, ['spec', 'resourceQuota', 'hard']));
  }
  return out;
}

export function checkTenant(ctx: DocContext): RawDiagnostic[] {
  const out: RawDiagnostic[] = [];
  const clusterID = str(ctx.value, ['spec', 'clusterID']);
  if (!clusterID) return out;
  const ns = str(ctx.value, ['metadata', 'namespace']);
  const want = tenantNamespace(clusterID);
  if (ns !== want) {
    const r = at(ctx, ns === undefined ? ['metadata'] : ['metadata', 'namespace']);
    const edit = ns === undefined ? setPathEdit(ctx.doc, ['metadata', 'namespace'], want) : { start: r[0], end: r[1], newText: want };
    out.push(diag('tenantPlacement', r[0], r[1],
      `A Tenant for cluster ${clusterID} must be in the tenant namespace ${want}${ns ? `, not "${ns}"${peerOfTenantNamespace(ns) ? ' (a tenant namespace of another cluster)' : ''}` : ''}.`,
      edit ? [{ title: `Move it to ${want}`, edits: [edit] }] : undefined));
  }
  const label = obj(ctx.value, ['metadata', 'labels'])?.[labels.remoteClusterID];
  if (label !== undefined && label !== clusterID) {
    const r = at(ctx, ['metadata', 'labels', labels.remoteClusterID]);
    out.push(diag('tenantPlacement', r[0], r[1], `The label ${labels.remoteClusterID} is ${JSON.stringify(label)} but spec.clusterID is "${clusterID}"; the webhook refuses the Tenant.`,
      [{ title: `Set it to ${clusterID}`, edits: [{ start: r[0], end: r[1], newText: clusterID }] }]));
  }
  return out;
}
