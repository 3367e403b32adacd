import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { calicoIdentity, compareCrdObjects, readAsCalicoV25 } from '../../src/calico/compare.js';
import type { KubeObject } from '../../src/calico/types.js';

const pool: KubeObject = { apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', metadata: { name: '192-168-0-0-16' }, spec: { ipip: { enabled: true, mode: 'always' }, 'nat-outgoing': true, cidr: '192.168.0.0/16' } };

test('server metadata, labels and annotations (tool provenance included) are ignored; key order does not matter', () => {
  const actual: KubeObject = {
    apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool',
    metadata: { name: '192-168-0-0-16', uid: 'x', resourceVersion: '9', creationTimestamp: 't', selfLink: '/s', generation: 1, annotations: { 'calico-migrate.projectcalico.org/source': 'ippools.projectcalico.org/kube-system/192-168-0-0-16', 'kubectl.kubernetes.io/last-applied-configuration': '{}' }, labels: { a: 'b' } },
    spec: { cidr: '192.168.0.0/16', 'nat-outgoing': true, ipip: { mode: 'always', enabled: true } },
  };
  assert.equal(compareCrdObjects(pool, actual), { equal: true, diffs: [] });
});

test('differences are reported by path', () => {
  const actual: KubeObject = { apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', metadata: { name: '192-168-0-0-16' }, spec: { ipip: { enabled: true, mode: 'cross-subnet' }, cidr: '192.168.0.0/16', disabled: true } };
  assert.equal(compareCrdObjects(pool, actual), {
    equal: false,
    diffs: [
      { path: 'spec.disabled', expected: undefined, actual: true },
      { path: 'spec.ipip.mode', expected: 'always', actual: 'cross-subnet' },
      { path: 'spec.nat-outgoing', expected: true, actual: undefined },
    ],
  });
});

test('apiVersion, kind, name and array items are compared', () => {
  const gnp = (name: string, kind: string, ingress: unknown[]): KubeObject => ({ apiVersion: 'crd.projectcalico.org/v1', kind, metadata: { name }, spec: { ingress } });
  assert.equal(compareCrdObjects(gnp('a', 'GlobalNetworkPolicy', [{ action: 'allow' }]), gnp('b', 'GlobalFelixConfig', [{ action: 'deny' }, 1])).diffs.map((d) => d.path), ['kind', 'metadata.name', 'spec.ingress[0].action', 'spec.ingress[1]']);
  assert.is(compareCrdObjects(pool, { ...pool, apiVersion: 'projectcalico.org/v1' }).diffs[0].path, 'apiVersion');
  assert.is(compareCrdObjects(pool, { ...pool, spec: undefined }).diffs[0].path, 'spec');
});

test('readAsCalicoV25: config kinds need spec.name and a string spec.value', () => {
  const cfg = (spec: unknown, name = 'clustertype'): KubeObject => ({ apiVersion: 'crd.projectcalico.org/v1', kind: 'GlobalFelixConfig', metadata: { name }, spec });
  assert.equal(readAsCalicoV25(cfg({ name: 'ClusterType', value: 'KDD' })), { ok: true, warnings: [] });
  assert.is(readAsCalicoV25(cfg({ name: 'ClusterType', value: 1 })).ok, false);
  assert.is(readAsCalicoV25(cfg({ value: 'x' })).ok, false);
  const odd = readAsCalicoV25(cfg({ name: 'ClusterType', value: 'KDD' }, 'other'));
  assert.ok(odd.ok && odd.warnings.length === 1);
});

test('readAsCalicoV25: pools need a name that parses as a CIDR (docs/calico-data.md#v25-shapes) and a CIDR in spec', () => {
  assert.equal(readAsCalicoV25(pool), { ok: true, warnings: [] });
  assert.is(readAsCalicoV25({ ...pool, metadata: { name: 'default-ipv4-ippool' } }).ok, false);
  assert.is(readAsCalicoV25({ ...pool, spec: { cidr: 'nope' } }).ok, false);
  assert.is(readAsCalicoV25({ ...pool, spec: { cidr: '10.0.0.0/8', disabled: 'no' } }).ok, false);
  const mismatch = readAsCalicoV25({ ...pool, metadata: { name: '10-0-0-0-8' } });
  assert.ok(mismatch.ok && mismatch.warnings.length === 1);
});

test('readAsCalicoV25: peers need spec.peerIP and an AS number; wrong apiVersion or kind is unreadable', () => {
  const p: KubeObject = { apiVersion: 'crd.projectcalico.org/v1', kind: 'BGPPeer', metadata: { name: 'anything' }, spec: { asNumber: 64567, scope: 'global', peerIP: '192.20.30.40' } };
  assert.is(readAsCalicoV25(p).ok, true);
  assert.is(readAsCalicoV25({ ...p, spec: { asNumber: 1 } }).ok, false);
  assert.is(readAsCalicoV25({ ...p, spec: { peerIP: '1.2.3.4', asNumber: 'x' } }).ok, false);
  assert.is(readAsCalicoV25({ ...p, apiVersion: 'projectcalico.org/v1' }).ok, false);
  assert.is(readAsCalicoV25({ ...p, kind: 'Pod' }).ok, false);
});

test('calicoIdentity: sources and targets share it (config: spec.name, pool: CIDR, peer: IP, policy: name)', () => {
  assert.is(calicoIdentity({ apiVersion: 'projectcalico.org/v1', kind: 'GlobalConfig', metadata: { name: 'x' }, spec: { name: 'ClusterType', value: 'v' } }), 'GlobalFelixConfig/ClusterType');
  assert.is(calicoIdentity({ apiVersion: 'crd.projectcalico.org/v1', kind: 'GlobalFelixConfig', metadata: { name: 'y' }, spec: { name: 'ClusterType', value: 'w' } }), 'GlobalFelixConfig/ClusterType');
  assert.is(calicoIdentity({ apiVersion: 'projectcalico.org/v1', kind: 'GlobalBgpConfig', metadata: { name: 'loglevel' }, spec: { name: 'LogLevel', value: 'info' } }), 'GlobalBGPConfig/LogLevel');
  assert.is(calicoIdentity({ apiVersion: 'projectcalico.org/v1', kind: 'IpPool', metadata: { name: '11-22---120' }, spec: { value: '{"cidr":"11:22:0::/120"}' } }), 'IPPool/11:22::/120');
  assert.is(calicoIdentity({ apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', metadata: { name: '11-22---120' }, spec: { cidr: '11:22::/120' } }), 'IPPool/11:22::/120');
  assert.is(calicoIdentity({ apiVersion: 'projectcalico.org/v1', kind: 'GlobalBgpPeer', metadata: { name: '11-22--' }, spec: { asNumber: 1 } }), 'BGPPeer/11:22::');
  assert.is(calicoIdentity({ apiVersion: 'crd.projectcalico.org/v1', kind: 'BGPPeer', metadata: { name: '0011-0022-0000-0000-0000-0000-0000-0000' }, spec: { peerIP: '11:22:0:0::' } }), 'BGPPeer/11:22::');
  assert.is(calicoIdentity({ apiVersion: 'alpha.projectcalico.org/v1', kind: 'SystemNetworkPolicy', metadata: { name: 'p' }, spec: {} }), 'GlobalNetworkPolicy/p');
  assert.is(calicoIdentity({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }), undefined);
  assert.is(calicoIdentity({ apiVersion: 'projectcalico.org/v1', kind: 'GlobalBgpPeer', metadata: { name: 'router' }, spec: {} }), undefined);
});

test.run();
