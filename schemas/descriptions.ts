// Our own descriptions of the Liqo fields. The generator drops every description found in the CRDs and puts
// these in instead, so the bundled schemas carry no upstream prose.
//
// Keys:
//   'Kind'            the object as a whole
//   'Kind:path'       one field of one kind; path joins property names with '.', '[]' stands for a list item and
//                     '{}' for a map value (e.g. 'NamespaceMap:status.currentMapping{}.phase')
//   '*:path'          the same path in every kind
//   '~suffix'         any path that ends with this suffix at a segment boundary (shared structures such as
//                     object references and conditions); the longest matching suffix wins

export const descriptions: Record<string, string> = {
  // --- whole objects -------------------------------------------------------------------------------------
  ForeignCluster: 'A peer cluster as seen from this cluster: its ID, the role it plays and the health of each Liqo module towards it.',
  ResourceSlice: 'A request by the consumer for a slice of resources from a provider. Once accepted it yields a Quota on the provider and, usually, a VirtualNode on the consumer.',
  NamespaceOffloading: 'Extends the namespace it lives in to the selected provider clusters. It must be named "offloading".',
  VirtualNode: 'A virtual node backed by a provider cluster, run by a virtual kubelet Deployment in a tenant namespace.',
  Tenant: 'The provider-side record of a consumer cluster that peers with this cluster.',
  Identity: 'Credentials the consumer uses to act on a provider, either for the control plane or for one ResourceSlice.',
  Quota: 'The provider-side limit on what the pods of one consumer may use; created from an accepted ResourceSlice.',
  NamespaceMap: 'Internal object: which local namespaces are mirrored on one provider and under which names. Liqo manages it.',
  ShadowPod: 'Internal object: the provider-side stand-in for a pod offloaded by a consumer. Created by the virtual kubelet.',
  Configuration: 'The network CIDRs of the local and remote clusters of a peering, and how the remote ones were remapped.',
  GatewayServer: 'The server side of the network tunnel between two peered clusters.',
  GatewayClient: 'The client side of the network tunnel between two peered clusters.',
  PublicKey: 'The WireGuard public key of the peer cluster\'s gateway.',
  Connection: 'The state of the network tunnel established by a gateway.',

  // --- common manifest fields ----------------------------------------------------------------------------
  '*:apiVersion': 'API group and version of this object.',
  '*:kind': 'Kind of this object.',
  '*:metadata': 'Standard Kubernetes object metadata: name, namespace, labels, annotations.',
  '*:metadata.name': 'Name of the object, unique within its namespace (or cluster-wide for cluster-scoped kinds).',
  '*:metadata.namespace': 'Namespace the object lives in.',
  '*:metadata.labels': 'Key/value labels; Liqo finds most per-peer objects through the liqo.io/remote-cluster-id label.',
  '*:metadata.annotations': 'Key/value annotations.',
  '*:spec': 'Desired state, written by the user or by Liqo.',
  '*:status': 'Observed state, written by Liqo controllers; leave it out of hand-written manifests.',

  // --- shared structures -----------------------------------------------------------------------------------
  '~TemplateRef': 'Reference to the template object used to build the gateway.',
  '~Ref.apiVersion': 'API version of the referenced object.',
  '~Ref.kind': 'Kind of the referenced object.',
  '~Ref.name': 'Name of the referenced object.',
  '~Ref.namespace': 'Namespace of the referenced object.',
  '~Ref.uid': 'UID of the referenced object.',
  '~Ref.resourceVersion': 'Resource version of the referenced object.',
  '~Ref.fieldPath': 'Part of the referenced object this reference points at, if not the whole object.',
  '~conditions': 'Conditions reporting the state of the object.',
  '~conditions[]': 'One condition.',
  '~conditions[].type': 'What the condition is about.',
  '~conditions[].status': 'State of the condition.',
  '~conditions[].reason': 'Short machine-readable reason for the last change.',
  '~conditions[].message': 'Human-readable detail about the last change.',
  '~conditions[].lastTransitionTime': 'When the condition last changed.',
  '~conditions[].observedGeneration': 'The object generation the condition was computed from.',
  '~observedGeneration': 'The object generation the controller last processed.',
  '~authParams': 'What the consumer needs to reach the provider\'s API server with a signed certificate.',
  '~authParams.ca': 'Provider API server CA certificate (base64).',
  '~authParams.signedCRT': 'Client certificate signed by the provider (base64).',
  '~authParams.apiServer': 'Address of the provider API server.',
  '~authParams.proxyURL': 'Proxy to go through to reach the provider API server, if any.',
  '~authParams.awsConfig': 'AWS IAM credentials for EKS providers; when set, all five fields are required.',
  '~awsConfig.awsUserArn': 'ARN of the IAM user.',
  '~awsConfig.awsAccessKeyID': 'Access key ID of the IAM user.',
  '~awsConfig.awsSecretAccessKey': 'Secret access key of the IAM user.',
  '~awsConfig.awsRegion': 'AWS region of the EKS cluster.',
  '~awsConfig.awsClusterName': 'Name of the EKS cluster.',
  '~storageClasses': 'Storage classes offered by the provider.',
  '~storageClasses[].storageClassName': 'Name of the storage class.',
  '~ingressClasses': 'Ingress classes offered by the provider.',
  '~ingressClasses[].ingressClassName': 'Name of the ingress class.',
  '~loadBalancerClasses': 'Load balancer classes offered by the provider.',
  '~loadBalancerClasses[].loadBalancerClassName': 'Name of the load balancer class.',
  '~Classes[].default': 'Whether this class is the default one; the first default (or else the first entry) is used remotely.',
  '~secretRef': 'Secret holding the keys of the gateway; when empty the operator creates one.',
  '~internalEndpoint': 'Address of the gateway inside the cluster.',
  '~internalEndpoint.ip': 'IPv4 address of the gateway pod.',
  '~internalEndpoint.node': 'Node running the gateway pod.',
  '~mtu': 'MTU of the tunnel interface (liqoctl uses 1340 by default).',
  '~Classes[]': 'One class.',
  '~endpoint.ports[]': 'A port number.',
  '~endpoint.nodePorts[]': 'A node port number.',
  '~endpoint.addresses[]': 'An IP address or host name.',
  '~cidr.pod[]': 'A CIDR, such as 10.244.0.0/16.',
  '~cidr.external[]': 'A CIDR, such as 10.70.0.0/16.',
  '~labels{}': 'Label value.',
  '~nodeLabels{}': 'Label value.',
  '~serviceLabels{}': 'Label value.',
  '~annotations{}': 'Annotation value.',
  '~serviceAnnotations{}': 'Annotation value.',
  '~nodeSelector{}': 'Value the node label must have.',
  '~NotReflected[]': 'A key.',
  '~tolerations[]': 'One toleration.',
  '~tolerations[].key': 'Taint key the toleration matches; empty with Exists matches every taint.',
  '~tolerations[].operator': 'Exists or Equal (default).',
  '~tolerations[].value': 'Taint value the toleration matches (with Equal).',
  '~tolerations[].effect': 'Taint effect matched: NoSchedule, PreferNoSchedule or NoExecute; empty matches all.',
  '~tolerations[].tolerationSeconds': 'For NoExecute: how long the pod stays bound after the taint appears.',
  '~taints[]': 'One taint.',
  '~taints[].key': 'Taint key.',
  '~taints[].value': 'Taint value.',
  '~taints[].effect': 'NoSchedule, PreferNoSchedule or NoExecute.',
  '~taints[].timeAdded': 'When the taint was added (NoExecute only).',
  '~images[]': 'One image.',
  '~names[]': 'An image name.',

  // --- ForeignCluster --------------------------------------------------------------------------------------
  'ForeignCluster:spec.clusterID': 'ID of the peer cluster: lowercase letters, digits and \'-\', starting and ending with a letter or digit. Cannot change once set.',
  'ForeignCluster:status.role': 'Role of the peer: Consumer, Provider, ConsumerAndProvider or Unknown (default).',
  'ForeignCluster:status.modules': 'State of the networking, authentication and offloading modules towards the peer.',
  'ForeignCluster:status.modules.networking': 'State of the network module towards the peer.',
  'ForeignCluster:status.modules.authentication': 'State of the authentication module towards the peer.',
  'ForeignCluster:status.modules.offloading': 'State of the offloading module towards the peer.',
  '~modules.networking.enabled': 'Whether networking with the peer is in use.',
  '~modules.authentication.enabled': 'Whether authentication with the peer is in use.',
  '~modules.offloading.enabled': 'Whether offloading to the peer is in use.',
  'ForeignCluster:status.apiServerUrl': 'URL of the peer\'s API server.',
  'ForeignCluster:status.foreignProxyUrl': 'URL of the proxy in front of the peer\'s API server, if any.',
  'ForeignCluster:status.tenantNamespace': 'Tenant namespaces used for this peering.',
  'ForeignCluster:status.tenantNamespace.local': 'Tenant namespace in this cluster.',
  'ForeignCluster:status.tenantNamespace.remote': 'Tenant namespace in the peer cluster.',

  // --- ResourceSlice -------------------------------------------------------------------------------------
  'ResourceSlice:spec.class': 'Class of the slice. Empty or "default" is handled by Liqo\'s built-in controller; any other class needs a custom controller.',
  'ResourceSlice:spec.consumerClusterID': 'ID of the consumer cluster; filled in by Liqo when left empty.',
  'ResourceSlice:spec.providerClusterID': 'ID of the provider cluster; filled in from the liqo.io/remote-cluster-id label when left empty.',
  'ResourceSlice:spec.resources': 'Resources asked of the provider, by name (cpu, memory, pods, ephemeral-storage, nvidia.com/gpu...). Unlisted ones take the provider\'s defaults.',
  'ResourceSlice:spec.resources{}': 'A quantity, such as 4, 500m or 16Gi.',
  'ResourceSlice:spec.csr': 'Certificate signing request for the slice\'s identity (base64); generated by Liqo.',
  'ResourceSlice:status.conditions[].type': 'Authentication (the CSR was signed) or Resources (the resources were granted).',
  'ResourceSlice:status.conditions[].status': 'Accepted or Denied.',
  'ResourceSlice:status.resources': 'Resources the provider granted.',
  'ResourceSlice:status.resources{}': 'A granted quantity.',
  'ResourceSlice:status.nodeLabels': 'Labels to put on the virtual node made from this slice.',
  'ResourceSlice:status.nodeSelector': 'Node selector added to every pod offloaded through this slice.',

  // --- NamespaceOffloading -------------------------------------------------------------------------------
  'NamespaceOffloading:spec.namespaceMappingStrategy': 'How the twin namespace on the providers is named: DefaultName (default, <namespace>-<local cluster ID>), EnforceSameName (same name) or SelectedName (spec.remoteNamespaceName). Cannot change later.',
  'NamespaceOffloading:spec.remoteNamespaceName': 'Name of the twin namespace; required with SelectedName and ignored otherwise. Cannot change later.',
  'NamespaceOffloading:spec.podOffloadingStrategy': 'Where pods of the namespace may run: Local, Remote or LocalAndRemote (default).',
  'NamespaceOffloading:spec.clusterSelector': 'Which virtual nodes (provider clusters) receive the namespace, matched on their labels. Without terms every virtual node is selected.',
  'NamespaceOffloading:spec.clusterSelector.nodeSelectorTerms': 'Selector terms; a cluster is selected when any term matches.',
  'NamespaceOffloading:spec.clusterSelector.nodeSelectorTerms[]': 'One term; all of its requirements must hold.',
  'NamespaceOffloading:spec.clusterSelector.nodeSelectorTerms[].matchExpressions': 'Requirements on the labels of the virtual node.',
  'NamespaceOffloading:spec.clusterSelector.nodeSelectorTerms[].matchFields': 'Requirements on the fields of the virtual node.',
  'NamespaceOffloading:spec.clusterSelector.nodeSelectorTerms[].matchExpressions[]': 'One requirement.',
  'NamespaceOffloading:spec.clusterSelector.nodeSelectorTerms[].matchExpressions[].key': 'The label the requirement reads.',
  'NamespaceOffloading:spec.clusterSelector.nodeSelectorTerms[].matchExpressions[].operator': 'In, NotIn, Exists, DoesNotExist, Gt or Lt.',
  'NamespaceOffloading:spec.clusterSelector.nodeSelectorTerms[].matchExpressions[].values': 'Values for In and NotIn; one integer for Gt and Lt; none for Exists and DoesNotExist.',
  'NamespaceOffloading:spec.clusterSelector.nodeSelectorTerms[].matchExpressions[].values[]': 'A value.',
  'NamespaceOffloading:spec.clusterSelector.nodeSelectorTerms[].matchFields[]': 'One requirement.',
  'NamespaceOffloading:spec.clusterSelector.nodeSelectorTerms[].matchFields[].key': 'The field the requirement reads.',
  'NamespaceOffloading:spec.clusterSelector.nodeSelectorTerms[].matchFields[].operator': 'In, NotIn, Exists, DoesNotExist, Gt or Lt.',
  'NamespaceOffloading:spec.clusterSelector.nodeSelectorTerms[].matchFields[].values': 'Values for In and NotIn; one integer for Gt and Lt; none for Exists and DoesNotExist.',
  'NamespaceOffloading:spec.clusterSelector.nodeSelectorTerms[].matchFields[].values[]': 'A value.',
  'NamespaceOffloading:status.remoteNamespaceName': 'Name of the twin namespace on the providers.',
  'NamespaceOffloading:status.offloadingPhase': 'Overall state: Ready, NoClusterSelected, InProgress, SomeFailed, AllFailed or Terminating.',
  'NamespaceOffloading:status.remoteNamespacesConditions': 'Conditions of the twin namespace, per provider cluster ID.',
  'NamespaceOffloading:status.remoteNamespacesConditions{}': 'Conditions of the twin namespace on one provider.',
  'NamespaceOffloading:status.remoteNamespacesConditions{}[]': 'One condition.',
  'NamespaceOffloading:status.remoteNamespacesConditions{}[].type': 'OffloadingRequired or Ready.',
  'NamespaceOffloading:status.remoteNamespacesConditions{}[].status': 'True or False.',
  'NamespaceOffloading:status.remoteNamespacesConditions{}[].reason': 'Short machine-readable reason, such as ClusterSelected or NamespaceCreated.',
  'NamespaceOffloading:status.remoteNamespacesConditions{}[].message': 'Human-readable detail.',
  'NamespaceOffloading:status.remoteNamespacesConditions{}[].lastTransitionTime': 'When the condition last changed.',

  // --- VirtualNode --------------------------------------------------------------------------------------
  'VirtualNode:spec.clusterID': 'ID of the provider cluster behind this virtual node.',
  'VirtualNode:spec.createNode': 'Whether the virtual kubelet registers a Node object (Liqo defaults it to true).',
  'VirtualNode:spec.disableNetworkCheck': 'Turns off the virtual kubelet\'s check of the network path to the provider (Liqo defaults it to false).',
  'VirtualNode:spec.kubeconfigSecretRef': 'Secret in this namespace whose "kubeconfig" key gives access to the provider.',
  'VirtualNode:spec.kubeconfigSecretRef.name': 'Name of the Secret.',
  'VirtualNode:spec.vkOptionsTemplateRef': 'VkOptionsTemplate to build the virtual kubelet from; defaults to virtual-kubelet-default in the Liqo namespace.',
  'VirtualNode:spec.resourceQuota': 'Capacity of the virtual node; only the "hard" map is used.',
  'VirtualNode:spec.labels': 'Labels added to the virtual Node.',
  'VirtualNode:spec.annotations': 'Annotations added to the virtual Node.',
  'VirtualNode:spec.taints': 'Taints added to the virtual Node besides Liqo\'s own.',
  'VirtualNode:spec.images': 'Container images listed in the Node status.',
  'VirtualNode:spec.images[].names': 'Names of the image.',
  'VirtualNode:spec.images[].sizeBytes': 'Size of the image in bytes.',
  'VirtualNode:spec.offloadingPatch': 'Changes applied to every pod offloaded through this node. Use it instead of nodeSelector or affinity in offloaded pods, which do not reach the provider.',
  'VirtualNode:spec.offloadingPatch.nodeSelector': 'Node selector merged into every offloaded pod.',
  'VirtualNode:spec.offloadingPatch.tolerations': 'Tolerations appended to every offloaded pod.',
  'VirtualNode:spec.offloadingPatch.affinity': 'Node affinity merged into every offloaded pod.',
  'VirtualNode:spec.offloadingPatch.runtimeClassName': 'Runtime class given to offloaded pods on the provider.',
  'VirtualNode:spec.offloadingPatch.labelsNotReflected': 'Label keys not copied to the provider.',
  'VirtualNode:spec.offloadingPatch.annotationsNotReflected': 'Annotation keys not copied to the provider.',
  'VirtualNode:spec.template': 'Deployment of the virtual kubelet. Usually left out: Liqo fills it in on creation.',
  'VirtualNode:spec.template.metadata': 'Labels and annotations of the virtual kubelet Deployment.',
  'VirtualNode:spec.template.spec': 'Deployment spec of the virtual kubelet; only the first container\'s image, resources and args are honoured.',
  'VirtualNode:status.conditions[].type': 'VirtualKubelet or Node.',
  'VirtualNode:status.conditions[].status': 'None (default), Running, Creating, Draining or Deleting.',

  // --- Tenant ------------------------------------------------------------------------------------------
  'Tenant:spec.clusterID': 'ID of the consumer cluster; must match the liqo.io/remote-cluster-id label. Cannot change once set.',
  'Tenant:spec.authzPolicy': 'KeysExchange (default) requires the consumer\'s key exchange; TolerateNoHandshake skips it.',
  'Tenant:spec.publicKey': 'Public key of the consumer (base64 PEM).',
  'Tenant:spec.csr': 'Certificate signing request of the consumer (base64).',
  'Tenant:spec.signature': 'Nonce signed by the consumer, proving it owns the key (base64).',
  'Tenant:spec.proxyURL': 'Proxy the consumer goes through to reach this cluster\'s API server, if any.',
  'Tenant:spec.tenantCondition': 'Active (default), Cordoned (no new resources) or Drained (resources withdrawn).',
  'Tenant:status.tenantNamespace': 'Tenant namespace of the consumer in this cluster.',

  // --- Identity ----------------------------------------------------------------------------------------
  'Identity:spec.clusterID': 'ID of the provider cluster the identity gives access to.',
  'Identity:spec.type': 'ControlPlane (peering control plane) or ResourceSlice (one slice).',
  'Identity:spec.namespace': 'Tenant namespace on the provider where the identity is used.',
  'Identity:status.kubeconfigSecretRef': 'Secret holding the kubeconfig built from this identity.',
  'Identity:status.kubeconfigSecretRef.name': 'Name of the Secret.',

  // --- Quota ------------------------------------------------------------------------------------------
  'Quota:spec.user': 'User the limits apply to: the common name of the slice\'s certificate. Required, not empty.',
  'Quota:spec.limitsEnforcement': 'How the limits are enforced: Hard, Soft or None.',
  'Quota:spec.resources': 'Limits by resource name.',
  'Quota:spec.resources{}': 'A quantity, such as 4, 500m or 16Gi.',
  'Quota:spec.cordoned': 'When true, no new pods of this user are accepted.',

  // --- ShadowPod --------------------------------------------------------------------------------------
  'ShadowPod:spec.pod': 'Spec of the pod to run on the provider.',
  'ShadowPod:status.phase': 'Phase of the provider pod: Pending, Running, Succeeded, Failed or Unknown (default).',

  // --- NamespaceMap -----------------------------------------------------------------------------------
  'NamespaceMap:spec.desiredMapping': 'Local namespace name to twin namespace name on the provider.',
  'NamespaceMap:spec.desiredMapping{}': 'Name of the twin namespace.',
  'NamespaceMap:status.currentMapping': 'Twin namespaces that exist on the provider, by local namespace name.',
  'NamespaceMap:status.currentMapping{}': 'State of one twin namespace.',
  'NamespaceMap:status.currentMapping{}.remoteNamespace': 'Name of the twin namespace.',
  'NamespaceMap:status.currentMapping{}.phase': 'Accepted, CreationLoopBackOff or Terminating.',

  // --- Configuration ----------------------------------------------------------------------------------
  'Configuration:spec.local': 'Networks of this cluster.',
  'Configuration:spec.remote': 'Networks of the peer cluster.',
  'Configuration:status.remote': 'Networks of the peer cluster after remapping.',
  '~cidr': 'Pod and external CIDRs.',
  'Configuration:spec.local.cidr.pod': 'Pod CIDRs of this cluster; filled in by Liqo when empty.',
  'Configuration:spec.local.cidr.external': 'External CIDR of this cluster; filled in by Liqo when empty.',
  'Configuration:spec.remote.cidr.pod': 'Pod CIDRs of the peer cluster, such as 10.244.0.0/16.',
  'Configuration:spec.remote.cidr.external': 'External CIDR of the peer cluster.',
  'Configuration:status.remote.cidr.pod': 'Remapped pod CIDRs, in the same order as in spec; empty until allocated.',
  'Configuration:status.remote.cidr.external': 'Remapped external CIDRs, in the same order as in spec; empty until allocated.',

  // --- GatewayServer / GatewayClient -------------------------------------------------------------------
  'GatewayServer:spec.endpoint': 'How the gateway is exposed. Set ports (or the deprecated port), not both.',
  'GatewayServer:spec.endpoint.port': 'Deprecated: use ports.',
  'GatewayServer:spec.endpoint.ports': 'Ports the gateway listens on (at most 64, no duplicates).',
  'GatewayServer:spec.endpoint.nodePort': 'Deprecated: use nodePorts.',
  'GatewayServer:spec.endpoint.nodePorts': 'Node ports for a NodePort service (at most 64, no duplicates).',
  'GatewayServer:spec.endpoint.serviceType': 'Service type exposing the gateway: ClusterIP (default), NodePort, LoadBalancer or ExternalName.',
  'GatewayServer:spec.endpoint.loadBalancerIP': 'Address to ask for when the service is a LoadBalancer.',
  'GatewayServer:spec.serverTemplateRef': 'Template of the gateway server, by default the WgGatewayServerTemplate "wireguard-server".',
  'GatewayServer:spec.serviceAnnotations': 'Annotations of the gateway service; they override the template.',
  'GatewayServer:spec.serviceLabels': 'Labels of the gateway service; they override the template.',
  'GatewayServer:status.endpoint': 'Where clients can reach the gateway.',
  'GatewayServer:status.endpoint.addresses': 'Addresses of the gateway.',
  'GatewayServer:status.endpoint.port': 'Deprecated: see ports.',
  'GatewayServer:status.endpoint.ports': 'Ports of the gateway.',
  'GatewayServer:status.endpoint.protocol': 'TCP or UDP.',
  'GatewayServer:status.serverRef': 'The gateway server object created from the template.',
  'GatewayServer:status.secretRef': 'Secret holding the keys of the gateway.',
  'GatewayClient:spec.endpoint': 'Where the remote gateway server is. Set ports (or the deprecated port), not both.',
  'GatewayClient:spec.endpoint.addresses': 'Addresses of the remote gateway server.',
  'GatewayClient:spec.endpoint.port': 'Deprecated: use ports.',
  'GatewayClient:spec.endpoint.ports': 'Ports of the remote gateway server (at most 64, no duplicates).',
  'GatewayClient:spec.endpoint.protocol': 'TCP or UDP.',
  'GatewayClient:spec.clientTemplateRef': 'Template of the gateway client, by default the WgGatewayClientTemplate "wireguard-client".',
  'GatewayClient:status.clientRef': 'The gateway client object created from the template.',
  'GatewayClient:status.secretRef': 'Secret holding the keys of the gateway.',

  // --- PublicKey / Connection -------------------------------------------------------------------------
  'PublicKey:spec.publicKey': 'WireGuard public key of the peer gateway (base64).',
  'Connection:spec.type': 'Server or Client: which end of the tunnel this gateway is.',
  'Connection:spec.gatewayRef': 'The gateway object (WgGatewayServer or WgGatewayClient) that owns the tunnel.',
  'Connection:status.value': 'Connected, Connecting or Error.',
  'Connection:status.latency': 'Latest measured latency of the tunnel.',
  'Connection:status.latency.value': 'Latency, such as 3ms.',
  'Connection:status.latency.timestamp': 'When the latency was measured.',
};

/** Our description of a field, or undefined when we have none. */
export function describe(kind: string, path: string): string | undefined {
  const exact = descriptions[`${kind}:${path}`] ?? descriptions[`*:${path}`];
  if (exact !== undefined) return exact;
  if (path === '') return descriptions[kind];
  let best: string | undefined;
  let bestLength = 0;
  for (const [key, text] of Object.entries(descriptions)) {
    if (!key.startsWith('~')) continue;
    const suffix = key.slice(1);
    if (suffix.length <= bestLength || !path.endsWith(suffix)) continue;
    // A suffix that starts with a capital ('Ref.name', 'Classes[].default') matches inside a segment
    // (secretRef, storageClasses); a lowercase one must start a segment.
    const before = path.charAt(path.length - suffix.length - 1);
    const atBoundary = path.length === suffix.length || before === '.' || /^[A-Z]/.test(suffix);
    if (!atBoundary) continue;
    best = text;
    bestLength = suffix.length;
  }
  return best;
}
