// Liqo's admission webhooks, installed on every cluster's registry.
import type { Cluster } from '../cluster.js';
import type { World } from '../world.js';
import { podMutator, validateNamespaceOffloading } from './offloading.js';
import { foreignClusterMutator, resourceSliceValidator, shadowPodValidator, tenantHooks } from './peering.js';

export function installWebhooks(_w: World, c: Cluster): void {
  c.registry.admission.push(
    podMutator(c), validateNamespaceOffloading, resourceSliceValidator(c), foreignClusterMutator, tenantHooks(c), shadowPodValidator(c),
  );
}
