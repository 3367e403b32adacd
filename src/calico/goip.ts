// Go `net` IP semantics, because Calico's names and CIDR strings are Go's `IP.String()` / `IPNet.String()` (docs/calico-data.md#names, #inferred).
// Parsing follows Go's current parser (net.ParseIP → netip.ParseAddr): IPv4 octets with a leading zero
// ("010.1.1.1") are rejected, as Go ≥ 1.17 does. Go 1.8 (Calico 2017) read them as decimal; Calico never
// wrote such text (it always prints canonical IPs), so refusing them only refuses hand-made data, which is
// the conservative choice. Zones (`fe80::1%eth0`) are rejected, as net.ParseIP does.

/** An IP address as Go's `net.ParseIP` returns it: always 16 bytes, IPv4 as IPv4-mapped (`::ffff:a.b.c.d`). */
export type IP = Uint8Array;

/** A parsed CIDR. `ip` is the masked network; `bits` is 32 when the address was written as IPv4, else 128. */
export interface IPNet {
  ip: IP;
  prefix: number;
  bits: 32 | 128;
}

const V4_MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** Go `net.ParseIP`: undefined when the text is not an IP address. */
export function parseIP(text: string): IP | undefined {
  for (const ch of text) {
    if (ch === '.') return parseIPv4(text);
    if (ch === ':') return parseIPv6(text);
    if (ch === '%') return undefined;
  }
  return undefined;
}

function parseIPv4(text: string): IP | undefined {
  const octets = parseIPv4Fields(text);
  if (!octets) return undefined;
  const ip = new Uint8Array(16);
  ip[10] = 0xff;
  ip[11] = 0xff;
  ip.set(octets, 12);
  return ip;
}

// netip parseIPv4Fields: exactly four decimal fields 0..255, no empty field, no leading zero.
function parseIPv4Fields(text: string): number[] | undefined {
  const fields = text.split('.');
  if (fields.length !== 4) return undefined;
  const out: number[] = [];
  for (const f of fields) {
    if (!/^[0-9]{1,3}$/.test(f)) return undefined;
    if (f.length > 1 && f[0] === '0') return undefined;
    const n = Number(f);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

// netip parseIPv6: groups of 1..4 hex digits, at most one `::` that stands for at least one zero group,
// an embedded IPv4 only as the last 32 bits.
function parseIPv6(text: string): IP | undefined {
  if (text.includes('%')) return undefined;
  const ip = new Uint8Array(16);
  let s = text;
  let ellipsis = -1;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s === '') return ip;
  }
  let i = 0;
  while (i < 16) {
    const m = /^[0-9a-fA-F]*/.exec(s);
    const digits = m ? m[0] : '';
    if (digits.length === 0 || digits.length > 4) return undefined;
    if (s[digits.length] === '.') {
      if (ellipsis < 0 && i !== 12) return undefined;
      if (i + 4 > 16) return undefined;
      const octets = parseIPv4Fields(s);
      if (!octets) return undefined;
      ip.set(octets, i);
      s = '';
      i += 4;
      break;
    }
    const value = parseInt(digits, 16);
    ip[i] = value >> 8;
    ip[i + 1] = value & 0xff;
    i += 2;
    s = s.slice(digits.length);
    if (s === '') break;
    if (s[0] !== ':' || s.length === 1) return undefined;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return undefined;
      ellipsis = i;
      s = s.slice(1);
      if (s === '') break;
    }
  }
  if (s !== '') return undefined;
  if (i < 16) {
    if (ellipsis < 0) return undefined;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
    ip.fill(0, ellipsis, ellipsis + n);
  } else if (ellipsis >= 0) {
    return undefined;
  }
  return ip;
}

/** Go `ip.To4() != nil`: IPv4, including IPv4-mapped IPv6 text such as `::ffff:1.2.3.4`. */
export function isIPv4(ip: IP): boolean {
  for (let i = 0; i < 12; i++) if (ip[i] !== V4_MAPPED_PREFIX[i]) return false;
  return true;
}

/** Go `IP.String()`: dotted IPv4 (also for IPv4-mapped), else lower-case IPv6 with the first longest run of ≥ 2 zero groups as `::`. */
export function ipString(ip: IP): string {
  if (isIPv4(ip)) return `${ip[12]}.${ip[13]}.${ip[14]}.${ip[15]}`;
  const groups: number[] = [];
  for (let g = 0; g < 8; g++) groups.push((ip[2 * g] << 8) | ip[2 * g + 1]);
  let zeroStart = -1;
  let zeroEnd = -1;
  for (let g = 0; g < 8; g++) {
    let j = g;
    while (j < 8 && groups[j] === 0) j++;
    if (j - g >= 2 && j - g > zeroEnd - zeroStart) {
      zeroStart = g;
      zeroEnd = j;
    }
  }
  const hex = (from: number, to: number): string => groups.slice(from, to).map((v) => v.toString(16)).join(':');
  if (zeroStart < 0) return hex(0, 8);
  return `${hex(0, zeroStart)}::${hex(zeroEnd, 8)}`;
}

/** The IPv6 groups fully expanded, each as 4 lower-case hex digits (used by the v1.6 name encoding, docs/calico-data.md#names). */
export function ipv6Groups(ip: IP): string[] {
  const groups: string[] = [];
  for (let g = 0; g < 8; g++) groups.push(ip[2 * g].toString(16).padStart(2, '0') + ip[2 * g + 1].toString(16).padStart(2, '0'));
  return groups;
}

export function ipEqual(a: IP, b: IP): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Go `net.ParseCIDR`: the address as written and the masked network; undefined when either part is invalid. */
export function parseCIDR(text: string): { ip: IP; net: IPNet } | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const addrText = text.slice(0, slash);
  const maskText = text.slice(slash + 1);
  const ip = parseIP(addrText);
  if (!ip) return undefined;
  // Go picks the mask length from how the address was written (`.`-first text is IPv4).
  const bits: 32 | 128 = firstSeparator(addrText) === '.' ? 32 : 128;
  // Go's dtoi: decimal digits only (leading zeros allowed), value within the address length.
  if (!/^[0-9]+$/.test(maskText)) return undefined;
  const prefix = Number(maskText);
  if (!Number.isSafeInteger(prefix) || prefix > bits) return undefined;
  return { ip, net: { ip: maskIP(ip, bits === 32 ? prefix + 96 : prefix), prefix, bits } };
}

function firstSeparator(text: string): string | undefined {
  for (const ch of text) if (ch === '.' || ch === ':') return ch;
  return undefined;
}

/** The address with all bits after `prefix128` (counted over 128 bits) cleared. */
function maskIP(ip: IP, prefix128: number): IP {
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) {
    const keep = Math.max(0, Math.min(8, prefix128 - 8 * i));
    out[i] = ip[i] & ((0xff << (8 - keep)) & 0xff);
  }
  return out;
}

/** The prefix length counted over 128 bits. */
function prefix128(n: IPNet): number {
  return n.bits === 32 ? n.prefix + 96 : n.prefix;
}

/** Go `IPNet.String()`: an IPv4(-mapped) network prints with an IPv4 prefix length. */
export function cidrString(n: IPNet): string {
  if (isIPv4(n.ip)) return `${ipString(n.ip)}/${prefix128(n) - 96}`;
  return `${ipString(n.ip)}/${n.prefix}`;
}

/** Calico `IPNet.Version()`: 4 when the network is IPv4 (To4 != nil), else 6. */
export function ipNetVersion(n: IPNet): 4 | 6 {
  return isIPv4(n.ip) ? 4 : 6;
}

/** Whether `text` (a CIDR) names its network exactly, i.e. no host bits are set (Calico "strictly masked"). */
export function isStrictlyMasked(parsed: { ip: IP; net: IPNet }): boolean {
  return ipEqual(parsed.ip, parsed.net.ip);
}

/** Whether two networks of the same family share any address. */
export function netsOverlap(a: IPNet, b: IPNet): boolean {
  if (isIPv4(a.ip) !== isIPv4(b.ip)) return false;
  const shorter = Math.min(prefix128(a), prefix128(b));
  return ipEqual(maskIP(a.ip, shorter), maskIP(b.ip, shorter));
}

/** Whether `ip` lies inside `n`. */
export function netContains(n: IPNet, ip: IP): boolean {
  return ipEqual(maskIP(ip, prefix128(n)), n.ip);
}
