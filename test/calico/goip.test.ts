import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cidrString, ipString, isIPv4, netContains, netsOverlap, parseCIDR, parseIP, isStrictlyMasked, ipNetVersion } from '../../src/calico/goip.js';

const canon = (text: string): string | undefined => {
  const ip = parseIP(text);
  return ip ? ipString(ip) : undefined;
};

test('IPv4 dotted parses to 16 bytes (IPv4-mapped) and prints dotted', () => {
  const ip = parseIP('11.223.3.41')!;
  assert.is(ip.length, 16);
  assert.equal(Array.from(ip), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 11, 223, 3, 41]);
  assert.is(ipString(ip), '11.223.3.41');
  assert.ok(isIPv4(ip));
});

test('IPv4 rejects what Go rejects: leading zeros, >255, too few/many fields, empty fields, junk', () => {
  for (const bad of ['010.1.1.1', '1.2.3.04', '256.1.1.1', '1.2.3', '1.2.3.4.5', '1..2.3', '.1.2.3', '1.2.3.', '1.2.3.a', ' 1.2.3.4', '1.2.3.4 ', '']) {
    assert.is(parseIP(bad), undefined, bad);
  }
  assert.is(canon('0.0.0.0'), '0.0.0.0');
  assert.is(canon('255.255.255.255'), '255.255.255.255');
});

test('IPv6 canonical form: lowercase, longest zero run as ::, first run wins a tie, single zero group kept', () => {
  assert.is(canon('AA:1234::BBee:CC'), 'aa:1234::bbee:cc');
  assert.is(canon('11:22::'), '11:22::');
  assert.is(canon('::'), '::');
  assert.is(canon('::1'), '::1');
  assert.is(canon('1:0:0:2:0:0:0:3'), '1:0:0:2::3');
  assert.is(canon('1:0:0:2:3:0:0:4'), '1::2:3:0:0:4');
  assert.is(canon('1:0:2:3:4:5:6:7'), '1:0:2:3:4:5:6:7');
  assert.is(canon('2001:0db8:0000:0000:0000:ff00:0042:8329'), '2001:db8::ff00:42:8329');
  assert.is(canon('0:0:0:0:0:0:0:0'), '::');
  assert.is(canon('1:2:3:4:5:6:7::'), '1:2:3:4:5:6:7:0');
  assert.is(canon('::1234:BBee:CC'), '::1234:bbee:cc');
});

test('embedded and IPv4-mapped addresses', () => {
  assert.is(canon('::ffff:1.2.3.4'), '1.2.3.4');
  assert.ok(isIPv4(parseIP('::ffff:1.2.3.4')!));
  assert.is(canon('::1.2.3.4'), '::102:304');
  assert.not.ok(isIPv4(parseIP('::1.2.3.4')!));
  assert.is(canon('1:2:3:4:5:6:1.2.3.4'), '1:2:3:4:5:6:102:304');
  assert.is(parseIP('1:2:3:4:5:1.2.3.4'), undefined, 'IPv4 must take the last 32 bits');
  assert.is(parseIP('::ffff:01.2.3.4'), undefined);
});

test('IPv6 rejects what Go rejects', () => {
  for (const bad of ['1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '1::2::3', '12345::', ':1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:', '1:2:3:4:5:6:7:8::', 'fe80::1%eth0', 'g::', '1:2:3:4:5:6:7:8 ', ':::']) {
    assert.is(parseIP(bad), undefined, bad);
  }
});

test('parseCIDR keeps the address and masks the network; cidrString prints the network', () => {
  const p = parseCIDR('10.1.2.3/16')!;
  assert.is(ipString(p.ip), '10.1.2.3');
  assert.is(cidrString(p.net), '10.1.0.0/16');
  assert.is(p.net.bits, 32);
  assert.not.ok(isStrictlyMasked(p));
  assert.ok(isStrictlyMasked(parseCIDR('10.1.0.0/16')!));
  assert.is(cidrString(parseCIDR('AA:1234::BBee:CC00/120')!.net), 'aa:1234::bbee:cc00/120');
  assert.is(cidrString(parseCIDR('AA:1234:BBee::/120')!.net), 'aa:1234:bbee::/120');
  assert.is(cidrString(parseCIDR('11:22::/120')!.net), '11:22::/120');
  assert.is(cidrString(parseCIDR('0.0.0.0/0')!.net), '0.0.0.0/0');
  assert.is(cidrString(parseCIDR('10.0.0.0/024')!.net), '10.0.0.0/24', 'Go dtoi accepts leading zeros in the prefix');
  assert.is(cidrString(parseCIDR('::ffff:1.2.3.4/120')!.net), '1.2.3.0/24', 'IPv4-mapped networks print with an IPv4 prefix');
});

test('parseCIDR rejects bad prefixes and addresses', () => {
  for (const bad of ['10.0.0.0/33', '::/129', '10.0.0.0', '10.0.0.0/', '10.0.0.0/-1', '10.0.0.0/+8', '10.0.0.0/8a', '010.0.0.0/8', 'x/8']) {
    assert.is(parseCIDR(bad), undefined, bad);
  }
  assert.ok(parseCIDR('::/128'));
});

test('version, overlap and containment', () => {
  const net = (t: string) => parseCIDR(t)!.net;
  assert.is(ipNetVersion(net('10.0.0.0/8')), 4);
  assert.is(ipNetVersion(net('fd00::/8')), 6);
  assert.ok(netsOverlap(net('169.254.0.0/16'), net('169.254.10.0/24')));
  assert.ok(netsOverlap(net('169.0.0.0/8'), net('169.254.0.0/16')));
  assert.not.ok(netsOverlap(net('169.253.0.0/16'), net('169.254.0.0/16')));
  assert.not.ok(netsOverlap(net('0.0.0.0/0'), net('::/0')), 'different families never overlap');
  assert.ok(netsOverlap(net('fe80::/10'), net('febf::/16')));
  assert.not.ok(netsOverlap(net('fe80::/10'), net('fec0::/10')));
  assert.ok(netContains(net('10.0.0.0/8'), parseIP('10.255.0.1')!));
  assert.not.ok(netContains(net('10.0.0.0/8'), parseIP('11.0.0.1')!));
});

test.run();
