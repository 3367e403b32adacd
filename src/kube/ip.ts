// IP addresses as Go's net package reads them (16 bytes, IPv4 as IPv4-mapped), for proxy rules and certificate checks.
import net from 'node:net';

export function isLoopback(ip: string): boolean {
  const v4 = ipv4Of(ip);
  if (v4) return v4[0] === 127;
  return sameIp(ip, '::1');
}

/** The four bytes of an IPv4 address, also when written IPv4-mapped (::ffff:a.b.c.d), as Go's To4 reads it. */
export function ipv4Of(ip: string): number[] | undefined {
  const bytes = ipBytes(ip);
  if (!bytes) return undefined;
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : undefined;
}

export const sameIp = (a: string, b: string): boolean => {
  const x = ipBytes(a), y = ipBytes(b);
  return Boolean(x && y && x.every((byte, i) => byte === y[i]));
};

/** An IP as 16 bytes (IPv4 as IPv4-mapped IPv6, as Go stores it), or undefined. */
export function ipBytes(ip: string): number[] | undefined {
  if (net.isIPv4(ip)) return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...ip.split('.').map(Number)];
  if (!net.isIPv6(ip)) return undefined;
  let text = ip;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -tail[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const groups = (s: string): string[] => (s ? s.split(':') : []);
  const left = groups(head), right = rest === undefined ? [] : groups(rest);
  const words = rest === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return words.flatMap((w) => { const n = parseInt(w, 16); return [n >> 8, n & 0xff]; });
}

export function parseCidr(entry: string): { matches(ip: string): boolean } | undefined {
  const m = /^(.+)\/(\d{1,3})$/.exec(entry);
  if (!m || !net.isIP(m[1]!)) return undefined;
  const v4 = net.isIPv4(m[1]!);
  const bits = Number(m[2]) + (v4 ? 96 : 0);
  if (bits > 128) return undefined;
  const network = ipBytes(m[1]!)!;
  return {
    matches(ip) {
      const bytes = ipBytes(ip);
      // An IPv4 network holds only IPv4 addresses (IPv4-mapped ones included), an IPv6 network only IPv6 ones, as in Go.
      if (!bytes || v4 !== Boolean(ipv4Of(ip))) return false;
      for (let bit = 0; bit < bits; bit++) {
        const mask = 0x80 >> (bit % 8);
        if ((bytes[bit >> 3]! & mask) !== (network[bit >> 3]! & mask)) return false;
      }
      return true;
    },
  };
}
