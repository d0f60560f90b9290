// Rules for the peering objects: cluster IDs and the peer label, VirtualNode, Tenant, the webhook-skip label
// and quantities.
import { setPathEdit, type Path } from '../ast';
import { labels } from '../../liqo/keys';
import { peerOfTenantNamespace, tenantNamespace, tenantNamespacePrefix } from '../../liqo/names';
import { dns1123Label, dns1123Subdomain } from '../../liqo/syntax';
import { diag } from './codes';
import { at, get, isObj, kindRange, obj, str, type DocContext } from '../docContext';
import { isExtendedResource, isWholeQuantity, quantityValue } from '../../liqo/quantity';
import { checkNodeAffinity } from './selectors';
import type { RawDiagnostic, RawFix } from '../types';

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

/**
 * The kinds whose controllers stop without the peer label, and what then fails (liqotech/liqo,
 * pkg/liqo-controller-manager/networking/external-network/: server-operator/server_controller.go and
 * client-operator/client_controller.go return "missing label"; configuration/label.go and route/k8s.go error out).
 */
export const needPeerLabel: Readonly<Record<string, string>> = {
  GatewayServer: 'Liqo\'s gateway server controller stops with "missing label" and creates no gateway',
  GatewayClient: 'Liqo\'s gateway client controller stops with "missing label" and creates no gateway',
  Configuration: 'Liqo can neither remap the peer\'s CIDRs nor route to them',
};

/**
 * Cluster IDs on a Liqo object: their form and length (LIQO131: the CRD pattern in
 * apis/core/v1beta1/foreigncluster_types.go; 51 characters keep `liqo-tenant-<id>`, pkg/tenantNamespace, a valid
 * name), and the peer label on the networking kinds that cannot work without it (LIQO160).
 */
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
    } else if (id.length > 51) {
      out.push(diag('clusterID', ...r(), `${where}: the cluster ID is ${id.length} characters long; over 51, the tenant namespace liqo-tenant-<id> exceeds 63 characters and cannot be created.`));
    }
  }
  const consequence = needPeerLabel[ctx.kind];
  const label = obj(ctx.value, ['metadata', 'labels'])?.[labels.remoteClusterID];
  if (consequence && (label === undefined || label === '')) {
    const r = label === undefined ? kindRange(ctx) : at(ctx, ['metadata', 'labels', labels.remoteClusterID]);
    const ns = str(ctx.value, ['metadata', 'namespace']);
    const peer = ns && peerOfTenantNamespace(ns);
    const edit = peer && (label === undefined ? setPathEdit(ctx.doc, ['metadata', 'labels', labels.remoteClusterID], peer) : { start: r[0], end: r[1], newText: peer });
    out.push(diag('networkingLabel', r[0], r[1],
      `A ${ctx.kind} needs the label ${labels.remoteClusterID} naming the peer cluster; without it ${consequence}.`,
      edit ? [{ title: `Set ${labels.remoteClusterID}: ${peer}`, edits: [edit], preferred: true }] : undefined));
  }
  return out;
}

/**
 * LIQO170: what `liqo.io/webhook-skip: "true"` turns off on this object, or undefined when that loses nothing.
 * The label skips the webhooks whose objectSelector excludes it (liqotech/liqo,
 * deployments/liqo/templates/webhooks/liqo-{mutating,validating}-webhook.yaml): NamespaceOffloading's validating one,
 * Tenant's mutating and validating ones, ForeignCluster's and VirtualNode's mutating ones, FirewallConfiguration's
 * mutating and validating ones and RouteConfiguration's validating one. The ResourceSlice, ShadowPod and Pod
 * webhooks ignore it. Liqo's own chart labels the FirewallConfigurations it installs, on purpose: they are applied
 * with the chart, before its webhook serves, and every rule in them is named, so nothing is lost. The
 * FirewallConfiguration mutating webhook only names unnamed rules, which Liqo's firewall tells apart by name
 * (pkg/firewall/rule.go); the ForeignCluster one only sets the peer label from spec.clusterID (pkg/webhooks/foreigncluster/fc.go).
 */
function skipLoss(ctx: DocContext): string | undefined {
  switch (ctx.kind) {
    case 'NamespaceOffloading':
      return 'the validating webhook that requires the name "offloading" and refuses changes to the mapping strategy or the twin namespace name, so such mistakes reach the cluster';
    case 'Tenant':
      return `the webhooks that add ${labels.remoteClusterID} and check the tenant namespace, the cluster ID and that the Tenant is the only one there, so such mistakes reach the cluster`;
    case 'VirtualNode':
      return 'the mutating webhook that writes the virtual kubelet Deployment (spec.template) and the defaults from the VkOptionsTemplate: without it no virtual kubelet starts';
    case 'ForeignCluster': {
      const clusterID = str(ctx.value, ['spec', 'clusterID']);
      return clusterID && obj(ctx.value, ['metadata', 'labels'])?.[labels.remoteClusterID] === clusterID ? undefined
        : `the mutating webhook that sets ${labels.remoteClusterID} from spec.clusterID, and Liqo finds ForeignClusters by that label`;
    }
    case 'FirewallConfiguration': {
      const unnamed = unnamedFirewallRules(ctx);
      return unnamed.length ? `the mutating webhook that names unnamed rules, and ${unnamed.join(', ')} ${unnamed.length === 1 ? 'has' : 'have'} no name: Liqo's firewall tells rules apart by name` : undefined;
    }
    default:
      return undefined;
  }
}

export function checkWebhookSkip(ctx: DocContext): RawDiagnostic[] {
  if (obj(ctx.value, ['metadata', 'labels'])?.[labels.webhookSkip] !== 'true') return [];
  const loss = skipLoss(ctx);
  if (!loss) return [];
  const r = at(ctx, ['metadata', 'labels', labels.webhookSkip]);
  return [diag('webhookSkip', r[0], r[1], `${labels.webhookSkip}: "true" turns off ${loss}.`)];
}

/** Rules of a FirewallConfiguration without a name, as "chain X filterRules[N]". */
function unnamedFirewallRules(ctx: DocContext): string[] {
  const chains = get(ctx.value, ['spec', 'table', 'chains']);
  if (!Array.isArray(chains)) return [];
  return chains.flatMap((chain, c) => {
    const rules = isObj(chain) && isObj(chain.rules) ? chain.rules : {};
    const chainName = isObj(chain) && typeof chain.name === 'string' ? chain.name : `#${c + 1}`;
    return ['filterRules', 'natRules', 'routeRules'].flatMap((list) => {
      const items = rules[list];
      return Array.isArray(items) ? items.flatMap((rule, i) => (isObj(rule) && typeof rule.name === 'string' && rule.name ? [] : [`chain ${chainName} ${list}[${i}]`])) : [];
    });
  });
}

/**
 * What a virtual node's name must be: it names the Node, the virtual kubelet's service account, and is the value
 * of the label `liqo.io/virtual-node` on the virtual kubelet's pods (pkg/vkMachinery/forge/creation.go), so a
 * DNS-1123 subdomain no longer than a label value, 63 characters. Undefined when the name is fine.
 */
export function virtualNodeNameProblem(name: string): string | undefined {
  if (name.length > 63) return `is ${name.length} characters long; at most 63 are allowed`;
  if (!dns1123Subdomain.test(name)) return 'must use lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit';
  return undefined;
}

/**
 * VirtualNode rules. LIQO140: the virtual kubelet exits without a cluster ID or a kubeconfig Secret
 * (cmd/virtual-kubelet/root/root.go), and Liqo finds virtual nodes by their peer label
 * (pkg/utils/getters/k8sGetters.go). LIQO141/142: the node's capacity is resourceQuota.hard, and the node is
 * Ready only with positive cpu and memory (pkg/virtualKubelet/liqoNodeProvider/utils.go, reconciler.go). LIQO143:
 * the name. LIQO144: the virtual kubelet's serving certificate is approved only for service accounts in namespaces
 * named liqo-tenant-* (cmd/liqo-controller-manager/modules/offloading.go). LIQO113: offloadingPatch node affinity.
 */
export function checkVirtualNode(ctx: DocContext): RawDiagnostic[] {
  const out: RawDiagnostic[] = [];
  const clusterID = str(ctx.value, ['spec', 'clusterID']);
  const label = obj(ctx.value, ['metadata', 'labels'])?.[labels.remoteClusterID];
  const ns = str(ctx.value, ['metadata', 'namespace']);
  const specRange = () => at(ctx, obj(ctx.value, ['spec']) ? ['spec'] : ['kind']);
  if (!clusterID) {
    const known = (typeof label === 'string' && label) || (ns && peerOfTenantNamespace(ns));
    const r = get(ctx.value, ['spec', 'clusterID']) === undefined ? specRange() : at(ctx, ['spec', 'clusterID']);
    const edit = known && setPathEdit(ctx.doc, ['spec', 'clusterID'], known);
    out.push(diag('virtualNodeLabel', r[0], r[1], 'A VirtualNode needs spec.clusterID, the provider\'s cluster ID: without it the virtual kubelet exits at start.',
      edit ? [{ title: `Set spec.clusterID: ${known}`, edits: [edit], preferred: true }] : undefined));
  } else if (label !== clusterID) {
    const r = label === undefined ? at(ctx, ['spec', 'clusterID']) : at(ctx, ['metadata', 'labels', labels.remoteClusterID]);
    const edit = label === undefined ? setPathEdit(ctx.doc, ['metadata', 'labels', labels.remoteClusterID], clusterID) : { start: r[0], end: r[1], newText: clusterID };
    out.push(diag('virtualNodeLabel', r[0], r[1],
      label === undefined
        ? `A VirtualNode needs the label ${labels.remoteClusterID}: ${clusterID}; Liqo finds virtual nodes by that label.`
        : `The label ${labels.remoteClusterID} is ${JSON.stringify(label)} but spec.clusterID is "${clusterID}"; they must match.`,
      edit ? [{ title: `Set ${labels.remoteClusterID}: ${clusterID}`, edits: [edit], preferred: true }] : undefined));
  }
  if (!str(ctx.value, ['spec', 'kubeconfigSecretRef', 'name'])) {
    const r = specRange();
    out.push(diag('virtualNodeLabel', r[0], r[1], 'A VirtualNode needs spec.kubeconfigSecretRef.name: the Secret (key "kubeconfig") that reaches the provider.'));
  }
  out.push(...checkResourceQuota(ctx));
  const name = str(ctx.value, ['metadata', 'name']);
  const nameProblem = name === undefined ? undefined : virtualNodeNameProblem(name);
  if (nameProblem) {
    const r = at(ctx, ['metadata', 'name']);
    out.push(diag('virtualNodeName', r[0], r[1], `The VirtualNode name ${nameProblem}: it becomes the node's name and the value of a label on the virtual kubelet's pods.`));
  }
  if (ns !== undefined && peerOfTenantNamespace(ns) === undefined) {
    const r = at(ctx, ['metadata', 'namespace']);
    const target = clusterID && tenantNamespace(clusterID);
    out.push(diag('virtualNodeNamespace', r[0], r[1],
      `Liqo approves a virtual kubelet's serving certificate (of the default kubelet type) only in a namespace named ${tenantNamespacePrefix}*, and "${ns}" is not one: logs, exec and port-forward of offloaded pods would fail.`,
      target ? [{ title: `Move it to ${target}`, edits: [{ start: r[0], end: r[1], newText: target }] }] : undefined));
  }
  out.push(...checkNodeAffinity(ctx, ['spec', 'offloadingPatch', 'affinity', 'nodeAffinity'], 'offloadingPatch'));
  return out;
}

/** The default capacity `liqoctl create virtualnode` gives, offered when resourceQuota is missing. */
const liqoctlQuota = { hard: { cpu: '2', memory: '4Gi' } };

function checkResourceQuota(ctx: DocContext): RawDiagnostic[] {
  // Without a node (createNode: false) nothing waits for it to be Ready.
  if (get(ctx.value, ['spec', 'createNode']) === false) return [];
  const quota = obj(ctx.value, ['spec', 'resourceQuota']);
  if (!quota) {
    const r = get(ctx.value, ['spec', 'resourceQuota']) === undefined ? at(ctx, obj(ctx.value, ['spec']) ? ['spec'] : ['kind']) : at(ctx, ['spec', 'resourceQuota']);
    const edit = setPathEdit(ctx.doc, ['spec', 'resourceQuota'], liqoctlQuota);
    const fix: RawFix[] | undefined = edit ? [{ title: 'Add resourceQuota.hard with cpu 2 and memory 4Gi (liqoctl\'s defaults)', edits: [edit] }] : undefined;
    return [diag('virtualNodeQuota', r[0], r[1], 'A VirtualNode needs spec.resourceQuota.hard with cpu and memory: they are the node\'s capacity, and without them the node never becomes Ready.', fix)];
  }
  const out: RawDiagnostic[] = [];
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
  return out;
}

/**
 * LIQO150, what one Tenant shows alone: Liqo's validating webhook refuses a `liqo.io/remote-cluster-id` label
 * that differs from spec.clusterID (liqotech/liqo, pkg/webhooks/tenant/validate.go); when the label is missing,
 * the mutating webhook adds it (mutate.go). Its namespace is judged with the file's Namespaces
 * (crossDocument.ts): a Tenant without one is fine, it is applied with -n.
 */
export function checkTenant(ctx: DocContext): RawDiagnostic[] {
  const clusterID = str(ctx.value, ['spec', 'clusterID']);
  const label = obj(ctx.value, ['metadata', 'labels'])?.[labels.remoteClusterID];
  if (!clusterID || label === undefined || label === clusterID) return [];
  const r = at(ctx, ['metadata', 'labels', labels.remoteClusterID]);
  return [diag('tenantPlacement', r[0], r[1], `The label ${labels.remoteClusterID} is ${JSON.stringify(label)} but spec.clusterID is "${clusterID}"; the webhook refuses the Tenant.`,
    [{ title: `Set it to ${clusterID}`, edits: [{ start: r[0], end: r[1], newText: clusterID }] }])];
}
