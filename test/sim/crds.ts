// CustomResourceDefinition objects for the Liqo kinds, as a cluster with Liqo installed serves them,
// so clients can read the CRD schemas the cluster serves.
import { liqoTypes, type ResourceType } from './kinds.js';
import { kindSchema } from './openapi.js';
import type { KObj } from './store.js';

function crdSchema(t: ResourceType): Record<string, unknown> {
  const s = kindSchema(t);
  const props = { ...(s.properties as Record<string, unknown>) };
  props.metadata = { type: 'object' };
  const out: Record<string, unknown> = { ...s, properties: props };
  delete out['x-kubernetes-group-version-kind'];
  return out;
}

export function crdObject(t: ResourceType): KObj {
  return {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
    metadata: { name: `${t.plural}.${t.group}`, labels: { 'app.kubernetes.io/part-of': 'liqo' }, annotations: { 'controller-gen.kubebuilder.io/version': 'v0.16.5' } },
    spec: {
      group: t.group, scope: t.namespaced ? 'Namespaced' : 'Cluster',
      names: { kind: t.kind, listKind: `${t.kind}List`, plural: t.plural, singular: t.singular, shortNames: t.shortNames, categories: t.categories },
      versions: [{
        name: t.version, served: true, storage: true, schema: { openAPIV3Schema: crdSchema(t) },
        ...(t.status ? { subresources: { status: {} } } : {}),
        ...(t.printerColumns?.length ? { additionalPrinterColumns: t.printerColumns } : {}),
      }],
    },
    status: {
      acceptedNames: { kind: t.kind, listKind: `${t.kind}List`, plural: t.plural, singular: t.singular, shortNames: t.shortNames, categories: t.categories },
      storedVersions: [t.version],
      conditions: [
        { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' },
        { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
      ],
    },
  };
}

let cached: KObj[] | undefined;
export const liqoCrds = (): KObj[] => (cached ??= liqoTypes.map(crdObject));
