// A backup belongs to one cluster: its manifest records the ClusterGUID calico/node generated there (GlobalConfig, and
// after migration GlobalFelixConfig, "ClusterGUID"). Another cluster's backup is neither applied nor trusted as a
// source: cleanup, restore, migrate --backup, verify --backup and rollback --backup refuse it (exit 2), naming both
// GUIDs. The live GUID never depends on -n alone: the -n namespace's GlobalConfig, else the CRDs, else a GlobalConfig
// of any namespace. A verb that trusts a backup (cleanup, verify --backup, rollback --backup, rbac --revert) refuses
// when either GUID cannot be established; one that applies it (restore, migrate --backup) goes on, since the data
// being gone is what it is for.
import { RefusedError } from '../cli/errors.js';
import { loadBackup } from '../backup/read.js';
import type { BackupContent, Manifest } from '../backup/format.js';
import { globalConfigValue } from '../cluster/calico-facts.js';
import { readCustomResources } from '../cluster/crds.js';
import type { Connection } from '../kube/connection.js';
import { listTprKind } from '../cluster/tprs.js';

/** The live cluster's Calico ClusterGUID: the TPR GlobalConfig of the Calico namespace, else the CRDs, else any namespace's. */
export async function liveClusterGUID(conn: Connection): Promise<string | undefined> {
  // No TPR API (1.8+) or no GlobalConfig TPR: look at the CRDs.
  const value = globalConfigValue((await listTprKind(conn.client, 'GlobalConfig', conn.namespace)) ?? [], 'ClusterGUID', conn.namespace);
  if (value) return value;
  const migrated = globalConfigValue(await readCustomResources(conn.client, 'GlobalFelixConfig'), 'ClusterGUID');
  if (migrated) return migrated;
  return globalConfigValue((await listTprKind(conn.client, 'GlobalConfig')) ?? [], 'ClusterGUID') || undefined;
}

/** trust: the backup stands in for the cluster's data (refuse unless both GUIDs are known); apply: it is written back. */
export type BackupUse = 'trust' | 'apply';

/** Refuses a backup whose recorded ClusterGUID differs from the live one, or when either cannot be established. */
export async function assertBackupFromThisCluster(conn: Connection, backupDir: string, manifest: Manifest, use: BackupUse = 'trust'): Promise<void> {
  const recorded = manifest.cluster.clusterGUID;
  if (!recorded) {
    if (use === 'apply') return;
    throw new RefusedError(`cannot tell whether backup ${backupDir} is of this cluster: its manifest records no ClusterGUID`,
      'Take a backup of this cluster with this tool (kubectl calico-migrate backup): nothing was written.');
  }
  const live = await liveClusterGUID(conn);
  if (!live) {
    if (use === 'apply') return;
    throw new RefusedError(`cannot tell whether backup ${backupDir} is of this cluster: no Calico ClusterGUID in namespace ${conn.namespace} (GlobalConfig) nor in the CRDs (GlobalFelixConfig)`,
      'Pass -n/--namespace where Calico keeps its data (default kube-system), or check --context/--kubeconfig: nothing was written.');
  }
  if (live !== recorded) {
    throw new RefusedError(
      `backup ${backupDir} was taken from another cluster: its ClusterGUID is ${recorded}, this cluster's (context ${conn.contextName}) is ${live}`,
      'Use a backup of this cluster (kubectl calico-migrate backup), or check --context/--kubeconfig: nothing was written.',
    );
  }
}

/** loadBackup (verified) + the same-cluster check: what every verb that applies or trusts a backup calls. */
export async function loadBackupForCluster(conn: Connection, backupDir: string, use: BackupUse = 'trust'): Promise<BackupContent> {
  const content = await loadBackup(backupDir);
  await assertBackupFromThisCluster(conn, backupDir, content.manifest, use);
  return content;
}
