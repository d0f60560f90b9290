// Short human forms of quantities for tree labels and tooltips.
import { quantityValue } from '../../../server/src/liqo/quantity';

/** A compact human form for memory: 8Gi, 512Mi. */
export function formatBytes(q: string | undefined): string {
  const n = quantityValue(q);
  if (n === undefined) return q ?? '';
  for (const [suf, f] of [['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
    if (n >= f) return `${Math.round((n / f) * 10) / 10}${suf}`;
  }
  return String(n);
}
