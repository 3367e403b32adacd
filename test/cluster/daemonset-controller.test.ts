// The simulated DaemonSet controller: a template change rolls the pods as Kubernetes 1.7 does (RollingUpdate at most
// maxUnavailable at a time, OnDelete only when a pod is deleted), and setDaemonSetImage stays an instant upgrade.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startCluster, type Cluster, type KubeObject } from './index.js';
import { templateHash } from './daemonset.js';

const DS = { group: 'extensions', version: 'v1beta1', resource: 'daemonsets' };
const PODS = { group: '', version: 'v1', resource: 'pods' };
const dsRef = { ...DS, namespace: 'kube-system', name: 'calico-node' };
const V251 = 'quay.io/calico/node:v2.5.1';

const calicoPods = (c: Cluster) => c.state.list(PODS, 'kube-system').filter((p) => p.metadata.name.startsWith('calico-node-'));
const image = (p: KubeObject) => p.spec.containers.find((x: any) => x.name === 'calico-node').image as string;
const isReady = (p: KubeObject) => p.status?.conditions?.some((x: any) => x.type === 'Ready' && x.status === 'True');
const byNode = (pods: KubeObject[]) => Object.fromEntries(pods.map((p) => [p.spec.nodeName, p.metadata.name]));

/** A template change as `kubectl set image` makes it: the stored DaemonSet, new image, written back (no setDaemonSetImage). */
function changeTemplate(c: Cluster, img: string, edit?: (ds: any) => void): void {
  const ds = c.state.get(dsRef)!;
  ds.spec.template.spec.containers.find((x: any) => x.name === 'calico-node').image = img;
  edit?.(ds);
  c.state.update(dsRef, ds);
}

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const rolledOut = (c: Cluster) => {
  const ds = c.state.get(dsRef)!;
  return ds.status.observedGeneration === ds.metadata.generation && ds.status.updatedNumberScheduled === 4 && ds.status.numberAvailable === 4;
};

/** The most nodes without a Ready calico-node pod at any moment, from the pod watch (every event is a moment). */
function watchUnavailable(c: Cluster): { max: () => number; stop: () => void } {
  const pods = new Map<string, KubeObject>();
  for (const p of calicoPods(c)) pods.set(p.metadata.name, p);
  let max = 0;
  const stop = c.state.watch('/pods', Number(c.state.resourceVersion), (e) => {
    if (e.type === 'DELETED') pods.delete(e.object.metadata.name); else pods.set(e.object.metadata.name, e.object);
    const readyNodes = new Set([...pods.values()].filter(isReady).map((p) => p.spec.nodeName));
    max = Math.max(max, 4 - readyNodes.size);
  });
  return { max: () => max, stop };
}

test('RollingUpdate: a template change replaces every pod, on the same nodes, one at a time (maxUnavailable 1)', async () => {
  const c = await startCluster({ scenario: 'calico-v2.4' });
  try {
    const before = calicoPods(c);
    const seen = watchUnavailable(c);
    changeTemplate(c, V251);
    await until('the rollout', () => rolledOut(c));
    seen.stop();
    const after = calicoPods(c);
    const ds = c.state.get(dsRef)!;
    assert.is(after.length, 4);
    assert.ok(after.every((p) => image(p) === V251 && isReady(p) && p.status.phase === 'Running'), 'every pod runs v2.5.1 and is Ready');
    assert.equal(Object.keys(byNode(after)).sort(), Object.keys(byNode(before)).sort(), 'one pod per node, the same nodes');
    assert.ok(after.every((p) => !before.some((b) => b.metadata.name === p.metadata.name)), 'every pod was replaced (new names)');
    assert.ok(after.every((p) => /^calico-node-[bcdfghjklmnpqrstvwxz2456789]{5}$/.test(p.metadata.name)), after.map((p) => p.metadata.name).join(' '));
    assert.ok(after.every((p) => p.metadata.labels!['pod-template-generation'] === '2' && p.metadata.labels!['controller-revision-hash'] === templateHash(ds.spec.template)));
    assert.ok(after.every((p) => (p.metadata.ownerReferences as any[])[0].uid === ds.metadata.uid));
    assert.is(ds.metadata.generation, 2);
    assert.is(ds.spec.templateGeneration, 2);
    assert.equal(ds.status, { currentNumberScheduled: 4, desiredNumberScheduled: 4, numberAvailable: 4, numberMisscheduled: 0, numberReady: 4, observedGeneration: 2, updatedNumberScheduled: 4 });
    assert.is(seen.max(), 1, 'never more than maxUnavailable nodes without a Ready pod');
  } finally { await c.stop(); }
});

test('RollingUpdate: maxUnavailable 50% of 4 nodes takes two pods down at a time, never three', async () => {
  const c = await startCluster({ scenario: 'calico-v2.4', podReadyDelayMs: 100 });
  try {
    const seen = watchUnavailable(c);
    changeTemplate(c, V251, (ds) => { ds.spec.updateStrategy.rollingUpdate.maxUnavailable = '50%'; });
    await until('the rollout', () => rolledOut(c));
    seen.stop();
    assert.is(seen.max(), 2);
  } finally { await c.stop(); }
});

test('the same scenario rolls to the same pod names (seeded); a pod becomes Ready after podReadyDelayMs', async () => {
  const names: string[][] = [];
  for (const podReadyDelayMs of [20, 300]) {
    const c = await startCluster({ scenario: 'calico-v2.4', podReadyDelayMs });
    try {
      const started = Date.now();
      changeTemplate(c, V251);
      await until('a new pod', () => calicoPods(c).some((p) => p.metadata.labels!['pod-template-generation'] === '2'));
      const fresh = calicoPods(c).find((p) => p.metadata.labels!['pod-template-generation'] === '2')!;
      assert.is(fresh.status.phase, 'Pending');
      assert.not.ok(isReady(fresh));
      await until('the rollout', () => rolledOut(c));
      if (podReadyDelayMs === 300) assert.ok(Date.now() - started >= 4 * 300, 'four pods, one at a time, 300 ms each');
      names.push(calicoPods(c).map((p) => p.metadata.name).sort());
    } finally { await c.stop(); }
  }
  assert.equal(names[0], names[1]);
});

test('minReadySeconds: a Ready pod counts as available only once it has been Ready that long', async () => {
  const c = await startCluster({ scenario: 'calico-v2.4', podReadyDelayMs: 20 });
  try {
    changeTemplate(c, V251, (ds) => { ds.spec.minReadySeconds = 2; ds.spec.updateStrategy.rollingUpdate.maxUnavailable = 4; });
    await until('every new pod Ready', () => calicoPods(c).filter((p) => isReady(p) && image(p) === V251).length === 4);
    const readyAt = Date.now();
    await until('the status to count them Ready', () => c.state.get(dsRef)!.status.numberReady === 4);
    const ds = c.state.get(dsRef)!;
    assert.equal([ds.status.numberReady, ds.status.updatedNumberScheduled, ds.status.numberAvailable], [4, 4, undefined], 'numberAvailable 0 is omitted, as 1.7 serves it');
    await until('the rollout', () => rolledOut(c));
    // lastTransitionTime has a one-second resolution, as the API server's: available between 1 and 2 s after Ready.
    const waited = Date.now() - readyAt;
    assert.ok(waited >= 900 && waited < 5000, `available ${waited} ms after Ready`);
  } finally { await c.stop(); }
});

test('OnDelete: a template change leaves the pods alone; a deleted pod comes back on its node with the new template', async () => {
  const c = await startCluster({ scenario: 'calico-v2.4' });
  try {
    changeTemplate(c, V251, (ds) => { ds.spec.updateStrategy = { type: 'OnDelete' }; });
    const before = calicoPods(c);
    await until('the new generation observed', () => c.state.get(dsRef)!.status.observedGeneration === 2);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(calicoPods(c).map((p) => p.metadata.name).sort(), before.map((p) => p.metadata.name).sort(), 'no pod replaced');
    assert.is(c.state.get(dsRef)!.status.updatedNumberScheduled, undefined, 'updatedNumberScheduled 0 is omitted, as 1.7 serves it');

    const victim = before[0]!;
    c.state.delete({ ...PODS, namespace: 'kube-system', name: victim.metadata.name });
    await until('the replacement Ready', () => calicoPods(c).some((p) => p.spec.nodeName === victim.spec.nodeName && isReady(p)));
    const now = calicoPods(c);
    const replacement = now.find((p) => p.spec.nodeName === victim.spec.nodeName)!;
    assert.is.not(replacement.metadata.name, victim.metadata.name);
    assert.is(image(replacement), V251);
    assert.is(replacement.metadata.labels!['pod-template-generation'], '2');
    assert.equal(now.filter((p) => p !== replacement).map(image), [0, 1, 2].map(() => 'quay.io/calico/node:v2.4.1'), 'the others still run v2.4.1');
    await until('the status', () => c.state.get(dsRef)!.status.updatedNumberScheduled === 1);
  } finally { await c.stop(); }
});

test('setDaemonSetImage is instant: same pods, new image and labels, status rolled out; the controller has nothing to do', async () => {
  const c = await startCluster({ scenario: 'calico-v2.4' });
  try {
    const before = calicoPods(c).map((p) => p.metadata.name).sort();
    c.state.setDaemonSetImage('kube-system', 'calico-node', 'calico-node', V251);
    assert.ok(rolledOut(c));
    await new Promise((r) => setTimeout(r, 300));
    const after = calicoPods(c);
    assert.equal(after.map((p) => p.metadata.name).sort(), before);
    assert.ok(after.every((p) => image(p) === V251 && p.metadata.labels!['pod-template-generation'] === '2'));
    assert.is(c.state.get(dsRef)!.spec.templateGeneration, 2);
  } finally { await c.stop(); }
});

test('templateGeneration: 1 on create, +1 only when the template changes (whatever the client sends); none in modern mode', async () => {
  const c = await startCluster({ scenario: 'calico-v2.4' });
  try {
    assert.is(c.state.get(dsRef)!.spec.templateGeneration, 1);
    const ds = c.state.get(dsRef)!;
    ds.spec.templateGeneration = 7;
    ds.spec.minReadySeconds = 0;
    c.state.update(dsRef, ds);
    const stored = c.state.get(dsRef)!;
    assert.is(stored.spec.templateGeneration, 1);
    assert.is(stored.metadata.generation, 2, 'a spec change is a new generation');
  } finally { await c.stop(); }
  const m = await startCluster({ scenario: 'calico-v2.4', mode: 'modern' });
  try {
    assert.is(m.state.get({ group: 'apps', version: 'v1', resource: 'daemonsets', namespace: 'kube-system', name: 'calico-node' })!.spec.templateGeneration, undefined);
  } finally { await m.stop(); }
});

test('the update strategy defaults as the version written through does: OnDelete in extensions, RollingUpdate (maxUnavailable 1) in apps', async () => {
  const bare = (name: string): KubeObject => ({ apiVersion: 'extensions/v1beta1', kind: 'DaemonSet', metadata: { name, namespace: 'kube-system' },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'busybox' }] } } } });
  const c = await startCluster({ scenario: 'empty-1.7' });
  try {
    assert.equal(c.state.create({ ...DS, namespace: 'kube-system' }, bare('a')).spec.updateStrategy, { type: 'OnDelete' });
  } finally { await c.stop(); }
  const m = await startCluster({ scenario: 'empty-1.7', mode: 'modern' });
  try {
    const apps = { group: 'apps', version: 'v1', resource: 'daemonsets', namespace: 'kube-system' };
    assert.equal(m.state.create(apps, { ...bare('b'), apiVersion: 'apps/v1' }).spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } });
  } finally { await m.stop(); }
});

test.run();
