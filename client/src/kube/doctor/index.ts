// The cluster doctor: day-2 checks over every context's snapshot. It reads only what the sessions already watch, so
// it runs in the editor on every change and in `liqo-facts --doctor` once. A check whose input could not be listed
// (forbidden, or the kind is not served) finds nothing rather than guessing.
import type { ClusterSnapshot } from '../snapshot';
import { checkLentGpus } from './gpus';
import { sortFindings, type Finding, type PeerInfo } from './findings';
import { checkCiliumSourceIP, checkPodCidrOverlap } from './network';
import { checkTalosVirtualNodes } from './nodes';
import { checkLiqoVersions, checkPeeringModules } from './peers';

/** The findings of every context; the peers default to the snapshots themselves. */
export function runDoctor(snapshots: readonly ClusterSnapshot[], peers: readonly PeerInfo[] = snapshots): Finding[] {
  return sortFindings(snapshots.flatMap((s) => checkCluster(s, peers)));
}

/** One context's findings, e.g. when only its tree refreshes; `peers` are every context's (see PeerInfo). */
export function checkCluster(s: ClusterSnapshot, peers: readonly PeerInfo[]): Finding[] {
  if (s.state !== 'ready') return [];
  return sortFindings([...checkCiliumSourceIP(s), ...checkTalosVirtualNodes(s), ...checkLiqoVersions(s, peers), ...checkPeeringModules(s),
    ...checkLentGpus(s, peers), ...checkPodCidrOverlap(s)]);
}

export { doctorChecks, findingsJson, findingsText, type DoctorCode, type Finding, type PeerInfo, type Severity } from './findings';
