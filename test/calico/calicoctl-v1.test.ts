import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bgpPeersV1, ipPoolsV1 } from '../../src/calico/calicoctl-v1.js';
import type { KubeObject } from '../../src/calico/types.js';

const pool = (name: string, value: string, namespace = 'kube-system'): KubeObject => ({ apiVersion: 'projectcalico.org/v1', kind: 'IpPool', metadata: { name, namespace }, spec: { value } });

test('ippool.yaml: the FAQ sample (docs/calico-data.md#samples) from the default v2.4 pool; false fields absent', () => {
  const view = ipPoolsV1([pool('192-168-0-0-16', '{"cidr":"192.168.0.0/16","ipip":"tunl0","ipip_mode":"","masquerade":true,"ipam":true,"disabled":false}')]);
  assert.equal(view, { resources: [{ apiVersion: 'v1', kind: 'ipPool', metadata: { cidr: '192.168.0.0/16' }, spec: { ipip: { enabled: true }, 'nat-outgoing': true } }], skipped: [] });
});

test('ippool.yaml: keys alphabetical at every level; mode; disabled only when true', () => {
  const view = ipPoolsV1([pool('10-1-0-0-16', '{"cidr":"10.1.0.0/16","ipip":"tunl0","ipip_mode":"cross-subnet","masquerade":true,"ipam":true,"disabled":true}')]);
  const r = view.resources[0];
  assert.is(JSON.stringify(r), '{"apiVersion":"v1","kind":"ipPool","metadata":{"cidr":"10.1.0.0/16"},"spec":{"disabled":true,"ipip":{"enabled":true,"mode":"cross-subnet"},"nat-outgoing":true}}');
  const empty = ipPoolsV1([pool('10-2-0-0-16', '{"cidr":"10.2.0.0/16","ipip":"","ipip_mode":"","masquerade":false,"ipam":true,"disabled":false}')]);
  assert.is(JSON.stringify(empty.resources[0]), '{"apiVersion":"v1","kind":"ipPool","metadata":{"cidr":"10.2.0.0/16"},"spec":{}}');
});

test('ippool.yaml: calicoctl v1.4 skipped what Calico could not read; other namespaces are not Calico data; name order', () => {
  const view = ipPoolsV1([
    pool('10-3-0-0-16', '{"cidr":"10.3.0.0/16"}'),
    pool('bad-name', '{"cidr":"10.0.0.0/16"}'),
    pool('10-4-0-0-16', '{"cidr":"10.4.0.0/16"}', 'default'),
    pool('10-1-0-0-16', '{"cidr":"10.1.0.0/16"}'),
  ]);
  assert.equal(view.resources.map((r) => r.metadata.cidr), ['10.1.0.0/16', '10.3.0.0/16']);
  assert.equal(view.skipped.map((s) => s.name), ['bad-name']);
});

test('bgppeer.yaml: global peers (docs/calico-data.md#samples bgppeer-global.yaml) then node peers (docs/calico-data.md#samples bgppeer-node.yaml)', () => {
  const view = bgpPeersV1(
    [
      { apiVersion: 'projectcalico.org/v1', kind: 'GlobalBgpPeer', metadata: { name: '192-20-30-40', namespace: 'kube-system' }, spec: { asNumber: 64567 } },
      { apiVersion: 'projectcalico.org/v1', kind: 'GlobalBgpPeer', metadata: { name: '11-22--', namespace: 'kube-system' }, spec: { asNumber: '1.10' } },
    ],
    [
      { name: 'Node1', annotations: { 'peer.bgp.projectcalico.org/aa-bb--ff': '{"ip":"aa:bb::ff","as_num":"64514"}', 'projectcalico.org/IPv4Address': '10.0.0.1/24' } },
      { name: 'A-node', annotations: { 'peer.bgp.projectcalico.org/bad': 'x' } },
      { name: 'B-node' },
    ],
  );
  assert.equal(view.resources, [
    { apiVersion: 'v1', kind: 'bgpPeer', metadata: { peerIP: '11:22::', scope: 'global' }, spec: { asNumber: 65546 } },
    { apiVersion: 'v1', kind: 'bgpPeer', metadata: { peerIP: '192.20.30.40', scope: 'global' }, spec: { asNumber: 64567 } },
    { apiVersion: 'v1', kind: 'bgpPeer', metadata: { node: 'Node1', peerIP: 'aa:bb::ff', scope: 'node' }, spec: { asNumber: 64514 } },
  ]);
  assert.is(JSON.stringify(view.resources[2]), '{"apiVersion":"v1","kind":"bgpPeer","metadata":{"node":"Node1","peerIP":"aa:bb::ff","scope":"node"},"spec":{"asNumber":64514}}');
  assert.equal(view.skipped.map((s) => s.name), ['A-node/peer.bgp.projectcalico.org/bad']);
});

test('an empty cluster gives empty sequences (calicoctl prints [])', () => {
  assert.equal(ipPoolsV1([]), { resources: [], skipped: [] });
  assert.equal(bgpPeersV1([], []), { resources: [], skipped: [] });
});

test.run();
