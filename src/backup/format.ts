// The backup directory format (contract: `backup`). Everything that restores data is raw JSON under tpr/; the YAML
// views at the top are what the official procedure's backup commands printed, for humans and for calicoctl.
import type { KubeObject, TprKind, TprObject } from '../calico/types.js';

export const BACKUP_FORMAT = 'calico-migrate-backup/v1';

export const FILES = {
  manifest: 'manifest.json',
  ippoolView: 'ippool.yaml',            // calicoctl v1.4 get ippools -o yaml
  bgppeerView: 'bgppeer.yaml',          // calicoctl v1.4 get bgppeers -o yaml
  felixView: 'tpr-felixconfig.yaml',    // kubectl get globalconfig --all-namespaces -o yaml
  bgpConfigView: 'tpr-bgpconfig.yaml',  // kubectl get globalbgpconfig --all-namespaces -o yaml
  definitions: 'tpr/thirdpartyresources.json',
  nodes: 'tpr/node-annotations.json',
  rbac: 'tpr/clusterroles.json',
} as const;

/** tpr/<plural>.<group>.json: every object of one Calico TPR kind, all namespaces. */
export const tprDataFile = (plural: string, group: string): string => `tpr/${plural}.${group}.json`;

export interface ManifestFile { path: string; sha256: string; size: number }

export interface Manifest {
  format: typeof BACKUP_FORMAT;
  tool: { name: string; version: string };
  createdAt: string;
  cluster: { server: string; context: string; kubernetesVersion: string; calicoVersion: string; clusterGUID: string };
  counts: Record<string, number>;
  files: ManifestFile[];
}

export interface NodeAnnotationsEntry { node: string; annotations: Record<string, string> }

/** The ClusterRole(s) bound to the service account of every calico/node DaemonSet, kept for `rbac --revert`. */
export interface RbacBackup {
  daemonSet?: { namespace: string; name: string; serviceAccount: string };
  roles: KubeObject[];
}

/** Everything a backup holds, as loaded objects. */
export interface BackupContent {
  manifest: Manifest;
  definitions: KubeObject[];
  objects: Record<TprKind, TprObject[]>;
  nodes: NodeAnnotationsEntry[];
  rbac: RbacBackup;
}
