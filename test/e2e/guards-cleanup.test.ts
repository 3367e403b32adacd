// cleanup's guards are cluster-wide, never vacuous, and asked again right before anything is deleted: every calico/node
// DaemonSet in every namespace and every pod; -n pointing at no Calico refuses (--force included); an object written
// while the guards run or the prompt waits stops the deletion, and once something is deleted the exit code says so.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startCluster, type Cluster } from '../cluster/index.js';
import { runCli } from '../support/cli.js';
import { addCalicoNodeDaemonSet, setOnDelete, setOnePodImage } from '../support/calico-nodes.js';

const TPR_LIST = { group: 'extensions', version: 'v1beta1', resource: 'thirdpartyresources' };
const V24 = 'quay.io/calico/node:v2.4.1';
const V25 = 'quay.io/calico/node:v2.5.1';
const IPPOOLS_ALL = '/apis/projectcalico.org/v1/ippools';

type Run = (...argv: string[]) => ReturnType<typeof runCli>;

/** backup → migrate (→ calico/node v2.5 in kube-system), then `fn`. */
async function prepared(fn: (c: Cluster, run: Run, backup: string) => Promise<void>, opts: { upgrade?: boolean; migrate?: boolean; snp?: boolean } = {}): Promise<void> {
  const c = await startCluster({ scenario: 'calico-v2.4' });
  const run: Run = (...argv) => runCli(['--kubeconfig', c.kubeconfigPath, ...argv]);
  const backup = path.join(mkdtempSync(path.join(tmpdir(), 'guards-cleanup-')), 'backup');
  try {
    assert.is((await run('backup', '-d', backup)).code, 0);
    if (opts.migrate !== false) assert.is((await run('migrate', ...(opts.snp === false ? [] : ['--include-snp']))).code, 0);
    if (opts.upgrade !== false) c.state.setDaemonSetImage('kube-system', 'calico-node', 'calico-node', V25);
    await fn(c, run, backup);
  } finally {
    await c.stop();
  }
}
const tprNames = (c: Cluster): string[] => c.state.list(TPR_LIST).map((t) => t.metadata.name).sort();
const tprDeletes = (c: Cluster): number => c.requests.filter((r) => r.method === 'DELETE' && r.path.includes('thirdpartyresources')).length;

function newPool(namespace: string) {
  return { apiVersion: 'projectcalico.org/v1', kind: 'IpPool', metadata: { name: '10-99-0-0-16', namespace },
    spec: { value: JSON.stringify({ cidr: '10.99.0.0/16', masquerade: true, ipam: true, disabled: false }) } };
}
const IPPOOL_TPR = (namespace: string) => ({ group: 'projectcalico.org', version: 'v1', resource: 'ippools', namespace });

test('calico/node v2.4 in a second DaemonSet in another namespace refuses (exit 2), deleting nothing', () => prepared(async (c, run, backup) => {
  addCalicoNodeDaemonSet(c, 'calico-canary', V24);
  const r = await run('cleanup', '--backup', backup, '-y');
  assert.is(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /calico\/node does not run v2\.5 or later yet: DaemonSet calico-canary\/calico-node runs quay\.io\/calico\/node:v2\.4\.1/);
  assert.is(tprNames(c).length, 5);
  assert.is(tprDeletes(c), 0);
}));

test('OnDelete: the template runs v2.5 but one pod still runs v2.4 — refused (exit 2), naming the pod', () => prepared(async (c, run, backup) => {
  setOnDelete(c);
  const pod = setOnePodImage(c, V24);
  const r = await run('cleanup', '--backup', backup, '-y');
  assert.is(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, new RegExp(`pod kube-system/${pod} runs quay\\.io/calico/node:v2\\.4\\.1`));
  assert.is(tprNames(c).length, 5);
}));

test('-n at a namespace with no calico/node and no Calico data refuses (exit 2), --force included, deleting nothing', () => prepared(async (c, run, backup) => {
  for (const argv of [['-n', 'other'], ['-n', 'other', '--force'], ['-n', 'kube-public', '--force']]) {
    const r = await run('cleanup', '--backup', backup, '-y', ...argv);
    assert.is(r.code, 2, `${argv.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /refusing to write: namespace (other|kube-public) has no calico\/node DaemonSet and no Calico data \(calico\/node runs in kube-system\)/);
  }
  assert.is(tprNames(c).length, 5);
  assert.is(tprDeletes(c), 0);
}, { migrate: false, upgrade: false }));

test('an object written while the guards run (before the prompt is answered) is seen by the second pass: refused (exit 2), nothing deleted', () => prepared(async (c, run, backup) => {
  const writer = c.onRequest({ method: 'GET', path: IPPOOLS_ALL, phase: 'after' }, (store) => { store.create(IPPOOL_TPR('default'), newPool('default')); });
  const r = await run('cleanup', '--backup', backup, '-y');
  assert.is(writer.fired, 1);
  assert.is(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /IpPool default\/10-99-0-0-16 \(not in the backup\)/);
  assert.is(tprNames(c).length, 5);
  assert.is(tprDeletes(c), 0);
}));

test('an object written while the terminal prompt waits is seen by the guards that run after the answer: exit 2, nothing deleted', () => prepared(async (c, _run, backup) => {
  let asked = '';
  const r = await runCli(['--kubeconfig', c.kubeconfigPath, 'cleanup', '--backup', backup], { answer: (question) => {
    asked = question;
    c.state.create(IPPOOL_TPR('kube-system'), newPool('kube-system'));
    return 'y';
  } });
  assert.match(asked, /^Delete 5 ThirdPartyResources/);
  assert.is(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /the backup does not hold the live TPR data: IpPool kube-system\/10-99-0-0-16 \(not in the backup\)/);
  assert.is(tprDeletes(c), 0);
}));

test('an object written after the guards, before its TPR is deleted, stops the cleanup there: exit 1 and a summary of what was deleted, never 2', () => prepared(async (c, run, backup) => {
  // The second guard pass lists the IpPools; the object lands right after it, before the per-kind re-list.
  const writer = c.onRequest({ method: 'GET', path: IPPOOLS_ALL, phase: 'after', skip: 1 }, (store) => { store.create(IPPOOL_TPR('default'), newPool('default')); });
  const r = await run('cleanup', '--backup', backup, '-y', '-o', 'json');
  assert.is(writer.fired, 1);
  assert.is(r.code, 1, r.stdout + r.stderr);
  const report = { data: JSON.parse(r.stdout) as { deleted: string[]; notDeleted: string[] } };
  assert.equal(report.data.deleted, ['global-config.projectcalico.org']);
  assert.equal(report.data.notDeleted, ['ip-pool.projectcalico.org', 'global-bgp-config.projectcalico.org', 'global-bgp-peer.projectcalico.org', 'system-network-policy.alpha.projectcalico.org']);
  assert.equal(tprNames(c), ['global-bgp-config.projectcalico.org', 'global-bgp-peer.projectcalico.org', 'ip-pool.projectcalico.org', 'system-network-policy.alpha.projectcalico.org']);
  assert.ok(c.state.get({ ...IPPOOL_TPR('default'), name: '10-99-0-0-16' }), 'the new object survives');
  const table = await run('cleanup', '--backup', backup, '-y');
  assert.is(table.code, 2, 'a re-run with the stale backup refuses before deleting anything more');
  assert.match(table.stderr, /IpPool default\/10-99-0-0-16 \(not in the backup\)/);
}));

test('an object written into the first kind right before its TPR is deleted: refused (exit 2), nothing deleted', () => prepared(async (c, run, backup) => {
  const gc = { group: 'projectcalico.org', version: 'v1', resource: 'globalconfigs', namespace: 'kube-system' };
  const writer = c.onRequest({ method: 'GET', path: '/apis/projectcalico.org/v1/globalconfigs', phase: 'after', skip: 1 }, (store) => {
    store.create(gc, { apiVersion: 'projectcalico.org/v1', kind: 'GlobalConfig', metadata: { name: 'latekey', namespace: 'kube-system' }, spec: { name: 'LateKey', value: '1' } });
  });
  const r = await run('cleanup', '--backup', backup, '-y');
  assert.is(writer.fired, 1);
  assert.is(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /global-config\.projectcalico\.org are in neither the backup nor the CRDs \(GlobalConfig kube-system\/latekey\); nothing was deleted/);
  assert.is(tprNames(c).length, 5);
  assert.is(tprDeletes(c), 0);
}));

test('an object not in the backup but already in the CRDs (as Calico v2.5 reads it) does not stop the cleanup', () => prepared(async (c, run, backup) => {
  // Written with its CRD copy (as migrate writes it) as the per-kind re-list arrives (after both guard passes).
  const writer = c.onRequest({ method: 'GET', path: IPPOOLS_ALL, skip: 2 }, (store) => {
    store.create(IPPOOL_TPR('kube-system'), newPool('kube-system'));
    store.create({ group: 'crd.projectcalico.org', version: 'v1', resource: 'ippools' },
      { apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', metadata: { name: '10-99-0-0-16' }, spec: { cidr: '10.99.0.0/16', 'nat-outgoing': true } });
  });
  const r = await run('cleanup', '--backup', backup, '-y');
  assert.is(writer.fired, 1);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.equal(tprNames(c), []);
}));

test('an API error after the first deletion: exit 3, naming what was deleted', () => prepared(async (c, run, backup) => {
  // An impersonated user whose rights are withdrawn right after the first TPR is deleted.
  c.state.create({ group: 'rbac.authorization.k8s.io', version: 'v1beta1', resource: 'clusterroles' },
    { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kind: 'ClusterRole', metadata: { name: 'all' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, { nonResourceURLs: ['*'], verbs: ['*'] }] });
  const binding = { group: 'rbac.authorization.k8s.io', version: 'v1beta1', resource: 'clusterrolebindings' };
  c.state.create(binding, { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kind: 'ClusterRoleBinding', metadata: { name: 'ops-all' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'all' }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'ops' }] });
  c.onRequest({ method: 'DELETE', path: /thirdpartyresources/, phase: 'after' }, (store) => { store.delete({ ...binding, name: 'ops-all' }); });
  const r = await run('cleanup', '--backup', backup, '-y', '--as', 'ops');
  assert.is(r.code, 3, r.stdout + r.stderr);
  assert.match(r.stderr, /cleanup stopped after deleting global-config\.projectcalico\.org: Forbidden/);
  assert.not.match(r.stderr, /nothing was/);
  assert.is(tprNames(c).length, 4);
}));

test('the second guard pass never deletes more than the prompt named: SNPs migrated meanwhile keep their TPR', () => prepared(async (c, run, backup) => {
  const writer = c.onRequest({ method: 'GET', path: '/apis/crd.projectcalico.org/v1/globalnetworkpolicies', phase: 'after' }, (store) => {
    store.create({ group: 'crd.projectcalico.org', version: 'v1', resource: 'globalnetworkpolicies' }, { apiVersion: 'crd.projectcalico.org/v1', kind: 'GlobalNetworkPolicy',
      metadata: { name: 'allow-all-calico-policy' }, spec: { order: 0, ingress: [{ action: 'allow' }], egress: [{ action: 'allow' }] } });
  });
  const r = await run('cleanup', '--backup', backup, '-y');
  assert.is(writer.fired, 1);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.equal(tprNames(c), ['system-network-policy.alpha.projectcalico.org']);
  assert.match(r.stderr, /warning: kept system-network-policy\.alpha\.projectcalico\.org: it was not named when you confirmed; re-run cleanup to delete it/);
}, { snp: false }));

test('the backup must hold live data of every namespace: an object added to another namespace after the backup refuses (exit 2)', () => prepared(async (c, run, backup) => {
  c.state.create(IPPOOL_TPR('default'), newPool('default'));
  const r = await run('cleanup', '--backup', backup, '-y');
  assert.is(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /the backup does not hold the live TPR data: IpPool default\/10-99-0-0-16 \(not in the backup\)/);
  assert.is(tprNames(c).length, 5);
}));

test.run();
