// cleanup finishes the node-peer job: once calico/node v2.5 runs everywhere and the TPRs are gone, the TPR-era key of
// the IPv6 node-scoped peer on k8s-node-2 (superseded by the v2.5 key migrate added) goes, guarded by the Node's
// resourceVersion; restore --target tpr and rollback put it back from the backup.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import type { Cluster } from '../cluster/index.js';
import { withCluster, type ClusterCli } from '../support/harness.js';
import { nonReviewWrites } from '../support/state.js';
import { CALICO_V24_RULES } from '../cluster/scenarios/rbac-data.js';

const NODE = { group: '', version: 'v1', resource: 'nodes', name: 'k8s-node-2' };
const OLD = 'peer.bgp.projectcalico.org/aa-bb--ff';
const NEW = 'peer.bgp.projectcalico.org/00aa-00bb-0000-0000-0000-0000-0000-00ff';
const VALUE = '{"ip":"aa:bb::ff","as_num":"64514"}';
const V251 = 'quay.io/calico/node:v2.5.1';
const node2 = (c: Cluster) => c.state.get(NODE)! as any;
const ROLE = { group: 'rbac.authorization.k8s.io', version: 'v1beta1', resource: 'clusterroles', name: 'calico-node' };
const nodeWrites = (c: Cluster) => nonReviewWrites(c).filter((w) => w.includes('/api/v1/nodes/'));

/** backup → migrate → calico/node v2.5.1: what cleanup starts from. */
async function migrated(c: Cluster, cli: ClusterCli, dir: string): Promise<string> {
  const backup = path.join(dir, 'bk');
  assert.is((await cli('backup', '-d', backup)).code, 0);
  assert.is((await cli('migrate')).code, 0);
  c.state.setDaemonSetImage('kube-system', 'calico-node', 'calico-node', V251);
  assert.equal([node2(c).metadata.annotations[OLD], node2(c).metadata.annotations[NEW]], [VALUE, VALUE], 'migrate left both keys');
  return backup;
}

test('cleanup removes the superseded key after the TPR deletes and keeps everything else on the Node; a re-run writes nothing', () => withCluster('calico-v2.4', async (c, cli, dir) => {
  const backup = await migrated(c, cli, dir);
  const before = node2(c);
  const others = c.state.list({ group: '', version: 'v1', resource: 'nodes' }).filter((n) => n.metadata.name !== 'k8s-node-2');
  const r = await cli('cleanup', '--backup', backup, '-y');
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /k8s-node-2\s+peer\.bgp\.projectcalico\.org\/aa-bb--ff\s+removed/);
  assert.match(r.stdout, /Removed 1 TPR-era IPv6 node-peer annotation key\(s\) that migrate superseded, from 1 Node\(s\)/);
  const after = node2(c);
  const { [OLD]: gone, ...kept } = before.metadata.annotations;
  assert.is(gone, VALUE);
  assert.equal(after.metadata.annotations, kept, 'only the old key went; the v2.5 key and every other annotation stay');
  assert.equal({ ...after, metadata: { ...after.metadata, annotations: {}, resourceVersion: '' } }, { ...before, metadata: { ...before.metadata, annotations: {}, resourceVersion: '' } });
  assert.equal(c.state.list({ group: '', version: 'v1', resource: 'nodes' }).filter((n) => n.metadata.name !== 'k8s-node-2'), others, 'no other Node touched');
  const writes = nonReviewWrites(c);
  const patch = writes.lastIndexOf('PATCH /api/v1/nodes/k8s-node-2');
  const lastDelete = Math.max(...writes.map((w, n) => (w.startsWith('DELETE /apis/extensions/v1beta1/thirdpartyresources/') ? n : -1)));
  assert.ok(lastDelete >= 0 && patch > lastDelete, 'after every TPR delete');
  assert.is(writes.filter((w) => w.startsWith('PATCH /api/v1/nodes/')).length, 2, 'migrate\'s patch and cleanup\'s');

  const again = await cli('cleanup', '--backup', backup, '-y', '-o', 'json');
  assert.is(again.code, 0, again.stderr);
  assert.equal(JSON.parse(again.stdout).nodePeerKeys, []);
  assert.is(nonReviewWrites(c).length, writes.length, 'a re-run writes nothing');
}));

test('-o json lists each key; a Node changed between cleanup\'s read and its write is left alone (exit 1), and a re-run removes the key', () => withCluster('calico-v2.4', async (c, cli, dir) => {
  const backup = await migrated(c, cli, dir);
  // Another writer (kubelet, an operator) changes the Node right before cleanup's patch arrives.
  const writer = c.onRequest({ method: 'PATCH', path: '/api/v1/nodes/k8s-node-2' }, (store) => {
    const n = structuredClone(store.get(NODE)!) as any;
    n.metadata.labels = { ...n.metadata.labels, 'example.com/edited': 'yes' };
    store.update(NODE, n);
  });
  const sent = c.requests.length;
  const r = await cli('cleanup', '--backup', backup, '-y', '-o', 'json');
  assert.is(writer.fired, 1);
  assert.is(r.code, 1, r.stdout + r.stderr);
  const data = JSON.parse(r.stdout);
  assert.equal(data.nodePeerKeys, [{ node: 'k8s-node-2', key: OLD, result: 'conflict', detail: 'the Node changed since cleanup read it: left alone; re-run cleanup to re-plan' }]);
  assert.is(node2(c).metadata.annotations[OLD], VALUE, 'never a blind write');
  assert.is(node2(c).metadata.labels['example.com/edited'], 'yes');
  const patches = c.requests.slice(sent).filter((q) => q.method === 'PATCH' && q.path === '/api/v1/nodes/k8s-node-2');
  assert.ok(patches.length > 0 && patches.every((q) => q.status === 409), 'the guarded patch was sent and refused: none landed');

  const table = await cli('cleanup', '--backup', backup);
  assert.is(table.code, 2, 'the re-run asks first, and without a terminal refuses');
  assert.is(node2(c).metadata.annotations[OLD], VALUE);
  const rerun = await cli('cleanup', '--backup', backup, '-y');
  assert.is(rerun.code, 0, rerun.stdout + rerun.stderr);
  assert.match(rerun.stdout, /k8s-node-2\s+peer\.bgp\.projectcalico\.org\/aa-bb--ff\s+removed/);
  assert.is(node2(c).metadata.annotations[OLD], undefined);
  assert.is(node2(c).metadata.labels['example.com/edited'], 'yes');
}));

test('a patch that landed but whose answer was cut is recognised as cleanup\'s own on the retry: removed, not a conflict', () => withCluster('calico-v2.4', async (c, cli, dir) => {
  const backup = await migrated(c, cli, dir);
  c.setFaults({ failNthWriteAfterApply: 1, only: (q) => q.method === 'PATCH' && q.path === '/api/v1/nodes/k8s-node-2' });
  const r = await cli('cleanup', '--backup', backup, '-y', '-o', 'json');
  assert.ok(c.requests.some((q) => q.fault === 'reset-after-apply'), 'the answer was cut');
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.equal(JSON.parse(r.stdout).nodePeerKeys.map((k: any) => k.result), ['removed']);
  assert.is(node2(c).metadata.annotations[OLD], undefined);
}));

test('calico/node found below v2.5 right before the Node write keeps the key (exit 1)', () => withCluster('calico-v2.4', async (c, cli, dir) => {
  const backup = await migrated(c, cli, dir);
  // Rolled back to v2.4 while cleanup deletes the last TPR.
  c.onRequest({ method: 'DELETE', path: /\/thirdpartyresources\/global-bgp-peer\.projectcalico\.org$/, phase: 'after' }, (store) => {
    const ref = { group: 'extensions', version: 'v1beta1', resource: 'daemonsets', namespace: 'kube-system', name: 'calico-node' };
    const ds = structuredClone(store.get(ref)!) as any;
    ds.spec.template.spec.containers.find((x: any) => x.name === 'calico-node').image = 'quay.io/calico/node:v2.4.1';
    store.update(ref, ds);
  });
  const r = await cli('cleanup', '--backup', backup, '-y');
  assert.is(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /Kept the superseded IPv6 node-peer keys: calico\/node does not run v2\.5 or later: DaemonSet kube-system\/calico-node runs quay\.io\/calico\/node:v2\.4\.1/);
  assert.is(node2(c).metadata.annotations[OLD], VALUE);
  assert.equal(nodeWrites(c).filter((w) => w.startsWith('PATCH')).length, 1, 'only migrate\'s patch');
}));

/** After cleanup, the way back: calico/node v2.4 again, and its role's TPR rules (cleanup revoked them). */
async function backToV24(c: Cluster, cli: ClusterCli): Promise<void> {
  c.state.setDaemonSetImage('kube-system', 'calico-node', 'calico-node', 'quay.io/calico/node:v2.4.1');
  assert.is((await cli('rbac', '-y')).code, 0);
}

test('restore --target tpr after cleanup puts the key back from the backup (its dry-run shows it, writing nothing); a re-run sends no Node write', () => withCluster('calico-v2.4', async (c, cli, dir) => {
  const backup = await migrated(c, cli, dir);
  const migratedNode = node2(c).metadata.annotations;
  assert.is((await cli('cleanup', '--backup', backup, '-y')).code, 0);
  await backToV24(c, cli);
  const writes = nodeWrites(c).length;
  const dry = await cli('restore', '--backup', backup, '--dry-run');
  assert.is(dry.code, 0, dry.stdout + dry.stderr);
  assert.match(dry.stdout, /k8s-node-2\s+peer\.bgp\.projectcalico\.org\/aa-bb--ff\s+would restore/);
  assert.match(dry.stdout, /Would put back 1 TPR-era IPv6 node-peer annotation key\(s\) that cleanup removed, on 1 Node\(s\)/);
  assert.is(nodeWrites(c).length, writes, 'the dry-run writes nothing');
  assert.is(node2(c).metadata.annotations[OLD], undefined);

  const r = await cli('restore', '--backup', backup, '-o', 'json');
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.equal(JSON.parse(r.stdout).nodePeerKeys, [{ node: 'k8s-node-2', key: OLD, result: 'restored', detail: 'from the backup; its v2.5 key holds the same peer' }]);
  assert.equal(JSON.parse(r.stdout).nodeAnnotations, [], 'nothing of the backup missing any more');
  assert.equal(node2(c).metadata.annotations, migratedNode, 'the Node as migrate left it: both keys');
  const again = await cli('restore', '--backup', backup);
  assert.is(again.code, 0, again.stderr);
  assert.is(nodeWrites(c).length, writes + 1, 'a re-run sends no Node write');
}));

test('rollback --backup puts back a key cleanup removed while the v2.5 key goes, in one guarded patch: the Node as before migrate', () => withCluster('calico-v2.4', async (c, cli, dir) => {
  const beforeMigrate = node2(c).metadata.annotations;
  const backup = await migrated(c, cli, dir);
  assert.is((await cli('cleanup', '--backup', backup, '-y')).code, 0);
  c.state.setDaemonSetImage('kube-system', 'calico-node', 'calico-node', 'quay.io/calico/node:v2.4.1');
  // calico/node's role as the backup holds it (what happens to roles on the way back is another test's subject).
  c.state.update(ROLE, { ...c.state.get(ROLE)!, rules: structuredClone(CALICO_V24_RULES) });
  // restore brings the TPRs back but meets a second writer on the Node: the key stays out (reported, exit 1).
  c.onRequest({ method: 'PATCH', path: '/api/v1/nodes/k8s-node-2' }, (store) => {
    const n = structuredClone(store.get(NODE)!) as any;
    n.metadata.labels = { ...n.metadata.labels, 'example.com/edited': 'yes' };
    store.update(NODE, n);
  });
  const restored = await cli('restore', '--backup', backup);
  assert.is(restored.code, 1, restored.stdout + restored.stderr);
  assert.match(restored.stdout, /k8s-node-2\s+peer\.bgp\.projectcalico\.org\/aa-bb--ff\s+conflict\s+the Node changed since restore read it/);
  assert.is(node2(c).metadata.annotations[OLD], undefined);

  const dry = await cli('rollback', '--backup', backup, '--dry-run', '-o', 'json');
  assert.is(dry.code, 0, dry.stdout + dry.stderr);
  assert.equal(JSON.parse(dry.stdout).nodes, [{ node: 'k8s-node-2', removed: [NEW], restored: [OLD], result: 'would remove' }]);
  const writes = nodeWrites(c).length;
  const r = await cli('rollback', '--backup', backup, '-y');
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /1 TPR-era node-peer key\(s\) put back from the backup/);
  assert.equal(node2(c).metadata.annotations, beforeMigrate);
  assert.equal(nodeWrites(c).slice(writes), ['PATCH /api/v1/nodes/k8s-node-2']);
  const again = await cli('rollback', '--backup', backup, '-y');
  assert.is(again.code, 0, again.stderr);
  assert.is(nodeWrites(c).length, writes + 1, 'a re-run sends no Node write');
}));

test.run();
