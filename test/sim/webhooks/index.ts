// Liqo's admission webhooks, and the API server's RuntimeClass admission, installed on every cluster's registry.
import type { Cluster } from '../cluster.js';
import type { World } from '../world.js';
import { podMutator, validateNamespaceOffloading } from './offloading.js';
import { foreignClusterMutator, resourceSliceValidator, tenantHooks } from './peering.js';
import { runtimeClassAdmission } from './runtimeClass.js';
import { shadowPodValidator } from './shadowPod.js';

export function installWebhooks(_w: World, c: Cluster): void {
  c.registry.admission.push(
    podMutator(c), runtimeClassAdmission(c), validateNamespaceOffloading, resourceSliceValidator(c), foreignClusterMutator, tenantHooks(c), shadowPodValidator(c),
  );
}
