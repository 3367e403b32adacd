import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { planMigration, planNeedsAttention, summarizePlan, type PlanEntry, type PlanOptions } from '../../src/calico/plan.js';
import type { CrdKind, KubeObject } from '../../src/calico/types.js';

const options: PlanOptions = { includeSnp: false, overwrite: false, toolVersion: '0.1.0' };
const cfg = (name: string, specName: string, value: string, namespace = 'kube-system'): KubeObject => ({ apiVersion: 'projectcalico.org/v1', kind: 'GlobalConfig', metadata: { name, namespace }, spec: { name: specName, value } });
const bgpCfg = (name: string, specName: string, value: string): KubeObject => ({ apiVersion: 'projectcalico.org/v1', kind: 'GlobalBgpConfig', metadata: { name, namespace: 'kube-system' }, spec: { name: specName, value } });
const pool = (name: string, cidr: string): KubeObject => ({ apiVersion: 'projectcalico.org/v1', kind: 'IpPool', metadata: { name, namespace: 'kube-system' }, spec: { value: JSON.stringify({ cidr, ipip: 'tunl0', ipip_mode: 'always', masquerade: true, ipam: true, disabled: false }) } });
const peer = (name: string, asNumber: number): KubeObject => ({ apiVersion: 'projectcalico.org/v1', kind: 'GlobalBgpPeer', metadata: { name, namespace: 'kube-system' }, spec: { asNumber } });
const snp: KubeObject = { apiVersion: 'alpha.projectcalico.org/v1', kind: 'SystemNetworkPolicy', metadata: { name: 'allow-all-calico-policy', namespace: 'kube-system' }, spec: { order: 0, ingress: [{ action: 'allow' }], egress: [{ action: 'allow' }] } };

const brief = (entries: PlanEntry[]) => entries.map((e) => `${e.kind} ${e.source.namespace}/${e.source.name} → ${e.target ? `${e.target.kind} ${e.target.name}` : '-'}: ${e.action}`);

// What the API server returns for an object the tool created: server metadata added.
const asStored = (entries: PlanEntry[]): Partial<Record<CrdKind, KubeObject[]>> => {
  const out: Partial<Record<CrdKind, KubeObject[]>> = {};
  for (const e of entries) {
    if (!e.desired) continue;
    const stored: KubeObject = { ...JSON.parse(JSON.stringify(e.desired)), metadata: { ...e.desired.metadata, uid: 'u-' + e.desired.metadata.name, resourceVersion: '42', creationTimestamp: '2017-09-01T00:00:00Z', selfLink: '/x' } };
    (out[e.desired.kind] ??= []).push(stored);
  }
  return out;
};

test('a fresh v2.4 cluster: everything is created, in kind order then name order, SNPs ignored', () => {
  const entries = planMigration({
    sources: {
      GlobalBgpPeer: [peer('aa-bb--ff', 64514), peer('192-20-30-40', 64567)],
      GlobalConfig: [cfg('clustertype', 'ClusterType', 'KDD,k8s,bgp'), cfg('calicoversion', 'CalicoVersion', 'v2.4.1')],
      IpPool: [pool('192-168-0-0-16', '192.168.0.0/16')],
      GlobalBgpConfig: [bgpCfg('nodemeshenabled', 'NodeMeshEnabled', 'true')],
      SystemNetworkPolicy: [snp],
    },
    existing: {},
    options,
  });
  assert.equal(brief(entries), [
    'GlobalConfig kube-system/calicoversion → GlobalFelixConfig calicoversion: create',
    'GlobalConfig kube-system/clustertype → GlobalFelixConfig clustertype: create',
    'IpPool kube-system/192-168-0-0-16 → IPPool 192-168-0-0-16: create',
    'GlobalBgpConfig kube-system/nodemeshenabled → GlobalBGPConfig nodemeshenabled: create',
    'GlobalBgpPeer kube-system/192-20-30-40 → BGPPeer 192-20-30-40: create',
    'GlobalBgpPeer kube-system/aa-bb--ff → BGPPeer 00aa-00bb-0000-0000-0000-0000-0000-00ff: create',
    'SystemNetworkPolicy kube-system/allow-all-calico-policy → -: ignored',
  ]);
  const created = entries[0].desired!;
  assert.equal(created, {
    apiVersion: 'crd.projectcalico.org/v1', kind: 'GlobalFelixConfig',
    metadata: { name: 'calicoversion', annotations: { 'calico-migrate.projectcalico.org/source': 'globalconfigs.projectcalico.org/kube-system/calicoversion', 'calico-migrate.projectcalico.org/tool-version': '0.1.0' } },
    spec: { name: 'CalicoVersion', value: 'v2.4.1' },
  });
  assert.is(entries[4].desired!.metadata.annotations!['calico-migrate.projectcalico.org/source'], 'globalbgppeers.projectcalico.org/kube-system/192-20-30-40');
  assert.not.ok(planNeedsAttention(entries));
});

test('idempotent: planning again against its own written output gives only unchanged', () => {
  const sources = { GlobalConfig: [cfg('clustertype', 'ClusterType', 'KDD')], IpPool: [pool('192-168-0-0-16', '192.168.0.0/16')], GlobalBgpPeer: [peer('11-22--', 1212)], SystemNetworkPolicy: [snp] };
  const first = planMigration({ sources, existing: {}, options: { ...options, includeSnp: true } });
  assert.equal(first.map((e) => e.action), ['create', 'create', 'create', 'create']);
  const second = planMigration({ sources, existing: asStored(first), options: { ...options, includeSnp: true } });
  assert.equal(second.map((e) => e.action), ['unchanged', 'unchanged', 'unchanged', 'unchanged']);
  assert.ok(second.every((e) => e.desired === undefined));
});

test('objects outside the Calico namespace are ignored; the namespace is configurable', () => {
  const entries = planMigration({ sources: { GlobalConfig: [cfg('loglevel', 'LogLevel', 'debug', 'default'), cfg('clustertype', 'ClusterType', 'KDD')] }, existing: {}, options });
  assert.equal(brief(entries), ['GlobalConfig kube-system/clustertype → GlobalFelixConfig clustertype: create', 'GlobalConfig default/loglevel → -: ignored']);
  assert.match(entries[1].detail, 'Calico never reads other namespaces');
  const other = planMigration({ sources: { GlobalConfig: [cfg('clustertype', 'ClusterType', 'KDD')] }, existing: {}, options: { ...options, calicoNamespace: 'calico' } });
  assert.is(other[0].action, 'ignored');
  assert.not.ok(planNeedsAttention(entries), 'ignored objects do not need attention');
});

test('existing CR that differs: conflict with diffs; --overwrite: overwrite without provenance', () => {
  const existing = { GlobalFelixConfig: [{ apiVersion: 'crd.projectcalico.org/v1', kind: 'GlobalFelixConfig', metadata: { name: 'loglevelscreen', resourceVersion: '5' }, spec: { name: 'LogLevelScreen', value: 'info' } }] };
  const sources = { GlobalConfig: [cfg('loglevelscreen', 'LogLevelScreen', 'debug')] };
  const [conflict] = planMigration({ sources, existing, options });
  assert.is(conflict.action, 'conflict');
  assert.equal(conflict.diffs, [{ path: 'spec.value', expected: 'debug', actual: 'info' }]);
  assert.is(conflict.desired, undefined);
  assert.ok(planNeedsAttention([conflict]));
  const [overwrite] = planMigration({ sources, existing, options: { ...options, overwrite: true } });
  assert.is(overwrite.action, 'overwrite');
  assert.equal(overwrite.desired, { apiVersion: 'crd.projectcalico.org/v1', kind: 'GlobalFelixConfig', metadata: { name: 'loglevelscreen' }, spec: { name: 'LogLevelScreen', value: 'debug' } });
  assert.is(overwrite.existing!.metadata.resourceVersion, '5');
});

test('keys that differ only in case in different objects (LogLevel vs loglevel): the second is a conflict', () => {
  const entries = planMigration({ sources: { GlobalBgpConfig: [bgpCfg('log-level', 'loglevel', 'debug'), bgpCfg('loglevel', 'LogLevel', 'info')] }, existing: {}, options });
  assert.equal(brief(entries), [
    'GlobalBgpConfig kube-system/log-level → GlobalBGPConfig log-level: create',
    'GlobalBgpConfig kube-system/loglevel → GlobalBGPConfig loglevel: conflict',
  ]);
  assert.match(entries[1].detail, 'differ only in case');
  assert.match(entries[1].detail, 'GlobalBgpConfig kube-system/log-level');
});

test('two sources mapping to the same target name or Calico key: the second is a conflict', () => {
  const pools = planMigration({ sources: { IpPool: [pool('10-0-0-0-16', '10.0.0.0/16'), pool('10-9-0-0-16', '10.0.0.0/16')] }, existing: {}, options });
  assert.equal(pools.map((e) => e.action), ['create', 'conflict']);
  assert.match(pools[1].detail, 'same IPPool 10-0-0-0-16');
  const peers = planMigration({ sources: { GlobalBgpPeer: [peer('aa-bb--ff', 1), peer('aa-bb-0-0-0-0-0-ff', 1)] }, existing: {}, options });
  assert.equal(peers.map((e) => e.action), ['create', 'conflict']);
  const sameKey = planMigration({ sources: { GlobalConfig: [cfg('a', 'ClusterType', 'x'), cfg('b', 'ClusterType', 'y')] }, existing: {}, options });
  assert.equal(sameKey.map((e) => e.action), ['create', 'conflict']);
  assert.match(sameKey[1].detail, 'GlobalFelixConfig/ClusterType');
});

test('an existing CR under another name with the same Calico key is a conflict even with --overwrite', () => {
  const existing = { BGPPeer: [{ apiVersion: 'crd.projectcalico.org/v1', kind: 'BGPPeer', metadata: { name: 'aa-bb--ff' }, spec: { asNumber: 64514, scope: 'global', peerIP: 'aa:bb::ff' } }] };
  const [e] = planMigration({ sources: { GlobalBgpPeer: [peer('aa-bb--ff', 64514)] }, existing, options: { ...options, overwrite: true } });
  assert.is(e.action, 'conflict');
  assert.match(e.detail, 'aa-bb--ff');
});

test('invalid sources are skip-invalid with the reason; summary counts every kind and action', () => {
  const entries = planMigration({ sources: { IpPool: [pool('default', '10.0.0.0/16')], GlobalBgpPeer: [peer('router', 1)], SystemNetworkPolicy: [snp] }, existing: {}, options });
  assert.equal(entries.map((e) => e.action), ['skip-invalid', 'skip-invalid', 'ignored']);
  assert.ok(entries[0].detail.includes('never read'));
  const summary = summarizePlan(entries);
  assert.equal(summary.IpPool, { create: 0, unchanged: 0, conflict: 0, overwrite: 0, 'skip-invalid': 1, ignored: 0 });
  assert.equal(summary.GlobalConfig, { create: 0, unchanged: 0, conflict: 0, overwrite: 0, 'skip-invalid': 0, ignored: 0 });
  assert.is(summary.SystemNetworkPolicy.ignored, 1);
  assert.ok(planNeedsAttention(entries));
});

test('an object without metadata.namespace is taken as the Calico namespace', () => {
  const [e] = planMigration({ sources: { GlobalConfig: [{ apiVersion: 'projectcalico.org/v1', kind: 'GlobalConfig', metadata: { name: 'x' }, spec: { name: 'X', value: '1' } }] }, existing: {}, options });
  assert.is(e.action, 'create');
  assert.equal(e.source, { namespace: 'kube-system', name: 'x' });
});

test.run();
