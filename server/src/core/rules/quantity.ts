// Kubernetes resource quantities: just enough parsing to tell whole numbers and positive values.
const pattern = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const factors: Record<string, number> = {
  '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** The numeric value of a quantity (a string or a YAML number), or undefined if it is not one. */
export function quantityValue(q: unknown): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  if (typeof q !== 'string') return undefined;
  const m = pattern.exec(q.trim());
  if (!m) return undefined;
  const n = Number(m[2]);
  const suffix = m[3] ?? '';
  const value = /^[eE]/.test(suffix) ? n * 10 ** Number(suffix.slice(1)) : n * factors[suffix];
  return m[1] === '-' ? -value : value;
}

/** Whether a quantity is a whole number (`2`, `1k`), as extended resources must be. */
export function isWholeQuantity(q: unknown): boolean {
  const v = quantityValue(q);
  // Round to 9 decimals so that `1000m` counts as whole.
  return v !== undefined && Math.abs(v - Math.round(v)) < 1e-9;
}

/**
 * Extended resources are names with a domain that is not kubernetes.io, such as `nvidia.com/gpu`.
 * Quota-style keys (`requests.nvidia.com/gpu`) count too.
 */
export function isExtendedResource(name: string): boolean {
  const bare = name.replace(/^(requests|limits)\./, '');
  if (!bare.includes('/') || bare.startsWith('count/')) return false;
  const domain = bare.slice(0, bare.indexOf('/'));
  return !(domain === 'kubernetes.io' || domain.endsWith('.kubernetes.io'));
}

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
