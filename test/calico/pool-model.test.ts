import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cidrString } from '../../src/calico/goip.js';
import { parseIpPoolValue, readIpPoolTpr, validateIpPool } from '../../src/calico/pool-model.js';

test('docs/calico-data.md#v24-shapes fixture value decodes to model.IPPool', () => {
  const r = parseIpPoolValue('{"cidr":"11:22::/120","ipip":"tunl0","ipip_mode":"cross-subnet","masquerade":true,"ipam":false,"disabled":false}');
  assert.ok(r.ok);
  if (r.ok) {
    assert.is(cidrString(r.model.cidr), '11:22::/120');
    assert.equal({ ...r.model, cidr: undefined }, { cidr: undefined, cidrText: '11:22::/120', strictlyMasked: true, ipip: 'tunl0', ipipMode: 'cross-subnet', masquerade: true, ipam: false, disabled: false });
  }
});

test('missing fields take Go zero values', () => {
  const r = parseIpPoolValue('{"cidr":"10.0.0.0/8"}');
  assert.ok(r.ok && r.model.ipip === '' && r.model.ipipMode === '' && !r.model.masquerade && !r.model.ipam && !r.model.disabled);
});

test('a non-masked CIDR is kept as written and masked for the network', () => {
  const r = parseIpPoolValue('{"cidr":"10.0.0.1/8"}');
  assert.ok(r.ok && !r.model.strictlyMasked && cidrString(r.model.cidr) === '10.0.0.0/8' && r.model.cidrText === '10.0.0.1/8');
});

test('validateIpPool messages (docs/calico-data.md#conversion), all at once', () => {
  const r = parseIpPoolValue('{"cidr":"fe80::1/124","ipip":"tunl0","ipip_mode":"never"}');
  assert.ok(r.ok);
  if (r.ok) {
    assert.equal(validateIpPool(r.model), [
      'IPIP is not supported on an IPv6 IP pool',
      'IP pool size is too small (min /122) for use with Calico IPAM',
      'IP pool CIDR fe80::1/124 is not strictly masked (its network is fe80::/124)',
      'IP pool range overlaps with IPv6 Link Local range fe80::/10',
      'IPIP mode "never" is not one of always, cross-subnet or empty',
    ]);
  }
  const ok = parseIpPoolValue('{"cidr":"192.168.0.0/16","ipip":"tunl0","ipip_mode":"always"}');
  assert.ok(ok.ok && validateIpPool(ok.model).length === 0);
});

test('readIpPoolTpr: the name must parse; spec.value must be a string', () => {
  assert.is(readIpPoolTpr({ apiVersion: 'a', kind: 'IpPool', metadata: { name: 'pool1' }, spec: { value: '{"cidr":"10.0.0.0/8"}' } }).ok, false);
  assert.is(readIpPoolTpr({ apiVersion: 'a', kind: 'IpPool', metadata: { name: '10-0-0-0-8' }, spec: {} }).ok, false);
  const r = readIpPoolTpr({ apiVersion: 'a', kind: 'IpPool', metadata: { name: '10-0-0-0-8' }, spec: { value: '{"cidr":"10.0.0.0/8"}' } });
  assert.ok(r.ok && cidrString(r.nameNet) === '10.0.0.0/8');
});

test.run();
