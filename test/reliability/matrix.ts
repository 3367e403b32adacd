// The fault matrix's machinery: the five verbs of the procedure, each with the state it starts from, and one matrix
// cell: set up fault-free → inject faults → run the verb (success, or exit 3 with a clear message) → stop faults →
// re-run (success) → the cluster ends exactly as after a fault-free run, and the TPR data is byte-identical.
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Cluster, FaultOptions, ScenarioName } from '../cluster/index.js';
import { runCli } from '../support/cli.js';
import { tprSnapshot } from '../support/state.js';
import { assertClearError, clusterState, injectedFaults, type ClusterState } from './support.js';
import { withCluster } from '../support/harness.js';

export type VerbName = 'backup' | 'migrate' | 'verify' | 'rbac' | 'cleanup';

interface VerbSetup {
  /** Fault-free steps that bring the cluster to where the verb is normally run. */
  prepare(run: Run, c: Cluster, dir: string): Promise<void>;
  argv(dir: string): string[];
}
type Run = (...argv: string[]) => ReturnType<typeof runCli>;

const ok = async (r: ReturnType<typeof runCli>, what: string): Promise<void> => {
  const res = await r;
  assert.is(res.code, 0, `${what}: ${res.stderr}`);
};

/** Where the cleanup setup keeps the backup that cleanup is then run with. */
export const cleanupBackupDir = (dir: string): string => path.join(dir, 'cleanup-backup');

export const VERBS: Record<VerbName, VerbSetup> = {
  backup: { prepare: async () => {}, argv: (dir) => ['backup', '-d', path.join(dir, 'backup')] },
  migrate: { prepare: async () => {}, argv: () => ['migrate'] },
  verify: { prepare: (run) => ok(run('migrate'), 'migrate before verify'), argv: () => ['verify'] },
  rbac: { prepare: async () => {}, argv: () => ['rbac', '-y'] },
  cleanup: {
    prepare: async (run, c, dir) => {
      await ok(run('backup', '-d', cleanupBackupDir(dir)), 'backup before cleanup');
      await ok(run('migrate'), 'migrate before cleanup');
      c.state.setDaemonSetImage('kube-system', 'calico-node', 'calico-node', 'quay.io/calico/node:v2.5.1');
    },
    argv: (dir) => ['cleanup', '--backup', cleanupBackupDir(dir), '-y'],
  },
};

/** What a verb leaves behind: the cluster state, and for backup the checksums of the data files it wrote. */
interface Outcome { state: ClusterState; backupFiles?: Record<string, string> }

function outcome(c: Cluster, verb: VerbName, dir: string): Outcome {
  if (verb !== 'backup') return { state: clusterState(c) };
  const manifest = JSON.parse(readFileSync(path.join(dir, 'backup', 'manifest.json'), 'utf8')) as { files: Array<{ path: string }> };
  const sums = Object.fromEntries(manifest.files.map((f) => [f.path, createHash('sha256').update(readFileSync(path.join(dir, 'backup', f.path))).digest('hex')]));
  return { state: clusterState(c), backupFiles: sums };
}

const references = new Map<string, Promise<Outcome & { writes: number }>>();

/** The fault-free run of a verb on a fresh cluster: the outcome every faulty run must end in, and its write count. */
export function reference(verb: VerbName, scenario: ScenarioName = 'calico-v2.4'): Promise<Outcome & { writes: number }> {
  const key = `${verb}/${scenario}`;
  if (!references.has(key)) references.set(key, withCluster(scenario, async (c, run, dir) => {
    await VERBS[verb].prepare(run, c, dir);
    const before = c.writes().length;
    await ok(run(...VERBS[verb].argv(dir)), `fault-free ${verb}`);
    return { ...outcome(c, verb, dir), writes: c.writes().length - before };
  }));
  return references.get(key)!;
}


/**
 * One cell of the matrix. Returns the number of faults injected (error answers and resets from the request log,
 * plus `extraFaults()` for faults the log does not mark, such as latency spikes).
 */
export async function matrixCell(verb: VerbName, faults: FaultOptions, extraFaults: () => number = () => 0): Promise<number> {
  const expected = await reference(verb);
  return withCluster('calico-v2.4', async (c, run, dir) => {
    await VERBS[verb].prepare(run, c, dir);
    const tprBefore = tprSnapshot(c);
    c.setFaults(faults);
    const faulty = await run(...VERBS[verb].argv(dir));
    if (faulty.code !== 0) assertClearError(faulty, `${verb} under faults`);
    const injected = injectedFaults(c) + extraFaults();
    c.setFaults(null);
    const again = await run(...VERBS[verb].argv(dir));
    // A backup that succeeded under faults is complete; its re-run into the same directory needs --force.
    assert.ok(again.code === 0 || (verb === 'backup' && faulty.code === 0 && again.code === 2), `${verb} re-run after faults: ${again.code} ${again.stderr}`);
    const got = outcome(c, verb, dir);
    assert.equal(got.state, expected.state, `${verb}: the cluster ends as after a fault-free run`);
    if (expected.backupFiles) assert.equal(got.backupFiles, expected.backupFiles, 'backup: the same files and bytes as a fault-free backup');
    if (verb !== 'cleanup') assert.is(tprSnapshot(c), tprBefore, `${verb}: TPR data byte-identical`);
    return injected;
  });
}
