// rollback's guards: calico/node v2.5 anywhere (any DaemonSet in any namespace, template or pod) refuses; -n pointing
// at no Calico refuses; calico/node is asked again after the prompt; each CR is read again right before it is
// deleted (changed → kept, exit 1) and a CRD is deleted only if a list right before shows it empty.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startCluster, type Cluster } from '../cluster/index.js';
import { runCli } from '../support/cli.js';
import { addCalicoNodeDaemonSet, setOnDelete, setOnePodImage } from '../support/calico-nodes.js';
import { calicoCrs, nonReviewWrites } from '../support/state.js';

const CRDS = { group: 'apiextensions.k8s.io', version: 'v1beta1', resource: 'customresourcedefinitions' };
const CR = (resource: string, name: string) => ({ group: 'crd.projectcalico.org', version: 'v1', resource, name });
const V25 = 'quay.io/calico/node:v2.5.1';
type Run = (...argv: string[]) => ReturnType<typeof runCli>;

async function migrated(fn: (c: Cluster, run: Run) => Promise<void>): Promise<void> {
  const c = await startCluster();
  const run: Run = (...argv) => runCli(['--kubeconfig', c.kubeconfigPath, ...argv]);
  try {
    assert.is((await run('migrate')).code, 0);
    await fn(c, run);
  } finally {
    await c.stop();
  }
}
const crdCount = (c: Cluster): number => c.state.list(CRDS).length;
const crDeletes = (c: Cluster): number => c.requests.filter((r) => r.method === 'DELETE').length;

test('OnDelete: the template is back on v2.4 but a pod still runs v2.5 — refused (exit 2), nothing deleted', () => migrated(async (c, run) => {
  setOnDelete(c);
  const pod = setOnePodImage(c, V25);
  const r = await run('rollback', '-y');
  assert.is(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, new RegExp(`pod kube-system/${pod} runs quay\\.io/calico/node:v2\\.5\\.1: Calico v2\\.5 reads the CRDs`));
  assert.is(crdCount(c), 5);
  assert.is(crDeletes(c), 0);
}));

test('calico/node v2.5 in a DaemonSet of another namespace refuses (exit 2), nothing deleted', () => migrated(async (c, run) => {
  addCalicoNodeDaemonSet(c, 'calico-canary', V25);
  const r = await run('rollback', '-y');
  assert.is(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /DaemonSet calico-canary\/calico-node runs quay\.io\/calico\/node:v2\.5\.1/);
  assert.is(crdCount(c), 5);
}));

test('-n at a namespace without Calico refuses (exit 2): while v2.5 runs in kube-system, and while v2.4 does', () => migrated(async (c, run) => {
  const v24 = await run('rollback', '-y', '-n', 'other');
  assert.is(v24.code, 2, v24.stdout + v24.stderr);
  assert.match(v24.stderr, /namespace other has no calico\/node DaemonSet and no Calico data \(calico\/node runs in kube-system\)/);
  c.state.setDaemonSetImage('kube-system', 'calico-node', 'calico-node', V25);
  const v25 = await run('rollback', '-y', '-n', 'other');
  assert.is(v25.code, 2, v25.stdout + v25.stderr);
  assert.is(crdCount(c), 5);
  assert.ok(calicoCrs(c).length >= 16);
  assert.is(crDeletes(c), 0);
}));

test('calico/node on an image tag that is not a version may be v2.5: refused (exit 2), nothing deleted', () => migrated(async (c, run) => {
  c.state.setDaemonSetImage('kube-system', 'calico-node', 'calico-node', 'quay.io/calico/node:latest');
  const r = await run('rollback', '-y');
  assert.is(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /runs quay\.io\/calico\/node:latest.*\(an image tag that is not a version may be v2\.5\)/);
  assert.is(crdCount(c), 5);
}));

test('calico/node is asked again after the prompt: upgraded to v2.5 meanwhile → refused (exit 2), nothing deleted', () => migrated(async (c, run) => {
  // The Node list is rollback's last read before the prompt: calico/node was read (v2.4) before it.
  const writer = c.onRequest({ method: 'GET', path: '/api/v1/nodes', phase: 'after' }, (store) => {
    store.setDaemonSetImage('kube-system', 'calico-node', 'calico-node', V25);
  });
  const r = await run('rollback', '-y');
  assert.is(writer.fired, 1);
  assert.is(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /DaemonSet kube-system\/calico-node runs quay\.io\/calico\/node:v2\.5\.1.*: Calico v2\.5 reads the CRDs/, r.stderr);
  assert.equal(nonReviewWrites(c).filter((w) => w.startsWith('DELETE')), []);
}));

test('a CR changed right before its deletion is read again and kept (exit 1); the rest goes', () => migrated(async (c, run) => {
  const pool = CR('ippools', '192-168-0-0-16');
  // One request at a time: the change lands while the first CR is being deleted, before the pool's turn.
  const writer = c.onRequest({ method: 'DELETE', path: /^\/apis\/crd\.projectcalico\.org\// }, (store) => {
    const now = store.get(pool)!;
    store.update(pool, { ...now, spec: { ...(now.spec as object), disabled: true } });
  });
  const r = await run('rollback', '-y', '--concurrency', '1', '-o', 'json');
  assert.is(writer.fired, 1);
  assert.is(r.code, 1, r.stdout + r.stderr);
  const data = JSON.parse(r.stdout) as { crs: Array<{ name: string; result: string; detail: string }> };
  assert.equal(data.crs.find((e) => e.name === '192-168-0-0-16'), { kind: 'IPPool', name: '192-168-0-0-16', source: 'ippools.projectcalico.org/kube-system/192-168-0-0-16', result: 'kept', detail: 'changed since it was read (resourceVersion); kept' });
  assert.ok(c.state.get(pool), 'the changed pool is still there');
  assert.ok(c.state.get({ ...CRDS, name: 'ippools.crd.projectcalico.org' }), 'and so is its CRD');
}));

test('a CR created in a CRD after the check keeps that CRD (exit 1), reported as written since it was read', () => migrated(async (c, run) => {
  const writer = c.onRequest({ method: 'DELETE', path: /^\/apis\/crd\.projectcalico\.org\// }, (store) => {
    store.create({ group: 'crd.projectcalico.org', version: 'v1', resource: 'ippools' },
      { apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', metadata: { name: '10-99-0-0-16' }, spec: { cidr: '10.99.0.0/16' } });
  });
  const r = await run('rollback', '-y', '-o', 'json');
  assert.is(writer.fired, 1);
  assert.is(r.code, 1, r.stdout + r.stderr);
  const data = JSON.parse(r.stdout) as { crds: Array<{ name: string; result: string; detail: string }> };
  const ippools = data.crds.find((e) => e.name === 'ippools.crd.projectcalico.org')!;
  assert.is(ippools.result, 'kept');
  assert.match(ippools.detail, /holds 1 object\(s\) right before its deletion/);
  assert.ok(c.state.get(CR('ippools', '10-99-0-0-16')), 'the new CR survives');
  assert.is(crdCount(c), 1, 'the other four CRDs are deleted');
}));

test.run();
