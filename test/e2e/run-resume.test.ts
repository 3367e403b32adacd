// `run -d DIR`, interrupted, resumes when re-run with the same command: the backup it took (before anything was
// written) is reused as it is when it is this cluster's and holds exactly the live TPR data; one left half-written by a
// killed run is taken again (the leftovers moved aside); a backup that no longer matches the cluster is kept and refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { startCluster, type Cluster } from '../cluster/index.js';
import { runCli } from '../support/cli.js';
import { verifyBackup } from '../../src/backup/read.js';

let cluster: Cluster;
let work: string;
const cli = (...argv: string[]) => runCli(['--kubeconfig', cluster.kubeconfigPath, ...argv]);
const steps = (stdout: string): string[] => JSON.parse(stdout).steps.map((s: { step: string; outcome: string }) => `${s.step}:${s.outcome}`);

test.before.each(async () => {
  cluster = await startCluster({ scenario: 'calico-v2.4' });
  work = mkdtempSync(path.join(tmpdir(), 'run-resume-'));
});
test.after.each(async () => { await cluster.stop(); });

test('declined at the prompt, then re-run with -y: the backup is reused as it is and the run completes', async () => {
  const dir = path.join(work, 'b');
  const declined = await cli('run', '-d', dir);
  assert.is(declined.code, 2, 'no terminal, no -y');
  const manifest = readFileSync(path.join(dir, 'manifest.json'), 'utf8');
  const r = await cli('run', '-y', '-d', dir, '-o', 'json');
  assert.is(r.code, 0, r.stderr + r.stdout.slice(0, 1500));
  assert.equal(steps(r.stdout), ['check:ok', 'backup:ok', 'migrate:ok', 'verify:ok', 'rbac:ok']);
  assert.is(JSON.parse(r.stdout).steps[1].data.reused, true);
  assert.is(readFileSync(path.join(dir, 'manifest.json'), 'utf8'), manifest, 'the same backup, not a new one');
});

test('a run stopped by a conflict in migrate resumes with the command it advises: backup reused, migrate finishes', async () => {
  const dir = path.join(work, 'b');
  const IPPOOLS = { group: 'crd.projectcalico.org', version: 'v1', resource: 'ippools' };
  // Someone else creates a different IPPool the moment migrate starts writing pools: a conflict, migrate exits 1.
  cluster.onRequest({ method: 'POST', path: /\/apis\/crd\.projectcalico\.org\/v1\/ippools$/ }, (store) => {
    store.create(IPPOOLS, { apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', metadata: { name: '192-168-0-0-16' }, spec: { cidr: '192.168.0.0/16', disabled: true } });
  });
  const stopped = await cli('run', '-y', '-d', dir);
  assert.is(stopped.code, 1, stopped.stderr + stopped.stdout);
  assert.match(stopped.stdout, new RegExp(`Next: resolve the conflicts or skipped objects above, then: kubectl calico-migrate .*run -d ${dir}`));
  cluster.state.delete({ ...IPPOOLS, name: '192-168-0-0-16' }); // resolved
  const r = await cli('run', '-y', '-d', dir);
  assert.is(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, new RegExp(`\\[backup\\] Reused the backup in ${dir} \\(taken at \\S+\\): it holds exactly the live TPR data \\(18 Calico TPR objects\\)\\.`));
  assert.match(r.stdout, /Migration done: backup in /);
});

test('the TPR data changed since the backup: the backup is kept and not reused (exit 2, with the reason); nothing written', async () => {
  const dir = path.join(work, 'b');
  assert.is((await cli('run', '-d', dir)).code, 2);
  const manifest = readFileSync(path.join(dir, 'manifest.json'), 'utf8');
  cluster.state.create({ group: 'projectcalico.org', version: 'v1', resource: 'globalbgppeers', namespace: 'kube-system' },
    { apiVersion: 'projectcalico.org/v1', kind: 'GlobalBgpPeer', metadata: { name: '10.0.0.9', namespace: 'kube-system' }, spec: { peerIP: '10.0.0.9', asNumber: 64512 } });
  const writesBefore = cluster.writes().filter((w) => !w.review).length;
  const r = await cli('run', '-y', '-d', dir);
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, new RegExp(`backup directory ${dir} holds a backup taken at \\S+ that differs from the live TPR data \\(GlobalBgpPeer kube-system/10\\.0\\.0\\.9 not in the backup\\): it is kept, not reused\\nChoose a new directory with -d DIR`));
  assert.is(readFileSync(path.join(dir, 'manifest.json'), 'utf8'), manifest);
  assert.is(cluster.writes().filter((w) => !w.review).length, writesBefore, 'nothing written');
});

test('a backup killed half-way (no manifest, its lock\'s process gone) is taken again; the leftovers are moved aside', async () => {
  const dir = path.join(work, 'b');
  mkdirSync(path.join(dir, 'tpr'), { recursive: true });
  writeFileSync(path.join(dir, 'ippool.yaml'), '[]\n');
  writeFileSync(path.join(dir, 'tpr', 'thirdpartyresources.json'), '{"items": [');
  writeFileSync(path.join(dir, '.calico-migrate.lock'), JSON.stringify({ pid: spawnSync('true').pid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
  const r = await cli('run', '-y', '-d', dir);
  assert.is(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /\[backup\] Backed up 18 Calico TPR objects/);
  assert.match(r.stdout, /\[backup\] What .* held before was moved to .*b\.replaced-/);
  await verifyBackup(dir);
  const aside = readdirSync(work).find((n) => n.startsWith('b.replaced-'))!;
  assert.equal(readdirSync(path.join(work, aside)).sort(), ['ippool.yaml', 'tpr']);
});

test('a directory with something else in it is refused (exit 2): run never replaces what a directory holds', async () => {
  const dir = path.join(work, 'b');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'notes.txt'), 'mine');
  const r = await cli('run', '-y', '-d', dir);
  assert.is(r.code, 2);
  assert.match(r.stderr, /is not empty and holds no backup that can be reused \(backup .* cannot be used: manifest\.json is missing.*\)\nChoose a new directory with -d DIR: run never replaces what a directory holds\./);
  assert.equal(readdirSync(dir), ['notes.txt']);
  assert.equal(cluster.writes().filter((w) => !w.review), []);
});

test.run();
