// Liqo's admission webhooks, installed on every cluster's registry.
import type { Cluster } from '../cluster.js';
import type { World } from '../world.js';

export function installWebhooks(_w: World, _c: Cluster): void {
  // Filled in by the webhook modules.
}
