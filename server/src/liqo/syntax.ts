// The syntax Kubernetes requires of names, label keys and values, cluster IDs and quantities
// (k8s.io/apimachinery/pkg/util/validation). Each check returns undefined when the input is valid, else a
// sentence saying what is wrong, so the client can show it and the rules can quote it.
import { parseQuantity } from './quantity';

export const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const qualifiedName = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

export function checkNamespaceName(name: string): string | undefined {
  if (!name) return 'a namespace name is required';
  if (name.length > 63) return `"${name}" is longer than 63 characters`;
  if (!dns1123Label.test(name)) return `"${name}" is not a valid namespace name (lower-case letters, digits and '-', starting and ending with a letter or digit)`;
  return undefined;
}

/** Object names such as a ResourceSlice's: a DNS subdomain. */
export function checkObjectName(name: string): string | undefined {
  if (!name) return 'a name is required';
  if (name.length > 253) return `"${name}" is longer than 253 characters`;
  if (!dns1123Subdomain.test(name)) return `"${name}" is not a valid name (lower-case letters, digits, '-' and '.')`;
  return undefined;
}

export function checkClusterID(id: string): string | undefined {
  if (!id) return 'a cluster ID is required';
  if (!dns1123Label.test(id)) return `"${id}" is not a valid cluster ID`;
  return undefined;
}

export function checkLabelKey(key: string): string | undefined {
  if (!key) return 'a label key is required';
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : '';
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (slash >= 0 && (!prefix || prefix.length > 253 || !dns1123Subdomain.test(prefix))) return `"${key}": the prefix must be a DNS subdomain`;
  if (!name || name.length > 63 || !qualifiedName.test(name)) return `"${key}" is not a valid label key`;
  return undefined;
}

export function checkLabelValue(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63 || !qualifiedName.test(value)) return `"${value}" is not a valid label value`;
  return undefined;
}

/** A resource quantity such as 4, 500m, 8Gi. Negative values are refused: nobody requests less than nothing. */
export function checkQuantity(q: string, what = 'quantity'): string | undefined {
  const s = q.trim();
  if (!s) return `${what} is empty`;
  const parsed = parseQuantity(s);
  if (!parsed) return `"${s}" is not a valid ${what} (examples: 4, 500m, 8Gi)`;
  if (parsed.nanos < 0n) return `${what} must not be negative`;
  return undefined;
}

/** A whole, non-negative count (GPUs, pods). */
export function checkCount(q: string, what: string): string | undefined {
  if (!/^[0-9]+$/.test(q.trim())) return `${what} must be a whole number`;
  return undefined;
}

/**
 * An extended resource name, such as nvidia.com/gpu: domain-qualified, outside kubernetes.io, and valid as a
 * quota's `requests.<name>` (apimachinery IsExtendedResourceName, k8s.io/kubernetes pkg/apis/core/helper).
 * Native resources (cpu, memory, ephemeral-storage) have no domain and are refused.
 */
export function checkExtendedResourceName(name: string): string | undefined {
  const slash = name.indexOf('/');
  const domain = slash >= 0 ? name.slice(0, slash) : '';
  if (!domain || domain === 'kubernetes.io' || domain.endsWith('.kubernetes.io')) {
    return `"${name}" is not an extended resource name: it needs a domain of its own, as in nvidia.com/gpu`;
  }
  if (checkLabelKey(name) || checkLabelKey(`requests.${name}`)) return `"${name}" is not a valid extended resource name`;
  return undefined;
}
