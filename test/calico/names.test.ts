import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCIDR, parseIP, cidrString, ipString } from '../../src/calico/goip.js';
import {
  ipNetToResourceName, ipToResourceNameV15, ipToResourceNameV16, isDns1123Subdomain,
  resourceNameToIP, resourceNameToIPNet, resourceNameToIPString,
} from '../../src/calico/names.js';

const ip = (t: string) => parseIP(t)!;
const net = (t: string) => parseCIDR(t)!.net;

test('docs/calico-data.md#names IPToResourceName v1.5 examples', () => {
  assert.is(ipToResourceNameV15(ip('11.223.3.41')), '11-223-3-41');
  assert.is(ipToResourceNameV15(ip('AA:1234::BBee:CC')), 'aa-1234--bbee-cc');
  assert.is(ipToResourceNameV15(ip('11:22::')), '11-22--');
  assert.is(ipToResourceNameV15(ip('1.2.3.4')), '1-2-3-4');
  assert.is(ipToResourceNameV15(ip('aa:bb::ff')), 'aa-bb--ff');
});

test('docs/calico-data.md#names IPNetToResourceName examples', () => {
  assert.is(ipNetToResourceName(net('11.223.3.0/24')), '11-223-3-0-24');
  assert.is(ipNetToResourceName(net('AA:1234::BBee:CC00/120')), 'aa-1234--bbee-cc00-120');
  assert.is(ipNetToResourceName(net('AA:1234:BBee::/120')), 'aa-1234-bbee---120');
  assert.is(ipNetToResourceName(net('aa:1234:bbee::/128')), 'aa-1234-bbee---128');
  assert.is(ipNetToResourceName(net('11:22::/120')), '11-22---120');
  assert.is(ipNetToResourceName(net('192.168.0.0/16')), '192-168-0-0-16');
});

test('docs/calico-data.md#names IPToResourceName v1.6 examples: IPv6 fully expanded, IPv4 unchanged', () => {
  assert.is(ipToResourceNameV16(ip('AA:1234:BBee::')), '00aa-1234-bbee-0000-0000-0000-0000-0000');
  assert.is(ipToResourceNameV16(ip('::1234:BBee:CC')), '0000-0000-0000-0000-0000-1234-bbee-00cc');
  assert.is(ipToResourceNameV16(ip('AA:1234::BBee:CC')), '00aa-1234-0000-0000-0000-0000-bbee-00cc');
  assert.is(ipToResourceNameV16(ip('11:22::')), '0011-0022-0000-0000-0000-0000-0000-0000');
  assert.is(ipToResourceNameV16(ip('aa:bb::ff')), '00aa-00bb-0000-0000-0000-0000-0000-00ff');
  assert.is(ipToResourceNameV16(ip('11.223.3.41')), '11-223-3-41');
  assert.is(ipToResourceNameV16(ip('192.20.30.40')), '192-20-30-40');
  assert.is(ipToResourceNameV16(ip('::ffff:1.2.3.4')), '1-2-3-4', 'IPv4-mapped is IPv4 (To4 != nil)');
});

test('resourceNameToIPString: IPv6 when "--" or more than 3 dashes', () => {
  assert.is(resourceNameToIPString('11-223-3-41'), '11.223.3.41');
  assert.is(resourceNameToIPString('aa-1234--bbee-cc'), 'aa:1234::bbee:cc');
  assert.is(resourceNameToIPString('11-22--'), '11:22::');
  assert.is(resourceNameToIPString('aa-1234-0-0-0-0-bbee-cc'), 'aa:1234:0:0:0:0:bbee:cc');
  assert.is(resourceNameToIPString('aa-1234-0-0-0-0-bbee-cc-0-0'), 'aa:1234:0:0:0:0:bbee:cc-0-0', 'only 7 replaced');
  assert.is(resourceNameToIPString('1-2-3'), '1.2.3');
});

test('resourceNameToIP reverses both encodings (docs/calico-data.md#names)', () => {
  assert.is(ipString(resourceNameToIP('11-223-3-41')!), '11.223.3.41');
  assert.is(ipString(resourceNameToIP('aa-1234--bbee-cc')!), 'aa:1234::bbee:cc');
  assert.is(ipString(resourceNameToIP('11-22--')!), '11:22::');
  assert.is(ipString(resourceNameToIP('0011-0022-0000-0000-0000-0000-0000-0000')!), '11:22::');
  assert.is(ipString(resourceNameToIP('00aa-1234-bbee-0000-0000-0000-0000-0000')!), 'aa:1234:bbee::');
  assert.is(ipString(resourceNameToIP('aa-1234-0-0-0-0-bbee-cc')!), 'aa:1234::bbee:cc');
  assert.is(resourceNameToIP('aa-1234-0-0-0-0-bbee-cc-0-0'), undefined);
  assert.is(resourceNameToIP('clustertype'), undefined);
  assert.is(resourceNameToIP('1-2-3'), undefined);
});

test('resourceNameToIPNet splits at the last dash (docs/calico-data.md#names)', () => {
  assert.is(cidrString(resourceNameToIPNet('11-223-3-0-24')!), '11.223.3.0/24');
  assert.is(cidrString(resourceNameToIPNet('aa-1234--bbee-cc00-120')!), 'aa:1234::bbee:cc00/120');
  assert.is(cidrString(resourceNameToIPNet('aa-1234-bbee---120')!), 'aa:1234:bbee::/120');
  assert.is(cidrString(resourceNameToIPNet('aa-1234-bbee---128')!), 'aa:1234:bbee::/128');
  assert.is(cidrString(resourceNameToIPNet('11-22---120')!), '11:22::/120');
  assert.is(cidrString(resourceNameToIPNet('192-168-0-0-16')!), '192.168.0.0/16');
  assert.is(cidrString(resourceNameToIPNet('10-0-0-1-16')!), '10.0.0.0/16', 'ParseCIDR masks');
  assert.is(resourceNameToIPNet('11-22-fail--23'), undefined);
  assert.is(resourceNameToIPNet('192-168-0-0'), undefined);
  assert.is(resourceNameToIPNet('nodash'), undefined);
  assert.is(resourceNameToIPNet('10-0-0-0-33'), undefined);
});

test('round trips name ⇄ CIDR and name ⇄ IP', () => {
  for (const c of ['10.0.0.0/8', 'fd00:1::/64', '2001:db8::/122', '::/0', 'aa:bb:cc:dd:ee:ff:11:0/112']) {
    assert.is(cidrString(resourceNameToIPNet(ipNetToResourceName(net(c)))!), cidrString(net(c)), c);
  }
  for (const t of ['1.2.3.4', 'aa:bb::ff', '::1', '1::', '1:2:3:4:5:6:7:8']) {
    assert.is(ipString(resourceNameToIP(ipToResourceNameV15(ip(t)))!), ipString(ip(t)), t);
    assert.is(ipString(resourceNameToIP(ipToResourceNameV16(ip(t)))!), ipString(ip(t)), t);
  }
});

test('isDns1123Subdomain: the k8s rule', () => {
  for (const good of ['a', '0', 'clustertype', '192-168-0-0-16', '11-22---120', 'aa-1234--bbee-cc', 'a.b-c.d', 'x'.repeat(253), '00aa-1234-bbee-0000-0000-0000-0000-0000']) {
    assert.ok(isDns1123Subdomain(good), good);
  }
  for (const bad of ['', '11-22--', 'LogLevel', '-a', 'a-', 'a..b', '.a', 'a.', 'a_b', 'a b', 'x'.repeat(254), 'a.-b', 'snp.projectcalico.org/x']) {
    assert.not.ok(isDns1123Subdomain(bad), bad);
  }
});

test.run();
