// The guarded ClusterRole write: a 409 means read again and recompute from what is there now, never a blind PUT.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeClusterRoleGuarded } from '../../src/cluster/cluster-role-update.js';
import { KubeError } from '../../src/kube/errors.js';
import { planRevoke, planUndo } from '../../src/calico/rbac-plan.js';
import { ADDED_RULES_ANNOTATION } from '../../src/calico/rbac-transition.js';
import { CALICO_NODE_RULES_V24, CALICO_NODE_RULES_V25 } from '../../src/calico/rbac.js';

const conflict = () => new KubeError('Conflict', 'the object has been modified', { verb: 'update', resource: 'clusterroles' }, 409);

/** A stub client: GET answers from `reads` in turn; PUT fails with a conflict `conflicts` times, then succeeds. */
function stubClient(reads: any[], conflicts: number) {
  const puts: any[] = [];
  let get = 0;
  const client = {
    get: async () => structuredClone(reads[Math.min(get++, reads.length - 1)]),
    update: async (_ref: unknown, body: any) => { puts.push(body); if (puts.length <= conflicts) throw conflict(); return body; },
    create: async () => { throw new Error('unexpected create'); },
  };
  return { client: client as any, puts, gets: () => get };
}

const roleAt = (rv: string, rules: unknown[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1beta1', kind: 'ClusterRole', metadata: { name: 'calico-node', resourceVersion: rv }, rules });

test('on a 409 the role is read again and the rewrite recomputed from the new rules, with the new resourceVersion', async () => {
  const extra = { apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get'] };
  const { client, puts } = stubClient([roleAt('1', [...CALICO_NODE_RULES_V24]), roleAt('2', [...CALICO_NODE_RULES_V24, extra])], 1);
  const plan = planRevoke(roleAt('1', [...CALICO_NODE_RULES_V24]));
  const result = await writeClusterRoleGuarded(client, 'v1beta1', 'calico-node', plan.desiredFor, { existed: true });
  assert.is(result.result, 'updated');
  assert.equal(puts.map((p) => p.metadata.resourceVersion), ['1', '2']);
  assert.equal(puts[1].rules, [...CALICO_NODE_RULES_V25.slice(0, -1), extra, CALICO_NODE_RULES_V25.at(-1)], 'the other writer\'s rule survives');
});

test('when the re-read shows the work already done, nothing more is written', async () => {
  const { client, puts } = stubClient([roleAt('1', [...CALICO_NODE_RULES_V24]), roleAt('2', [...CALICO_NODE_RULES_V25])], 1);
  const result = await writeClusterRoleGuarded(client, 'v1beta1', 'calico-node', planRevoke(roleAt('1', [...CALICO_NODE_RULES_V24])).desiredFor, { existed: true });
  assert.is(result.result, 'unchanged');
  assert.is(puts.length, 1);
});

test('bounded: a role that keeps changing gives up after the attempts with a Conflict error', async () => {
  const { client, puts } = stubClient([roleAt('1', [...CALICO_NODE_RULES_V24])], 100);
  try {
    await writeClusterRoleGuarded(client, 'v1beta1', 'calico-node', planRevoke(roleAt('1', [...CALICO_NODE_RULES_V24])).desiredFor, { existed: true, attempts: 3 });
    assert.unreachable('should have thrown');
  } catch (err) {
    assert.instance(err, KubeError);
    assert.is((err as KubeError).reason, 'Conflict');
  }
  assert.is(puts.length, 3);
});

test('an undo whose re-read after a 409 shows the added rule changed writes nothing more and reports the conflict', async () => {
  const crd = CALICO_NODE_RULES_V25.at(-1)!;
  const marked = (rv: string, rules: unknown[]) => ({ ...roleAt(rv, rules), metadata: { name: 'calico-node', resourceVersion: rv, annotations: { [ADDED_RULES_ANNOTATION]: JSON.stringify([crd]) } } });
  const widened = { ...crd, verbs: [...crd.verbs, 'delete'] };
  const { client, puts } = stubClient([marked('1', [...CALICO_NODE_RULES_V24, crd]), marked('2', [...CALICO_NODE_RULES_V24, widened])], 1);
  const plan = planUndo(marked('1', [...CALICO_NODE_RULES_V24, crd]), undefined, 'rbac.authorization.k8s.io/v1beta1');
  const result = await writeClusterRoleGuarded(client, 'v1beta1', 'calico-node', plan.desiredFor, { existed: true });
  assert.is(result.result, 'conflict');
  assert.match(result.conflict!, /changed since/);
  assert.is(puts.length, 1, 'only the first, refused PUT');
});

test('a role deleted by someone else between the plan and the write (a 404 to the PUT, then gone) is a conflict, never re-created', async () => {
  const notFound = new KubeError('NotFound', 'clusterroles "calico-node" not found', { verb: 'update', resource: 'clusterroles' }, 404);
  let gets = 0;
  const puts: unknown[] = [];
  const client = {
    get: async () => { if (gets++ === 0) return roleAt('1', [...CALICO_NODE_RULES_V24]); throw notFound; },
    update: async (_ref: unknown, body: unknown) => { puts.push(body); throw notFound; },
    create: async () => { throw new Error('must not re-create the role'); },
  };
  const plan = planRevoke(roleAt('1', [...CALICO_NODE_RULES_V24]));
  assert.ok(plan.existed);
  const result = await writeClusterRoleGuarded(client as any, 'v1beta1', 'calico-node', plan.desiredFor, { existed: plan.existed });
  assert.is(result.result, 'conflict');
  assert.match(result.conflict!, /deleted by someone else since it was read: not re-created/);
  assert.is(puts.length, 1);
});

test('an undo from a backup whose role was already gone when planned re-creates it (the plan says so)', async () => {
  const saved = roleAt('7', [...CALICO_NODE_RULES_V24]);
  const created: any[] = [];
  const client = {
    get: async () => { throw new KubeError('NotFound', 'not found', { verb: 'get', resource: 'clusterroles' }, 404); },
    update: async () => { throw new Error('unexpected update'); },
    create: async (_ref: unknown, body: unknown) => { created.push(body); return body; },
  };
  const plan = planUndo(undefined, saved, 'rbac.authorization.k8s.io/v1beta1');
  assert.is(plan.existed, false);
  const result = await writeClusterRoleGuarded(client as any, 'v1beta1', 'calico-node', plan.desiredFor, { existed: plan.existed });
  assert.is(result.result, 'created');
  assert.equal(created[0].rules, CALICO_NODE_RULES_V24);
});

test.run();
