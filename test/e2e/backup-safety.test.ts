// backup never destroys a backup: --force keeps what DIR held (moved aside) and refuses to replace a verifying backup
// with one that holds less; one backup at a time per directory (a lock, a stale one taken over); nothing written
// through a symlink inside DIR, while -d may name a symlink to a directory; a failed backup removes exactly what it
// created; a directory that cannot be created fails once.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { startCluster, type Cluster } from '../cluster/index.js';
import { runCli } from '../support/cli.js';
import { startCliProcess } from '../support/process.js';
import { mountTmpfs, unmount } from '../support/tmpfs.js';
import { verifyBackup } from '../../src/backup/read.js';
import { InterruptedError } from '../../src/errors.js';
import { main } from '../../src/main.js';

let cluster: Cluster;
let work: string;
const k = (): string[] => ['--kubeconfig', cluster.kubeconfigPath];
const TPR_DEFS = { group: 'extensions', version: 'v1beta1', resource: 'thirdpartyresources' };

/** Every file under dir with its bytes, so "left intact" means byte for byte. */
function contents(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const e of readdirSync(path.join(dir, at), { withFileTypes: true })) {
      const rel = path.join(at, e.name);
      if (e.isDirectory()) walk(rel);
      else out[rel] = readFileSync(path.join(dir, rel), 'utf8');
    }
  };
  walk('');
  return out;
}

test.before.each(async () => {
  cluster = await startCluster({ scenario: 'calico-v2.4' });
  work = mkdtempSync(path.join(tmpdir(), 'backup-safety-'));
});
test.after.each(async () => { await cluster.stop(); });

test('--force never replaces a verifying backup with one that holds less (after cleanup): exit 2, the backup untouched', async () => {
  const dir = path.join(work, 'b');
  assert.is((await runCli([...k(), 'backup', '-d', dir])).code, 0);
  const before = contents(dir);
  for (const tpr of cluster.state.list(TPR_DEFS)) cluster.state.delete({ ...TPR_DEFS, name: tpr.metadata.name }); // what cleanup does
  const r = await runCli([...k(), 'backup', '-d', dir, '--force']);
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /holds a backup that verifies and holds more than this one would \(ThirdPartyResource 5 → 0, GlobalConfig 7 → 0/);
  assert.match(r.stderr, /choose another directory with -d DIR/);
  assert.equal(contents(dir), before, 'byte for byte');
  assert.equal(readdirSync(work), ['b'], 'nothing beside it either');
});

test('--force over a backup: the old one is moved aside (reported, -o json movedAside), both verify', async () => {
  const dir = path.join(work, 'b');
  assert.is((await runCli([...k(), 'backup', '-d', dir])).code, 0);
  const before = contents(dir);
  const table = await runCli([...k(), 'backup', '-d', dir, '--force']);
  assert.is(table.code, 0, table.stderr);
  const aside = readdirSync(work).filter((n) => n.startsWith('b.replaced-'));
  assert.is(aside.length, 1, readdirSync(work).join(' '));
  assert.match(aside[0]!, /^b\.replaced-\d{8}T\d{6}Z$/);
  assert.match(table.stdout, new RegExp(`What ${dir} held before was moved to ${path.join(work, aside[0]!)} \\(nothing was deleted\\)\\.`));
  assert.equal(contents(path.join(work, aside[0]!)), before, 'the old backup, byte for byte');
  await verifyBackup(path.join(work, aside[0]!));
  await verifyBackup(dir);
  const json = await runCli([...k(), 'backup', '-d', dir, '--force', '-o', 'json']);
  assert.is(json.code, 0, json.stderr);
  const data = JSON.parse(json.stdout);
  assert.match(data.movedAside, /\/b\.replaced-\d{8}T\d{6}Z(-2)?$/);
  assert.is.not(data.movedAside, path.join(work, aside[0]!), 'a second replacement gets its own name');
  assert.is(readdirSync(work).filter((n) => n.startsWith('b.replaced-')).length, 2);
  assert.equal(readdirSync(work).filter((n) => n.startsWith('.')), [], 'no staging directory left');
  assert.not.ok(existsSync(path.join(dir, '.calico-migrate.lock')));
});

test('a --force that fails (disk full) leaves the old backup intact and verifying, and nothing of its own', async () => {
  const small = mountTmpfs('size=80k');
  if (!small) { console.log('  (skipped: cannot mount tmpfs here)'); return; }
  try {
    const dir = path.join(small, 'b');
    const first = await runCli([...k(), 'backup', '-d', dir]);
    assert.is(first.code, 0, first.stderr);
    const before = contents(dir);
    cluster.state.create({ group: 'projectcalico.org', version: 'v1', resource: 'globalbgppeers', namespace: 'kube-system' },
      { apiVersion: 'projectcalico.org/v1', kind: 'GlobalBgpPeer', metadata: { name: '10.0.0.9', namespace: 'kube-system' }, spec: { peerIP: '10.0.0.9', asNumber: 64512 } });
    const r = await runCli([...k(), 'backup', '-d', dir, '--force']);
    assert.is(r.code, 3, r.stderr);
    assert.match(r.stderr, /no space left on the device/);
    assert.equal(contents(dir), before, 'the old backup, byte for byte');
    await verifyBackup(dir);
    assert.equal(readdirSync(small), ['b'], 'no staging directory, nothing moved aside');
  } finally {
    unmount(small);
  }
});

test('a --force interrupted (SIGINT) once the cluster is read leaves the old backup intact and nothing of its own: exit 130', async () => {
  const dir = path.join(work, 'b');
  assert.is((await runCli([...k(), 'backup', '-d', dir])).code, 0);
  const before = contents(dir);
  const controller = new AbortController();
  // The last read of a backup is calico-node's ClusterRole: the signal arrives with its answer, before any file is written.
  const sent = cluster.onRequest({ method: 'GET', path: /\/clusterroles(\/[^/]+)?$/, phase: 'after' }, () => { controller.abort(new InterruptedError('SIGINT')); });
  let stderr = '';
  const code = await main([...k(), 'backup', '-d', dir, '--force'], {
    stdout: { write: () => true }, stderr: { write: (t: string) => { stderr += t; return true; } },
    stdin: process.stdin, env: { HOME: '/nonexistent-home' }, cwd: process.cwd(), signal: controller.signal,
  });
  assert.is(code, 130, stderr);
  assert.is(sent.fired, 1, 'the signal came');
  assert.equal(contents(dir), before, 'the old backup, byte for byte');
  await verifyBackup(dir);
  assert.equal(readdirSync(work), ['b'], 'no staging directory, nothing moved aside');
});

test('two backups into one directory: the second is refused (exit 2, locked) while the first runs; the first completes', async () => {
  const dir = path.join(work, 'b');
  let release!: () => void;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  const held = cluster.onRequest({ method: 'GET', path: /thirdpartyresources$/ }, () => gate);
  const first = runCli([...k(), 'backup', '-d', dir]);
  while (held.fired === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  const second = await runCli([...k(), 'backup', '-d', dir]);
  release();
  assert.is(second.code, 2, second.stderr);
  assert.match(second.stderr, new RegExp(`backup directory ${dir} is locked by another backup \\(pid ${process.pid} on ${hostname()}, since `));
  const done = await first;
  assert.is(done.code, 0, done.stderr);
  await verifyBackup(dir);
  assert.not.ok(existsSync(path.join(dir, '.calico-migrate.lock')), 'the lock is released');
});

test('a stale lock (its process is gone) is taken over with a warning; a lock of another host refuses', async () => {
  const dir = path.join(work, 'b');
  mkdirSync(dir);
  const dead = spawnSync('true').pid;
  writeFileSync(path.join(dir, '.calico-migrate.lock'), JSON.stringify({ pid: dead, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
  const r = await runCli([...k(), 'backup', '-d', dir]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`warning: took over the lock of a backup that no longer runs \\(pid ${dead}, since 2026-01-01T00:00:00.000Z\\)`));
  await verifyBackup(dir);
  const other = path.join(work, 'c');
  mkdirSync(other);
  writeFileSync(path.join(other, '.calico-migrate.lock'), JSON.stringify({ pid: dead, host: 'elsewhere', startedAt: '2026-01-01T00:00:00.000Z' }));
  const refused = await runCli([...k(), 'backup', '-d', other]);
  assert.is(refused.code, 2);
  assert.match(refused.stderr, /locked by another backup \(pid \d+ on elsewhere, since .*\nWait for it to finish; if no backup is running on elsewhere, remove .*\.calico-migrate\.lock\./);
});

test('-d naming a symlink to a directory works: the backup is written in the directory it points to', async () => {
  const real = path.join(work, 'real');
  mkdirSync(real);
  const link = path.join(work, 'link');
  symlinkSync(real, link);
  const r = await runCli([...k(), 'backup', '-d', link]);
  assert.is(r.code, 0, r.stderr);
  await verifyBackup(real);
  await verifyBackup(link); // and it is read back through the link
  const v = await runCli([...k(), 'verify', '--backup', link]);
  assert.is(v.code, 1, v.stderr); // verifies, then finds the CRDs not migrated yet
  assert.match(v.stdout, /missing/);
});

test('nothing is written through a symlink planted inside the backup directory (--force moves them aside, unfollowed)', async () => {
  const dir = path.join(work, 'b');
  const outside = path.join(work, 'outside');
  const victim = path.join(work, 'bashrc');
  mkdirSync(dir);
  mkdirSync(outside);
  writeFileSync(victim, 'alias ll="ls -l"\n');
  symlinkSync(outside, path.join(dir, 'tpr'));
  symlinkSync(victim, path.join(dir, 'manifest.json'));
  symlinkSync(victim, path.join(dir, 'ippool.yaml'));
  const plain = await runCli([...k(), 'backup', '-d', dir]);
  assert.is(plain.code, 2, 'not empty');
  const r = await runCli([...k(), 'backup', '-d', dir, '--force']);
  assert.is(r.code, 0, r.stderr);
  assert.equal(readdirSync(outside), [], 'nothing written into the directory tpr pointed to');
  assert.is(readFileSync(victim, 'utf8'), 'alias ll="ls -l"\n', 'the file manifest.json pointed to is unchanged');
  await verifyBackup(dir);
  const aside = readdirSync(work).find((n) => n.startsWith('b.replaced-'))!;
  assert.equal(readdirSync(path.join(work, aside)).sort(), ['ippool.yaml', 'manifest.json', 'tpr'], 'the symlinks were moved aside as they were');
});

test('a failed backup removes exactly what it created: the parents it made, not a directory that was there', async () => {
  const small = mountTmpfs('size=12k');
  if (!small) { console.log('  (skipped: cannot mount tmpfs here)'); return; }
  try {
    const r = await runCli([...k(), 'backup', '-d', path.join(small, 'new', 'deeper', 'b')]);
    assert.is(r.code, 3);
    assert.match(r.stderr, /no space left on the device/);
    assert.equal(readdirSync(small), [], 'the parents it created are gone too');
    mkdirSync(path.join(small, 'mine'));
    assert.is((await runCli([...k(), 'backup', '-d', path.join(small, 'mine')])).code, 3);
    assert.equal(readdirSync(small), ['mine'], 'an existing directory is kept');
    assert.equal(readdirSync(path.join(small, 'mine')), [], 'emptied of what the backup wrote');
  } finally {
    unmount(small);
  }
});

test('backup -d /proc/x (a directory that cannot be created) fails once: exit 3, one error, promptly', async () => {
  if (!existsSync('/proc/self')) { console.log('  (skipped: no /proc here)'); return; }
  const { done } = startCliProcess([...k(), 'backup', '-d', '/proc/calico-backup/b'], { timeoutMs: 30_000 });
  const r = await done;
  assert.is(r.code, 3, `exit ${r.code} (signal ${r.signal}) after ${r.ms} ms: ${r.stderr}`);
  assert.match(r.stderr, /^error: cannot write the backup to \/proc\/calico-backup\/b: the directory cannot be created there/);
  assert.is(r.stderr.match(/error:/g)?.length, 1);
  assert.ok(r.ms < 20_000, `${r.ms} ms`);
});

test.run();
