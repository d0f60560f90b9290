// Every diagnostic code, with its severity, a one-line description and where the rule comes from. README.md's
// table of codes says the same, row for row; a unit test (test/unit/readme.test.ts) keeps the two in step.
import { annotations, labels } from '../../liqo/keys';
import type { RawDiagnostic, RawFix, Severity } from '../types';

/** The `source` of every diagnostic we publish. */
export const source = 'liqo';

export interface CodeDoc {
  code: string;
  /** Each code has one severity, always. */
  severity: Severity;
  summary: string;
  /**
   * Where the rule comes from: paths in liqotech/liqo (at the commit the schemas come from), or "Kubernetes API"
   * for what the API server or the scheduler does, or "ours" where no upstream file applies.
   */
  source: readonly string[];
}

const crds = 'deployments/liqo/charts/liqo-crds/crds/';
const nsoffWebhook = 'pkg/webhooks/namespaceoffloading/nsoff.go';
const nsoffController = 'pkg/liqo-controller-manager/offloading/namespaceoffloading-controller/';
const nodeProvider = 'pkg/virtualKubelet/liqoNodeProvider/';
const helmValues = 'deployments/liqo/values.yaml';

export const catalog = {
  syntax: { code: 'LIQO001', severity: 'error', summary: 'The YAML of a Liqo or GPU document does not parse.', source: ['ours'] },
  notChecked: { code: 'LIQO002', severity: 'warning', summary: 'A document was not checked, or not fully: too large, binary, nested too deeply, an alias bomb, its CRD validation rules (CEL) cost more than a document may spend, or its check took too long and was stopped.', source: ['ours'] },
  unknownVersion: { code: 'LIQO003', severity: 'warning', summary: 'A kind or version in a Liqo API group that Liqo does not serve; the message names the version Liqo serves the kind at, or the kind probably meant.', source: [crds] },
  schemaValue: { code: 'LIQO010', severity: 'error', summary: 'A value has the wrong type, is not an allowed value, or does not match the expected form.', source: [crds] },
  schemaRequired: { code: 'LIQO011', severity: 'error', summary: 'A required field is missing.', source: [crds] },
  schemaUnknown: { code: 'LIQO012', severity: 'warning', summary: 'A field that the kind does not have; the API server would drop it.', source: [crds, 'Kubernetes API'] },
  schemaRule: { code: 'LIQO013', severity: 'error', summary: 'A validation rule (CEL) of the CRD fails, e.g. GatewayServer `port` and `ports` both set.', source: [crds] },
  enumCase: { code: 'LIQO014', severity: 'error', summary: 'An enum value differs from an allowed one only in letter case; Liqo enums are case-sensitive.', source: [crds] },
  schemaEmpty: { code: 'LIQO015', severity: 'warning', summary: 'An optional field left empty (null); the API server drops it.', source: ['Kubernetes API'] },
  offloadingName: { code: 'LIQO101', severity: 'error', summary: 'A NamespaceOffloading must be named `offloading`, or the webhook refuses it.', source: [nsoffWebhook] },
  offloadingDuplicate: { code: 'LIQO102', severity: 'error', summary: 'More than one NamespaceOffloading for the same namespace.', source: [nsoffWebhook] },
  selectedNameMissing: { code: 'LIQO103', severity: 'error', summary: '`SelectedName` mapping needs a non-empty `remoteNamespaceName`.', source: [nsoffWebhook] },
  remoteNameIgnored: { code: 'LIQO104', severity: 'warning', summary: '`remoteNamespaceName` is ignored unless the mapping strategy is `SelectedName`; once the offloading exists, Liqo refuses any change to it all the same.', source: [`${nsoffController}status.go`, nsoffWebhook] },
  remoteNameInvalid: { code: 'LIQO105', severity: 'warning', summary: 'The twin namespace name would not be a valid namespace name (DNS-1123 label, at most 63 characters).', source: [`${nsoffController}status.go`] },
  labelSelectorStrategy: { code: 'LIQO106', severity: 'error', summary: '`NamespaceLabelSelector` is a liqoctl flag, not a namespace mapping strategy.', source: ['apis/offloading/v1beta1/namespaceoffloading_types.go'] },
  offloadedPlacement: { code: 'LIQO107', severity: 'information', summary: 'Pod `nodeSelector` or `affinity` in an offloaded namespace does not reach the provider; use the VirtualNode `offloadingPatch`.', source: ['pkg/virtualKubelet/forge/pods.go'] },
  offloadingImmutable: { code: 'LIQO108', severity: 'error', summary: 'The mapping strategy or remoteNamespaceName (added, changed or removed) differs from the live offloading of the namespace; Liqo refuses the change (needs cluster facts).', source: [nsoffWebhook] },
  offloadingTightened: { code: 'LIQO109', severity: 'information', summary: 'A stricter pod offloading strategy than the live one does not move pods that already run (needs cluster facts).', source: [nsoffWebhook] },
  schedulingWithoutOffloading: { code: 'LIQO110', severity: 'warning', summary: `A namespace labelled \`${labels.schedulingEnabled}\` with no NamespaceOffloading in the file or the clusters; every pod creation there fails.`, source: ['pkg/webhooks/pod/pod.go', 'deployments/liqo/templates/webhooks/liqo-mutating-webhook.yaml'] },
  runtimeClassWithoutOffloading: { code: 'LIQO111', severity: 'warning', summary: 'A pod with RuntimeClass `liqo` in a namespace that is offloaded neither in the file nor in the clusters.', source: ['deployments/liqo/templates/runtime-class.yaml', nsoffController] },
  selectsNothing: { code: 'LIQO112', severity: 'warning', summary: 'The clusterSelector of a NamespaceOffloading matches none of the connected clusters\' virtual nodes (needs cluster facts).', source: [`${nsoffController}clusterselector.go`] },
  selectorRequirement: { code: 'LIQO113', severity: 'error', summary: 'A node selector requirement (clusterSelector, offloadingPatch or pod node affinity) with an operator other than In, NotIn, Exists, DoesNotExist, Gt, Lt, or values its operator forbids, lacks or cannot compare.', source: [`${nsoffController}clusterselector.go`, 'pkg/virtualKubelet/forge/pods.go', 'Kubernetes API'] },
  sliceNamespace: { code: 'LIQO120', severity: 'error', summary: `A ResourceSlice outside its provider's tenant namespace (labelled \`${labels.tenantNamespace}\` and \`${labels.remoteClusterID}\`, by default \`liqo-tenant-<providerID>\`) is never replicated to the provider.`, source: ['internal/crdReplicator/crdReplicator-operator.go', 'internal/crdReplicator/reflection/handler.go', 'pkg/tenantNamespace/namespaceManager.go'] },
  sliceLabels: { code: 'LIQO121', severity: 'error', summary: `A ResourceSlice needs the labels \`${labels.replication}: "true"\`, \`${labels.remoteID}\` and \`${labels.remoteClusterID}\`, or Liqo ignores it.`, source: ['internal/crdReplicator/reflection/manager.go', 'pkg/liqo-controller-manager/virtualnodecreator-controller/virtualnodecreator_controller.go'] },
  sliceClusterMismatch: { code: 'LIQO122', severity: 'error', summary: 'The provider cluster ID differs between the ResourceSlice labels and `spec.providerClusterID`.', source: ['internal/crdReplicator/reflection/handler.go', 'pkg/liqo-controller-manager/authentication/localresourceslice-controller/localresourceslice_controller.go'] },
  sliceVirtualNode: { code: 'LIQO123', severity: 'warning', summary: `Without the annotation \`${annotations.createVirtualNode}\` (any value but empty or \`false\`), no VirtualNode is created for the slice.`, source: ['pkg/liqo-controller-manager/virtualnodecreator-controller/virtualnodecreator_controller.go'] },
  sliceName: { code: 'LIQO124', severity: 'error', summary: 'A ResourceSlice name becomes the virtual node\'s name and a label value: a DNS-1123 subdomain of at most 63 characters.', source: ['pkg/liqo-controller-manager/virtualnodecreator-controller/virtualnodecreator_controller.go', 'pkg/vkMachinery/forge/creation.go'] },
  sliceDuplicate: { code: 'LIQO125', severity: 'error', summary: 'Two ResourceSlices in the file share a name; the webhook refuses the second one.', source: ['pkg/webhooks/resourceslice/validate.go'] },
  quantityWhole: { code: 'LIQO126', severity: 'error', summary: 'Extended resources such as `nvidia.com/gpu` must be whole numbers; `pods` should be one too.', source: ['Kubernetes API'] },
  clusterIDMismatch: { code: 'LIQO127', severity: 'error', summary: 'Objects of the same tenant namespace in the file disagree about the peer cluster ID.', source: ['pkg/tenantNamespace/namespaceManager.go'] },
  sliceBeyondProvider: { code: 'LIQO128', severity: 'warning', summary: 'A ResourceSlice asks for more of a GPU or other extended resource than the provider\'s own nodes have (needs the provider\'s context).', source: ['pkg/liqo-controller-manager/authentication/remoteresourceslice-controller/remoteresourceslice_controller.go'] },
  sliceClass: { code: 'LIQO129', severity: 'warning', summary: 'A ResourceSlice `class` other than `default` or empty is answered only by a custom class controller on the provider.', source: ['pkg/liqo-controller-manager/authentication/remoteresourceslice-controller/remoteresourceslice_controller.go'] },
  clusterID: { code: 'LIQO131', severity: 'error', summary: 'A cluster ID must be a DNS-1123 label; over 51 characters, its tenant namespace `liqo-tenant-<id>` cannot be created.', source: ['apis/core/v1beta1/foreigncluster_types.go', 'pkg/tenantNamespace/namespaceManager.go'] },
  virtualNodeLabel: { code: 'LIQO140', severity: 'error', summary: `A VirtualNode needs \`spec.clusterID\`, the label \`${labels.remoteClusterID}\` equal to it, and a \`kubeconfigSecretRef\`.`, source: ['cmd/virtual-kubelet/root/root.go', 'pkg/utils/getters/k8sGetters.go'] },
  virtualNodeQuota: { code: 'LIQO141', severity: 'error', summary: 'A VirtualNode needs `resourceQuota.hard` with positive `cpu` and `memory`, or its node never becomes Ready.', source: [`${nodeProvider}utils.go`, `${nodeProvider}reconciler.go`] },
  virtualNodeQuotaIgnored: { code: 'LIQO142', severity: 'warning', summary: 'A VirtualNode uses only `resourceQuota.hard`; scopes and scope selectors are ignored.', source: [`${nodeProvider}utils.go`] },
  virtualNodeName: { code: 'LIQO143', severity: 'error', summary: 'A VirtualNode name becomes the node\'s name and a label value: a DNS-1123 subdomain of at most 63 characters.', source: ['pkg/vkMachinery/forge/creation.go'] },
  virtualNodeNamespace: { code: 'LIQO144', severity: 'warning', summary: 'A VirtualNode outside a `liqo-tenant-*` namespace: Liqo does not approve its virtual kubelet\'s serving certificate, so logs and exec of offloaded pods fail.', source: ['cmd/liqo-controller-manager/modules/offloading.go'] },
  tenantPlacement: { code: 'LIQO150', severity: 'error', summary: `A Tenant's label \`${labels.remoteClusterID}\` and its namespace's labels must match \`spec.clusterID\`; one Tenant per tenant namespace, and names unique in the cluster.`, source: ['pkg/webhooks/tenant/validate.go'] },
  networkingLabel: { code: 'LIQO160', severity: 'error', summary: `A GatewayServer, GatewayClient or Configuration without the label \`${labels.remoteClusterID}\`; its controller fails.`, source: ['pkg/liqo-controller-manager/networking/external-network/'] },
  configurationDuplicate: { code: 'LIQO162', severity: 'error', summary: 'More than one networking Configuration for the same peer.', source: ['pkg/utils/getters/k8sGetters.go'] },
  webhookSkip: { code: 'LIQO170', severity: 'warning', summary: `\`${labels.webhookSkip}: "true"\` turns off Liqo's webhooks where that loses something: on a NamespaceOffloading, Tenant or VirtualNode, on a ForeignCluster without its peer label, on a FirewallConfiguration with an unnamed rule.`, source: ['deployments/liqo/templates/webhooks/'] },
  gpuRequestLimit: { code: 'LIQO201', severity: 'error', summary: 'A container\'s requests and limits of an extended resource such as a GPU, or of hugepages, must be equal.', source: ['Kubernetes API'] },
  gpuLimitMissing: { code: 'LIQO202', severity: 'error', summary: 'An extended resource such as a GPU, or hugepages, requested without a limit; Kubernetes needs the limit.', source: ['Kubernetes API'] },
  podCapacity: { code: 'LIQO203', severity: 'warning', summary: 'A pod in an offloaded namespace needs more of a GPU or other extended resource than any node it may run on under the pod offloading strategy (needs cluster facts).', source: [`${nodeProvider}utils.go`, 'Kubernetes API'] },
  enforcedRequestsMissing: { code: 'LIQO204', severity: 'warning', summary: 'An offloaded container without a `cpu` or `memory` request, where the provider\'s Quota enforces Soft or Hard limits: Liqo\'s ShadowPod webhook there denies the pod (needs cluster facts).', source: ['pkg/webhooks/shadowpod/spdescription.go', 'apis/offloading/v1beta1/quota_types.go'] },
  enforcedLimitsDiffer: { code: 'LIQO205', severity: 'warning', summary: 'An offloaded container with a request that has no equal limit, where the provider\'s Quota enforces Hard limits: Liqo\'s ShadowPod webhook there denies the pod (needs cluster facts).', source: ['pkg/webhooks/shadowpod/spdescription.go'] },
  quotaLacksResource: { code: 'LIQO206', severity: 'warning', summary: 'An offloaded pod requests a resource that the provider\'s Quota for this consumer does not list: Liqo\'s ShadowPod webhook there denies it (needs cluster facts).', source: ['pkg/webhooks/shadowpod/peeringinfo.go', 'pkg/liqo-controller-manager/quotacreator-controller/quotacreator_controller.go'] },
  providerRuntimeClassMissing: { code: 'LIQO207', severity: 'warning', summary: `The runtime class an offloaded pod gets on the provider (\`${annotations.remoteRuntimeClassName}\`, or a \`runtimeClassName\` other than \`liqo\`) does not exist there (needs cluster facts).`, source: ['pkg/virtualKubelet/forge/pods.go', 'Kubernetes API'] },
  runtimeClassMissingLocally: { code: 'LIQO208', severity: 'error', summary: `A \`runtimeClassName\` that the cluster offloading the namespace does not have: its API server refuses the pod. A runtime only the provider has goes in the annotation \`${annotations.remoteRuntimeClassName}\` (needs cluster facts).`, source: ['Kubernetes API', 'pkg/virtualKubelet/forge/pods.go', 'pkg/webhooks/pod/mutations.go'] },
  valuesUnknownKey: { code: 'LIQO301', severity: 'warning', summary: 'A key that Liqo\'s Helm chart does not have, in a Liqo values file: Helm ignores it silently. The message names the key probably meant.', source: [helmValues] },
  valuesType: { code: 'LIQO302', severity: 'error', summary: 'A Liqo values file gives a value of the wrong type (a map where the chart reads a string, `"false"` where it reads a boolean) or one the chart does not allow.', source: [helmValues, 'deployments/liqo/templates/'] },
  valuesCIDR: { code: 'LIQO303', severity: 'error', summary: 'An `ipam` network of a Liqo values file (podCIDR, serviceCIDR, externalCIDR, internalCIDR, podCIDRs, reservedSubnets, pools) is not a CIDR such as 10.0.0.0/16.', source: [helmValues, 'pkg/ipam/'] },
  valuesCIDRSense: { code: 'LIQO304', severity: 'warning', summary: 'An `ipam` network of a Liqo values file that Liqo reads otherwise than written: host bits set after the prefix, or `podCIDR` ignored because `podCIDRs` is set.', source: [helmValues, 'deployments/liqo/templates/liqo-ipam-networks.yaml'] },
  valuesOverlap: { code: 'LIQO305', severity: 'error', summary: 'Two networks of a Liqo values file overlap: the pod, service, external and internal CIDRs and the reserved subnets must be disjoint.', source: [helmValues, 'pkg/ipam/'] },
  valuesQuantity: { code: 'LIQO306', severity: 'error', summary: '`offloading.defaultNodeResources` in a Liqo values file holds something that is not a resource quantity (such as 4, 500m, 8Gi).', source: ['deployments/liqo/templates/liqo-controller-manager-deployment.yaml', 'Kubernetes API'] },
  valuesLabel: { code: 'LIQO307', severity: 'error', summary: '`discovery.config.clusterLabels` in a Liqo values file holds a key or value that is not a valid Kubernetes label; the virtual nodes get these labels.', source: ['deployments/liqo/templates/liqo-controller-manager-deployment.yaml', 'Kubernetes API'] },
  valuesClusterIDDuplicate: { code: 'LIQO308', severity: 'error', summary: 'Two Liqo values files in the workspace give the same `discovery.config.clusterID`; two clusters with one ID cannot peer.', source: [helmValues, 'pkg/tenantNamespace/namespaceManager.go'] },
  valuesClusterIDLive: { code: 'LIQO309', severity: 'warning', summary: 'A Liqo values file gives a `discovery.config.clusterID` other than the live cluster of its context has; the chart refuses to change it (needs cluster facts).', source: ['deployments/liqo/templates/liqo-clusterid-configmap.yaml'] },
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
