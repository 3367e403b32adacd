import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tprNames, guessPlural } from './tpr.js';
import { goIpString, ipNetToResourceName, ipToResourceNameV15, ipToResourceNameV16 } from './scenarios/names.js';
import { isDns1123Subdomain } from './crd.js';

test('TPR name → kind, group, plural (ExtractApiGroupAndKind + UnsafeGuessKindToResource)', () => {
  assert.equal(tprNames('ip-pool.projectcalico.org'), { kind: 'IpPool', group: 'projectcalico.org', plural: 'ippools' });
  assert.equal(tprNames('global-bgp-config.projectcalico.org'), { kind: 'GlobalBgpConfig', group: 'projectcalico.org', plural: 'globalbgpconfigs' });
  assert.equal(tprNames('system-network-policy.alpha.projectcalico.org'), { kind: 'SystemNetworkPolicy', group: 'alpha.projectcalico.org', plural: 'systemnetworkpolicies' });
  assert.equal(tprNames('cron-tab.stable.example.com').plural, 'crontabs');
  assert.is(guessPlural('Address'), 'addresses');
  assert.throws(() => tprNames('short.name'), /unexpectedly short resource name: short.name, expected at least <kind>.<domain>.<tld>/);
});

test('libcalico-go v1.5 name encodings match its own test fixtures', () => {
  assert.is(ipToResourceNameV15('11.223.3.41'), '11-223-3-41');
  assert.is(ipToResourceNameV15('AA:1234::BBee:CC'), 'aa-1234--bbee-cc');
  assert.is(ipToResourceNameV15('11:22::'), '11-22--');
  assert.is(ipToResourceNameV15('2001:db8:1::'), '2001-db8-1--');
  assert.is(ipNetToResourceName('11.223.3.0/24'), '11-223-3-0-24');
  assert.is(ipNetToResourceName('AA:1234::BBee:CC00/120'), 'aa-1234--bbee-cc00-120');
  assert.is(ipNetToResourceName('AA:1234:BBee::/120'), 'aa-1234-bbee---120');
  assert.is(ipNetToResourceName('fd80:24e2:f998:72d6::/64'), 'fd80-24e2-f998-72d6---64');
  assert.is(ipToResourceNameV16('AA:1234:BBee::'), '00aa-1234-bbee-0000-0000-0000-0000-0000');
  assert.is(ipToResourceNameV16('::1234:BBee:CC'), '0000-0000-0000-0000-0000-1234-bbee-00cc');
});

test('Go canonical IPv6 text: longest zero run, first on a tie, no single-group ::', () => {
  assert.is(goIpString('2001:0db8:0:0:1:0:0:1'), '2001:db8::1:0:0:1');
  assert.is(goIpString('2001:db8:0:1:1:1:1:1'), '2001:db8:0:1:1:1:1:1');
  assert.is(goIpString('::ffff:10.0.0.1'), '10.0.0.1');
});

test('DNS-1123 subdomain rule used for CR names', () => {
  assert.ok(isDns1123Subdomain('192-168-0-0-16'));
  assert.not.ok(isDns1123Subdomain('2001-db8-1--'));
  assert.not.ok(isDns1123Subdomain('Upper'));
});

test.run();
