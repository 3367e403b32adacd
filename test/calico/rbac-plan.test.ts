// The pure side of rbac: which bound roles are Calico's, the transitional role, the undo of exactly what rbac added
// (with or without a backup), and cleanup's revoke.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ADDED_RULES_ANNOTATION, RoleConflict } from '../../src/calico/rbac-transition.js';
import { CALICO_NODE_RULES_V24, CALICO_NODE_RULES_V25, TPR_RULES_V24, rolePhase, type PolicyRule } from '../../src/calico/rbac.js';
import { isCalicoRole, planRevoke, planTransition, planUndo, revertedRole, undoTarget } from '../../src/calico/rbac-plan.js';

const API = 'rbac.authorization.k8s.io/v1beta1';
const role = (name: string, rules: readonly unknown[], metadata: Record<string, unknown> = {}) =>
  ({ apiVersion: API, kind: 'ClusterRole', metadata: { name, ...metadata }, rules: structuredClone(rules) }) as any;
const flannel = role('flannel', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]);
const CRD_RULE = CALICO_NODE_RULES_V25.at(-1)!;
const V24 = CALICO_NODE_RULES_V24 as PolicyRule[];
const TRANSITIONAL = [...V24, CRD_RULE];
const record = (rules: unknown[]) => ({ annotations: { [ADDED_RULES_ANNOTATION]: JSON.stringify(rules) } });

test('Calico roles hold TPR-era or crd.projectcalico.org grants; flannel holds neither', () => {
  assert.ok(isCalicoRole(role('calico-node', V24)));
  assert.ok(isCalicoRole(role('calico', CALICO_NODE_RULES_V25)));
  assert.not.ok(isCalicoRole(flannel));
});

test('the transition keeps every v2.4 rule, appends the CRD rule and records it; of a transitional role changes nothing', () => {
  const plan = planTransition(role('calico-node', V24, { resourceVersion: '7' }), { regrantTprRules: true });
  assert.ok(plan.changed);
  const body = plan.desiredFor(role('calico-node', V24, { resourceVersion: '7' })) as any;
  assert.equal(body.rules, TRANSITIONAL);
  assert.is(rolePhase(body.rules), 'transitional');
  assert.equal(JSON.parse(body.metadata.annotations[ADDED_RULES_ANNOTATION]), [CRD_RULE]);
  assert.equal(plan.diff.filter((d) => d.startsWith('-')), [], 'nothing removed');
  assert.equal(plan.diff.filter((d) => d.startsWith('+')).length, 1);
  const again = planTransition(body, { regrantTprRules: true });
  assert.not.ok(again.changed);
});

test('a v2.5 role (the official procedure applied early) gets the TPR rules back while the TPRs exist, not after', () => {
  const v25 = role('calico-node', CALICO_NODE_RULES_V25);
  const body = planTransition(v25, { regrantTprRules: true }).desiredFor(v25) as any;
  assert.equal(body.rules, [...CALICO_NODE_RULES_V25, ...TPR_RULES_V24]);
  assert.is(body.metadata.annotations, undefined, 're-granted TPR rules are not recorded: an undo must not take them from v2.4');
  assert.not.ok(planTransition(v25, { regrantTprRules: false }).changed);
});

test('undo with the record: exactly the recorded rule and the record go; rules the operator added since stay', () => {
  const extra = { apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get'] };
  const live = role('calico-node', [extra, ...TRANSITIONAL], { resourceVersion: '9', ...record([CRD_RULE]) });
  const body = undoTarget(live, undefined, API) as any;
  assert.equal(body.rules, [extra, ...V24]);
  assert.equal(body.metadata, { name: 'calico-node', resourceVersion: '9' });
  assert.is(undoTarget(role('calico-node', V24), undefined, API), undefined, 'no record, no backup: nothing of rbac to undo');
});

test('undo: a recorded rule changed since is a conflict, with or without a backup', () => {
  const changed = { ...CRD_RULE, verbs: ['*'] };
  const live = role('calico-node', [...V24, changed], record([CRD_RULE]));
  assert.instance(undoTarget(live, undefined, API), RoleConflict);
  assert.instance(undoTarget(live, role('calico-node', V24), API), RoleConflict);
  assert.ok(planUndo(live, undefined, API).conflict);
});

test('undo from a backup without a record: a role rbac rewrote is put back; any other change is a conflict', () => {
  const saved = role('calico-node', V24, { uid: 'old', resourceVersion: '3' });
  const rewritten = role('calico-node', CALICO_NODE_RULES_V25, { uid: 'u1', resourceVersion: '9' }); // an earlier version of rbac
  assert.equal((undoTarget(rewritten, saved, API) as any).rules, V24);
  const edited = role('calico-node', [...CALICO_NODE_RULES_V25, { apiGroups: ['x'], resources: ['y'], verbs: ['get'] }]);
  assert.instance(undoTarget(edited, saved, API), RoleConflict);
  assert.is(undoTarget(role('calico-node', V24, { resourceVersion: '12' }), saved, API), undefined, 'as saved: nothing to write');
});

test('a revert of a deleted role recreates it without server fields', () => {
  const saved = role('calico-node', V24, { uid: 'old', resourceVersion: '3', creationTimestamp: 't' });
  const plan = planUndo(undefined, saved, API);
  assert.ok(plan.changed);
  assert.equal((plan.desiredFor(undefined) as any).metadata, { name: 'calico-node' });
  const body = revertedRole(role('calico-node', CALICO_NODE_RULES_V25, { labels: { added: 'later' }, uid: 'u1', resourceVersion: '9' }), { ...saved, metadata: { ...saved.metadata, annotations: { a: '1' } } }, 'rbac.authorization.k8s.io/v1')!;
  assert.equal(body.metadata, { name: 'calico-node', uid: 'u1', resourceVersion: '9', annotations: { a: '1' } });
});

test('revoke (cleanup): the transitional role becomes the v2.5 rules and loses the record; a v2.5 role is left alone', () => {
  const live = role('calico-node', TRANSITIONAL, record([CRD_RULE]));
  const body = planRevoke(live).desiredFor(live) as any;
  assert.equal(body.rules, CALICO_NODE_RULES_V25);
  assert.is(body.metadata.annotations, undefined);
  assert.not.ok(planRevoke(role('calico-node', CALICO_NODE_RULES_V25)).changed);
});

test.run();
