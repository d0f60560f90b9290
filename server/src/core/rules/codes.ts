// Every diagnostic code, with its severity and a one-line description. The README table is generated from
// this list (npm run docs:codes) and a unit test keeps the two in step.
import { annotations, labels } from '../../liqo/keys';
import type { RawDiagnostic, RawFix, Severity } from '../types';

/** The `source` of every diagnostic we publish. */
export const source = 'liqo';

export interface CodeDoc {
  code: string;
  severity: Severity;
  summary: string;
}

export const catalog = {
  syntax: { code: 'LIQO001', severity: 'error', summary: 'The YAML of a Liqo or GPU document does not parse.' },
  notChecked: { code: 'LIQO002', severity: 'warning', summary: 'A document was not checked: too large, binary, nested too deeply, an alias bomb, or its check took too long and was stopped.' },
  unknownVersion: { code: 'LIQO003', severity: 'warning', summary: 'A kind or version in a Liqo API group that Liqo does not serve; the message names the version Liqo serves the kind at, or the kind probably meant.' },
  schemaValue: { code: 'LIQO010', severity: 'error', summary: 'A value has the wrong type, is not an allowed value, or does not match the expected form.' },
  schemaRequired: { code: 'LIQO011', severity: 'error', summary: 'A required field is missing.' },
  schemaUnknown: { code: 'LIQO012', severity: 'warning', summary: 'A field that the kind does not have; the API server would drop it.' },
  schemaRule: { code: 'LIQO013', severity: 'error', summary: 'A validation rule (CEL) of the CRD fails, e.g. GatewayServer `port` and `ports` both set.' },
  enumCase: { code: 'LIQO014', severity: 'error', summary: 'An enum value differs from an allowed one only in letter case; Liqo enums are case-sensitive.' },
  offloadingName: { code: 'LIQO101', severity: 'error', summary: 'A NamespaceOffloading must be named `offloading`, or the webhook refuses it.' },
  offloadingDuplicate: { code: 'LIQO102', severity: 'error', summary: 'More than one NamespaceOffloading for the same namespace.' },
  selectedNameMissing: { code: 'LIQO103', severity: 'error', summary: '`SelectedName` mapping needs a non-empty `remoteNamespaceName`.' },
  remoteNameIgnored: { code: 'LIQO104', severity: 'warning', summary: '`remoteNamespaceName` is ignored unless the mapping strategy is `SelectedName`.' },
  remoteNameInvalid: { code: 'LIQO105', severity: 'warning', summary: 'The twin namespace name would not be a valid namespace name (DNS-1123 label, at most 63 characters).' },
  labelSelectorStrategy: { code: 'LIQO106', severity: 'error', summary: '`NamespaceLabelSelector` is a liqoctl flag, not a namespace mapping strategy.' },
  offloadedPlacement: { code: 'LIQO107', severity: 'information', summary: 'Pod `nodeSelector` or `affinity` in an offloaded namespace does not reach the provider; use the VirtualNode `offloadingPatch`.' },
  offloadingImmutable: { code: 'LIQO108', severity: 'error', summary: 'The mapping strategy or twin name differs from the live offloading of the namespace; Liqo refuses the change (needs cluster facts).' },
  offloadingTightened: { code: 'LIQO109', severity: 'information', summary: 'A stricter pod offloading strategy than the live one does not move pods that already run (needs cluster facts).' },
  schedulingWithoutOffloading: { code: 'LIQO110', severity: 'warning', summary: `A namespace labelled \`${labels.schedulingEnabled}\` with no NamespaceOffloading in the file or the clusters; every pod creation there fails.` },
  runtimeClassWithoutOffloading: { code: 'LIQO111', severity: 'warning', summary: 'A pod with RuntimeClass `liqo` in a namespace that is offloaded neither in the file nor in the clusters.' },
  selectsNothing: { code: 'LIQO112', severity: 'warning', summary: 'The clusterSelector of a NamespaceOffloading matches none of the connected clusters\' virtual nodes (needs cluster facts).' },
  sliceNamespace: { code: 'LIQO120', severity: 'error', summary: 'A ResourceSlice must live in the tenant namespace of its provider, `liqo-tenant-<providerID>`.' },
  sliceLabels: { code: 'LIQO121', severity: 'error', summary: `A ResourceSlice needs the labels \`${labels.replication}: "true"\`, \`${labels.remoteID}\` and \`${labels.remoteClusterID}\`, or Liqo ignores it.` },
  sliceClusterMismatch: { code: 'LIQO122', severity: 'error', summary: 'The provider cluster ID differs between the ResourceSlice labels and `spec.providerClusterID`.' },
  sliceVirtualNode: { code: 'LIQO123', severity: 'warning', summary: `Without the annotation \`${annotations.createVirtualNode}: "true"\` no VirtualNode is created for the slice.` },
  sliceName: { code: 'LIQO124', severity: 'error', summary: 'A ResourceSlice name becomes a node name, so it must be a DNS-1123 subdomain.' },
  sliceDuplicate: { code: 'LIQO125', severity: 'error', summary: 'Two ResourceSlices in the file share a name; the webhook refuses the second one.' },
  quantityWhole: { code: 'LIQO126', severity: 'error', summary: 'Extended resources such as `nvidia.com/gpu` must be whole numbers; `pods` should be one too.' },
  clusterIDMismatch: { code: 'LIQO127', severity: 'error', summary: 'Objects of the same tenant namespace in the file disagree about the peer cluster ID.' },
  sliceBeyondProvider: { code: 'LIQO128', severity: 'warning', summary: 'A ResourceSlice asks for more of a GPU or other extended resource than the provider\'s own nodes have (needs the provider\'s context).' },
  clusterID: { code: 'LIQO131', severity: 'error', summary: 'A cluster ID must be a DNS-1123 label of at most 63 characters (51 to keep `liqo-tenant-<id>` valid).' },
  virtualNodeLabel: { code: 'LIQO140', severity: 'error', summary: `A VirtualNode needs the label \`${labels.remoteClusterID}\` equal to \`spec.clusterID\`, and a \`kubeconfigSecretRef\`.` },
  virtualNodeQuota: { code: 'LIQO141', severity: 'error', summary: 'A VirtualNode `resourceQuota.hard` needs positive `cpu` and `memory`, or its node never becomes Ready.' },
  virtualNodeQuotaIgnored: { code: 'LIQO142', severity: 'warning', summary: 'A VirtualNode uses only `resourceQuota.hard`; scopes and scope selectors are ignored.' },
  tenantPlacement: { code: 'LIQO150', severity: 'error', summary: `A Tenant must be in \`liqo-tenant-<clusterID>\`, with \`${labels.remoteClusterID}\` equal to \`spec.clusterID\`, one per namespace.` },
  configurationDuplicate: { code: 'LIQO162', severity: 'error', summary: 'More than one networking Configuration for the same peer.' },
  webhookSkip: { code: 'LIQO170', severity: 'warning', summary: `\`${labels.webhookSkip}: "true"\` bypasses Liqo's validation webhooks.` },
  gpuRequestLimit: { code: 'LIQO201', severity: 'error', summary: 'A container\'s requests and limits of an extended resource such as a GPU must be equal.' },
  gpuLimitMissing: { code: 'LIQO202', severity: 'error', summary: 'An extended resource such as a GPU requested without a limit; Kubernetes needs the limit.' },
  podCapacity: { code: 'LIQO203', severity: 'warning', summary: 'A pod in an offloaded namespace needs more of a GPU or other extended resource than any node it may run on under the pod offloading strategy (needs cluster facts).' },
} as const satisfies Record<string, CodeDoc>;

export type RuleName = keyof typeof catalog;

/** Code strings by rule name, e.g. `codes.syntax === 'LIQO001'`. */
export const codes = Object.fromEntries(Object.entries(catalog).map(([k, v]) => [k, v.code])) as { [K in RuleName]: string };

export const allCodes: CodeDoc[] = Object.values(catalog);

/** Builds a diagnostic of a rule, with the rule's code and severity. */
export function diag(rule: RuleName, start: number, end: number, message: string, fixes?: RawFix[]): RawDiagnostic {
  const { code, severity } = catalog[rule];
  return fixes?.length ? { start, end, code, severity, message, fixes } : { start, end, code, severity, message };
}
