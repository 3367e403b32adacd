// check end to end against the simulated cluster: verdicts, exit codes, the state machine and the rules to add.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type Cluster } from '../cluster/index.js';
import { runCli } from '../support/cli.js';
import { nonReviewWrites } from '../support/state.js';
import { CALICO_NODE_RULES_V24, CALICO_NODE_RULES_V25 } from '../../src/calico/rbac.js';
import { withCluster } from '../support/harness.js';

const check = async (c: Cluster, ...more: string[]) => {
  const r = await runCli(['--kubeconfig', c.kubeconfigPath, ...more, 'check', '-o', 'json']);
  return { ...r, json: r.stdout ? JSON.parse(r.stdout) : undefined };
};
const row = (json: any, name: string) => json.checks.find((c: any) => c.check === name);

for (const [scenario, flavour, daemonSet] of [['calico-v2.4', 'calico', 'calico-node'], ['canal-v2.4', 'canal', 'canal'], ['policy-only-v2.4', 'policy-only', 'calico-node']] as const) {
  test(`${scenario}: needed and ready, exit 0, next "run"; reads only (reviews aside)`, () => withCluster(scenario, async (c) => {
    const r = await check(c);
    assert.is(r.code, 0, r.stderr);
    assert.is(r.json.state, 'not-started');
    assert.equal([r.json.verdict.needed, r.json.verdict.ready, r.json.verdict.exitCode], [true, true, 0]);
    assert.match(r.json.verdict.next[0], /^kubectl calico-migrate --kubeconfig \S+ run$/);
    assert.equal([r.json.calico.flavour, r.json.calico.daemonSet.name, r.json.calico.version, r.json.calico.datastoreVersion, r.json.calico.datastore], [flavour, daemonSet, 'v2.4.1', 'v2.4.1', 'kubernetes']);
    assert.is(r.json.kubernetes.gitVersion, 'v1.7.16');
    assert.ok(r.json.tprs.find((t: any) => t.kind === 'IpPool').objects > 0);
    assert.ok(r.json.crds.every((d: any) => !d.exists));
    assert.ok(r.json.permissions.length > 50 && r.json.permissions.every((p: any) => p.allowed === true));
    assert.equal(r.json.missingRules, []);
    assert.equal(nonReviewWrites(c), [], 'check writes nothing');
    assert.ok(c.writes().some((w) => w.review), 'permissions come from SelfSubjectAccessReviews');
  }));
}

test('table output: one row per check with ok/warn/fail, then the verdict and the next command', () => withCluster('calico-v2.4', async (c) => {
  const r = await runCli(['--kubeconfig', c.kubeconfigPath, 'check']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /^CHECK\s+STATUS\s+DETAIL\n/);
  assert.match(r.stdout, /Flavour\s+ok\s+calico \(CLUSTER_TYPE k8s,bgp\)/);
  assert.match(r.stdout, /TPR ip-pool\.projectcalico\.org\s+ok\s+IpPool: 4 object\(s\) in kube-system/);
  assert.match(r.stdout, /TPR global-config\.projectcalico\.org\s+ok\s+GlobalConfig: 6 object\(s\) in kube-system, 1 elsewhere/);
  assert.match(r.stdout, /Migration state\s+ok\s+not-started/);
  assert.match(r.stdout, /\nVerdict: the migration is needed and can run \(state not-started\)/);
  assert.match(r.stdout, /\nNext: kubectl calico-migrate --kubeconfig \S+ run\n/);
  // One row per plugin verb, and the operator's own kubectl step named as such (there is no "upgrade" verb).
  assert.match(r.stdout, /\nPermissions: calico\/node upgrade \(kubectl\)\s+ok\s+all 2 requests allowed\n/);
  assert.not.match(r.stdout, 'Permissions: upgrade');
}));

test('calico-v2.5-migrated: not needed, exit 1, with the reason', () => withCluster('calico-v2.5-migrated', async (c) => {
  const r = await check(c);
  assert.is(r.code, 1, r.stderr);
  assert.is(r.json.state, 'tprs-removed');
  assert.equal([r.json.verdict.needed, r.json.verdict.exitCode, r.json.verdict.next], [false, 1, []]);
  assert.match(r.json.verdict.reason, 'migration is complete');
  assert.equal(r.json.calicoNodeRole, { roles: ['calico-node'], grantsCalicoCrds: true, hasTprGrants: false, phase: 'v2.5' });
  assert.ok(r.json.crds.every((d: any) => d.exists && d.established && d.objects > 0));
}));

test('TPRs gone but the TPR rules not revoked yet (cleanup interrupted): the role row warns and names cleanup', () => withCluster('calico-v2.5-migrated', async (c) => {
  const ref = { group: 'rbac.authorization.k8s.io', version: 'v1beta1', resource: 'clusterroles', name: 'calico-node' };
  c.state.update(ref, { ...c.state.get(ref)!, rules: [...structuredClone(CALICO_NODE_RULES_V24), CALICO_NODE_RULES_V25.at(-1)!] });
  const r = await check(c);
  assert.equal([r.code, r.json.state, r.json.calicoNodeRole.phase], [1, 'tprs-removed', 'transitional']);
  assert.equal(row(r.json, 'calico/node ClusterRole').status, 'warn');
  assert.match(row(r.json, 'calico/node ClusterRole').detail, 'cleanup --backup DIR revokes the TPR rules');
}));

test('empty-1.7: not needed (no Calico), exit 1', () => withCluster('empty-1.7', async (c) => {
  const t = await runCli(['--kubeconfig', c.kubeconfigPath, 'check']);
  assert.is(t.code, 1, t.stderr);
  assert.match(t.stdout, /Verdict: not needed: no Calico here/);
  assert.is((await check(c)).json.state, 'not-applicable');
}));

test('k8s-1.8-broken: blocked, exit 2, explains that the TPR data is unreachable and how to restore it', () => withCluster('k8s-1.8-broken', async (c) => {
  const r = await check(c);
  assert.is(r.code, 2, r.stderr);
  assert.equal([r.json.state, r.json.problem], ['broken', 'tpr-api-removed']);
  assert.is(r.json.kubernetes.thirdPartyResources, false);
  assert.match(r.json.verdict.reason, 'the TPR data cannot be read any more');
  assert.match(r.json.verdict.next[0], /restore --target crd --backup DIR$/);
  assert.match(r.json.verdict.next.at(-1), 'set image daemonset/calico-node calico-node=quay.io/calico/node:v2.5.1');
  assert.is(row(r.json, 'Kubernetes').status, 'fail');
  const t = await runCli(['--kubeconfig', c.kubeconfigPath, 'check']);
  assert.is(t.code, 2);
  assert.match(t.stdout, /Verdict: needed but blocked \(state broken\): the ThirdPartyResource API is gone/);
}));

test('a read-only user: blocked, exit 2, with the ClusterRole rules to add, as YAML ready to apply', () => withCluster('calico-v2.4', async (c) => {
  const r = await check(c, '--context', 'readonly');
  assert.is(r.code, 2, r.stderr);
  assert.is(r.json.state, 'not-started');
  assert.equal([r.json.verdict.needed, r.json.verdict.ready], [true, false]);
  assert.match(r.json.verdict.reason, 'lacks permissions for: migrate, rbac, cleanup');
  assert.equal(r.json.missingRules, [
    { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['create'] },
    { apiGroups: ['crd.projectcalico.org'], resources: ['globalfelixconfigs', 'ippools', 'globalbgpconfigs', 'bgppeers', 'globalnetworkpolicies'], verbs: ['create', 'update'] },
    // rbac writes calico/node's transitional role, which only someone holding all it grants may write (nodes,
    // pods/status, and v2.4's TPR rules it keeps: TPR create, TPR data create/update).
    { apiGroups: [''], resources: ['nodes'], verbs: ['patch', 'update'] },
    { apiGroups: [''], resources: ['pods/status'], verbs: ['update'] },
    { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['update'] },
    { apiGroups: ['extensions'], resources: ['thirdpartyresources'], verbs: ['create', 'delete'] },
    { apiGroups: ['projectcalico.org'], resources: ['globalconfigs', 'globalbgpconfigs', 'ippools'], verbs: ['create', 'update'] },
  ]);
  assert.is(row(r.json, 'Permissions: backup').status, 'ok');
  assert.is(row(r.json, 'Permissions: migrate').status, 'fail');
  assert.is(row(r.json, 'Permissions: rollback').status, 'warn', 'not on the path: warns only');
  const t = await runCli(['--kubeconfig', c.kubeconfigPath, '--context', 'readonly', 'check']);
  assert.match(t.stdout, /kind: ClusterRole\nmetadata:\n  name: calico-migrate\nrules:\n  - apiGroups: \[apiextensions\.k8s\.io\]/);

  // Applying exactly those rules makes check ready.
  c.state.create({ group: 'rbac.authorization.k8s.io', version: 'v1beta1', resource: 'clusterroles' }, { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kind: 'ClusterRole', metadata: { name: 'calico-migrate' }, rules: r.json.missingRules });
  c.state.create({ group: 'rbac.authorization.k8s.io', version: 'v1beta1', resource: 'clusterrolebindings' }, {
    apiVersion: 'rbac.authorization.k8s.io/v1beta1', kind: 'ClusterRoleBinding', metadata: { name: 'calico-migrate' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'calico-migrate' }, subjects: [{ kind: 'User', name: 'readonly' }],
  });
  const after = await check(c, '--context', 'readonly');
  assert.is(after.code, 0, JSON.stringify(after.json?.verdict));
  // And they are enough for the steps: rbac included, which may only write a role granting what its writer holds.
  for (const step of [['backup', '-d', path.join(mkdtempSync(path.join(tmpdir(), 'check-')), 'b')], ['migrate'], ['verify'], ['rbac', '-y']]) {
    const r2 = await runCli(['--kubeconfig', c.kubeconfigPath, '--context', 'readonly', ...step]);
    assert.is(r2.code, 0, `${step[0]}: ${r2.stderr}`);
  }
}));

test('a user who may not even read: blocked, exit 2, state unknown, read rules included', () => withCluster('calico-v2.4', async (c) => {
  const r = await check(c, '--context', 'nobody');
  assert.is(r.code, 2, r.stderr);
  assert.is(r.json.state, 'unknown');
  assert.is(r.json.verdict.needed, null);
  assert.ok(r.json.missingRules.some((rule: any) => rule.apiGroups[0] === 'projectcalico.org' && rule.verbs.includes('list')));
  assert.ok(r.json.checks.some((ch: any) => ch.check === 'Read access' && ch.status === 'fail'));
}));

test('the state follows the procedure: migrate → verified, rbac → rbac-updated, new image → calico-upgraded', () => withCluster('calico-v2.4', async (c) => {
  assert.is((await runCli(['--kubeconfig', c.kubeconfigPath, 'migrate'])).code, 0);
  let r = await check(c);
  assert.equal([r.code, r.json.state, r.json.verify.missing + r.json.verify.differs], [0, 'verified', 0]);
  assert.match(r.json.verdict.next[0], / rbac$/);

  assert.match(row(r.json, 'calico/node ClusterRole').detail, /^calico-node: v2\.4 rules/);

  // What `rbac` does (the transitional role), applied directly so this test does not depend on that verb.
  const ref = { group: 'rbac.authorization.k8s.io', version: 'v1beta1', resource: 'clusterroles', name: 'calico-node' };
  c.state.update(ref, { ...c.state.get(ref)!, rules: [...structuredClone(CALICO_NODE_RULES_V24), CALICO_NODE_RULES_V25.at(-1)!] });
  r = await check(c);
  assert.equal([r.code, r.json.state, r.json.calicoNodeRole.phase], [0, 'rbac-updated', 'transitional']);
  assert.match(row(r.json, 'calico/node ClusterRole').detail, /^calico-node: transitional/);
  assert.match(r.json.verdict.next[0], 'set image daemonset/calico-node calico-node=quay.io/calico/node:v2.5.1');

  c.state.setDaemonSetImage('kube-system', 'calico-node', 'calico-node', 'quay.io/calico/node:v2.5.1');
  r = await check(c);
  assert.equal([r.code, r.json.state, r.json.calico.podVersions], [0, 'calico-upgraded', { 'v2.5.1': 4 }]);
  assert.match(r.json.verdict.next[0], / cleanup --backup DIR$/);
}));

test('calico/node v2.4 under a role without TPR read access, in any namespace, template or pod: broken, exit 2, with the fix', () => withCluster('calico-v2.4', async (c) => {
  const ROLES = { group: 'rbac.authorization.k8s.io', version: 'v1beta1', resource: 'clusterroles' };
  assert.is((await runCli(['--kubeconfig', c.kubeconfigPath, 'migrate'])).code, 0);
  // The official procedure's RBAC step before the upgrade: the v2.5 role while calico/node v2.4 runs.
  c.state.update({ ...ROLES, name: 'calico-node' }, { ...c.state.get({ ...ROLES, name: 'calico-node' })!, rules: structuredClone(CALICO_NODE_RULES_V25) });
  let r = await check(c);
  assert.equal([r.code, r.json.state, r.json.problem], [2, 'broken', 'calico-v24-without-tpr-access']);
  assert.match(r.json.verdict.reason, /DaemonSet kube-system\/calico-node \(v2\.4\.1, service account kube-system\/calico-node\)/);
  assert.match(r.json.verdict.next[0], / rbac$/);
  assert.is(row(r.json, 'calico/node TPR access').status, 'fail');
  assert.match(row(r.json, 'calico/node ClusterRole').detail, /v2\.5 rules/);

  // Back to the transitional role; then one v2.4 pod elsewhere runs as a service account bound to nothing.
  c.state.update({ ...ROLES, name: 'calico-node' }, { ...c.state.get({ ...ROLES, name: 'calico-node' })!, rules: [...structuredClone(CALICO_NODE_RULES_V24), CALICO_NODE_RULES_V25.at(-1)!] });
  assert.is((await check(c)).json.state, 'rbac-updated');
  const ds = structuredClone(c.state.list({ group: 'extensions', version: 'v1beta1', resource: 'daemonsets' }, 'kube-system')[0]!) as any;
  c.state.create({ group: '', version: 'v1', resource: 'namespaces' }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ops' } });
  c.state.create({ group: 'extensions', version: 'v1beta1', resource: 'daemonsets', namespace: 'ops' }, {
    apiVersion: 'extensions/v1beta1', kind: 'DaemonSet', metadata: { name: 'calico-node-canary', namespace: 'ops' },
    spec: { ...ds.spec, selector: { matchLabels: { app: 'canary' } }, template: { ...ds.spec.template, metadata: { labels: { app: 'canary' } }, spec: { ...ds.spec.template.spec, serviceAccountName: 'canary' } } },
  });
  r = await check(c);
  assert.equal([r.code, r.json.state], [2, 'broken']);
  assert.match(r.json.verdict.reason, 'DaemonSet ops/calico-node-canary (v2.4.1, service account ops/canary)');
  assert.match(r.json.verdict.next.join('\n'), / -n ops rbac$/);
}));

test('mid-rollout: the template on v2.5 but a pod still on v2.4 under the v2.5 role is broken too', () => withCluster('calico-v2.4', async (c) => {
  const ROLES = { group: 'rbac.authorization.k8s.io', version: 'v1beta1', resource: 'clusterroles' };
  const DS = { group: 'extensions', version: 'v1beta1', resource: 'daemonsets', namespace: 'kube-system', name: 'calico-node' };
  assert.is((await runCli(['--kubeconfig', c.kubeconfigPath, 'migrate'])).code, 0);
  c.state.update({ ...ROLES, name: 'calico-node' }, { ...c.state.get({ ...ROLES, name: 'calico-node' })!, rules: structuredClone(CALICO_NODE_RULES_V25) });
  const ds = structuredClone(c.state.get(DS)!) as any;
  ds.spec.template.spec.containers[0].image = 'quay.io/calico/node:v2.5.1'; // the pods are not replaced yet
  c.state.update(DS, ds);
  const r = await check(c);
  assert.equal([r.code, r.json.state, r.json.problem], [2, 'broken', 'calico-v24-without-tpr-access']);
  assert.match(r.json.verdict.reason, /pod kube-system\/calico-node-\w+ \(v2\.4\.1/);
  assert.not.match(r.json.verdict.reason, 'DaemonSet kube-system');
}));

test('copied: CRD data that differs from the TPR data says migrate then verify', () => withCluster('calico-v2.4', async (c) => {
  assert.is((await runCli(['--kubeconfig', c.kubeconfigPath, 'migrate'])).code, 0);
  c.state.delete({ group: 'crd.projectcalico.org', version: 'v1', resource: 'ippools', name: '192-168-0-0-16' });
  const r = await check(c);
  assert.equal([r.code, r.json.state, r.json.verify.missing], [0, 'copied', 1]);
  assert.match(r.json.verdict.next.slice(0, 2).join(' | '), / migrate \| .* verify$/);
}));

test('calico/node upgraded before migrating (calico#1052): blocked, exit 2, fix is migrate now', () => withCluster('calico-v2.4', async (c) => {
  c.state.setDaemonSetImage('kube-system', 'calico-node', 'calico-node', 'quay.io/calico/node:v2.5.1');
  const r = await check(c);
  assert.equal([r.code, r.json.state, r.json.problem], [2, 'broken', 'calico-v25-without-crd-data']);
  assert.match(r.json.verdict.next[0], / migrate$/);
}));

test.run();
