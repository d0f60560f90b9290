// Whole-document snippets for each Liqo kind. The ResourceSlice and NamespaceOffloading ones are the objects
// `liqoctl create resourceslice` (with a GPU) and `liqoctl offload namespace` create.
import { stringify } from 'yaml';
import type { KindSchema } from '../../../schemas/index';
import { annotations, labels } from '../liqo/keys';
import { placeholder } from './rules/schema';

const handMade: Record<string, string> = {
  ResourceSlice: `apiVersion: authentication.liqo.io/v1beta1
kind: ResourceSlice
metadata:
  name: \${1:gpu-pool}
  namespace: liqo-tenant-\${2:provider-cluster-id}
  labels:
    ${labels.replication}: "true"
    ${labels.remoteID}: \${2}
    ${labels.remoteClusterID}: \${2}
  annotations:
    ${annotations.createVirtualNode}: "true"
spec:
  class: default
  providerClusterID: \${2}
  resources:
    cpu: "\${3:4}"
    memory: \${4:8Gi}
    nvidia.com/gpu: "\${5:1}"
`,
  NamespaceOffloading: `apiVersion: offloading.liqo.io/v1beta1
kind: NamespaceOffloading
metadata:
  name: offloading
  namespace: \${1:liqo-demo}
spec:
  clusterSelector:
    nodeSelectorTerms: []
  namespaceMappingStrategy: \${2|DefaultName,EnforceSameName,SelectedName|}
  podOffloadingStrategy: \${3|LocalAndRemote,Remote,Local|}
`,
  VirtualNode: `apiVersion: offloading.liqo.io/v1beta1
kind: VirtualNode
metadata:
  name: \${1:provider-cluster-id}
  namespace: liqo-tenant-\${1}
  labels:
    ${labels.remoteClusterID}: \${1}
spec:
  clusterID: \${1}
  createNode: true
  kubeconfigSecretRef:
    name: \${2:kubeconfig-controlplane-\${1}}
  resourceQuota:
    hard:
      cpu: "\${3:4}"
      memory: \${4:8Gi}
      nvidia.com/gpu: "\${5:1}"
`,
};

function escapeSnippet(s: string): string {
  return s.replace(/[$}\\]/g, (c) => `\\${c}`);
}

/** A snippet for a whole document of the kind. */
export function skeleton(k: KindSchema): string {
  const made = handMade[k.kind];
  if (made) return made;
  const props = (k.schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const spec = props.spec ? placeholder(props.spec) : undefined;
  const body: Record<string, unknown> = {};
  if (spec !== undefined) body.spec = spec;
  const rest = Object.keys(body).length ? escapeSnippet(stringify(body)) : '';
  const namespace = k.scope === 'Namespaced' ? '\n  namespace: ${2:liqo-tenant-peer}' : '';
  return `apiVersion: ${k.group}/${k.version}\nkind: ${k.kind}\nmetadata:\n  name: \${1:name}${namespace}\n${rest}`;
}
