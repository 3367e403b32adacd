// `restore --backup DIR`: the backup is verified first (checksums; a corrupt one is exit 3), then either the TPRs are
// recreated (--target tpr, Kubernetes 1.7 only) or the backup's objects are converted into CRDs (--target crd, any
// version): the latter is exactly `migrate --backup DIR`, shared rather than copied.
import { UsageError } from '../errors.js';
import { loadBackup } from '../backup/read.js';
import type { Report } from '../report/report.js';
import { assertBackupFromThisCluster } from './backup-cluster-check.js';
import { ESTABLISH_TIMEOUT_MS, migrate } from './migrate.js';
import { assertCalicoInNamespace } from './guards.js';
import { findCalicoDaemonSets } from '../cluster/daemonset.js';
import type { MigrateData } from './migrate-report.js';
import { restoreTpr, type RestoreTprData } from './restore-tpr.js';
import type { StepContext } from './context.js';

export interface RestoreOptions {
  backup: string; target: string; overwrite: boolean; dryRun: boolean; includeSnp: boolean;
  /** With --target crd, what a dry-run prints: the plan, or (for -o json|yaml) the objects it would send, as migrate's. */
  dryRunShows?: 'plan' | 'objects';
}

export type RestoreData = RestoreTprData | (MigrateData & { target: 'crd' });

export async function restore(options: RestoreOptions, ctx: StepContext): Promise<Report<RestoreData>> {
  if (options.target !== 'tpr' && options.target !== 'crd') throw new UsageError(`--target must be tpr or crd, not ${JSON.stringify(options.target)}`);
  ctx.progress.update(`verifying backup ${options.backup}…`, true);
  const backup = await loadBackup(options.backup);
  if (options.target === 'tpr') {
    const conn = await ctx.connect();
    await assertBackupFromThisCluster(conn, options.backup, backup.manifest, { apply: (w) => ctx.warning(w) });
    await assertCalicoInNamespace(conn.client, conn.namespace, await findCalicoDaemonSets(conn.client));
    return restoreTpr(options, ctx, backup);
  }

  const report = await migrate({ dryRun: options.dryRun, overwrite: options.overwrite, includeSnp: options.includeSnp, backup: options.backup, establishTimeoutMs: ESTABLISH_TIMEOUT_MS, dryRunShows: options.dryRunShows }, ctx);
  return {
    ...report,
    verb: 'restore',
    data: { ...report.data, target: 'crd' },
  };
}
