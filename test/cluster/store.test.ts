import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Store } from './store.js';
import { buildScenario } from './scenarios/index.js';
import { ApiError } from './status.js';
import type { KubeObject } from './types.js';

const GC = { group: 'projectcalico.org', version: 'v1', resource: 'globalconfigs' };
const CRD = { group: 'apiextensions.k8s.io', version: 'v1beta1', resource: 'customresourcedefinitions' };

function seeded(delay = 20): Store {
  const s = new Store({ mode: '1.7', crdEstablishDelayMs: delay });
  s.seed(buildScenario('calico-v2.4').objects);
  return s;
}

function apiError(fn: () => unknown): ApiError {
  try { fn(); } catch (e) { if (e instanceof ApiError) return e; throw e; }
  throw new Error('expected an ApiError');
}

const felixCrd = (): KubeObject => ({
  apiVersion: 'apiextensions.k8s.io/v1beta1', kind: 'CustomResourceDefinition', description: 'Calico Global Felix Configuration',
  metadata: { name: 'globalfelixconfigs.crd.projectcalico.org' },
  spec: { scope: 'Cluster', group: 'crd.projectcalico.org', version: 'v1', names: { kind: 'GlobalFelixConfig', plural: 'globalfelixconfigs', singular: 'globalfelixconfig' } },
});

test('a stale resourceVersion is a 409 Conflict; an absent one updates unconditionally', () => {
  const s = seeded();
  const ref = { ...GC, namespace: 'kube-system', name: 'calicoversion' };
  const cur = s.get(ref)!;
  const updated = s.update(ref, { ...cur, spec: { name: 'CalicoVersion', value: 'v2.4.2' } });
  assert.ok(Number(updated.metadata.resourceVersion) > Number(cur.metadata.resourceVersion));
  const err = apiError(() => s.update(ref, { ...cur, spec: { name: 'CalicoVersion', value: 'stale' } }));
  assert.is(err.code, 409);
  assert.is(err.body.reason, 'Conflict');
  assert.is(err.body.message, 'Operation cannot be fulfilled on globalconfigs.projectcalico.org "calicoversion": the object has been modified; please apply your changes to the latest version and try again');
  const { resourceVersion: _drop, ...meta } = cur.metadata;
  assert.is(s.update(ref, { ...cur, metadata: meta, spec: { name: 'CalicoVersion', value: 'v2.4.3' } }).spec.value, 'v2.4.3');
});

test('create of an existing object is AlreadyExists with details.group', () => {
  const s = seeded();
  const err = apiError(() => s.create({ ...GC, namespace: 'kube-system' }, { metadata: { name: 'clustertype' }, spec: {} }));
  assert.is(err.code, 409);
  assert.equal(err.body.details, { name: 'clustertype', group: 'projectcalico.org', kind: 'globalconfigs' });
  assert.is(err.body.message, 'globalconfigs.projectcalico.org "clustertype" already exists');
});

test('deleting a TPR deletes its data and stops serving it', () => {
  const s = seeded();
  assert.is(s.list({ group: 'projectcalico.org', version: 'v1', resource: 'ippools' }).length, 4);
  s.delete({ group: 'extensions', version: 'v1beta1', resource: 'thirdpartyresources', name: 'ip-pool.projectcalico.org' });
  assert.is(apiError(() => s.list({ group: 'projectcalico.org', version: 'v1', resource: 'ippools' })).code, 404);
  assert.is(Object.keys(s.snapshot((k) => k.startsWith('tpr:projectcalico.org/ippools/'))).length, 0);
  assert.ok(s.list(GC).length > 0, 'other TPR data untouched');
});

test('CRD: name rule 422, status Established only after the delay, CRs 404 until then, then validated', async () => {
  const s = seeded(60);
  const bad = felixCrd(); bad.metadata.name = 'felix.crd.projectcalico.org';
  const e422 = apiError(() => s.create(CRD, bad));
  assert.is(e422.code, 422);
  assert.match(e422.body.message, 'must be spec.names.plural+"."+spec.group');
  const created = s.create(CRD, felixCrd());
  assert.equal(created.status.conditions, []);
  assert.is(created.description, undefined, '1.7 drops the TPR-era description');
  const cr = { group: 'crd.projectcalico.org', version: 'v1', resource: 'globalfelixconfigs' };
  const obj = { apiVersion: 'crd.projectcalico.org/v1', kind: 'GlobalFelixConfig', metadata: { name: 'clustertype' }, spec: { name: 'ClusterType', value: 'KDD' } };
  assert.is(apiError(() => s.create(cr, obj)).code, 404);
  await new Promise((r) => setTimeout(r, 20));
  assert.is(apiError(() => s.create(cr, obj)).code, 404, 'still not established at 20 ms');
  await new Promise((r) => setTimeout(r, 80));
  const types = s.get({ ...CRD, name: 'globalfelixconfigs.crd.projectcalico.org' })!.status.conditions.map((c: any) => `${c.type}=${c.status}`);
  assert.equal(types, ['NamesAccepted=True', 'Established=True']);
  assert.ok(s.create(cr, obj).metadata.uid);
  const wrongKind = apiError(() => s.create(cr, { ...obj, kind: 'GlobalConfig', metadata: { name: 'x' } }));
  assert.is(wrongKind.code, 422);
  assert.is(wrongKind.body.message, 'GlobalFelixConfig "x" is invalid: kind: Invalid value: "GlobalConfig": must be GlobalFelixConfig');
  assert.is(wrongKind.body.details?.group, 'crd.projectcalico.org');
  assert.is(apiError(() => s.create(cr, { ...obj, metadata: { name: '2001-db8-1--' } })).code, 422);
  s.stop();
});

test('watch replays history after a resourceVersion and fans out live events', () => {
  const s = seeded();
  const since = Number(s.resourceVersion);
  const seen: string[] = [];
  const off = s.watch('tpr:projectcalico.org/globalconfigs', 0, (e) => { if (e.rv > since) seen.push(`${e.type}:${e.object.metadata.name}`); });
  s.create({ ...GC, namespace: 'kube-system' }, { metadata: { name: 'newkey' }, spec: { name: 'NewKey', value: '1' } });
  s.delete({ ...GC, namespace: 'kube-system', name: 'newkey' });
  off();
  assert.equal(seen, ['ADDED:newkey', 'DELETED:newkey']);
});

test('setDaemonSetImage updates the template and the running pods; snapshot is deterministic', () => {
  const a = seeded(), b = seeded();
  assert.equal(a.snapshot(), b.snapshot());
  a.setDaemonSetImage('kube-system', 'calico-node', 'calico-node', 'quay.io/calico/node:v2.5.1');
  const ds = a.get({ group: 'extensions', version: 'v1beta1', resource: 'daemonsets', namespace: 'kube-system', name: 'calico-node' })!;
  assert.is(ds.spec.template.spec.containers[0].image, 'quay.io/calico/node:v2.5.1');
  assert.is(ds.metadata.generation, 2);
  const pods = a.list({ group: '', version: 'v1', resource: 'pods' }, 'kube-system');
  assert.is(pods.length, 4);
  assert.ok(pods.every((p) => p.spec.containers[0].image === 'quay.io/calico/node:v2.5.1'));
  assert.not.equal(a.snapshot(), b.snapshot());
});

test.run();
