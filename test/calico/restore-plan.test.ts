// The pure side of restore --target tpr: server fields ignored, absent → create, equal → unchanged, different → conflict.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { emptyTprObjects } from '../../src/cluster/tprs.js';
import { canonicalJson, planTprRestore, withoutServerFields } from '../../src/calico/restore-plan.js';

const pool = (name: string, value: string, meta: Record<string, unknown> = {}) =>
  ({ apiVersion: 'projectcalico.org/v1', kind: 'IpPool', metadata: { name, namespace: 'kube-system', ...meta }, spec: { value } }) as any;

test('withoutServerFields drops uid, resourceVersion, creationTimestamp, selfLink but keeps labels and annotations', () => {
  const o = withoutServerFields(pool('p', 'v', { uid: 'u', resourceVersion: '1', creationTimestamp: 't', selfLink: '/x', labels: { a: 'b' } }));
  assert.equal(o.metadata, { name: 'p', namespace: 'kube-system', labels: { a: 'b' } });
});

test('canonicalJson ignores key order and undefined values', () => {
  assert.is(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } }), canonicalJson({ a: { d: [1, { x: 1, y: 2 }] }, b: 1 }));
});

test('plan: absent → create, equal but for server fields → unchanged, different → conflict (overwrite with the flag)', () => {
  const saved = { ...emptyTprObjects(), IpPool: [pool('a', '1', { uid: 'x', resourceVersion: '1' }), pool('b', '2'), pool('c', '3')] };
  const live = { ...emptyTprObjects(), IpPool: [pool('b', '2', { uid: 'y', resourceVersion: '9' }), pool('c', 'changed')] };
  const plan = planTprRestore(saved, live, false);
  assert.equal(plan.map((e) => `${e.name}:${e.action}`), ['a:create', 'b:unchanged', 'c:conflict']);
  assert.equal(plan[2]!.differs, ['spec']);
  assert.equal(plan[0]!.desired.metadata, { name: 'a', namespace: 'kube-system' });
  assert.is(planTprRestore(saved, live, true)[2]!.action, 'overwrite');
});

test.run();
