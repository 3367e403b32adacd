import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { convertTprObject } from '../../src/calico/convert.js';
import type { KubeObject } from '../../src/calico/types.js';

const opts = { includeSnp: false };
const peer = (name: string, asNumber: unknown): KubeObject => ({ apiVersion: 'projectcalico.org/v1', kind: 'GlobalBgpPeer', metadata: { name, namespace: 'kube-system' }, spec: { asNumber } });

test('docs/calico-data.md#samples global IPv4 peer, verbatim', () => {
  const tpr: KubeObject = {"apiVersion":"projectcalico.org/v1","kind":"GlobalBgpPeer","metadata":{"name":"192-20-30-40","namespace":"kube-system"},"spec":{"asNumber":64567}};
  const r = convertTprObject('GlobalBgpPeer', tpr, opts);
  assert.is(r.status, 'ok');
  if (r.status === 'ok') {
    assert.is(JSON.stringify(r.target), '{"apiVersion":"crd.projectcalico.org/v1","kind":"BGPPeer","metadata":{"name":"192-20-30-40"},"spec":{"asNumber":64567,"scope":"global","peerIP":"192.20.30.40"}}');
    assert.equal(r.notes, []);
  }
});

test('docs/calico-data.md#samples / docs/calico-data.md#v25-shapes fixture: TPR "11-22--" → CRD "0011-0022-0000-0000-0000-0000-0000-0000", peerIP "11:22::", AS 1212', () => {
  const r = convertTprObject('GlobalBgpPeer', peer('11-22--', 1212), opts);
  assert.is(r.status, 'ok');
  if (r.status === 'ok') {
    assert.equal(r.target, { apiVersion: 'crd.projectcalico.org/v1', kind: 'BGPPeer', metadata: { name: '0011-0022-0000-0000-0000-0000-0000-0000' }, spec: { asNumber: 1212, scope: 'global', peerIP: '11:22::' } });
    assert.ok(r.notes.some((n) => n.includes('renamed') && n.includes('the v2.5 encoding of IPv6 names')));
  }
});

test('docs/calico-data.md#v24-shapes fixture 1-2-3-4 ⇄ 1.2.3.4', () => {
  const r = convertTprObject('GlobalBgpPeer', peer('1-2-3-4', 64512), opts);
  assert.ok(r.status === 'ok' && r.target.metadata.name === '1-2-3-4' && JSON.stringify(r.target.spec) === '{"asNumber":64512,"scope":"global","peerIP":"1.2.3.4"}');
});

test('IPv6 peers: compressed TPR names, the non-canonical but parsable form too', () => {
  const r = convertTprObject('GlobalBgpPeer', peer('aa-1234--bbee-cc', 65000), opts);
  assert.ok(r.status === 'ok' && r.target.metadata.name === '00aa-1234-0000-0000-0000-0000-bbee-00cc');
  assert.ok(r.status === 'ok' && (r.target.spec as { peerIP: string }).peerIP === 'aa:1234::bbee:cc');
  const r2 = convertTprObject('GlobalBgpPeer', peer('aa-1234-0-0-0-0-bbee-cc', 65000), opts);
  assert.ok(r2.status === 'ok' && r2.target.metadata.name === '00aa-1234-0000-0000-0000-0000-bbee-00cc');
  assert.ok(r2.status === 'ok' && r2.notes.some((n) => n.includes('canonical')));
});

test('AS number as a string or dotted string is converted with a note (docs/calico-data.md#conversion)', () => {
  const dotted = convertTprObject('GlobalBgpPeer', peer('192-20-30-40', '1.10'), opts);
  assert.ok(dotted.status === 'ok' && (dotted.target.spec as { asNumber: number }).asNumber === 65546);
  assert.ok(dotted.status === 'ok' && dotted.notes.length === 1 && dotted.notes[0].includes('"1.10"'));
  const plain = convertTprObject('GlobalBgpPeer', peer('192-20-30-40', '64512'), opts);
  assert.ok(plain.status === 'ok' && JSON.stringify(plain.target.spec) === '{"asNumber":64512,"scope":"global","peerIP":"192.20.30.40"}');
});

test('unparsable names and AS numbers are invalid', () => {
  assert.is(convertTprObject('GlobalBgpPeer', peer('my-router', 64512), opts).status, 'invalid');
  assert.is(convertTprObject('GlobalBgpPeer', peer('aa-1234-0-0-0-0-bbee-cc-0-0', 64512), opts).status, 'invalid');
  assert.is(convertTprObject('GlobalBgpPeer', peer('192-20-30-40', 'sixty'), opts).status, 'invalid');
  assert.is(convertTprObject('GlobalBgpPeer', peer('192-20-30-40', 4294967296), opts).status, 'invalid');
  assert.is(convertTprObject('GlobalBgpPeer', peer('192-20-30-40', undefined), opts).status, 'invalid');
  assert.is(convertTprObject('GlobalBgpPeer', { apiVersion: 'projectcalico.org/v1', kind: 'GlobalBgpPeer', metadata: { name: '1-2-3-4' } }, opts).status, 'invalid');
});

test.run();
