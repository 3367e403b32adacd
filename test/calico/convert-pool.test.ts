import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { convertTprObject } from '../../src/calico/convert.js';
import type { KubeObject } from '../../src/calico/types.js';

const opts = { includeSnp: false };
const pool = (name: string, value: string | Record<string, unknown>): KubeObject => ({
  apiVersion: 'projectcalico.org/v1', kind: 'IpPool', metadata: { name, namespace: 'kube-system' },
  spec: { value: typeof value === 'string' ? value : JSON.stringify(value) },
});
const model = (cidr: string, extra: Record<string, unknown> = {}) => ({ cidr, ipip: '', ipip_mode: '', masquerade: false, ipam: true, disabled: false, ...extra });

test('docs/calico-data.md#samples default IPv4 pool, verbatim TPR → verbatim CRD JSON', () => {
  const tpr: KubeObject = {"apiVersion":"projectcalico.org/v1","kind":"IpPool",
    "metadata":{"name":"192-168-0-0-16","namespace":"kube-system"},
    "spec":{"value":"{\"cidr\":\"192.168.0.0/16\",\"ipip\":\"tunl0\",\"ipip_mode\":\"always\",\"masquerade\":true,\"ipam\":true,\"disabled\":false}"}};
  const r = convertTprObject('IpPool', tpr, opts);
  assert.is(r.status, 'ok');
  if (r.status === 'ok') {
    assert.is(JSON.stringify(r.target), '{"apiVersion":"crd.projectcalico.org/v1","kind":"IPPool","metadata":{"name":"192-168-0-0-16"},"spec":{"ipip":{"enabled":true,"mode":"always"},"nat-outgoing":true,"cidr":"192.168.0.0/16"}}');
    assert.equal(r.notes, []);
    assert.equal(r.warnings, []);
  }
});

test('docs/calico-data.md#v24-shapes, #v25-shapes fixture 11-22---120: ipip tunl0 cross-subnet, masquerade → v1.6 spec; IPIP on IPv6 is refused by validateIPPool', () => {
  const r = convertTprObject('IpPool', pool('11-22---120', '{"cidr":"11:22::/120","ipip":"tunl0","ipip_mode":"cross-subnet","masquerade":true,"ipam":false,"disabled":false}'), opts);
  assert.is(r.status, 'invalid');
  if (r.status === 'invalid') assert.match(r.reason, 'IPIP is not supported on an IPv6 IP pool');
});

test('docs/calico-data.md#v25-shapes fixture 11-22---120 without IPIP: name kept, cidr compressed', () => {
  const r = convertTprObject('IpPool', pool('11-22---120', model('11:22::/120', { masquerade: true })), opts);
  assert.is(r.status, 'ok');
  if (r.status === 'ok') assert.is(JSON.stringify(r.target), '{"apiVersion":"crd.projectcalico.org/v1","kind":"IPPool","metadata":{"name":"11-22---120"},"spec":{"nat-outgoing":true,"cidr":"11:22::/120"}}');
});

test('ipip block: only when ipip or ipip_mode is set; enabled only with an interface; mode only when non-empty', () => {
  const spec = (extra: Record<string, unknown>) => {
    const r = convertTprObject('IpPool', pool('10-0-0-0-16', model('10.0.0.0/16', extra)), opts);
    return r.status === 'ok' ? JSON.stringify(r.target.spec) : r.reason;
  };
  assert.is(spec({}), '{"cidr":"10.0.0.0/16"}');
  assert.is(spec({ ipip: 'tunl0' }), '{"ipip":{"enabled":true},"cidr":"10.0.0.0/16"}');
  assert.is(spec({ ipip_mode: 'cross-subnet' }), '{"ipip":{"mode":"cross-subnet"},"cidr":"10.0.0.0/16"}');
  assert.is(spec({ ipip: 'tunl0', ipip_mode: 'always' }), '{"ipip":{"enabled":true,"mode":"always"},"cidr":"10.0.0.0/16"}');
  assert.is(spec({ disabled: true, masquerade: true }), '{"nat-outgoing":true,"disabled":true,"cidr":"10.0.0.0/16"}');
  assert.is(spec({ disabled: false, masquerade: false }), '{"cidr":"10.0.0.0/16"}');
});

test('ipam is dropped, with a warning when an enabled pool had ipam false (v2.5: IPAM = !disabled)', () => {
  const r = convertTprObject('IpPool', pool('10-0-0-0-16', model('10.0.0.0/16', { ipam: false })), opts);
  assert.ok(r.status === 'ok' && r.warnings.some((w) => w.includes('ipam')));
  const r2 = convertTprObject('IpPool', pool('10-0-0-0-16', model('10.0.0.0/16', { ipam: false, disabled: true })), opts);
  assert.ok(r2.status === 'ok' && r2.warnings.length === 0);
});

test('a non-tunl0 interface name becomes enabled: true, with a note', () => {
  const r = convertTprObject('IpPool', pool('10-0-0-0-16', model('10.0.0.0/16', { ipip: 'ipip9' })), opts);
  assert.ok(r.status === 'ok' && r.notes.some((n) => n.includes('ipip9')));
  assert.ok(r.status === 'ok' && JSON.stringify(r.target.spec) === '{"ipip":{"enabled":true},"cidr":"10.0.0.0/16"}');
});

test('the name comes from the CIDR (docs/calico-data.md#conversion); a TPR name that parses but differs is renamed with a note', () => {
  const r = convertTprObject('IpPool', pool('10-9-0-0-16', model('10.0.0.0/16')), opts);
  assert.ok(r.status === 'ok' && r.target.metadata.name === '10-0-0-0-16');
  assert.ok(r.status === 'ok' && r.notes.some((n) => n.includes('renamed')));
  const v6 = convertTprObject('IpPool', pool('aa-1234-bbee---120', model('AA:1234:BBee::/120')), opts);
  assert.ok(v6.status === 'ok' && v6.target.metadata.name === 'aa-1234-bbee---120' && (v6.target.spec as { cidr: string }).cidr === 'aa:1234:bbee::/120');
});

test('a TPR name Calico v2.4 could not parse is invalid: it never read the pool', () => {
  const r = convertTprObject('IpPool', pool('default-pool', model('10.0.0.0/16')), opts);
  assert.is(r.status, 'invalid');
  if (r.status === 'invalid') assert.match(r.reason, 'never read');
  assert.is(convertTprObject('IpPool', pool('11-22-fail--23', model('10.0.0.0/16')), opts).status, 'invalid');
});

test('unparsable value, missing cidr, invalid cidr, wrong field types are invalid', () => {
  const reason = (o: KubeObject) => { const r = convertTprObject('IpPool', o, opts); return r.status === 'invalid' ? r.reason : 'OK'; };
  assert.match(reason(pool('10-0-0-0-16', '{not json')), 'not valid JSON');
  assert.match(reason(pool('10-0-0-0-16', '[]')), 'not a JSON object');
  assert.match(reason(pool('10-0-0-0-16', { ipip: '' })), 'no cidr');
  assert.match(reason(pool('10-0-0-0-16', model('10.0.0.0/33'))), 'not a valid CIDR');
  assert.match(reason(pool('10-0-0-0-16', model('10.0.0.0/16', { masquerade: 'yes' }))), 'masquerade');
  assert.match(reason(pool('10-0-0-0-16', model('10.0.0.0/16', { ipip: true }))), 'ipip');
  assert.match(reason({ apiVersion: 'projectcalico.org/v1', kind: 'IpPool', metadata: { name: '10-0-0-0-16' }, spec: { value: { cidr: '10.0.0.0/16' } } }), 'spec.value');
});

test('Go decoding quirks: keys match case-insensitively, null is the zero value', () => {
  const r = convertTprObject('IpPool', pool('10-0-0-0-16', '{"CIDR":"10.0.0.0/16","Masquerade":true,"ipip":null}'), opts);
  assert.ok(r.status === 'ok' && JSON.stringify(r.target.spec) === '{"nat-outgoing":true,"cidr":"10.0.0.0/16"}');
});

test('validateIPPool (docs/calico-data.md#conversion): size limits for enabled pools only', () => {
  const status = (name: string, cidr: string, extra: Record<string, unknown> = {}) => convertTprObject('IpPool', pool(name, model(cidr, extra)), opts).status;
  assert.is(status('10-0-0-0-26', '10.0.0.0/26'), 'ok');
  assert.is(status('10-0-0-0-27', '10.0.0.0/27'), 'invalid');
  assert.is(status('10-0-0-0-27', '10.0.0.0/27', { disabled: true }), 'ok');
  assert.is(status('fd00---122', 'fd00::/122'), 'ok');
  assert.is(status('fd00---123', 'fd00::/123'), 'invalid');
  assert.is(status('fd00---123', 'fd00::/123', { disabled: true }), 'ok');
});

test('validateIPPool: strictly masked, link-local overlap, ipip mode', () => {
  const reason = (name: string, cidr: string, extra: Record<string, unknown> = {}) => {
    const r = convertTprObject('IpPool', pool(name, model(cidr, extra)), opts);
    return r.status === 'invalid' ? r.reason : 'OK';
  };
  assert.match(reason('10-0-0-1-16', '10.0.0.1/16'), 'not strictly masked');
  assert.match(reason('169-254-0-0-16', '169.254.0.0/16'), 'Link Local');
  assert.match(reason('169-0-0-0-8', '169.0.0.0/8'), 'Link Local');
  assert.match(reason('fe80---64', 'fe80::/64'), 'Link Local');
  assert.match(reason('10-0-0-0-16', '10.0.0.0/16', { ipip_mode: 'sometimes' }), 'IPIP mode');
  assert.is(reason('10-0-0-0-16', '10.0.0.0/16', { ipip_mode: 'cross-subnet' }), 'OK');
});

test.run();
