// The network checks: Cilium's source-IP verification against Liqo's remapped traffic (LIQO901), and pod CIDRs that
// overlap a peer's, so Liqo remaps them (LIQO906).
import type { ClusterSnapshot } from '../snapshot';
import { ciliumConfig } from '../readers';
import { cidrsOverlap } from './cidr';
import { finding, type Finding } from './findings';

/** The peers this cluster shares Liqo's network fabric with: a ForeignCluster with networking on, or a network Configuration. */
function fabricPeers(s: ClusterSnapshot): string[] {
  const peers = new Set(s.foreignClusters.filter((f) => f.modules.networking.enabled).map((f) => f.clusterID));
  for (const c of s.networkConfigs ?? []) peers.add(c.remoteClusterID);
  return [...peers].sort();
}

/**
 * LIQO901. Cilium's agents check that what leaves a pod carries that pod's own address (the datapath option
 * SourceIPVerification, cilium/cilium pkg/option: on for every endpoint unless `enable-source-ip-verification` is
 * false in cilium-config). Traffic that Liqo's gateway and fabric forward with remapped addresses fails it and is
 * dropped: hubble shows "Invalid source ip DROPPED", and an ingress in front of an offloaded service answers 504.
 */
export function checkCiliumSourceIP(s: ClusterSnapshot): Finding[] {
  const peers = fabricPeers(s);
  if (!peers.length || !s.cilium) return [];
  return s.cilium.filter((c) => c.sourceIPVerification).map((c) => {
    const how = c.setting === undefined ? `${ciliumConfig.sourceIPKey} is not set, and the agent's default is on` : `${ciliumConfig.sourceIPKey}: "${c.setting}"`;
    return finding(s.context, 'LIQO901',
      `Cilium verifies pods' source addresses (${c.namespace}/${ciliumConfig.name}: ${how}), and this cluster is in Liqo's network fabric with ${peers.join(', ')}. `
      + 'Packets that Liqo forwards with remapped source addresses fail the check and are dropped ("Invalid source ip DROPPED" in hubble observe), so '
      + 'services reached across the peering time out; an ingress in front of them answers 504.',
      `Set ${ciliumConfig.sourceIPKey}: "false" in ConfigMap ${c.namespace}/${ciliumConfig.name} (Helm: --set daemon.enableSourceIPVerification=false) `
      + 'and restart the cilium DaemonSet; or turn the check off only for the endpoints of Liqo\'s gateway and fabric pods, on each node: '
      + 'cilium-dbg endpoint config <endpoint-id> SourceIPVerification=Disabled. Cilium Enterprise does not support turning it off: ask Isovalent first.',
      `${c.namespace}/${ciliumConfig.name}`);
  });
}

/** This cluster's own pod CIDRs: as Liqo's Configuration states them, else the nodes' podCIDRs. */
function localPodCidrs(s: ClusterSnapshot, stated: readonly string[]): string[] {
  if (stated.length) return [...stated];
  return [...new Set(s.nodes.filter((n) => !n.virtual).flatMap((n) => n.podCIDRs ?? []))];
}

/**
 * LIQO906 (information). When a peer's pod CIDR overlaps this cluster's, Liqo's IPAM maps the peer's pods to another
 * range here (the Configuration's status.remote.cidr.pod differs from its spec.remote.cidr.pod; liqotech/liqo
 * apis/networking/v1beta1/configuration_types.go). Traffic from those pods then carries the remapped addresses.
 */
export function checkPodCidrOverlap(s: ClusterSnapshot): Finding[] {
  const out: Finding[] = [];
  for (const c of s.networkConfigs ?? []) {
    if (!c.remotePod.length) continue;
    const local = localPodCidrs(s, c.localPod);
    const overlapping = c.remotePod.filter((r) => local.some((l) => cidrsOverlap(l, r)));
    const remapped = c.remappedPod.length > 0 && c.remappedPod.join(',') !== c.remotePod.join(',');
    if (!overlapping.length && !remapped) continue;
    const seenAs = remapped ? c.remappedPod.join(', ') : 'another range';
    const localText = local.length > 3 ? `${local.slice(0, 3).join(', ')}…` : local.join(', ');
    out.push(finding(s.context, 'LIQO906',
      `${c.remoteClusterID}'s pod CIDR ${c.remotePod.join(', ')} ${overlapping.length ? `overlaps this cluster's (${localText})` : 'is remapped'}, so Liqo shows `
      + `${c.remoteClusterID}'s pods here at ${seenAs}. Traffic from them arrives with source addresses in ${seenAs}, not their own: `
      + 'network policies, firewall rules and logs that name their real addresses do not match it, and a CNI that verifies source addresses may drop it.',
      `Write network policies and firewall rules for ${c.remoteClusterID}'s pods with ${seenAs} (liqoctl info peer ${c.remoteClusterID} shows the mapping). `
      + 'To avoid remapping, give the clusters disjoint pod CIDRs (the chart value ipam.podCIDR) when installing Liqo.',
      c.remoteClusterID));
  }
  return out;
}
