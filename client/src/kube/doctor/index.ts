// The cluster doctor: day-2 checks over every context's snapshot. It reads only what the sessions already watch, so
// it runs in the editor on every change and in `liqo-facts --doctor` once. A check whose input could not be listed
// (forbidden, or the kind is not served) finds nothing rather than guessing.
import type { ClusterSnapshot } from '../snapshot';
import { checkLentGpus } from './gpus';
import { sortFindings, type Finding } from './findings';
import { checkCiliumSourceIP, checkPodCidrOverlap } from './network';
import { checkTalosVirtualNodes } from './nodes';
import { checkLiqoVersions, checkPeeringModules } from './peers';

export function runDoctor(snapshots: readonly ClusterSnapshot[]): Finding[] {
  const out: Finding[] = [];
  for (const s of snapshots) {
    if (s.state !== 'ready') continue;
    out.push(...checkCiliumSourceIP(s), ...checkTalosVirtualNodes(s), ...checkLiqoVersions(s, snapshots), ...checkPeeringModules(s),
      ...checkLentGpus(s, snapshots), ...checkPodCidrOverlap(s));
  }
  return sortFindings(out);
}

export { doctorChecks, findingsJson, findingsText, type DoctorCode, type Finding, type Severity } from './findings';
