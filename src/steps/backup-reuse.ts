// `run -d DIR` re-run after an interruption: the backup step resumes instead of refusing the directory it filled
// itself. A backup that verifies, is of this cluster and holds exactly the live TPR data is reused as it is (it is the
// copy taken before anything was written, so it must not be replaced); one left half-written by a backup that was
// killed (its lock's process is gone, no manifest) is taken again, the leftovers moved aside; anything else is refused
// with the reason, and kept.
import { promises as fs } from 'node:fs';
import { RefusedError } from '../errors.js';
import { liveObjectsNotInBackup } from '../calico/backup-match.js';
import { CALICO_KINDS } from '../calico/kinds.js';
import { FILES, type BackupContent } from '../backup/format.js';
import { LOCK_FILE, staleLockOwner } from '../backup/lock.js';
import { loadBackup } from '../backup/read.js';
import { readTprSource } from '../cluster/tprs.js';
import { line, type Report } from '../report/report.js';
import { assertBackupFromThisCluster } from './backup-cluster-check.js';
import { backup, type BackupData } from './backup.js';
import type { StepContext } from './context.js';
import { listSome } from '../calico/list-some.js';

export async function backupOrReuse(dir: string, ctx: StepContext): Promise<Report<BackupData>> {
  const entries = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => n !== LOCK_FILE);
  if (!entries.length) return backup({ dir, force: false }, ctx);
  const existing = await loadBackup(dir).catch((err: Error) => err);
  if (existing instanceof Error) {
    if (!entries.includes(FILES.manifest) && (await staleLockOwner(dir))) return backup({ dir, force: true }, ctx);
    throw new RefusedError(`backup directory ${dir} is not empty and holds no backup that can be reused (${existing.message})`,
      'Choose a new directory with -d DIR: run never replaces what a directory holds.');
  }
  return reuse(dir, existing, ctx);
}

async function reuse(dir: string, existing: BackupContent, ctx: StepContext): Promise<Report<BackupData>> {
  const conn = await ctx.connect();
  await assertBackupFromThisCluster(conn, dir, existing.manifest);
  const live = await readTprSource(conn.client);
  const differences = live ? [
    ...liveObjectsNotInBackup(live.objects, existing.objects).map((m) => `${m.kind} ${m.namespace}/${m.name} ${m.problem}`),
    ...liveObjectsNotInBackup(existing.objects, live.objects).map((m) => `${m.kind} ${m.namespace}/${m.name} no longer in the cluster`),
    ...definitionNames(existing.definitions).filter((n) => !definitionNames(live.definitions).includes(n)).map((n) => `ThirdPartyResource ${n} no longer in the cluster`),
  ] : ['the cluster has no ThirdPartyResource API'];
  const taken = existing.manifest.createdAt;
  if (differences.length) {
    throw new RefusedError(`backup directory ${dir} holds a backup taken at ${taken} that differs from the live TPR data (${listSome(differences)}): it is kept, not reused`,
      'Choose a new directory with -d DIR for a backup of the data as it is now.');
  }
  const total = CALICO_KINDS.reduce((n, { tpr }) => n + existing.objects[tpr.kind].length, 0);
  const { manifest } = existing;
  return {
    verb: 'backup',
    outcome: 'ok',
    tables: [],
    lines: [line(`Reused the backup in ${dir} (taken at ${taken}): it holds exactly the live TPR data (${total} Calico TPR objects).`, 'ok')],
    data: { directory: dir, counts: manifest.counts, files: manifest.files, cluster: manifest.cluster, reused: true },
  };
}

const definitionNames = (defs: BackupContent['definitions']): string[] => defs.map((d) => d.metadata.name).sort();
