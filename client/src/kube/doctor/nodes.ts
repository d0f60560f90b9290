// LIQO902: Talos nodes in a cluster with virtual nodes.
import { labels, virtualNodeTypeValue } from '../../../../server/src/liqo/keys';
import type { ClusterSnapshot } from '../snapshot';
import { finding, type Finding } from './findings';

/** Talos reports itself in a node's status.nodeInfo.osImage as "Talos (v1.9.5)". */
export function isTalos(osImage: string | undefined): boolean {
  return /^Talos\b/.test(osImage ?? '');
}

/**
 * `talosctl upgrade-k8s` lists the cluster's nodes through the Kubernetes API and takes every node without the
 * control-plane role for a Talos worker (siderolabs/talos pkg/cluster/kubernetes/talos_managed.go): it pre-pulls images
 * and upgrades the kubelet on each through the Talos API at the node's address, port 50000. A Liqo virtual node has
 * no Talos API there, so the upgrade fails ("error fetching kubelet spec on node …: connection refused"). talosctl
 * has no flag to leave a node out; its --pre-pull-images and --upgrade-kubelet flags turn off the per-node phases.
 */
export function checkTalosVirtualNodes(s: ClusterSnapshot): Finding[] {
  const virtual = s.nodes.filter((n) => n.virtual);
  const talos = s.nodes.filter((n) => !n.virtual && isTalos(n.osImage));
  if (!virtual.length || !talos.length) return [];
  const image = talos[0]?.osImage ?? 'Talos';
  const vns = virtual.map((n) => n.name).join(', ');
  return [finding(s.context, 'LIQO902',
    `${talos.length} node(s) run ${image} and the cluster has the virtual node(s) ${vns}. talosctl upgrade-k8s takes every node without the `
    + 'control-plane role for a Talos worker and dials its Talos API (port 50000) to pre-pull images and upgrade the kubelet; a virtual node '
    + 'has none, so the upgrade fails. Other node-wide tools (drains, node DaemonSets, upgrade scripts) meet the virtual node the same way.',
    'Run talosctl upgrade-k8s with --pre-pull-images=false --upgrade-kubelet=false, then upgrade each Talos node\'s kubelet on its own '
    + '(talosctl -n <node> patch machineconfig, setting machine.kubelet.image); or unpeer (liqoctl unpeer) for the upgrade, which removes the virtual node. '
    + `Give node-wide tools a selector that leaves out ${labels.type}=${virtualNodeTypeValue}.`,
    vns)];
}
