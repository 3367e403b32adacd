// The request catalogue of every verb and the ClusterRole rules for the denied ones (docs/calico-data.md#rbac).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as yaml from 'js-yaml';
import { clusterRoleManifest, describeRequest, grantedBy, rulesFor, uniqueRequests, verbRequests } from '../../src/calico/permissions.js';

const catalog = verbRequests({ namespace: 'kube-system' });
const has = (verb: keyof typeof catalog, text: string) => catalog[verb].map(describeRequest).includes(text);

test('each verb lists the requests it makes (docs/calico-data.md#rbac plus delete for cleanup and rollback)', () => {
  assert.ok(has('backup', 'list thirdpartyresources.extensions'));
  assert.ok(has('backup', 'list systemnetworkpolicies.alpha.projectcalico.org'), 'TPR data is listed in all namespaces: cluster scope');
  assert.ok(has('backup', 'list daemonsets.extensions'), 'the roles of every calico/node DaemonSet: cluster scope');
  assert.ok(has('migrate', 'create customresourcedefinitions.apiextensions.k8s.io'));
  assert.ok(has('migrate', 'create ippools.crd.projectcalico.org'));
  assert.ok(has('migrate', 'patch nodes'));
  assert.ok(!has('verify', 'create ippools.crd.projectcalico.org'), 'verify only reads');
  assert.ok(catalog.verify.every((r) => r.verb === 'list'));
  assert.ok(has('rbac', 'update clusterroles.rbac.authorization.k8s.io'));
  assert.ok(has('cleanup', 'delete thirdpartyresources.extensions'));
  assert.ok(has('rollback', 'delete customresourcedefinitions.apiextensions.k8s.io'));
  assert.ok(has('upgrade', 'patch daemonsets.extensions in kube-system'));
  assert.ok(!catalog.backup.some((r) => r.verb !== 'list'), 'backup never writes');
});

test('options: the namespace, the DaemonSet group of newer servers, and no Node patch when no IPv6 node peer needs re-keying', () => {
  const other = verbRequests({ namespace: 'calico', daemonSetGroup: 'apps', nodePatches: false });
  assert.ok(other.check.map(describeRequest).includes('list daemonsets.apps in calico'));
  assert.ok(other.check.map(describeRequest).includes('list daemonsets.extensions in calico'), 'asked at extensions first, whatever the server serves');
  assert.ok(other.backup.map(describeRequest).includes('list daemonsets.apps'));
  assert.ok(other.backup.map(describeRequest).includes('list daemonsets.extensions'));
  assert.is(catalog.backup.filter((r) => r.resource === 'daemonsets').length, 1);
  assert.ok(!other.migrate.some((r) => r.verb === 'patch' && r.resource === 'nodes'));
});

test('rbac also asks for everything the role it writes grants (the escalation check), subresources kept', () => {
  const withGrants = verbRequests({ namespace: 'kube-system', roleGrants: [
    { apiGroups: [''], resources: ['pods/status'], verbs: ['update'] },
    { apiGroups: ['crd.projectcalico.org'], resources: ['ippools', 'bgppeers'], verbs: ['get', 'list'] },
    { nonResourceURLs: ['/healthz'], verbs: ['get'] },
  ] });
  const rbac = withGrants.rbac.map(describeRequest);
  for (const r of ['update pods/status', 'get ippools.crd.projectcalico.org', 'list bgppeers.crd.projectcalico.org']) assert.ok(rbac.includes(r), r);
  assert.is(rbac.length, catalog.rbac.length + 5, 'non-resource rules are not reviewed');
  assert.equal(rulesFor(grantedBy([{ apiGroups: [''], resources: ['pods/status'], verbs: ['update'] }])), [{ apiGroups: [''], resources: ['pods/status'], verbs: ['update'] }]);
});

test('shared reads are reviewed once', () => {
  const all = Object.values(catalog).flat();
  const unique = uniqueRequests(all);
  assert.ok(unique.length < all.length);
  assert.is(unique.filter((r) => r.verb === 'list' && r.resource === 'nodes').length, 1);
});

test('rules: one per group and verb set, resources merged, in first-seen order', () => {
  const rules = rulesFor([
    { verb: 'create', group: 'crd.projectcalico.org', resource: 'ippools' },
    { verb: 'create', group: 'crd.projectcalico.org', resource: 'bgppeers' },
    { verb: 'update', group: 'crd.projectcalico.org', resource: 'ippools' },
    { verb: 'update', group: 'crd.projectcalico.org', resource: 'bgppeers' },
    { verb: 'create', group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' },
    { verb: 'delete', group: '', resource: 'pods', namespace: 'kube-system' },
    { verb: 'create', group: 'crd.projectcalico.org', resource: 'bgppeers' },
  ]);
  assert.equal(rules, [
    { apiGroups: ['crd.projectcalico.org'], resources: ['ippools', 'bgppeers'], verbs: ['create', 'update'] },
    { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['create'] },
    { apiGroups: [''], resources: ['pods'], verbs: ['delete'] },
  ]);
  assert.equal(rulesFor([]), []);
});

test('the ClusterRole manifest is valid YAML with the rules, core group as ""', () => {
  const rules = rulesFor([{ verb: 'patch', group: '', resource: 'nodes' }]);
  const text = yaml.dump(clusterRoleManifest('calico-migrate', rules));
  const back = yaml.load(text) as { kind: string; apiVersion: string; metadata: { name: string }; rules: unknown };
  assert.is(back.kind, 'ClusterRole');
  assert.is(back.apiVersion, 'rbac.authorization.k8s.io/v1beta1');
  assert.equal(back.rules, [{ apiGroups: [''], resources: ['nodes'], verbs: ['patch'] }]);
});

test('describeRequest names resources as kubectl does', () => {
  assert.is(describeRequest({ verb: 'list', group: '', resource: 'pods', namespace: 'kube-system' }), 'list pods in kube-system');
  assert.is(describeRequest({ verb: 'create', group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' }), 'create customresourcedefinitions.apiextensions.k8s.io');
});

test.run();
