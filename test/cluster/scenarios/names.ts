// libcalico-go v1.5 name encodings for TPR data (docs/calico-data.md#names), with Go's canonical IP text.
import { isIPv4, isIPv6 } from 'node:net';

function ipv6Groups(ip: string): number[] {
  let text = ip.toLowerCase();
  const v4 = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (v4) {
    const b = v4[1]!.split('.').map(Number);
    text = text.slice(0, -v4[1]!.length) + `${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') as [string, string] : [text, undefined];
  const h = head ? head.split(':').map((g) => parseInt(g, 16)) : [];
  const t = tail ? tail.split(':').map((g) => parseInt(g, 16)) : [];
  const zeros = tail === undefined ? [] : new Array(8 - h.length - t.length).fill(0);
  return [...h, ...zeros, ...t];
}

/** Go net.IP.String(): dotted IPv4; IPv6 lowercase, longest run (≥2) of zero groups as `::`, first run wins a tie. */
export function goIpString(ip: string): string {
  if (isIPv4(ip)) return ip.split('.').map(Number).join('.');
  if (!isIPv6(ip)) throw new Error(`not an IP: ${ip}`);
  const g = ipv6Groups(ip);
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return `${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}`;
  let bestStart = -1, bestLen = 1;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = (xs: number[]) => xs.map((x) => x.toString(16)).join(':');
  if (bestStart < 0) return hex(g);
  return `${hex(g.slice(0, bestStart))}::${hex(g.slice(bestStart + bestLen))}`;
}

function replaceFirst(s: string, ch: string, n: number): string {
  let out = '';
  for (const c of s) { if (c === ch && n > 0) { out += '-'; n--; } else out += c; }
  return out;
}

/** v1.5 IPToResourceName: canonical text, first 3 '.' and first 7 ':' → '-'. */
export function ipToResourceNameV15(ip: string): string {
  return replaceFirst(replaceFirst(goIpString(ip), '.', 3), ':', 7);
}

/** v1.6 IPToResourceName: IPv4 unchanged, IPv6 fully expanded (4 hex digits per group). */
export function ipToResourceNameV16(ip: string): string {
  if (isIPv4(ip)) return ipToResourceNameV15(ip);
  return ipv6Groups(goIpString(ip)).map((x) => x.toString(16).padStart(4, '0')).join('-');
}

/** IPNetToResourceName (same in v1.5 and v1.6): canonical CIDR, first 3 '.', first 7 ':' and the '/' → '-'. */
export function ipNetToResourceName(cidr: string): string {
  const [ip, len] = cidr.split('/') as [string, string];
  return replaceFirst(replaceFirst(replaceFirst(`${goIpString(ip)}/${Number(len)}`, '.', 3), ':', 7), '/', 1);
}
