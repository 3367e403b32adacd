// `restore --backup DIR`: the backup is verified first (checksums; a corrupt one is exit 3), then either the TPRs are
// recreated (--target tpr, Kubernetes 1.7 only) or the backup's objects are converted into CRDs (--target crd, any
// version): the latter is exactly `migrate --backup DIR`, shared rather than copied.
import { UsageError } from '../errors.js';
import type { VerbContext } from '../cli/context.js';
import type { GlobalArgs } from '../cli/flags.js';
import { loadBackup } from '../backup/read.js';
import type { Report } from '../report/report.js';
import { assertBackupFromThisCluster } from './backup-cluster-check.js';
import { migrate } from './migrate.js';
import { assertCalicoInNamespace } from './guards.js';
import { findCalicoDaemonSets } from '../cluster/daemonset.js';
import type { MigrateData } from './migrate-report.js';
import { restoreTpr, type RestoreTprData } from './restore-tpr.js';

export interface RestoreArgs { backup?: string; target: string; overwrite: boolean; 'dry-run': boolean; 'include-snp': boolean }

export type RestoreData = RestoreTprData | (MigrateData & { target: 'crd' });

export async function restore(args: GlobalArgs & RestoreArgs, ctx: VerbContext): Promise<Report<RestoreData>> {
  if (!args.backup) throw new UsageError('restore needs --backup DIR (the backup to restore from)');
  if (args.target !== 'tpr' && args.target !== 'crd') throw new UsageError(`--target must be tpr or crd, not ${JSON.stringify(args.target)}`);
  ctx.progress.update(`verifying backup ${args.backup}…`, true);
  const backup = await loadBackup(args.backup);
  if (args.target === 'tpr') {
    const conn = await ctx.connect();
    await assertBackupFromThisCluster(conn, args.backup, backup.manifest, { apply: (w) => ctx.warn(`warning: ${w}`) });
    await assertCalicoInNamespace(conn.client, conn.namespace, await findCalicoDaemonSets(conn.client));
    return restoreTpr(args, ctx, backup);
  }

  const report = await migrate({ ...args, backup: args.backup, 'establish-timeout': '60s' }, ctx);
  return {
    ...report,
    verb: 'restore',
    data: { ...report.data, target: 'crd' },
  };
}
