// Guards that no flag makes vacuous: migrate, run and restore refuse (exit 2, nothing written) on a cluster or -n
// namespace without Calico (no calico/node DaemonSet, no Calico TPR data); the other-cluster guard (ClusterGUID) does
// not depend on -n, and a verb that trusts a backup refuses when either GUID cannot be established.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../support/cli.js';
import { addCalicoNodeDaemonSet } from '../support/calico-nodes.js';
import { nonReviewWrites } from '../support/state.js';
import { withCluster } from '../support/harness.js';

type Run = (...argv: string[]) => ReturnType<typeof runCli>;
const GUID_REF = { group: 'projectcalico.org', version: 'v1', resource: 'globalconfigs', namespace: 'kube-system', name: 'clusterguid' };


/** A backup of a fresh calico-v2.4 cluster (its ClusterGUID is the scenario's), in a directory that outlives it. */
let backupOfV24: Promise<string> | undefined;
function v24Backup(): Promise<string> {
  backupOfV24 ??= (async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'guards-writers-')), 'bk');
    await withCluster('calico-v2.4', async (_c, run) => { assert.is((await run('backup', '-d', dir)).code, 0); });
    return dir;
  })();
  return backupOfV24;
}

/** A backup whose manifest records no ClusterGUID (the manifest is not covered by its own checksums). */
async function backupWithoutGuid(run: Run, dir: string): Promise<void> {
  assert.is((await run('backup', '-d', dir)).code, 0);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  manifest.cluster.clusterGUID = '';
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
}

const refusedNoCalico = /refusing to write: this cluster runs no Calico: namespace kube-system has no calico\/node DaemonSet and no Calico data/;

test('on a cluster without Calico, migrate, run and restore (both targets) refuse (exit 2) and write nothing', async () => {
  const backup = await v24Backup();
  await withCluster('empty-1.7', async (c, run) => {
    for (const argv of [['migrate'], ['migrate', '--backup', backup], ['run', '-y', '-d', path.join(path.dirname(backup), 'run-bk')],
      ['restore', '--backup', backup, '--target', 'crd'], ['restore', '--backup', backup]]) {
      const r = await run(...argv);
      assert.is(r.code, 2, `${argv.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, refusedNoCalico, argv.join(' '));
    }
    assert.equal(nonReviewWrites(c), []);
  });
});

test('migrate -n at a namespace without Calico refuses (exit 2) and creates no CRD; -n kube-system works', () => withCluster('calico-v2.4', async (c, run) => {
  const r = await run('migrate', '-n', 'other');
  assert.is(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /namespace other has no calico\/node DaemonSet and no Calico data \(calico\/node runs in kube-system\)/);
  assert.equal(nonReviewWrites(c), []);
  assert.is((await run('migrate', '-n', 'kube-system')).code, 0);
}));

test('-n at a namespace holding only a stray Calico object (no calico/node, no ClusterGUID) refuses every writer (exit 2), writing nothing', async () => {
  const backup = await v24Backup();
  await withCluster('calico-v2.4', async (c, run) => {
    // The scenario holds one: GlobalConfig default/logseverityscreen, written with kubectl into the wrong namespace.
    assert.equal(c.state.list({ group: 'projectcalico.org', version: 'v1', resource: 'globalconfigs' }, 'default').map((o) => o.metadata.name), ['logseverityscreen']);
    const before = nonReviewWrites(c).length;
    for (const argv of [['migrate'], ['migrate', '--backup', backup], ['run', '-y', '-d', path.join(path.dirname(backup), 'run-stray')],
      ['restore', '--backup', backup, '--target', 'tpr'], ['rollback', '-y'], ['cleanup', '--backup', backup, '-y', '--force']]) {
      const r = await run(...argv, '-n', 'default');
      assert.is(r.code, 2, `${argv.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /namespace default has no calico\/node DaemonSet and only 1 Calico object\(s\) that are not Calico's own data \(no ClusterGUID GlobalConfig/, argv.join(' '));
    }
    assert.is(nonReviewWrites(c).length, before);
  });
});

test('the ClusterGUID guard does not depend on -n: another cluster\'s backup is refused with -n at a namespace without GlobalConfig', async () => {
  const backup = await v24Backup();
  await withCluster('calico-v2.4', async (c, run) => {
    const guid = c.state.get(GUID_REF)!;
    c.state.update(GUID_REF, { ...guid, spec: { name: 'ClusterGUID', value: 'aaaaaaaa-other-cluster' } });
    addCalicoNodeDaemonSet(c, 'other', 'quay.io/calico/node:v2.5.1'); // -n other names a Calico DaemonSet, but no data
    for (const argv of [['verify', '--backup', backup], ['cleanup', '--backup', backup, '-y', '--force'], ['rollback', '--backup', backup, '-y']]) {
      const r = await run(...argv, '-n', 'other');
      assert.is(r.code, 2, `${argv[0]}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /taken from another cluster: its ClusterGUID is \S+, this cluster's \(context admin\) is aaaaaaaa-other-cluster/, argv[0]);
    }
    assert.equal(nonReviewWrites(c), []);
  });
});

test('a verb that trusts a backup refuses (exit 2) when the GUID cannot be established: none recorded, or none live', async () => {
  const backup = await v24Backup();
  const blank = path.join(path.dirname(backup), 'no-guid');
  await withCluster('calico-v2.4', async (c, run) => {
    await backupWithoutGuid(run, blank);
    const none = await run('verify', '--backup', blank);
    assert.is(none.code, 2, none.stdout + none.stderr);
    assert.match(none.stderr, /manifest records no ClusterGUID/);

    // A cluster whose ClusterGUID is gone from every GlobalConfig and not in any CRD.
    c.state.delete(GUID_REF);
    const live = await run('verify', '--backup', backup);
    assert.is(live.code, 2, live.stdout + live.stderr);
    assert.match(live.stderr, /no Calico ClusterGUID in namespace kube-system \(GlobalConfig\) nor in the CRDs/);
    assert.equal(nonReviewWrites(c), []);
  });
});

test('a verb that applies a backup without GUIDs to compare refuses (exit 2) on a cluster with Calico data of its own, and goes on with a warning on one without', async () => {
  const backup = await v24Backup();
  const blank = path.join(path.dirname(backup), 'no-guid-apply');
  await withCluster('calico-v2.4', async (c, run) => {
    await backupWithoutGuid(run, blank);
    for (const argv of [['restore', '--backup', blank, '--target', 'crd'], ['migrate', '--backup', blank], ['restore', '--backup', blank, '--target', 'tpr', '--overwrite']]) {
      const r = await run(...argv, '-y');
      assert.is(r.code, 2, `${argv.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /cannot tell whether backup \S+ is of this cluster \(its manifest records no ClusterGUID\), and this cluster holds \d+ Calico object\(s\) of its own/, argv.join(' '));
    }
    // The live GUID gone while the cluster keeps its data: the same refusal, whatever the backup records.
    c.state.delete(GUID_REF);
    const noLive = await run('restore', '--backup', backup, '--target', 'tpr', '-y');
    assert.is(noLive.code, 2, noLive.stdout + noLive.stderr);
    assert.match(noLive.stderr, /\(no Calico ClusterGUID in namespace kube-system \(GlobalConfig\) nor in the CRDs \(GlobalFelixConfig\)\), and this cluster holds \d+ Calico object\(s\) of its own/);
    assert.equal(nonReviewWrites(c), []);

    // Every Calico object lost (the definitions and calico/node remain): the backup is what brings the data back.
    for (const { group, plural } of [['projectcalico.org', 'globalconfigs'], ['projectcalico.org', 'ippools'], ['projectcalico.org', 'globalbgpconfigs'],
      ['projectcalico.org', 'globalbgppeers'], ['alpha.projectcalico.org', 'systemnetworkpolicies']].map(([group, plural]) => ({ group: group!, plural: plural! }))) {
      const ref = { group, version: 'v1', resource: plural };
      for (const o of c.state.list(ref)) c.state.delete({ ...ref, namespace: o.metadata.namespace, name: o.metadata.name });
    }
    const restored = await run('restore', '--backup', blank, '--target', 'tpr', '-y');
    assert.is(restored.code, 0, restored.stdout + restored.stderr);
    assert.match(restored.stderr, /warning: cannot tell whether backup \S+ is of this cluster \(its manifest records no ClusterGUID\); this cluster holds no Calico data, so it is written as the first/);
    assert.ok(c.state.get(GUID_REF), 'the backup\'s GlobalConfigs are back');
  });
});

test.run();
