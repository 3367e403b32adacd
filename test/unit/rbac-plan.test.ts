// The pure side of rbac: which bound roles are Calico's, the v2.5 rewrite plan, and what a revert puts back.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CALICO_NODE_RULES_V24, CALICO_NODE_RULES_V25 } from '../../src/calico/rbac.js';
import { isCalicoRole, planRevert, planV25Rewrite, revertedRole } from '../../src/steps/rbac-plan.js';

const role = (name: string, rules: unknown[], metadata: Record<string, unknown> = {}) =>
  ({ apiVersion: 'rbac.authorization.k8s.io/v1beta1', kind: 'ClusterRole', metadata: { name, ...metadata }, rules: structuredClone(rules) }) as any;
const flannel = role('flannel', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]);

test('Calico roles hold TPR-era or crd.projectcalico.org grants; flannel holds neither', () => {
  assert.ok(isCalicoRole(role('calico-node', CALICO_NODE_RULES_V24 as unknown[])));
  assert.ok(isCalicoRole(role('calico', CALICO_NODE_RULES_V25 as unknown[])));
  assert.not.ok(isCalicoRole(flannel));
});

test('the rewrite plan of a v2.4 role changes it to the v2.5 rules; of a v2.5 role changes nothing', () => {
  const v24 = planV25Rewrite(role('calico-node', CALICO_NODE_RULES_V24 as unknown[], { resourceVersion: '7' }));
  assert.ok(v24.changed);
  assert.equal(v24.desiredFor(role('calico-node', CALICO_NODE_RULES_V24 as unknown[], { resourceVersion: '7' }))!.rules, CALICO_NODE_RULES_V25);
  assert.equal(v24.diff.filter((d) => d.startsWith('-')).length, 5);
  assert.equal(v24.diff.filter((d) => d.startsWith('+')).length, 1);
  const v25 = planV25Rewrite(role('calico-node', CALICO_NODE_RULES_V25 as unknown[]));
  assert.not.ok(v25.changed);
  assert.is(v25.desiredFor(role('calico-node', CALICO_NODE_RULES_V25 as unknown[])), undefined);
});

test('a revert puts back rules, labels and annotations as saved, keeps the live server metadata, drops labels the saved role lacked', () => {
  const saved = role('calico-node', CALICO_NODE_RULES_V24 as unknown[], { annotations: { a: '1' }, uid: 'old', resourceVersion: '3' });
  const live = role('calico-node', CALICO_NODE_RULES_V25 as unknown[], { labels: { added: 'later' }, uid: 'u1', resourceVersion: '9' });
  const body = revertedRole(live, saved, 'rbac.authorization.k8s.io/v1')!;
  assert.equal(body.rules, CALICO_NODE_RULES_V24);
  assert.equal(body.metadata, { name: 'calico-node', uid: 'u1', resourceVersion: '9', annotations: { a: '1' } });
  assert.is(body.apiVersion, 'rbac.authorization.k8s.io/v1');
  assert.is(revertedRole({ ...saved, metadata: { ...saved.metadata, resourceVersion: '12' } }, saved, 'x'), undefined, 'equal content: nothing to write');
});

test('a revert of a deleted role recreates it without server fields', () => {
  const saved = role('calico-node', CALICO_NODE_RULES_V24 as unknown[], { uid: 'old', resourceVersion: '3', creationTimestamp: 't' });
  const plan = planRevert(undefined, saved, 'rbac.authorization.k8s.io/v1beta1');
  assert.ok(plan.changed);
  assert.equal(plan.desiredFor(undefined)!.metadata, { name: 'calico-node' });
});

test.run();
