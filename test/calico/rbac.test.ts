import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { removeAdditions, sameRule, transitionalRules } from '../../src/calico/rbac-transition.js';
import { CALICO_NODE_RULES_V24, CALICO_NODE_RULES_V25, grantsCalicoCrds, grantsTprRead, hasTprGrants, rewriteRulesForV25, rolePhase, rulesDiff, type PolicyRule } from '../../src/calico/rbac.js';
import { runnersOf, v24WithoutTprAccess } from '../../src/calico/tpr-access.js';

// docs/calico-data.md#rbac, written out by hand (not from the constants) so that a wrong constant fails.
const v24: PolicyRule[] = [
  { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['pods/status'], verbs: ['update'] },
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'update', 'watch'] },
  { apiGroups: ['extensions'], resources: ['thirdpartyresources'], verbs: ['create', 'get', 'list', 'watch'] },
  { apiGroups: ['extensions'], resources: ['networkpolicies'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['projectcalico.org'], resources: ['globalbgppeers'], verbs: ['get', 'list'] },
  { apiGroups: ['projectcalico.org'], resources: ['globalconfigs', 'globalbgpconfigs'], verbs: ['create', 'get', 'list', 'update', 'watch'] },
  { apiGroups: ['projectcalico.org'], resources: ['ippools'], verbs: ['create', 'get', 'list', 'update', 'watch'] },
  { apiGroups: ['alpha.projectcalico.org'], resources: ['systemnetworkpolicies'], verbs: ['get', 'list', 'watch'] },
];
// docs/calico-data.md#rbac
const v25: PolicyRule[] = [
  { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['pods/status'], verbs: ['update'] },
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'update', 'watch'] },
  { apiGroups: ['extensions'], resources: ['networkpolicies'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['crd.projectcalico.org'], resources: ['globalfelixconfigs', 'bgppeers', 'globalbgpconfigs', 'ippools', 'globalnetworkpolicies'], verbs: ['create', 'get', 'list', 'update', 'watch'] },
];

test('the constants are docs/calico-data.md#rbac', () => {
  assert.equal(CALICO_NODE_RULES_V24, v24);
  assert.equal(CALICO_NODE_RULES_V25, v25);
});

test('docs/calico-data.md#rbac → exactly docs/calico-data.md#rbac (also Canal\'s `calico` role, which has the same rules, docs/calico-data.md#rbac)', () => {
  assert.equal(rewriteRulesForV25(v24), v25);
  assert.ok(hasTprGrants(v24));
  assert.not.ok(hasTprGrants(rewriteRulesForV25(v24)));
});

test('idempotent: an already migrated role does not change', () => {
  assert.equal(rewriteRulesForV25(v25), v25);
  assert.equal(rewriteRulesForV25(rewriteRulesForV25(v24)), v25);
});

test('unrelated rules are kept unchanged and in order', () => {
  const extra: PolicyRule[] = [
    { apiGroups: [''], resources: ['configmaps'], verbs: ['get'], resourceNames: ['calico-config'] },
    ...v24.slice(0, 5),
    { nonResourceURLs: ['/healthz'], verbs: ['get'] },
    ...v24.slice(5),
    { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['watch', 'list'] },
  ];
  assert.equal(rewriteRulesForV25(extra), [
    { apiGroups: [''], resources: ['configmaps'], verbs: ['get'], resourceNames: ['calico-config'] },
    ...v25.slice(0, 4),
    { nonResourceURLs: ['/healthz'], verbs: ['get'] },
    v25[4],
    { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['watch', 'list'] },
    v25[5],
  ]);
});

test('a rule mixing TPR and unrelated resources loses only the TPR resources; multi-group rules are split per group', () => {
  assert.equal(rewriteRulesForV25([{ apiGroups: ['extensions'], resources: ['thirdpartyresources', 'networkpolicies', 'daemonsets'], verbs: ['get'] }]), [
    { apiGroups: ['extensions'], resources: ['networkpolicies', 'daemonsets'], verbs: ['get'] },
    v25[5],
  ]);
  assert.equal(rewriteRulesForV25([{ apiGroups: ['extensions', 'projectcalico.org'], resources: ['thirdpartyresources', 'ippools', 'networkpolicies'], verbs: ['list'] }]), [
    { apiGroups: ['extensions'], resources: ['ippools', 'networkpolicies'], verbs: ['list'] },
    { apiGroups: ['projectcalico.org'], resources: ['thirdpartyresources', 'networkpolicies'], verbs: ['list'] },
    v25[5],
  ]);
});

test('the CRD rule is not added when already fully granted (also via wildcards); added when only partly granted', () => {
  const wildcard: PolicyRule[] = [{ apiGroups: ['crd.projectcalico.org'], resources: ['*'], verbs: ['*'] }];
  assert.equal(rewriteRulesForV25(wildcard), wildcard);
  assert.ok(grantsCalicoCrds(wildcard));
  const partial: PolicyRule[] = [{ apiGroups: ['crd.projectcalico.org'], resources: ['ippools'], verbs: ['get', 'list'] }];
  assert.equal(rewriteRulesForV25(partial), [...partial, v25[5]]);
  const named: PolicyRule[] = [{ apiGroups: ['crd.projectcalico.org'], resources: ['*'], verbs: ['*'], resourceNames: ['x'] }];
  assert.not.ok(grantsCalicoCrds(named), 'resourceNames-limited rules do not count');
});

test('the transitional role is the v2.4 rules plus the v2.5 CRD rule: TPR read access and CRD access at once', () => {
  const t = transitionalRules(v24, { regrantTprRules: true });
  assert.equal(t.rules, [...v24, v25[5]]);
  assert.equal([t.added, t.regranted], [[v25[5]], []]);
  assert.equal([rolePhase(v24), rolePhase(t.rules), rolePhase(v25), rolePhase([])], ['v2.4', 'transitional', 'v2.5', 'none']);
  assert.ok(grantsTprRead(t.rules));
  assert.equal(transitionalRules(t.rules, { regrantTprRules: true }).rules, t.rules, 'idempotent');
  assert.equal(rewriteRulesForV25(t.rules), v25, 'cleanup\'s revoke of the transitional role gives exactly the v2.5 rules');
});

test('TPR read access: every get/list/watch of the v2.4 TPR rules; the v2.5 role and a partial role lack it', () => {
  assert.ok(grantsTprRead(v24));
  assert.not.ok(grantsTprRead(v25));
  assert.not.ok(grantsTprRead(v24.filter((r) => !(r.resources ?? []).includes('ippools'))));
  assert.ok(grantsTprRead([...v25, { apiGroups: ['projectcalico.org', 'alpha.projectcalico.org', 'extensions'], resources: ['*'], verbs: ['get', 'list', 'watch'] }]), 'wildcards count');
});

test('undo: one exact occurrence of each recorded rule goes; key order and empty lists do not matter; a changed one is reported', () => {
  const reordered = { verbs: v25[5].verbs, resources: v25[5].resources, apiGroups: v25[5].apiGroups, resourceNames: [] };
  assert.ok(sameRule(reordered, v25[5]));
  assert.equal(removeAdditions([...v24, reordered], [v25[5]]), { rules: v24 });
  assert.equal(removeAdditions([...v24, { ...v25[5], verbs: ['get'] }], [v25[5]]), { changed: [v25[5]] });
});

test('v2.4 runners without TPR access: template and pods (own service account), any namespace; v2.5 and unknown tags are not', () => {
  const ds = { namespace: 'ops', name: 'calico-node', serviceAccount: 'calico-node', node: { image: 'quay.io/calico/node:v2.4.1' } };
  const pods = [
    { name: 'a', image: 'quay.io/calico/node:v2.4.1', phase: 'Running', serviceAccount: 'old' },
    { name: 'b', image: 'quay.io/calico/node:v2.5.1', phase: 'Running' },
    { name: 'c', image: 'quay.io/calico/node:v2.4.1', phase: 'Failed' },
    { name: 'd', image: 'quay.io/calico/node:latest', phase: 'Running' },
  ];
  const runners = runnersOf(ds, pods);
  assert.equal(runners.map((r) => r.what), ['DaemonSet ops/calico-node', 'pod ops/a', 'pod ops/b', 'pod ops/d']);
  const rules = (ns: string, sa: string) => (sa === 'old' ? v25 : v24);
  assert.equal(v24WithoutTprAccess(runners, rules), [{ namespace: 'ops', description: 'pod ops/a (v2.4.1, service account ops/old)' }]);
  assert.equal(v24WithoutTprAccess(runners, () => undefined), [], 'roles unknown: no claim');
});

test('rulesDiff: docs/calico-data.md#rbac → docs/calico-data.md#rbac as readable lines', () => {
  assert.equal(rulesDiff(v24, v25), [
    '  apiGroups: [""] resources: [namespaces] verbs: [get, list, watch]',
    '  apiGroups: [""] resources: [pods/status] verbs: [update]',
    '  apiGroups: [""] resources: [pods] verbs: [get, list, watch]',
    '  apiGroups: [""] resources: [nodes] verbs: [get, list, update, watch]',
    '- apiGroups: [extensions] resources: [thirdpartyresources] verbs: [create, get, list, watch]',
    '  apiGroups: [extensions] resources: [networkpolicies] verbs: [get, list, watch]',
    '- apiGroups: [projectcalico.org] resources: [globalbgppeers] verbs: [get, list]',
    '- apiGroups: [projectcalico.org] resources: [globalconfigs, globalbgpconfigs] verbs: [create, get, list, update, watch]',
    '- apiGroups: [projectcalico.org] resources: [ippools] verbs: [create, get, list, update, watch]',
    '- apiGroups: [alpha.projectcalico.org] resources: [systemnetworkpolicies] verbs: [get, list, watch]',
    '+ apiGroups: [crd.projectcalico.org] resources: [globalfelixconfigs, bgppeers, globalbgpconfigs, ippools, globalnetworkpolicies] verbs: [create, get, list, update, watch]',
  ]);
  assert.ok(rulesDiff(v25, v25).every((l) => l.startsWith('  ')));
  assert.equal(rulesDiff([], [{ nonResourceURLs: ['/x'], verbs: ['get'] }]), ['+ nonResourceURLs: [/x] verbs: [get]']);
});

test.run();
