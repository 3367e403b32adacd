// Where the migration's source data comes from: the live TPRs, or a verified backup (verify --backup, migrate
// --backup, restore). Both give the same shape, so the domain never knows which it was.
import { RefusedError } from '../errors.js';
import { kindByTpr } from '../calico/kinds.js';
import type { TprKind, TprObject } from '../calico/types.js';
import { readNodeAnnotations } from '../cluster/nodes.js';
import { readTprSource } from '../cluster/tprs.js';
import type { Connection } from '../kube/connection.js';
import { loadBackupForCluster, type BackupUse } from './backup-cluster-check.js';

export interface SourceData {
  origin: 'live' | 'backup';
  objects: Record<TprKind, TprObject[]>;
  /** Live, but Calico's TPRs are gone (cleanup has run; it may keep the SystemNetworkPolicy one): nothing live to compare with. */
  tprsGone?: true;
  /** Calico annotations per Node (node-scoped BGP peers live there). */
  nodes: Array<{ node: string; resourceVersion?: string; annotations: Record<string, string> }>;
}

export const NO_TPR_API_HINT = 'TPR data must be migrated on Kubernetes 1.7 (TPRs are gone in 1.8); restore it from a backup with "kubectl calico-migrate restore --target crd --backup DIR".';

export async function readSource(conn: Connection, backupDir?: string): Promise<SourceData> {
  const [source, liveNodes] = await Promise.all([readSourceObjects(conn, backupDir), backupDir ? undefined : readNodeAnnotations(conn.client)]);
  return { ...source, nodes: liveNodes ?? source.nodes };
}

/** The TPR objects only (and, from a backup, its node annotations): for callers that read the big Node list themselves. */
export async function readSourceObjects(conn: Connection, backupDir?: string, use: BackupUse = 'trust'): Promise<SourceData> {
  if (backupDir) {
    const content = await loadBackupForCluster(conn, backupDir, use);   // verified, and of this cluster
    return { origin: 'backup', objects: content.objects, nodes: content.nodes };
  }
  const source = await readTprSource(conn.client);
  if (!source) throw new RefusedError('this cluster has no ThirdPartyResource API (Kubernetes 1.8 or later): the TPR data cannot be read', NO_TPR_API_HINT);
  // Gone: no definition left but (perhaps) the SystemNetworkPolicy one, which cleanup keeps while its policies are unmigrated.
  const snpTpr = kindByTpr('SystemNetworkPolicy').tpr.name;
  const gone = source.definitions.every((d) => d.metadata.name === snpTpr);
  return { origin: 'live', objects: source.objects, nodes: [], ...(gone ? { tprsGone: true as const } : {}) };
}
