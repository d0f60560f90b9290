// The talk's day-2 stories, planted in the demo world so that the cluster doctor has them to find:
//  - k8s-lab runs Talos (its nodes' osImage), and gets a virtual node from the peering (LIQO902);
//  - k8s-lab runs Cilium with source-IP verification on, in the ConfigMap as Cilium's Helm chart writes it (LIQO901);
//  - both clusters use the pod CIDR 10.244.0.0/16, as the talk's chart values do (peering.ts), so Liqo remaps (LIQO906).
import type { Cluster } from './cluster.js';
import { upsert } from './controllers/util.js';
import type { ClusterPlan } from './topology.js';
import { configMapType } from './typeRefs.js';

/** What Talos writes in a node's status.nodeInfo.osImage. */
export const TALOS_OS_IMAGE = 'Talos (v1.10.6)';

export function plantTalos(p: ClusterPlan | undefined): void {
  for (const n of p?.nodes ?? []) n.osImage = TALOS_OS_IMAGE;
}

/**
 * A few of the keys Cilium's chart writes into kube-system/cilium-config (install/kubernetes/cilium/templates/
 * cilium-configmap.yaml), with `enable-source-ip-verification` as `daemon.enableSourceIPVerification: true` renders it.
 */
export function seedCilium(c: Cluster): void {
  upsert(c, configMapType, {
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name: 'cilium-config', namespace: 'kube-system', labels: { 'app.kubernetes.io/part-of': 'cilium' } },
    data: {
      'identity-allocation-mode': 'crd', debug: 'false', 'enable-ipv4': 'true', 'enable-ipv6': 'false', 'routing-mode': 'tunnel',
      'tunnel-protocol': 'vxlan', 'ipam': 'kubernetes', 'kube-proxy-replacement': 'true', 'enable-ipv4-masquerade': 'true',
      'enable-lb-ipam': 'true', 'enable-non-default-deny-policies': 'true', 'enable-source-ip-verification': 'true',
    },
  }, ['data']);
}
