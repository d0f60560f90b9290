// The peering checks: peers on different Liqo versions (LIQO903) and unhealthy peering modules (LIQO904).
import type { ClusterSnapshot } from '../snapshot';
import { finding, type Finding, type PeerInfo } from './findings';

/**
 * LIQO903. Only peers that are both in the kubeconfig can be compared; the version is the tag of the Liqo controller
 * manager's image, as the session reads it.
 */
export function checkLiqoVersions(s: ClusterSnapshot, all: readonly PeerInfo[]): Finding[] {
  if (s.state !== 'ready' || !s.liqoVersion) return [];
  const out: Finding[] = [];
  for (const fc of s.foreignClusters) {
    const peer = all.find((p) => p.context !== s.context && p.state === 'ready' && p.clusterID === fc.clusterID && p.liqoVersion);
    if (!peer || peer.liqoVersion === s.liqoVersion) continue;
    out.push(finding(s.context, 'LIQO903',
      `This cluster runs Liqo ${s.liqoVersion} and its peer ${fc.clusterID} (context ${peer.context}) runs ${peer.liqoVersion}. `
      + 'Liqo\'s CRDs and peering protocol change between releases, and peers are only tested on the same version: '
      + 'reflection, the ResourceSlice exchange or the network setup can fail in ways that are hard to trace.',
      `Bring both clusters to the same release: liqoctl upgrade (or helm upgrade of the liqo chart) on the older one, ${olderOf(s, peer)}.`,
      fc.clusterID));
  }
  return out;
}

function olderOf(a: PeerInfo, b: PeerInfo): string {
  const parse = (v: string): number[] => v.replace(/^v/, '').split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const [x, y] = [parse(a.liqoVersion), parse(b.liqoVersion)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) < (y[i] ?? 0) ? a.context : b.context;
  }
  return a.context;
}

const moduleFix: Record<string, (peer: string) => string> = {
  networking: (p) => `Check the gateway pods and the Connection in the tenant namespace of ${p} (liqoctl info peer ${p} --verbose); if the gateway is gone, reset and connect the network again (liqoctl network reset, then liqoctl network connect).`,
  authentication: (p) => `Check the Tenant and the Identities of ${p} (liqoctl info peer ${p} --verbose); if a certificate expired or was revoked, run liqoctl authenticate again.`,
  offloading: (p) => `Check the VirtualNode and the ResourceSlice of ${p} (kubectl describe virtualnode -A, liqoctl info peer ${p}); a slice the provider denied or a virtual-kubelet that cannot reach ${p} shows here.`,
};

/** LIQO904: each enabled module of a ForeignCluster with a condition that is not healthy, with the condition's reason. */
export function checkPeeringModules(s: ClusterSnapshot): Finding[] {
  const out: Finding[] = [];
  for (const fc of s.foreignClusters) {
    for (const [name, m] of Object.entries(fc.modules)) {
      const problems = m.problems ?? [];
      if (!m.enabled || !problems.length) continue;
      const what = problems.map((c) => `${c.type} is ${c.status}${c.reason ? ` (reason ${c.reason})` : ''}${c.message ? `: ${c.message}` : ''}`).join('; ');
      out.push(finding(s.context, 'LIQO904',
        `The ${name} module of the peering with ${fc.clusterID} is unhealthy: ${what}.`,
        moduleFix[name]?.(fc.clusterID) ?? `Run liqoctl info peer ${fc.clusterID} --verbose.`,
        `${fc.clusterID} ${name}`));
    }
  }
  return out;
}
