// A backup belongs to one cluster: its manifest records the ClusterGUID calico/node generated there (GlobalConfig, and
// after migration GlobalFelixConfig, "ClusterGUID"). Another cluster's backup is neither applied nor trusted as a
// source: cleanup, restore, migrate --backup, verify --backup and rollback --backup refuse it (exit 2), naming both
// GUIDs. The live GUID never depends on -n alone: the -n namespace's GlobalConfig, else the CRDs, else a GlobalConfig
// of any namespace. A verb that trusts a backup (cleanup, verify --backup, rollback --backup, rbac --revert) refuses
// when either GUID cannot be established. One that applies it (restore, migrate --backup) goes on without a GUID to
// compare only on a cluster that holds no Calico data at all (the data being gone is what it is for), with a warning;
// a cluster with Calico data of its own is never written another cluster's data on trust.
import { RefusedError } from '../errors.js';
import { loadBackup } from '../backup/read.js';
import type { BackupContent, Manifest } from '../backup/format.js';
import { globalConfigValue } from '../cluster/calico-facts.js';
import { discoverCalicoCrds, readAllCustomResources, readCustomResources } from '../cluster/crds.js';
import type { KubeClient } from '../kube/client.js';
import type { Connection } from '../kube/connection.js';
import { listTprKind, readTprSource } from '../cluster/tprs.js';

/** The live cluster's Calico ClusterGUID: the TPR GlobalConfig of the Calico namespace, else the CRDs, else any namespace's. */
export async function liveClusterGUID(conn: Connection): Promise<string | undefined> {
  // No TPR API (1.8+) or no GlobalConfig TPR: look at the CRDs.
  const value = globalConfigValue((await listTprKind(conn.client, 'GlobalConfig', conn.namespace)) ?? [], 'ClusterGUID', conn.namespace);
  if (value) return value;
  const migrated = globalConfigValue(await readCustomResources(conn.client, 'GlobalFelixConfig'), 'ClusterGUID');
  if (migrated) return migrated;
  return globalConfigValue((await listTprKind(conn.client, 'GlobalConfig')) ?? [], 'ClusterGUID') || undefined;
}

/**
 * trust: the backup stands in for the cluster's data (refuse unless both GUIDs are known); apply: it is written back
 * (`warn` hears why the GUIDs could not be compared on an empty cluster).
 */
export type BackupUse = 'trust' | { apply: (warning: string) => void };

/** Refuses a backup whose recorded ClusterGUID differs from the live one, or when either cannot be established. */
export async function assertBackupFromThisCluster(conn: Connection, backupDir: string, manifest: Manifest, use: BackupUse = 'trust'): Promise<void> {
  const recorded = manifest.cluster.clusterGUID;
  const live = recorded ? await liveClusterGUID(conn) : undefined;
  if (!recorded || !live) {
    const why = !recorded ? `its manifest records no ClusterGUID`
      : `no Calico ClusterGUID in namespace ${conn.namespace} (GlobalConfig) nor in the CRDs (GlobalFelixConfig)`;
    if (use !== 'trust') {
      const own = await countCalicoData(conn.client);
      if (own === 0) return use.apply(`cannot tell whether backup ${backupDir} is of this cluster (${why}); this cluster holds no Calico data, so it is written as the first`);
      throw new RefusedError(`cannot tell whether backup ${backupDir} is of this cluster (${why}), and this cluster holds ${own} Calico object(s) of its own`,
        'Use a backup of this cluster (kubectl calico-migrate backup), or check --context/--kubeconfig: nothing was written.');
    }
    throw new RefusedError(`cannot tell whether backup ${backupDir} is of this cluster: ${why}`, !recorded
      ? 'Take a backup of this cluster with this tool (kubectl calico-migrate backup): nothing was written.'
      : 'Pass -n/--namespace where Calico keeps its data (default kube-system), or check --context/--kubeconfig: nothing was written.');
  }
  if (live !== recorded) {
    throw new RefusedError(
      `backup ${backupDir} was taken from another cluster: its ClusterGUID is ${recorded}, this cluster's (context ${conn.contextName}) is ${live}`,
      'Use a backup of this cluster (kubectl calico-migrate backup), or check --context/--kubeconfig: nothing was written.',
    );
  }
}

/** How many Calico objects the cluster holds: TPR data of any namespace and Calico CRs. */
async function countCalicoData(client: KubeClient): Promise<number> {
  const [tpr, { crds }] = await Promise.all([readTprSource(client), discoverCalicoCrds(client)]);
  const crs = await readAllCustomResources(client, [...crds.keys()]);
  return Object.values(tpr?.objects ?? {}).flat().length + [...crs.values()].flat().length;
}

/** loadBackup (verified) + the same-cluster check: what every verb that applies or trusts a backup calls. */
export async function loadBackupForCluster(conn: Connection, backupDir: string, use: BackupUse = 'trust'): Promise<BackupContent> {
  const content = await loadBackup(backupDir);
  await assertBackupFromThisCluster(conn, backupDir, content.manifest, use);
  return content;
}
