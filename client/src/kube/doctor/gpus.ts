// LIQO905: GPUs lent that cannot run: a provider with none allocatable, or offloaded GPU pods asking the provider for a
// runtime class it lacks.
import { annotations } from '../../../../server/src/liqo/keys';
import { gpuCount } from '../readers';
import type { ClusterSnapshot } from '../snapshot';
import { finding, type Finding, type PeerInfo } from './findings';

/** Liqo's own RuntimeClass (its chart's), which only steers pods to virtual nodes and never reaches a provider. */
const liqoRuntimeClass = 'liqo';

export function checkLentGpus(s: ClusterSnapshot, all: readonly PeerInfo[]): Finding[] {
  const out: Finding[] = [];
  // As a provider: slices granted to consumers with GPUs, and no node here that has one allocatable.
  const lent = s.slices.filter((x) => x.providing && gpuCount(x.granted) > 0);
  const own = s.nodes.filter((n) => !n.virtual).reduce((a, n) => a + gpuCount(n.allocatable), 0);
  if (lent.length && own === 0) {
    const total = lent.reduce((a, x) => a + gpuCount(x.granted), 0);
    const to = [...new Set(lent.map((x) => x.consumerClusterID))].join(', ');
    out.push(finding(s.context, 'LIQO905',
      `This cluster lends ${total} GPU(s) to ${to} through ResourceSlices, but none of its nodes has a GPU allocatable: GPU pods offloaded here stay Pending.`,
      'Install the GPU\'s device plugin or operator (NVIDIA: the GPU Operator or the k8s-device-plugin DaemonSet) so that the GPU nodes advertise nvidia.com/gpu, '
      + 'or lower the GPUs the ResourceSlices grant.',
      to));
  }
  // As a consumer: offloaded GPU pods whose runtime class the provider does not have.
  for (const p of s.pods) {
    const node = p.gpus > 0 && p.runtimeClass && p.runtimeClass !== liqoRuntimeClass ? s.nodes.find((n) => n.name === p.nodeName && n.virtual) : undefined;
    if (!node || !p.runtimeClass) continue;
    const provider = all.find((x) => x.state === 'ready' && x.clusterID === node.providerClusterID && x.runtimeClasses);
    if (!provider?.runtimeClasses || provider.runtimeClasses.includes(p.runtimeClass)) continue;
    out.push(finding(s.context, 'LIQO905',
      `The GPU pod ${p.namespace}/${p.name} runs on the virtual node ${node.name} with the runtime class "${p.runtimeClass}", which ${node.providerClusterID} `
      + `(context ${provider.context}) does not have (it has ${provider.runtimeClasses.join(', ') || 'none'}): the provider refuses its pod.`,
      `Create the RuntimeClass "${p.runtimeClass}" on ${node.providerClusterID} (the GPU operator installs "nvidia"), or set the pod's annotation `
      + `${annotations.remoteRuntimeClassName} to one the provider has.`,
      `${p.namespace}/${p.name}`));
  }
  return out;
}
