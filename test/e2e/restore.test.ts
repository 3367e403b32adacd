// restore end to end: --target tpr puts the TPR data back after a halted migration; --target crd on a cluster whose
// TPRs are gone writes the same CRD objects migrate wrote; never overwrites a different object without --overwrite.
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type Cluster } from '../cluster/index.js';
import { calicoCrs, nonReviewWrites } from '../support/state.js';
import { withCluster } from '../support/harness.js';

const TPRS = { group: 'extensions', version: 'v1beta1', resource: 'thirdpartyresources' };
const POOLS = { group: 'projectcalico.org', version: 'v1', resource: 'ippools', namespace: 'kube-system' };

/** TPR definitions and data without what the server assigns (uid, resourceVersion, creationTimestamp). */
function tprData(c: Cluster): Record<string, unknown> {
  const snap = c.state.snapshot((key) => key.startsWith('tpr:') || key.startsWith('extensions/thirdpartyresources'));
  return Object.fromEntries(Object.entries(snap).map(([k, o]) => {
    const { uid, resourceVersion, creationTimestamp, selfLink, ...metadata } = o.metadata as any;
    return [k, { ...o, metadata }];
  }));
}

function deleteTprs(c: Cluster): void {
  for (const t of c.state.list(TPRS)) c.state.delete({ ...TPRS, name: t.metadata.name });
}


test('--target tpr after a halted migration (TPRs deleted): definitions and data equal the original; a re-run writes nothing', () => withCluster({}, async (c, cli, dir) => {
  const original = tprData(c);
  assert.ok(Object.keys(original).length > 20, 'the scenario has TPR data');
  assert.is((await cli('backup', '-d', dir + '/bk')).code, 0);
  assert.is((await cli('migrate')).code, 0);
  deleteTprs(c);
  assert.equal(Object.keys(tprData(c)), [], 'TPRs and their data are gone');

  const r = await cli('restore', '--backup', dir + '/bk');
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /Restored: 5 TPR definitions created; objects: 18 created/);
  assert.equal(tprData(c), original);

  const writes = nonReviewWrites(c).length;
  const again = await cli('restore', '--backup', dir + '/bk', '-o', 'json');
  assert.is(again.code, 0, again.stderr);
  assert.is(nonReviewWrites(c).length, writes, 'nothing written on a re-run');
  assert.ok(JSON.parse(again.stdout).objects.every((o: any) => o.result === 'unchanged'));
}));

test('--target tpr: a different live object is a conflict (exit 1) and left alone; --overwrite puts back the saved one', () => withCluster({}, async (c, cli, dir) => {
  assert.is((await cli('backup', '-d', dir + '/bk')).code, 0);
  const ref = { ...POOLS, name: '192-168-0-0-16' };
  const saved = c.state.get(ref)!;
  c.state.update(ref, { ...saved, spec: { value: '{"cidr":"192.168.0.0/16","disabled":true}' } });
  const edited = c.state.get(ref)!.spec;

  const r = await cli('restore', '--backup', dir + '/bk', '-o', 'json');
  assert.is(r.code, 1, r.stderr);
  const row = JSON.parse(r.stdout).objects.find((o: any) => o.name === '192-168-0-0-16');
  assert.is(row.result, 'conflict');
  assert.match(row.detail, /spec/);
  assert.equal(c.state.get(ref)!.spec, edited);

  const o = await cli('restore', '--backup', dir + '/bk', '--overwrite');
  assert.is(o.code, 0, o.stderr);
  assert.equal(c.state.get(ref)!.spec, saved.spec);
}));

test('--target tpr after cleanup revoked the TPR rules, with calico/node rolled back to v2.4: named as unable to read (exit 1) until rbac gives the rules back', () => withCluster({}, async (c, cli, dir) => {
  const backup = path.join(dir, 'bk');
  assert.is((await cli('backup', '-d', backup)).code, 0);
  assert.is((await cli('rbac', '-y')).code, 0);
  assert.is((await cli('migrate', '--include-snp')).code, 0);
  c.state.setDaemonSetImage('kube-system', 'calico-node', 'calico-node', 'quay.io/calico/node:v2.5.1');
  assert.is((await cli('cleanup', '--backup', backup, '-y')).code, 0);
  // The way back: calico/node v2.4 again, then its TPR data.
  c.state.setDaemonSetImage('kube-system', 'calico-node', 'calico-node', 'quay.io/calico/node:v2.4.1');
  const dry = await cli('restore', '--backup', backup, '--target', 'tpr', '--dry-run');
  assert.is(dry.code, 1, dry.stdout + dry.stderr);
  assert.match(dry.stdout, /calico\/node v2\.4 cannot read the TPR data restore would bring back: DaemonSet kube-system\/calico-node \(v2\.4\.1, service account kube-system\/calico-node\)/);
  const r = await cli('restore', '--backup', backup, '--target', 'tpr', '-o', 'json');
  assert.is(r.code, 1, r.stdout + r.stderr);
  const data = JSON.parse(r.stdout) as { v24WithoutTprAccess: string[] };
  assert.ok(data.v24WithoutTprAccess.length >= 2, 'the template and its pods');
  const text = await cli('restore', '--backup', backup, '--target', 'tpr');
  assert.match(text.stdout, /Give them back: kubectl calico-migrate --kubeconfig \S+ rbac/);
  assert.is((await cli('rbac', '-y')).code, 0);
  const after = await cli('restore', '--backup', backup, '--target', 'tpr');
  assert.is(after.code, 0, after.stdout + after.stderr);
}));

test('--dry-run plans and writes nothing; a corrupted backup is refused with exit 3; no --backup is a usage error', () => withCluster({}, async (c, cli, dir) => {
  assert.is((await cli('backup', '-d', dir + '/bk')).code, 0);
  deleteTprs(c);
  const before = nonReviewWrites(c).length;
  const dry = await cli('restore', '--backup', dir + '/bk', '--dry-run');
  assert.is(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, 'Dry run: nothing was written. Would create 5 TPR definitions and 18 objects');
  assert.is(nonReviewWrites(c).length, before);

  appendFileSync(path.join(dir, 'bk', 'tpr', 'ippools.projectcalico.org.json'), ' ');
  const bad = await cli('restore', '--backup', dir + '/bk');
  assert.is(bad.code, 3);
  assert.match(bad.stderr, /ippools\.projectcalico\.org\.json/);
  assert.is(nonReviewWrites(c).length, before);

  const usage = await cli('restore');
  assert.is(usage.code, 4);
  assert.match(usage.stderr, /backup/);
}));

test('--target crd on Kubernetes 1.8 (TPRs gone) writes the same CRD objects migrate wrote on 1.7; --target tpr there is refused', async () => {
  let migrated: unknown;
  let dir = '';
  await withCluster({}, async (c, cli, d) => {
    assert.is((await cli('backup', '-d', d + '/bk')).code, 0);
    assert.is((await cli('migrate')).code, 0);
    migrated = calicoCrs(c);
    dir = mkdtempSync(path.join(tmpdir(), 'restore-bk-'));
    cpSync(d + '/bk', dir, { recursive: true }); // outlives the 1.7 cluster's temp dir
  });
  try {
    await withCluster({ scenario: 'k8s-1.8-broken' }, async (c, cli) => {
      const tpr = await cli('restore', '--backup', dir);
      assert.is(tpr.code, 2);
      assert.match(tpr.stderr, /--target crd/);
      const r = await cli('restore', '--backup', dir, '--target', 'crd');
      assert.is(r.code, 0, r.stderr);
      assert.match(r.stdout, /verify --backup/);
      assert.equal(calicoCrs(c), migrated);
      assert.ok((migrated as unknown[]).length >= 16);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
