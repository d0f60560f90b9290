// Resource names that completion offers and hover explains, with what each one counts.

/** Resource names offered by completion. GPU names are the device plugins' own. */
export const knownResources: { name: string; detail: string }[] = [
  { name: 'cpu', detail: 'CPU cores, e.g. 4 or 500m' },
  { name: 'memory', detail: 'memory, e.g. 8Gi' },
  { name: 'pods', detail: 'how many pods, a whole number' },
  { name: 'ephemeral-storage', detail: 'local scratch storage, e.g. 20Gi' },
  { name: 'nvidia.com/gpu', detail: 'NVIDIA GPUs (device plugin), whole number' },
  { name: 'nvidia.com/mig-1g.5gb', detail: 'NVIDIA MIG slice 1g.5gb, whole number' },
  { name: 'nvidia.com/mig-2g.10gb', detail: 'NVIDIA MIG slice 2g.10gb, whole number' },
  { name: 'nvidia.com/mig-3g.20gb', detail: 'NVIDIA MIG slice 3g.20gb, whole number' },
  { name: 'amd.com/gpu', detail: 'AMD GPUs (device plugin), whole number' },
  { name: 'gpu.intel.com/i915', detail: 'Intel GPUs (device plugin), whole number' },
  { name: 'habana.ai/gaudi', detail: 'Intel Gaudi accelerators, whole number' },
];
