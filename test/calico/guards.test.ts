// The guards' verdicts (src/calico/guards.ts): every DaemonSet template and every pod counts; an unversioned image is
// not v2.5; -n with neither a calico/node DaemonSet nor Calico data there is vacuous, whatever runs elsewhere.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { notKnownBelowV25, belowV25, calicoPresence, describeAllAtLeastV25, describeSightings, vacuousNamespace, type CalicoNodeRun } from '../../src/calico/guards.js';

const V24 = 'quay.io/calico/node:v2.4.1';
const V25 = 'quay.io/calico/node:v2.5.1';
const ds = (namespace: string, image: string, pods: Array<string | undefined>): CalicoNodeRun =>
  ({ namespace, name: 'calico-node', image, pods: pods.map((p, i) => ({ name: `calico-node-${i}`, ...(p ? { image: p } : {}) })) });

test('belowV25: the template and each pod of every DaemonSet; OnDelete pods left on v2.4 count', () => {
  assert.equal(belowV25([ds('kube-system', V25, [V25, V25])]), []);
  assert.equal(belowV25([ds('kube-system', V25, [V25, V24])]).map((s) => s.what), ['pod kube-system/calico-node-1']);
  assert.equal(belowV25([ds('kube-system', V25, [V25]), ds('canary', V24, [])]).map((s) => s.what), ['DaemonSet canary/calico-node']);
});

test('an image whose tag is not a version (latest, digest only) may be either: below v2.5 for cleanup, not known below for rollback', () => {
  const runs = [ds('kube-system', 'calico/node:latest', ['calico/node@sha256:abc'])];
  assert.is(belowV25(runs).length, 2);
  assert.is(notKnownBelowV25(runs).length, 2);
  assert.is(notKnownBelowV25([ds('kube-system', V24, [V24])]).length, 0);
  assert.is(belowV25([ds('kube-system', 'quay.io/calico/node:v2.5.0-rc1', [])]).length, 1, 'a v2.5 pre-release is below v2.5');
});

test('a pod without a calico/node container is not v2.5', () => {
  assert.equal(belowV25([ds('kube-system', V25, [undefined])]).map((s) => s.image), ['(no calico/node container)']);
});

test('notKnownBelowV25: any pod still on v2.5 after the template went back to v2.4', () => {
  assert.equal(notKnownBelowV25([ds('kube-system', V24, [V24, V25])]).map((s) => s.what), ['pod kube-system/calico-node-1']);
});

test('describeSightings lists three and counts the rest; describeAllAtLeastV25 names one DaemonSet or counts several', () => {
  const runs = [ds('kube-system', V24, [V24, V24, V24, V24])];
  assert.is(describeSightings(belowV25(runs)), 'DaemonSet kube-system/calico-node runs quay.io/calico/node:v2.4.1; pod kube-system/calico-node-0 runs quay.io/calico/node:v2.4.1; pod kube-system/calico-node-1 runs quay.io/calico/node:v2.4.1; and 2 more');
  assert.is(describeAllAtLeastV25([ds('kube-system', V25, [V25, V25])]), 'kube-system/calico-node and its 2 pod(s) run v2.5.1');
  assert.is(describeAllAtLeastV25([ds('a', V25, [V25]), ds('b', 'calico/node:v2.6.0', [])]), '2 DaemonSets and their 1 pod(s) run v2.5.1, v2.6.0');
});

test('vacuousNamespace: a DaemonSet in -n, or Calico\'s own data there (its ClusterGUID), is a Calico installation; nothing else is', () => {
  const gc = (name: string, namespace: string) => ({ apiVersion: 'projectcalico.org/v1', kind: 'GlobalConfig', metadata: { name: name.toLowerCase(), namespace }, spec: { name, value: '1' } });
  assert.is(vacuousNamespace(calicoPresence('kube-system', [ds('kube-system', V24, [])])), undefined);
  assert.is(vacuousNamespace(calicoPresence('calico', [], { GlobalConfig: [gc('ClusterGUID', 'calico')] })), undefined, 'calico/node scaled away: its data still marks the namespace');
  assert.is(vacuousNamespace(calicoPresence('other', [ds('kube-system', V24, [])], { GlobalConfig: [gc('ClusterGUID', 'kube-system')] })),
    'namespace other has no calico/node DaemonSet and no Calico data (calico/node runs in kube-system)');
  // A stray object in -n (someone's kubectl create in the wrong namespace) is not Calico's data.
  assert.is(vacuousNamespace(calicoPresence('default', [ds('kube-system', V24, [])], { GlobalConfig: [gc('LogSeverityScreen', 'default')], IpPool: [gc('x', 'default')] })),
    'namespace default has no calico/node DaemonSet and only 2 Calico object(s) that are not Calico\'s own data (no ClusterGUID GlobalConfig, which calico/node writes at its first start) (calico/node runs in kube-system)');
  assert.ok(vacuousNamespace(calicoPresence('default', [], { GlobalConfig: [gc('ClusterGUID', 'kube-system'), gc('LogSeverityScreen', 'default')] })), 'a ClusterGUID elsewhere does not count for -n');
  assert.match(vacuousNamespace(calicoPresence('kube-system', []))!, /^this cluster runs no Calico/);
});

test.run();
