// CIDRs of a Liqo values file's `ipam` section, read as Go's net.ParseCIDR reads them (Liqo's IPAM does).
import { parseIPv4, parseIPv6, type Addr } from '../ipAddress';

export interface Cidr {
  addr: Addr;
  bits: number;
}

/** A CIDR such as 10.0.0.0/16 or fd00::/8; undefined when it is not one. */
export function parseCidr(s: string): Cidr | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const bitsText = s.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(bitsText)) return undefined;
  const ip = s.slice(0, slash);
  const addr = ip.includes(':') ? parseIPv6(ip) : parseIPv4(ip);
  const bits = Number(bitsText);
  if (!addr || bits > addr.length * 8) return undefined;
  return { addr, bits };
}

/** The network address, host bits cleared. */
export function networkOf(c: Cidr): Addr {
  const out = new Uint8Array(c.addr);
  for (let i = 0; i < out.length; i++) {
    const keep = Math.max(0, Math.min(8, c.bits - i * 8));
    out[i] &= keep === 0 ? 0 : (0xff << (8 - keep)) & 0xff;
  }
  return out;
}

export function hasHostBits(c: Cidr): boolean {
  return !networkOf(c).every((b, i) => b === c.addr[i]);
}

export function formatCidr(c: Cidr): string {
  const a = networkOf(c);
  if (a.length === 4) return `${a.join('.')}/${c.bits}`;
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((a[i] << 8) | a[i + 1]).toString(16));
  return `${words.join(':').replace(/(^|:)0(:0)+(:|$)/, '::')}/${c.bits}`;
}

/** Whether two networks share an address (one contains the other: CIDRs never partly overlap). */
export function overlaps(a: Cidr, b: Cidr): boolean {
  if (a.addr.length !== b.addr.length) return false;
  const bits = Math.min(a.bits, b.bits);
  const na = networkOf({ addr: a.addr, bits });
  const nb = networkOf({ addr: b.addr, bits });
  return na.every((x, i) => x === nb[i]);
}
