// The migration state machine (docs/calico-data.md#detection, #known-problems), check's verdict and exit codes, and the flavour rules.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { datastoreOf, flavourOf } from '../../src/calico/flavour.js';
import { migrationState, type StateFacts } from '../../src/calico/state.js';
import { decideVerdict, upgradeCommands, upgradedImage, verbsAhead, type VerdictInput } from '../../src/calico/verdict.js';
import { parseCalicoVersion } from '../../src/calico/version.js';

const v = (text: string) => parseCalicoVersion(text)!;
const V24_ROLE = { grantsCalicoCrds: false, hasTprGrants: true };
const V25_ROLE = { grantsCalicoCrds: true, hasTprGrants: false };

// A Calico v2.4 KDD cluster on 1.7 before anything was done; each test changes what its rule is about.
const facts = (over: Partial<StateFacts> = {}): StateFacts => ({
  tprApi: true, crdApi: true, daemonSet: true, datastore: 'kubernetes', templateVersion: v('v2.4.1'),
  podVersions: [v('v2.4.1'), v('v2.4.1')], tprObjects: 17, crdObjects: 0, role: V24_ROLE, readable: true, ...over,
});

test('the procedure, step by step: not-started → copied → verified → rbac-updated → calico-upgraded → tprs-removed', () => {
  assert.is(migrationState(facts()).state, 'not-started');
  assert.is(migrationState(facts({ crdObjects: 10, differences: 7 })).state, 'copied');
  assert.is(migrationState(facts({ crdObjects: 16, differences: 0 })).state, 'verified');
  assert.is(migrationState(facts({ crdObjects: 16, differences: 0, role: V25_ROLE })).state, 'rbac-updated');
  const upgraded = { crdObjects: 16, differences: 0, role: V25_ROLE, templateVersion: v('v2.5.1'), podVersions: [v('v2.5.1'), v('v2.5.1')] };
  assert.is(migrationState(facts(upgraded)).state, 'calico-upgraded');
  assert.is(migrationState(facts({ ...upgraded, tprObjects: 0, differences: undefined })).state, 'tprs-removed');
});

test('copied when CRD data exists but verify was not possible or found differences', () => {
  assert.is(migrationState(facts({ crdObjects: 3, differences: undefined })).state, 'copied');
});

test('the transitional role (CRD rules next to the TPR rules) is updated; a role without the CRD rules, or none, is not', () => {
  assert.is(migrationState(facts({ crdObjects: 16, differences: 0, role: { grantsCalicoCrds: true, hasTprGrants: true } })).state, 'rbac-updated');
  assert.is(migrationState(facts({ crdObjects: 16, differences: 0, role: undefined })).state, 'verified');
});

test('broken: any calico/node v2.4 running under a role without TPR read access, at every step while TPRs are served', () => {
  const cutOff = ['pod kube-system/calico-node-abcde (v2.4.1, service account kube-system/calico-node)'];
  for (const over of [{}, { crdObjects: 16, differences: 0, role: V25_ROLE }, { crdObjects: 16, differences: 0, role: V25_ROLE, templateVersion: v('v2.5.1') }]) {
    const r = migrationState(facts({ ...over, v24WithoutTprAccess: cutOff }));
    assert.equal([r.state, r.problem], ['broken', 'calico-v24-without-tpr-access']);
    assert.match(r.reason, 'pod kube-system/calico-node-abcde');
  }
  assert.is(migrationState(facts({ v24WithoutTprAccess: [] })).state, 'not-started');
  assert.is(migrationState(facts({ tprApi: false, tprObjects: 0, v24WithoutTprAccess: cutOff })).problem, 'tpr-api-removed', 'on 1.8 the TPR API itself is gone');
});

test('calico-upgraded needs the template AND every running pod on v2.5', () => {
  const base = { crdObjects: 16, differences: 0, role: V25_ROLE, templateVersion: v('v2.5.1') };
  assert.is(migrationState(facts({ ...base, podVersions: [v('v2.5.1'), v('v2.4.1')] })).state, 'rbac-updated');
  assert.is(migrationState(facts({ ...base, podVersions: [v('v2.5.1'), undefined] })).state, 'rbac-updated', 'an unknown tag is not v2.5');
  assert.is(migrationState(facts({ ...base, templateVersion: v('v2.5.0-rc1'), podVersions: [] })).state, 'rbac-updated', 'a v2.5 pre-release is below v2.5');
});

test('broken: calico/node v2.5 with empty CRDs (calico#1052), whether or not the TPR data is still there', () => {
  for (const tprObjects of [17, 0]) {
    const r = migrationState(facts({ templateVersion: v('v2.5.1'), podVersions: [v('v2.5.1')], tprObjects }));
    assert.is(r.state, 'broken');
    assert.is(r.problem, 'calico-v25-without-crd-data');
    assert.match(r.reason, 'calico#1052');
  }
});

test('broken: Kubernetes 1.8 (no TPR API) with calico/node v2.4 and no CRD data (bootkube#724)', () => {
  const r = migrationState(facts({ tprApi: false, tprObjects: 0 }));
  assert.is(r.state, 'broken');
  assert.is(r.problem, 'tpr-api-removed');
  assert.match(r.reason, 'cannot be read');
});

test('1.8 after a complete migration is simply done', () => {
  assert.is(migrationState(facts({ tprApi: false, tprObjects: 0, crdObjects: 16, role: V25_ROLE, templateVersion: v('v2.5.1'), podVersions: [v('v2.5.1')] })).state, 'tprs-removed');
});

test('not applicable: no Calico at all, or Calico on etcd', () => {
  assert.is(migrationState(facts({ daemonSet: false, datastore: undefined, templateVersion: undefined, podVersions: [], tprObjects: 0, role: undefined })).state, 'not-applicable');
  const etcd = migrationState(facts({ datastore: 'etcd', tprObjects: 0 }));
  assert.is(etcd.state, 'not-applicable');
  assert.match(etcd.reason, 'etcd');
  assert.is(migrationState(facts({ datastore: 'etcd' })).state, 'not-started', 'TPR data present: it is KDD whatever the env says');
});

test('Kubernetes 1.6 (no CRD API) is unsupported; forbidden reads make the state unknown', () => {
  assert.is(migrationState(facts({ crdApi: false })).state, 'unsupported');
  assert.is(migrationState(facts({ readable: false })).state, 'unknown');
});

test('a bare v2.4 KDD install without data still needs the CRDs created', () => {
  assert.is(migrationState(facts({ tprObjects: 0 })).state, 'not-started');
});

const input = (over: Partial<VerdictInput> = {}): VerdictInput => ({
  state: migrationState(facts()), denied: {}, permissionsKnown: true, namespace: 'kube-system', hasTprData: true,
  daemonSet: { name: 'calico-node', container: 'calico-node', image: 'quay.io/calico/node:v2.4.1', updateStrategy: 'OnDelete' }, ...over,
});

test('verdict exit codes: needed and ready 0, not needed 1, broken/unsupported/unknown 2', () => {
  const ready = decideVerdict(input());
  assert.equal([ready.needed, ready.ready, ready.exitCode], [true, true, 0]);
  assert.equal(ready.next[0], 'kubectl calico-migrate run');
  const done = decideVerdict(input({ state: { state: 'tprs-removed', reason: 'complete' } }));
  assert.equal([done.needed, done.exitCode, done.next], [false, 1, []]);
  assert.is(decideVerdict(input({ state: { state: 'not-applicable', reason: 'no Calico' } })).exitCode, 1);
  for (const state of ['unsupported', 'unknown'] as const) assert.is(decideVerdict(input({ state: { state, reason: 'x' } })).exitCode, 2, state);
  assert.is(decideVerdict(input({ state: { state: 'unknown', reason: 'x' } })).needed, null);
});

test('the verdict\'s commands are its steps\' commands as data: prose steps give none, a "cmd (why)" line gives cmd and why', () => {
  const v = (over: Partial<VerdictInput>) => decideVerdict(input({ cli: 'kcm', ...over }));
  assert.equal(v({}).commands, [{ command: 'kcm run', why: '' }], '"(or step by step: …)" is prose');
  const onDelete = v({ state: { state: 'rbac-updated', reason: '' } });
  assert.is(onDelete.next.length, 2);
  assert.equal(onDelete.commands.map((c) => c.command), ['kubectl -n kube-system set image daemonset/calico-node calico-node=quay.io/calico/node:v2.5.1', 'kubectl -n kube-system delete pod NAME']);
  assert.match(onDelete.commands[1]!.why, /OnDelete: for each calico-node pod \(NAME\), one at a time/);
  const grant = v({ state: { state: 'unknown', reason: 'x' } });
  assert.is(grant.next[0], 'kubectl apply -f calico-migrate-role.yaml   (the ClusterRole printed above, applied by a cluster admin)');
  assert.equal(grant.commands[0], { command: 'kubectl apply -f calico-migrate-role.yaml', why: 'the ClusterRole printed above, applied by a cluster admin' });
  const snps = v({ state: { state: 'tprs-removed', reason: 'x', keptSnps: 2 } });
  assert.equal(snps.commands.map((c) => c.command), ['kcm migrate --include-snp', 'kcm verify', 'kcm cleanup --backup DIR']);
  assert.is(snps.next[0], 'kcm migrate --include-snp (copies them to GlobalNetworkPolicies)');
  assert.equal(v({ state: { state: 'unsupported', reason: 'x' } }).commands, []);
});

test('next command per state', () => {
  const next = (state: 'copied' | 'verified' | 'rbac-updated' | 'calico-upgraded') => decideVerdict(input({ state: { state, reason: '' }, cli: 'kcm' })).next;
  assert.equal(next('copied').slice(0, 2), ['kcm migrate', 'kcm verify']);
  assert.equal(next('verified'), ['kcm rbac']);
  assert.match(next('rbac-updated')[0], 'kubectl -n kube-system set image daemonset/calico-node calico-node=quay.io/calico/node:v2.5.1');
  assert.match(next('rbac-updated')[1], 'one at a time');
  assert.equal(next('calico-upgraded'), ['kcm cleanup --backup DIR']);
});

test('broken verdicts carry the fix: restore --target crd on 1.8; migrate while the TPR data is there', () => {
  const k18 = decideVerdict(input({ state: migrationState(facts({ tprApi: false, tprObjects: 0 })), hasTprData: false }));
  assert.is(k18.exitCode, 2);
  assert.equal(k18.next[0], 'kubectl calico-migrate restore --target crd --backup DIR');
  const early = migrationState(facts({ templateVersion: v('v2.5.1'), podVersions: [v('v2.5.1')] }));
  assert.equal(decideVerdict(input({ state: early })).next, ['kubectl calico-migrate migrate', 'kubectl calico-migrate rbac']);
  assert.equal(decideVerdict(input({ state: early, hasTprData: false })).next[0], 'kubectl calico-migrate restore --target crd --backup DIR');
});

test('calico/node v2.4 without TPR access: the fix is rbac while the TPR data is there, else finishing the upgrade', () => {
  const state = migrationState(facts({ crdObjects: 16, differences: 0, role: V25_ROLE, v24WithoutTprAccess: ['DaemonSet kube-system/calico-node (v2.4.1, …)'] }));
  const withData = decideVerdict(input({ state }));
  assert.equal([withData.exitCode, withData.next], [2, ['kubectl calico-migrate rbac']]);
  assert.match(withData.reason, 'TPR rules back');
  const gone = decideVerdict(input({ state, hasTprData: false }));
  assert.equal(gone.exitCode, 2);
  assert.match(gone.next[0], 'set image daemonset/calico-node');
  assert.equal(verbsAhead(state, true), ['rbac']);
});

test('missing permissions block only for plugin verbs still ahead; the manual upgrade step only warns', () => {
  const blocked = decideVerdict(input({ denied: { migrate: ['create customresourcedefinitions.apiextensions.k8s.io'] } }));
  assert.equal([blocked.exitCode, blocked.ready], [2, false]);
  assert.match(blocked.reason, 'lacks permissions for: migrate');
  assert.is(decideVerdict(input({ denied: { restore: ['x'], rollback: ['y'], upgrade: ['patch daemonsets'] } })).exitCode, 0);
  const verified = { state: 'verified' as const, reason: '' };
  assert.is(decideVerdict(input({ state: verified, denied: { migrate: ['x'] } })).exitCode, 0, 'migrate is behind us');
  assert.is(decideVerdict(input({ state: verified, denied: { cleanup: ['x'] } })).exitCode, 2);
  assert.equal(verbsAhead(verified, true), ['rbac', 'upgrade', 'cleanup']);
});

test('upgrade instructions keep the registry; RollingUpdate needs no pod deletion', () => {
  assert.is(upgradedImage('registry:5000/calico/node:v2.4.1'), 'registry:5000/calico/node:v2.5.1');
  assert.is(upgradedImage('calico/node@sha256:abc'), 'calico/node:v2.5.1');
  assert.is(upgradeCommands('kube-system', { name: 'canal', container: 'calico-node', image: 'quay.io/calico/node:v2.4.1', updateStrategy: 'RollingUpdate' }).length, 1);
});

test('flavour and datastore (docs/calico-data.md#rbac, #detection)', () => {
  assert.is(flavourOf({ env: { CLUSTER_TYPE: 'k8s,bgp' }, images: [] }), 'calico');
  assert.is(flavourOf({ env: { CLUSTER_TYPE: 'k8s', CALICO_NETWORKING_BACKEND: 'bird' }, images: [] }), 'calico');
  assert.is(flavourOf({ env: { CLUSTER_TYPE: 'k8s,canal', CALICO_NETWORKING_BACKEND: 'none' }, images: [] }), 'canal');
  assert.is(flavourOf({ env: { CLUSTER_TYPE: 'k8s' }, images: ['quay.io/calico/node:v2.4.1', 'quay.io/coreos/flannel:v0.8.0'] }), 'canal');
  assert.is(flavourOf({ env: { CLUSTER_TYPE: 'k8s', CALICO_NETWORKING_BACKEND: 'none' }, images: [] }), 'policy-only');
  assert.is(flavourOf({ env: {}, images: [], clusterTypeRecord: 'KDD,k8s,bgp' }), 'calico');
  assert.is(datastoreOf({ env: { DATASTORE_TYPE: 'kubernetes' }, images: [] }), 'kubernetes');
  assert.is(datastoreOf({ env: { DATASTORE_TYPE: 'etcdv2' }, images: [] }), 'etcd');
  assert.is(datastoreOf({ env: {}, images: [] }), 'etcd');
  assert.is(datastoreOf({ env: {}, images: [], clusterTypeRecord: 'KDD,k8s' }), 'kubernetes');
});

test.run();
