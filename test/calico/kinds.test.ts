import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CALICO_KINDS, deriveTprKind, guessPlural, kindByCrd, kindByTpr, isCrdKind, isTprKind } from '../../src/calico/kinds.js';

test('docs/calico-data.md#tpr-storage TPR table, row by row', () => {
  assert.equal(CALICO_KINDS.map((k) => k.tpr), [
    { name: 'global-config.projectcalico.org', description: 'Calico Global Configuration', group: 'projectcalico.org', version: 'v1', kind: 'GlobalConfig', plural: 'globalconfigs' },
    { name: 'ip-pool.projectcalico.org', description: 'Calico IP Pools', group: 'projectcalico.org', version: 'v1', kind: 'IpPool', plural: 'ippools' },
    { name: 'global-bgp-config.projectcalico.org', description: 'Calico Global BGP Configuration', group: 'projectcalico.org', version: 'v1', kind: 'GlobalBgpConfig', plural: 'globalbgpconfigs' },
    { name: 'global-bgp-peer.projectcalico.org', description: 'Calico Global BGP Peers', group: 'projectcalico.org', version: 'v1', kind: 'GlobalBgpPeer', plural: 'globalbgppeers' },
    { name: 'system-network-policy.alpha.projectcalico.org', description: 'Calico System Network Policies', group: 'alpha.projectcalico.org', version: 'v1', kind: 'SystemNetworkPolicy', plural: 'systemnetworkpolicies' },
  ]);
});

test('docs/calico-data.md#crds CRD table, row by row', () => {
  const row = (kind: Parameters<typeof kindByCrd>[0]) => kindByCrd(kind).crd;
  assert.equal(row('GlobalFelixConfig'), { name: 'globalfelixconfigs.crd.projectcalico.org', description: 'Calico Global Felix Configuration', group: 'crd.projectcalico.org', version: 'v1', kind: 'GlobalFelixConfig', plural: 'globalfelixconfigs', singular: 'globalfelixconfig', listKind: 'GlobalFelixConfigList' });
  assert.equal(row('GlobalBGPConfig'), { name: 'globalbgpconfigs.crd.projectcalico.org', description: 'Calico Global BGP Configuration', group: 'crd.projectcalico.org', version: 'v1', kind: 'GlobalBGPConfig', plural: 'globalbgpconfigs', singular: 'globalbgpconfig', listKind: 'GlobalBGPConfigList' });
  assert.equal(row('IPPool'), { name: 'ippools.crd.projectcalico.org', description: 'Calico IP Pools', group: 'crd.projectcalico.org', version: 'v1', kind: 'IPPool', plural: 'ippools', singular: 'ippool', listKind: 'IPPoolList' });
  assert.equal(row('BGPPeer'), { name: 'bgppeers.crd.projectcalico.org', description: 'Calico BGP Peers', group: 'crd.projectcalico.org', version: 'v1', kind: 'BGPPeer', plural: 'bgppeers', singular: 'bgppeer', listKind: 'BGPPeerList' });
  assert.equal(row('GlobalNetworkPolicy'), { name: 'globalnetworkpolicies.crd.projectcalico.org', description: 'Calico Global Network Policies', group: 'crd.projectcalico.org', version: 'v1', kind: 'GlobalNetworkPolicy', plural: 'globalnetworkpolicies', singular: 'globalnetworkpolicy', listKind: 'GlobalNetworkPolicyList' });
});

test('TPR ↔ CRD pairing (docs/calico-data.md#conversion)', () => {
  assert.is(kindByTpr('GlobalConfig').crd.kind, 'GlobalFelixConfig');
  assert.is(kindByTpr('GlobalBgpConfig').crd.kind, 'GlobalBGPConfig');
  assert.is(kindByTpr('IpPool').crd.kind, 'IPPool');
  assert.is(kindByTpr('GlobalBgpPeer').crd.kind, 'BGPPeer');
  assert.is(kindByTpr('SystemNetworkPolicy').crd.kind, 'GlobalNetworkPolicy');
  assert.ok(isTprKind('IpPool'));
  assert.not.ok(isTprKind('IPPool'));
  assert.ok(isCrdKind('IPPool'));
  assert.not.ok(isCrdKind('IpPool'));
});

test('the apiserver derivation reproduces every TPR row (docs/calico-data.md#tpr-storage)', () => {
  for (const { tpr } of CALICO_KINDS) {
    assert.equal(deriveTprKind(tpr.name), { kind: tpr.kind, group: tpr.group, plural: tpr.plural }, tpr.name);
  }
});

test('derivation: camel case at dashes, plural rules, short names refused', () => {
  assert.equal(deriveTprKind('cron-tab.example.com'), { kind: 'CronTab', group: 'example.com', plural: 'crontabs' });
  assert.equal(deriveTprKind('network-policy.a.b.c'), { kind: 'NetworkPolicy', group: 'a.b.c', plural: 'networkpolicies' });
  assert.equal(deriveTprKind('my-class.x.io'), { kind: 'MyClass', group: 'x.io', plural: 'myclasses' });
  assert.throws(() => deriveTprKind('globalconfig.projectcalico'), /unexpectedly short/);
  assert.throws(() => deriveTprKind('plain'), /unexpectedly short/);
  assert.is(guessPlural('Endpoints'), 'endpoints');
  assert.is(guessPlural('Key'), 'keies', 'UnsafeGuessKindToResource is naive about y');
});

test.run();
