// Calico's Kubernetes resource-name encodings of IPs and CIDRs (libcalico-go names.go; docs/calico-data.md#names),
// and the DNS-1123 subdomain rule every CR name must satisfy (docs/calico-data.md#cr-validation).
import { cidrString, ipString, ipv6Groups, isIPv4, parseCIDR, parseIP, type IP, type IPNet } from './goip.js';

/** Go `strings.Replace(s, old, new, n)` for a one-character `old`: replace the first `n` occurrences. */
function replaceFirst(s: string, from: string, to: string, n: number): string {
  let out = '';
  let left = n;
  for (const ch of s) {
    if (ch === from && left > 0) {
      out += to;
      left--;
    } else {
      out += ch;
    }
  }
  return out;
}

/** v1.5 (Calico v2.4) `IPToResourceName`: Go canonical text with `.`/`:` replaced by `-` (docs/calico-data.md#names). */
export function ipToResourceNameV15(ip: IP): string {
  const text = ipString(ip);
  return isIPv4(ip) ? replaceFirst(text, '.', '-', 3) : replaceFirst(text, ':', '-', 7);
}

/** v1.6 (Calico v2.5) `IPToResourceName`: IPv4 unchanged; IPv6 fully expanded, 8 groups of 4 hex digits (docs/calico-data.md#names). */
export function ipToResourceNameV16(ip: IP): string {
  return isIPv4(ip) ? replaceFirst(ipString(ip), '.', '-', 3) : ipv6Groups(ip).join('-');
}

/** `IPNetToResourceName` (unchanged between v1.5 and v1.6): first 3 `.`, first 7 `:`, first `/` → `-` (docs/calico-data.md#names). */
export function ipNetToResourceName(n: IPNet): string {
  return replaceFirst(replaceFirst(replaceFirst(cidrString(n), '.', '-', 3), ':', '-', 7), '/', '-', 1);
}

/** `resourceNameToIPString`: IPv6 when the name holds `--` or more than 3 `-` (docs/calico-data.md#names). */
export function resourceNameToIPString(name: string): string {
  const dashes = [...name].filter((c) => c === '-').length;
  if (name.includes('--') || dashes > 3) return replaceFirst(name, '-', ':', 7);
  return replaceFirst(name, '-', '.', 3);
}

/** `ResourceNameToIP`: undefined when the name does not encode an IP. Accepts both v1.5 and v1.6 forms (docs/calico-data.md#names). */
export function resourceNameToIP(name: string): IP | undefined {
  return parseIP(resourceNameToIPString(name));
}

/** `ResourceNameToIPNet`: split at the last `-` into IP and prefix length, then Go `ParseCIDR` (docs/calico-data.md#names). */
export function resourceNameToIPNet(name: string): IPNet | undefined {
  const i = name.lastIndexOf('-');
  if (i < 0) return undefined;
  return parseCIDR(`${resourceNameToIPString(name.slice(0, i))}/${name.slice(i + 1)}`)?.net;
}

// The Kubernetes `IsDNS1123Subdomain` rule (apimachinery validation).
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Whether `name` is a valid name for a cluster-scoped custom resource (docs/calico-data.md#cr-validation). */
export function isDns1123Subdomain(name: string): boolean {
  return name.length <= 253 && DNS1123_SUBDOMAIN.test(name);
}
