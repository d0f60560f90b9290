// IPv4 and IPv6 CIDR overlap, for the doctor's pod CIDR check. Anything that does not parse overlaps nothing.

interface Net { bits: bigint; prefix: number; width: number }

function parseV4(a: string): bigint | undefined {
  const parts = a.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    v = (v << 8n) | BigInt(p);
  }
  return v;
}

function parseV6(a: string): bigint | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(a) || a.split('::').length > 2) return undefined;
  const [head = '', tail] = a.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const missing = 8 - h.length - t.length;
  if (tail === undefined ? h.length !== 8 : missing < 1) return undefined;
  let v = 0n;
  for (const g of [...h, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...t]) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  return v;
}

export function parseCidr(text: string): Net | undefined {
  const [addr = '', len, extra] = text.trim().split('/');
  if (extra !== undefined || len === undefined || !/^\d{1,3}$/.test(len)) return undefined;
  const v4 = parseV4(addr);
  const width = v4 !== undefined ? 32 : 128;
  const bits = v4 ?? parseV6(addr);
  const prefix = Number(len);
  if (bits === undefined || prefix > width) return undefined;
  return { bits, prefix, width };
}

/** Whether two CIDRs share an address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  if (!x || !y || x.width !== y.width) return false;
  const p = BigInt(x.width - Math.min(x.prefix, y.prefix));
  return x.bits >> p === y.bits >> p;
}
