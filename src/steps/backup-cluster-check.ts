// A backup belongs to one cluster: its manifest records the ClusterGUID calico/node generated there (GlobalConfig, and
// after migration GlobalFelixConfig, "ClusterGUID"). Another cluster's backup is neither applied nor trusted as a
// source: cleanup, restore, migrate --backup and verify --backup refuse it (exit 2), naming both GUIDs.
import { RefusedError } from '../cli/errors.js';
import { loadBackup } from '../backup/read.js';
import type { BackupContent, Manifest } from '../backup/format.js';
import { globalConfigValue } from '../cluster/calico-facts.js';
import { readCustomResources } from '../cluster/crds.js';
import type { Connection } from '../kube/connection.js';
import { listTprKind } from '../cluster/tprs.js';

/** The live cluster's Calico ClusterGUID: from the TPR GlobalConfig of the Calico namespace, else from the CRDs. */
export async function liveClusterGUID(conn: Connection): Promise<string | undefined> {
  // No TPR API (1.8+) or no GlobalConfig TPR: look at the CRDs.
  const value = globalConfigValue((await listTprKind(conn.client, 'GlobalConfig', conn.namespace)) ?? [], 'ClusterGUID', conn.namespace);
  if (value) return value;
  return globalConfigValue(await readCustomResources(conn.client, 'GlobalFelixConfig'), 'ClusterGUID') || undefined;
}

/** Refuses a backup whose recorded ClusterGUID differs from the live one (either unknown: nothing to compare). */
export async function assertBackupFromThisCluster(conn: Connection, backupDir: string, manifest: Manifest): Promise<void> {
  const recorded = manifest.cluster.clusterGUID;
  if (!recorded) return;
  const live = await liveClusterGUID(conn);
  if (live && live !== recorded) {
    throw new RefusedError(
      `backup ${backupDir} was taken from another cluster: its ClusterGUID is ${recorded}, this cluster's (context ${conn.contextName}) is ${live}`,
      'Use a backup of this cluster (kubectl calico-migrate backup), or check --context/--kubeconfig: nothing was written.',
    );
  }
}

/** loadBackup (verified) + the same-cluster check: what every verb that applies or trusts a backup calls. */
export async function loadBackupForCluster(conn: Connection, backupDir: string): Promise<BackupContent> {
  const content = await loadBackup(backupDir);
  await assertBackupFromThisCluster(conn, backupDir, content.manifest);
  return content;
}
