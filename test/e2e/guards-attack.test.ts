// The guards under attack: answers a guard must never read as "nothing there". A 404 from the data endpoint of a kind
// that is still defined (Kubernetes 1.7 serves TPR data asynchronously after a restart) right before a deletion is
// asked again, never taken for empty; a TPR someone else deleted meanwhile is reported as already gone. calico/node is
// asked again right before each TPR is deleted and before the TPR rules are revoked; the roles of every calico/node
// DaemonSet (a canary in another namespace with its own service account) are given, revoked and rolled back alike.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startCluster, type Cluster } from '../cluster/index.js';
import { runCli } from '../support/cli.js';
import { addCalicoNodeDaemonSet } from '../support/calico-nodes.js';
import { CALICO_V24_RULES, CALICO_V25_RULES } from '../cluster/scenarios/rbac-data.js';

const TPRS = { group: 'extensions', version: 'v1beta1', resource: 'thirdpartyresources' };
const CRDS = { group: 'apiextensions.k8s.io', version: 'v1beta1', resource: 'customresourcedefinitions' };
const IPPOOLS_ALL = '/apis/projectcalico.org/v1/ippools';
const IPPOOL_TPR = (namespace: string) => ({ group: 'projectcalico.org', version: 'v1', resource: 'ippools', namespace });
const V24 = 'quay.io/calico/node:v2.4.1';
const V25 = 'quay.io/calico/node:v2.5.1';
const ROLES = { group: 'rbac.authorization.k8s.io', version: 'v1beta1', resource: 'clusterroles' };
const rulesOf = (c: Cluster, name: string) => (c.state.get({ ...ROLES, name }) as unknown as { rules: unknown[] }).rules;
type Run = (...argv: string[]) => ReturnType<typeof runCli>;

async function onCluster(fn: (c: Cluster, run: Run) => Promise<void>): Promise<void> {
  const c = await startCluster({ scenario: 'calico-v2.4' });
  const run: Run = (...argv) => runCli(['--kubeconfig', c.kubeconfigPath, ...argv]);
  try { await fn(c, run); } finally { await c.stop(); }
}

/** backup → migrate → calico/node v2.5: the cluster as cleanup expects it. Returns the backup directory. */
async function readyForCleanup(c: Cluster, run: Run): Promise<string> {
  const backup = path.join(mkdtempSync(path.join(tmpdir(), 'guards-attack-')), 'backup');
  assert.is((await run('backup', '-d', backup)).code, 0);
  assert.is((await run('migrate', '--include-snp')).code, 0);
  c.state.setDaemonSetImage('kube-system', 'calico-node', 'calico-node', V25);
  return backup;
}

/** GETs of `path` number `nth` … `nth + times - 1` answer 404, as a data endpoint not served (yet) does. */
function notFoundAt(c: Cluster, path: string, nth: number, times = 1): { answered: () => number } {
  let seen = 0;
  let answered = 0;
  c.setFaults({ errorRate: 1, errorCodes: [404], only: (r) => {
    if (r.method !== 'GET' || r.path !== path) return false;
    seen++;
    const hit = seen >= nth && seen < nth + times;
    if (hit) answered++;
    return hit;
  } });
  return { answered: () => answered };
}

const newPool = (namespace: string) => ({ apiVersion: 'projectcalico.org/v1', kind: 'IpPool', metadata: { name: '10-99-0-0-16', namespace },
  spec: { value: JSON.stringify({ cidr: '10.99.0.0/16', masquerade: true, ipam: true, disabled: false }) } });
const tprNames = (c: Cluster): string[] => c.state.list(TPRS).map((t) => t.metadata.name).sort();

test('cleanup: the IpPool re-list answers 404 once while an object not in the backup lands: asked again, the object seen, its TPR kept', () => onCluster(async (c, run) => {
  const backup = await readyForCleanup(c, run);
  // Two guard passes list the IpPools; the third GET is the re-list right before its TPR would be deleted.
  const fault = notFoundAt(c, IPPOOLS_ALL, 3);
  const writer = c.onRequest({ method: 'GET', path: IPPOOLS_ALL, skip: 2 }, (store) => { store.create(IPPOOL_TPR('default'), newPool('default')); });
  const r = await run('cleanup', '--backup', backup, '-y', '-o', 'json');
  assert.is(fault.answered(), 1);
  assert.is(writer.fired, 1);
  assert.is(r.code, 1, r.stdout + r.stderr);
  assert.ok(tprNames(c).includes('ip-pool.projectcalico.org'), 'the IpPool TPR (and the new object) is not deleted');
  assert.ok(c.state.get({ ...IPPOOL_TPR('default'), name: '10-99-0-0-16' }), 'the new object survives');
  const data = JSON.parse(r.stdout) as { deleted: string[]; notDeleted: string[] };
  assert.equal(data.deleted, ['global-config.projectcalico.org']);
  assert.ok(data.notDeleted.includes('ip-pool.projectcalico.org'));
}));

test('cleanup: a defined TPR whose data stays unserved right before its deletion is not deleted: exit 3 naming what was', () => onCluster(async (c, run) => {
  const backup = await readyForCleanup(c, run);
  notFoundAt(c, IPPOOLS_ALL, 3, 1_000);
  const r = await run('cleanup', '--backup', backup, '-y');
  assert.is(r.code, 3, r.stdout + r.stderr);
  assert.match(r.stderr, /cleanup stopped after deleting global-config\.projectcalico\.org: the ThirdPartyResource ip-pool\.projectcalico\.org is defined but its data is not served/);
  assert.ok(tprNames(c).includes('ip-pool.projectcalico.org'));
  assert.is(c.state.list(IPPOOL_TPR('kube-system')).length > 0, true, 'its data is still there');
}));

test('cleanup: a TPR another client deleted after the guards read it is reported already gone, the rest deleted (exit 0)', () => onCluster(async (c, run) => {
  const backup = await readyForCleanup(c, run);
  const writer = c.onRequest({ method: 'GET', path: IPPOOLS_ALL, skip: 2 }, (store) => { store.delete({ ...TPRS, name: 'ip-pool.projectcalico.org' }); });
  const r = await run('cleanup', '--backup', backup, '-y', '-o', 'json');
  assert.is(writer.fired, 1);
  assert.is(r.code, 0, r.stdout + r.stderr);
  const data = JSON.parse(r.stdout) as { deleted: string[]; alreadyGone: string[]; notDeleted?: string[] };
  assert.ok(data.alreadyGone.includes('ip-pool.projectcalico.org'), JSON.stringify(data));
  assert.not.ok(data.deleted.includes('ip-pool.projectcalico.org'));
  assert.is(data.deleted.length, 4);
  assert.equal(tprNames(c), []);
}));

test('rollback: the IPPool CRD\'s list answers 404 right before its deletion while a foreign object lands: asked again, the CRD kept', () => onCluster(async (c, run) => {
  assert.is((await run('migrate')).code, 0);
  const crPath = '/apis/crd.projectcalico.org/v1/ippools';
  // The plan's read is the first list; the second is the one right before the CRD would be deleted.
  const fault = notFoundAt(c, crPath, 2);
  const writer = c.onRequest({ method: 'GET', path: crPath, skip: 1 }, (store) => {
    store.create({ group: 'crd.projectcalico.org', version: 'v1', resource: 'ippools' },
      { apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', metadata: { name: 'theirs' }, spec: { cidr: '10.98.0.0/16' } });
  });
  const r = await run('rollback', '-y', '-o', 'json');
  assert.is(fault.answered(), 1);
  assert.is(writer.fired, 1);
  assert.ok(c.state.get({ ...CRDS, name: 'ippools.crd.projectcalico.org' }), 'the CRD is kept');
  assert.ok(c.state.get({ group: 'crd.projectcalico.org', version: 'v1', resource: 'ippools', name: 'theirs' }), 'the foreign object survives');
  const data = JSON.parse(r.stdout) as { crds: Array<{ name: string; result: string }> };
  assert.is(data.crds.find((d) => d.name === 'ippools.crd.projectcalico.org')?.result, 'kept');
}));

test('cleanup: calico/node rolled back to v2.4 after the first TPR is deleted stops the deletion there: exit 1, the rest kept', () => onCluster(async (c, run) => {
  const backup = await readyForCleanup(c, run);
  c.onRequest({ method: 'DELETE', path: /thirdpartyresources/, phase: 'after' }, () => { c.state.setDaemonSetImage('kube-system', 'calico-node', 'calico-node', V24); });
  const r = await run('cleanup', '--backup', backup, '-y', '-o', 'json');
  assert.is(r.code, 1, r.stdout + r.stderr);
  const data = JSON.parse(r.stdout) as { deleted: string[]; notDeleted: string[] };
  assert.equal(data.deleted, ['global-config.projectcalico.org']);
  assert.is(data.notDeleted.length, 4);
  assert.is(tprNames(c).length, 4);
  const table = await run('cleanup', '--backup', backup, '-y');
  assert.is(table.code, 2, 'a re-run refuses before deleting anything more');
  assert.match(table.stderr, /calico\/node does not run v2\.5 or later yet: DaemonSet kube-system\/calico-node runs quay\.io\/calico\/node:v2\.4\.1/);
}));

test('cleanup: calico/node rolled back to v2.4 after the last TPR is deleted keeps its TPR rules: exit 1, and --force revokes them', () => onCluster(async (c, run) => {
  assert.is((await run('rbac', '-y')).code, 0);
  const backup = await readyForCleanup(c, run);
  const transitional = rulesOf(c, 'calico-node');
  c.onRequest({ method: 'DELETE', path: /system-network-policy/, phase: 'after' }, () => { c.state.setDaemonSetImage('kube-system', 'calico-node', 'calico-node', V24); });
  const r = await run('cleanup', '--backup', backup, '-y');
  assert.is(r.code, 1, r.stdout + r.stderr);
  assert.equal(tprNames(c), []);
  assert.match(r.stdout, /Kept calico\/node's TPR rules: calico\/node does not run v2\.5 or later: DaemonSet kube-system\/calico-node runs quay\.io\/calico\/node:v2\.4\.1/);
  assert.equal(rulesOf(c, 'calico-node'), transitional);
  const forced = await run('cleanup', '--backup', backup, '-y', '--force');
  assert.is(forced.code, 0, forced.stdout + forced.stderr);
  assert.equal(rulesOf(c, 'calico-node'), CALICO_V25_RULES);
}));

test('every calico/node DaemonSet\'s role: a canary with its own service account and role is backed up, given the transitional rules, revoked, and rolled back', () => onCluster(async (c, run) => {
  addCalicoNodeDaemonSet(c, 'calico-canary', V24);
  c.state.create(ROLES, { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kind: 'ClusterRole', metadata: { name: 'calico-canary' }, rules: structuredClone(CALICO_V24_RULES) });
  c.state.create({ group: 'rbac.authorization.k8s.io', version: 'v1beta1', resource: 'clusterrolebindings' }, { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kind: 'ClusterRoleBinding',
    metadata: { name: 'calico-canary' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'calico-canary' },
    subjects: [{ kind: 'ServiceAccount', name: 'calico-node', namespace: 'calico-canary' }] });
  const backup = path.join(mkdtempSync(path.join(tmpdir(), 'guards-attack-')), 'backup');
  assert.is((await run('backup', '-d', backup)).code, 0);
  const saved = JSON.parse(readFileSync(path.join(backup, 'tpr', 'clusterroles.json'), 'utf8')) as { roles: Array<{ metadata: { name: string } }> };
  assert.equal(saved.roles.map((r) => r.metadata.name).sort(), ['calico-canary', 'calico-node']);
  assert.is((await run('rbac', '-y')).code, 0);
  const transitional = rulesOf(c, 'calico-node');
  assert.equal(rulesOf(c, 'calico-canary'), transitional, 'the canary\'s role gets the CRD rule too');
  assert.is((await run('rollback', '-y')).code, 0);
  assert.equal(rulesOf(c, 'calico-canary'), CALICO_V24_RULES, 'rollback takes it away again');
  assert.is((await run('rbac', '-y')).code, 0);
  assert.is((await run('migrate', '--include-snp')).code, 0);
  c.state.setDaemonSetImage('kube-system', 'calico-node', 'calico-node', V25);
  c.state.setDaemonSetImage('calico-canary', 'calico-node', 'calico-node', V25);
  const r = await run('cleanup', '--backup', backup, '-y');
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.equal(rulesOf(c, 'calico-node'), CALICO_V25_RULES);
  assert.equal(rulesOf(c, 'calico-canary'), CALICO_V25_RULES);
}));

test('rbac: calico/node\'s role deleted by another client right before the write is reported as a conflict and not re-created', () => onCluster(async (c, run) => {
  const writer = c.onRequest({ method: 'PUT', path: '/apis/rbac.authorization.k8s.io/v1beta1/clusterroles/calico-node' }, (store) => { store.delete({ ...ROLES, name: 'calico-node' }); });
  const r = await run('rbac', '-y', '-o', 'json');
  assert.is(writer.fired, 1);
  assert.is(r.code, 1, r.stdout + r.stderr);
  const data = JSON.parse(r.stdout) as { roles: Array<{ name: string; result: string; detail: string }> };
  assert.equal(data.roles.map((o) => [o.name, o.result]), [['calico-node', 'conflict']]);
  assert.match(data.roles[0]!.detail, /deleted by someone else since it was read: not re-created/);
  assert.is(c.state.get({ ...ROLES, name: 'calico-node' }), undefined);
}));

test('cleanup: data still served after the deletes waits --data-gone-timeout, then exit 1 without revoking; a bad value is a usage error', () => onCluster(async (c, run) => {
  assert.is((await run('rbac', '-y')).code, 0);
  const backup = await readyForCleanup(c, run);
  const bad = await run('cleanup', '--backup', backup, '-y', '--data-gone-timeout', 'soon');
  assert.is(bad.code, 4, bad.stderr);
  assert.match(bad.stderr, /--data-gone-timeout/);
  const transitional = rulesOf(c, 'calico-node');
  // Another client re-creates the IpPool TPR and an object right after the tool deleted it.
  const def = c.state.get({ ...TPRS, name: 'ip-pool.projectcalico.org' })!;
  c.onRequest({ method: 'DELETE', path: '/apis/extensions/v1beta1/thirdpartyresources/ip-pool.projectcalico.org', phase: 'after' }, (store) => {
    store.create(TPRS, { ...def, metadata: { name: def.metadata.name } });
    store.create(IPPOOL_TPR('kube-system'), newPool('kube-system'));
  });
  const started = Date.now();
  const r = await run('cleanup', '--backup', backup, '-y', '--data-gone-timeout', '1s');
  const waited = Date.now() - started;
  assert.is(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /the server still serves data for ip-pool\.projectcalico\.org/);
  assert.match(r.stdout, /--data-gone-timeout 60s/);
  assert.ok(waited >= 1_000, `waited ${waited} ms`);
  assert.equal(rulesOf(c, 'calico-node'), transitional, 'nothing revoked while data is served');
}));

test.run();
