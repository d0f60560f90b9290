// The Kubernetes ip and cidr libraries (k8s.io/apiserver/pkg/cel/library/ip.go, cidr.go). Addresses are parsed as
// Go's net/netip parses them (no leading zeros in IPv4 octets, at most one '::'), then Kubernetes refuses zones
// and IPv4-mapped IPv6 addresses. Values print in netip's canonical form (RFC 5952 for IPv6).
import { CelScalar, celFunc, celMethod, type CelFunc } from '@bufbuild/cel';
import type { ReflectMessage } from '@bufbuild/protobuf/reflect';
import { parseIPv4, parseIPv6, type Addr } from '../ipAddress';
import { CIDRType, IPType } from './opaque';

interface Prefix { addr: Addr; bits: number }

function isMapped(a: Addr): boolean {
  return a.length === 16 && a.slice(0, 10).every((b) => b === 0) && a[10] === 0xff && a[11] === 0xff;
}

/** An address as Kubernetes accepts it, or a sentence saying why not. */
export function parseIP(s: string): Addr | string {
  if (s.includes('%')) return `IP address ${JSON.stringify(s)} with zone value is not allowed`;
  const a = s.includes(':') ? parseIPv6(s) : parseIPv4(s);
  if (!a) return `IP Address ${JSON.stringify(s)} parse error during conversion from string`;
  if (isMapped(a)) return `IPv4-mapped IPv6 address ${JSON.stringify(s)} is not allowed`;
  return a;
}

export function parseCIDR(s: string): Prefix | string {
  const slash = s.indexOf('/');
  const bitsText = slash < 0 ? '' : s.slice(slash + 1);
  if (slash < 0 || !/^(0|[1-9][0-9]{0,2})$/.test(bitsText)) return `network address parse error during conversion from string: ${JSON.stringify(s)}`;
  const addr = parseIP(s.slice(0, slash));
  if (typeof addr === 'string') return addr;
  const bits = Number(bitsText);
  if (bits > addr.length * 8) return `network address parse error during conversion from string: ${JSON.stringify(s)}: bad bits`;
  return { addr, bits };
}

export function formatIP(a: Addr): string {
  if (a.length === 4) return a.join('.');
  const words = Array.from({ length: 8 }, (_, i) => (a[2 * i] << 8) | a[2 * i + 1]);
  // The longest run of two or more zero words becomes '::' (the first such run on a tie).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j === i ? i + 1 : j;
  }
  const hex = (ws: number[]): string => ws.map((w) => w.toString(16)).join(':');
  return best < 0 ? hex(words) : `${hex(words.slice(0, best))}::${hex(words.slice(best + bestLen))}`;
}

function masked(p: Prefix, bits = p.bits): Addr {
  const out = new Uint8Array(p.addr.length);
  for (let i = 0; i < out.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - 8 * i));
    out[i] = p.addr[i] & ((0xff << (8 - keep)) & 0xff);
  }
  return out;
}

const sameBytes = (a: Addr, b: Addr): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

function containsIP(p: Prefix, ip: Addr): boolean {
  return ip.length === p.addr.length && sameBytes(masked(p), masked({ addr: ip, bits: p.bits }));
}

function containsCIDR(p: Prefix, other: Prefix): boolean {
  return other.bits >= p.bits && containsIP(p, other.addr);
}

function ipOf(v: ReflectMessage): Addr {
  return parseIP(IPType.repr(v)) as Addr;
}

function cidrOf(v: ReflectMessage): Prefix {
  return parseCIDR(CIDRType.repr(v)) as Prefix;
}

function orThrow<T>(v: T | string): T {
  if (typeof v === 'string') throw new Error(v);
  return v;
}

const makeIP = (a: Addr): ReturnType<typeof IPType.make> => IPType.make(formatIP(a));
const makeCIDR = (p: Prefix): ReturnType<typeof CIDRType.make> => CIDRType.make(`${formatIP(p.addr)}/${p.bits}`);

const inNet = (a: Addr, net: number[], bits: number): boolean => containsIP({ addr: Uint8Array.from(net), bits }, a);
const isLoopback = (a: Addr): boolean => (a.length === 4 ? a[0] === 127 : sameBytes(a, Uint8Array.from([...Array<number>(15).fill(0), 1])));
const isUnspecified = (a: Addr): boolean => a.every((b) => b === 0);
const isMulticast = (a: Addr): boolean => (a.length === 4 ? (a[0] & 0xf0) === 224 : a[0] === 0xff);
const isLinkLocalUnicast = (a: Addr): boolean => (a.length === 4 ? a[0] === 169 && a[1] === 254 : a[0] === 0xfe && (a[1] & 0xc0) === 0x80);
const isLinkLocalMulticast = (a: Addr): boolean => (a.length === 4 ? inNet(a, [224, 0, 0, 0], 24) : a[0] === 0xff && (a[1] & 0x0f) === 0x02);
const isGlobalUnicast = (a: Addr): boolean => !(a.length === 4 && a.every((b) => b === 255))
  && !isUnspecified(a) && !isLoopback(a) && !isMulticast(a) && !isLinkLocalUnicast(a);

const { INT, BOOL, STRING } = CelScalar;
const IP = IPType.type;
const CIDR = CIDRType.type;
const ipTest = (name: string, test: (a: Addr) => boolean): CelFunc => celMethod(name, IP, [], BOOL, function () { return test(ipOf(this)); });

export const netFuncs: CelFunc[] = [
  celFunc('ip', [STRING], IP, (s) => makeIP(orThrow(parseIP(s)))),
  celFunc('isIP', [STRING], BOOL, (s) => typeof parseIP(s) !== 'string'),
  celFunc('ip.isCanonical', [STRING], BOOL, (s) => formatIP(orThrow(parseIP(s))) === s),
  celFunc('string', [IP], STRING, (v) => IPType.repr(v)),
  celMethod('family', IP, [], INT, function () { return ipOf(this).length === 4 ? 4n : 6n; }),
  ipTest('isUnspecified', isUnspecified),
  ipTest('isLoopback', isLoopback),
  ipTest('isLinkLocalMulticast', isLinkLocalMulticast),
  ipTest('isLinkLocalUnicast', isLinkLocalUnicast),
  ipTest('isGlobalUnicast', isGlobalUnicast),
  celFunc('cidr', [STRING], CIDR, (s) => makeCIDR(orThrow(parseCIDR(s)))),
  celFunc('isCIDR', [STRING], BOOL, (s) => typeof parseCIDR(s) !== 'string'),
  celFunc('string', [CIDR], STRING, (v) => CIDRType.repr(v)),
  celMethod('containsIP', CIDR, [IP], BOOL, function (ip) { return containsIP(cidrOf(this), ipOf(ip)); }),
  celMethod('containsIP', CIDR, [STRING], BOOL, function (s) { return containsIP(cidrOf(this), orThrow(parseIP(s))); }),
  celMethod('containsCIDR', CIDR, [CIDR], BOOL, function (c) { return containsCIDR(cidrOf(this), cidrOf(c)); }),
  celMethod('containsCIDR', CIDR, [STRING], BOOL, function (s) { return containsCIDR(cidrOf(this), orThrow(parseCIDR(s))); }),
  celMethod('ip', CIDR, [], IP, function () { return makeIP(cidrOf(this).addr); }),
  celMethod('masked', CIDR, [], CIDR, function () { const p = cidrOf(this); return makeCIDR({ addr: masked(p), bits: p.bits }); }),
  celMethod('prefixLength', CIDR, [], INT, function () { return BigInt(cidrOf(this).bits); }),
];
