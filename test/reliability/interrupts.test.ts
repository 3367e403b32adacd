// Interruptions of the real process: a backup killed (SIGKILL) or interrupted (SIGINT) at seeded moments never leaves
// a directory that passes verification; cleanup killed or interrupted between two deletions is finished by a re-run.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verifyBackup } from '../../src/backup/read.js';
import { generateScenario, startCluster, type Cluster } from '../cluster/index.js';
import { seededRandom } from '../cluster/faults.js';
import { runCli } from '../support/cli.js';
import { startCliProcess } from '../support/process.js';
import { newTally } from './support.js';
import { cleanupBackupDir, VERBS } from './matrix.js';
import { nonReviewWrites } from '../support/state.js';

const tally = newTally('interrupts');
const TPRS = { group: 'extensions', version: 'v1beta1', resource: 'thirdpartyresources' };
const verifies = (dir: string) => verifyBackup(dir).then(() => true, () => false);
const tprCount = (c: Cluster, resource: string) => c.state.list({ group: 'projectcalico.org', version: 'v1', resource }).length;

test('backup SIGKILLed or SIGINTed at 6 seeded moments of its writing: a directory that verifies only when the backup had finished', async () => {
  // Big enough that writing the files takes a while (~70 ms), so a seeded number of written files is a moment mid-write.
  const c = await startCluster({ scenario: generateScenario({ nodes: 200, globalPeers: 3000, pools: 1000, nodePeers: 500, seed: 3 }) });
  const work = mkdtempSync(path.join(tmpdir(), 'backup-kill-'));
  const random = seededRandom(11);
  let finished = 0;
  let leftBehind = 0;
  try {
    for (let i = 0; i < 6; i++) {
      const dir = path.join(work, `b${i}`);
      const signal = i % 2 ? 'SIGINT' : 'SIGKILL';
      const run = startCliProcess(['--kubeconfig', c.kubeconfigPath, 'backup', '-d', dir]);
      // Stop the process (SIGSTOP) once a seeded number of its files exist, then signal it and let it go on: the signal
      // lands at that exact point of the writing, however loaded the machine is.
      const filesBefore = Math.floor(random() * 6);
      const poll = setInterval(() => {
        if (filesWritten(dir) < filesBefore) return;
        clearInterval(poll);
        run.child.kill('SIGSTOP');
        run.child.kill(signal);
        run.child.kill('SIGCONT');
      }, 1);
      const r = await run.done;
      clearInterval(poll);
      if (await verifies(dir)) {
        // The manifest (written last) was in place: the backup had finished before the signal; it must be whole.
        const { counts } = await verifyBackup(dir);
        assert.equal([counts.IpPool, counts.GlobalBgpPeer], [tprCount(c, 'ippools'), tprCount(c, 'globalbgppeers')], 'a backup that verifies is complete');
        finished++;
        continue;
      }
      if (signal === 'SIGINT') {
        assert.is(r.code, 130, r.stderr);
        assert.match(r.stderr, /interrupted by SIGINT after 0 write requests[\s\S]*re-run the same command/);
      } else {
        assert.is(r.signal, 'SIGKILL');
      }
      if (existsSync(dir)) leftBehind++;
      assert.equal(nonReviewWrites(c), [], 'backup never writes to the cluster');
      tally.kills++;
    }
  } finally {
    await c.stop();
  }
  console.log(`\n  backup: ${tally.kills} interrupted (${leftBehind} left a partial directory), ${finished} had finished`);
  assert.ok(tally.kills >= 3, `most runs were interrupted (${tally.kills}, ${finished} finished)`);
  assert.ok(leftBehind >= 1, 'a signal landed mid-write');
});

/** Files (and the tpr/ folder's files) a backup in progress has written so far; -1 before the directory exists. */
function filesWritten(dir: string): number {
  if (!existsSync(dir)) return -1;
  try {
    const top = readdirSync(dir);
    return top.length + (top.includes('tpr') ? readdirSync(path.join(dir, 'tpr')).length : 0);
  } catch {
    return -1;
  }
}

/** A cluster ready for cleanup (backup, migrate, calico/node v2.5), and the backup's directory. */
async function readyForCleanup(): Promise<{ c: Cluster; backup: string }> {
  const c = await startCluster({ scenario: 'calico-v2.4' });
  const dir = mkdtempSync(path.join(tmpdir(), 'cleanup-int-'));
  await VERBS.cleanup.prepare((...argv) => runCli(['--kubeconfig', c.kubeconfigPath, ...argv]), c, dir);
  return { c, backup: cleanupBackupDir(dir) };
}
const calicoTprs = (c: Cluster) => c.state.list(TPRS).map((t) => t.metadata.name).filter((n) => n.endsWith('projectcalico.org')).sort();

for (const signal of ['SIGKILL', 'SIGINT'] as const) {
  test(`cleanup ${signal}ed as its second deletion arrives: a re-run finishes the job`, async () => {
    const { c, backup } = await readyForCleanup();
    try {
      const before = calicoTprs(c);
      const run = startCliProcess(['--kubeconfig', c.kubeconfigPath, 'cleanup', '--backup', backup, '-y']);
      let deletes = 0;
      // The signal is sent when the second DELETE reaches the server (the client cuts it off; the server, holding it
      // for 300 ms, may still carry it out): the first is done, the rest never start.
      c.setFaults({ latencyMs: 300, only: (req) => req.method === 'DELETE' && ++deletes === 2 && run.child.kill(signal) });
      const r = await run.done;
      c.setFaults(null);
      if (signal === 'SIGINT') {
        assert.is(r.code, 130, r.stderr);
        assert.match(r.stderr, /interrupted by SIGINT after 2 write requests; no new request was started after it/);
      } else {
        assert.is(r.signal, 'SIGKILL');
      }
      const left = calicoTprs(c);
      assert.ok(left.length > 1 && left.length < before.length, `interrupted half-way (${before.length} → ${left.length})`);
      const again = await runCli(['--kubeconfig', c.kubeconfigPath, 'cleanup', '--backup', backup, '-y', '-o', 'json']);
      assert.is(again.code, 0, again.stderr);
      const data = JSON.parse(again.stdout);
      assert.ok(data.alreadyGone.length >= 1, 'the re-run knows what was already deleted');
      assert.equal(calicoTprs(c), ['system-network-policy.alpha.projectcalico.org'], 'only the unmigrated SNP TPR is kept');
      assert.is((await runCli(['--kubeconfig', c.kubeconfigPath, 'verify', '--backup', backup])).code, 0, 'the data lives on in the CRDs');
      tally.kills++;
    } finally {
      await c.stop();
    }
  });
}

test.run();
