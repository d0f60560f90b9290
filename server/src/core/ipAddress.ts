// IP address text as Go's net/netip parses it: one parser for the schemas' ipv4, ipv6 and cidr formats
// (schemaPrepare.ts) and for Kubernetes' CEL ip and cidr libraries (cel/k8sNet.ts), which add their own refusals.

/** An address: 4 or 16 bytes. */
export type Addr = Uint8Array;

/** Dotted IPv4 as Go's net/netip reads it: four decimal octets, no leading zeros. */
export function parseIPv4(s: string): Addr | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i];
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return undefined;
    out[i] = Number(p);
  }
  return out;
}

/** IPv6 text, with `::` and an IPv4 tail, as netip reads it (no zone). */
export function parseIPv6(s: string): Addr | undefined {
  if (s.length > 45) return undefined;
  let text = s;
  let v4: Addr | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    // An IPv4 tail stands for the last two groups; the ':' before it is a separator unless it closes a '::'.
    v4 = parseIPv4(text.slice(lastColon + 1));
    if (!v4) return undefined;
    text = text.slice(0, text.endsWith('::', lastColon + 1) ? lastColon + 1 : lastColon);
  }
  const room = v4 ? 6 : 8;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): string[] => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const given = [...head, ...tail];
  if (!given.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return undefined;
  if (halves.length === 2 ? given.length >= room : given.length !== room) return undefined;
  const words = [...head, ...Array<string>(room - given.length).fill('0'), ...tail].map((g) => parseInt(g, 16));
  const out = new Uint8Array(16);
  words.forEach((w, i) => { out[2 * i] = w >> 8; out[2 * i + 1] = w & 0xff; });
  if (v4) out.set(v4, 12);
  return out;
}
