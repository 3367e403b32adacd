// `backup`: read everything Calico keeps in TPRs (plus Node annotations and calico-node's ClusterRole) and write a
// verified backup directory. Never writes to the cluster.
import path from 'node:path';
import { RefusedError } from '../errors.js';
import type { Connection } from '../kube/connection.js';
import { CALICO_KINDS } from '../calico/kinds.js';
import type { TprKind } from '../calico/types.js';
import { daemonSetCalicoVersion, globalConfigValue } from '../cluster/calico-facts.js';
import { findCalicoDaemonSets } from '../cluster/daemonset.js';
import { readNodeAnnotations } from '../cluster/nodes.js';
import { rbacVersion } from '../cluster/rbac.js';
import { rolesOfEveryCalicoNode } from './rbac-roles.js';
import { readTprSource } from '../cluster/tprs.js';
import { getServerVersion } from '../kube/discovery.js';
import { FILES, tprDataFile, type BackupContent, type RbacBackup } from '../backup/format.js';
import { bgpPeerView, ipPoolView, kubectlListYaml } from '../backup/views.js';
import { defaultDirectory } from '../backup/default-directory.js';
import { BackupTarget, type BackupFile } from '../backup/write.js';
import { line, warning, type Report } from '../report/report.js';
import { VERSION } from '../version.js';
import type { StepContext } from './context.js';

export interface BackupOptions { dir?: string; force: boolean }

export interface BackupData {
  directory: string;
  counts: Record<string, number>;
  files: Array<{ path: string; sha256: string; size: number }>;
  cluster: BackupContent['manifest']['cluster'];
  /** With --force: where what the directory held before was moved (never deleted). */
  movedAside?: string;
  /** run, resumed: the backup already in the directory was reused as it is. */
  reused?: boolean;
}

export async function backup(options: BackupOptions, ctx: StepContext): Promise<Report<BackupData>> {
  const conn = await ctx.connect();
  const dir = path.resolve(ctx.io.cwd, options.dir ?? defaultDirectory(conn.contextName));
  const target = await BackupTarget.open(dir, options.force);
  try {
    return await backupInto(target, dir, conn, ctx);
  } finally {
    await target.close();
  }
}

async function backupInto(target: BackupTarget, dir: string, conn: Connection, ctx: StepContext): Promise<Report<BackupData>> {
  const { client, namespace } = conn;
  ctx.progress.update('reading Calico TPR data…', true);
  const [serverVersion, source, nodes, daemonSets, rbacApi] = await Promise.all([
    getServerVersion(client), readTprSource(client), readNodeAnnotations(client), findCalicoDaemonSets(client), rbacVersion(client),
  ]);
  if (!source) {
    throw new RefusedError(`the server (Kubernetes ${serverVersion.gitVersion}) has no ThirdPartyResource API: Calico's TPR data can no longer be read`,
      'TPR data must be backed up and migrated on Kubernetes 1.7; with an older backup, use "restore --target crd --backup DIR".');
  }
  const ds = daemonSets.find((d) => d.namespace === namespace);
  // The roles of every calico/node DaemonSet's service account: rbac changes them all, rbac --revert puts them back.
  const bound = daemonSets.length ? await rolesOfEveryCalicoNode(client, rbacApi, daemonSets) : { roles: [], others: [] };
  const rbac: RbacBackup = {
    ...(ds ? { daemonSet: { namespace, name: ds.name, serviceAccount: ds.serviceAccount } } : {}),
    roles: [...bound.roles, ...bound.others],
  };
  const nodeEntries = nodes.filter((n) => Object.keys(n.annotations).length > 0).map((n) => ({ node: n.node, annotations: n.annotations }));
  const files = backupFiles(source.definitions, source.objects, nodeEntries, rbac, namespace);
  const counts: Record<string, number> = { ThirdPartyResource: source.definitions.length };
  for (const { tpr } of CALICO_KINDS) counts[tpr.kind] = source.objects[tpr.kind].length;
  counts.NodeAnnotations = nodeEntries.length;
  counts.ClusterRole = rbac.roles.length;

  ctx.progress.update(`writing ${dir}…`, true);
  const felix = source.objects.GlobalConfig;
  const written = await target.write(files, {
    tool: { name: 'kubectl-calico_migrate', version: VERSION },
    createdAt: new Date().toISOString(),
    cluster: {
      server: conn.server,
      context: conn.contextName,
      kubernetesVersion: serverVersion.gitVersion,
      calicoVersion: daemonSetCalicoVersion(ds) || (globalConfigValue(felix, 'CalicoVersion', namespace) ?? ''),
      clusterGUID: globalConfigValue(felix, 'ClusterGUID', namespace) ?? '',
    },
    counts,
  }, ctx.io.signal);
  const { manifest, movedAside, staleLock } = written;

  const sizes = new Map(manifest.files.map((f) => [f.path, f.size]));
  const rows = [
    { kind: 'ThirdPartyResource', objects: counts.ThirdPartyResource, file: FILES.definitions },
    ...CALICO_KINDS.map(({ tpr }) => ({ kind: tpr.kind, objects: counts[tpr.kind], file: tprDataFile(tpr.plural, tpr.group) })),
    { kind: 'Node annotations', objects: counts.NodeAnnotations, file: FILES.nodes },
    { kind: 'ClusterRole', objects: counts.ClusterRole, file: FILES.rbac },
  ].map((r) => ({ ...r, size: sizes.get(r.file) }));
  const total = CALICO_KINDS.reduce((n, { tpr }) => n + (counts[tpr.kind] ?? 0), 0);
  return {
    verb: 'backup',
    outcome: 'ok',
    tables: [{
      columns: [{ key: 'kind', header: 'KIND' }, { key: 'objects', header: 'OBJECTS' }, { key: 'file', header: 'FILE' }, { key: 'size', header: 'BYTES', wide: true }],
      rows,
    }],
    lines: [
      line(`Backed up ${total} Calico TPR objects to ${dir} (views: ${FILES.ippoolView}, ${FILES.bgppeerView}, ${FILES.felixView}, ${FILES.bgpConfigView}).`, 'ok'),
      ...(movedAside ? [line(`What ${dir} held before was moved to ${movedAside} (nothing was deleted).`, 'info')] : []),
      ...(staleLock ? [warning(`took over the lock of a backup that no longer runs (pid ${staleLock.pid}, since ${staleLock.startedAt})`)] : []),
      ...(ds ? [] : [warning(`no DaemonSet running calico/node in namespace ${namespace}: no ClusterRole was saved`)]),
    ],
    data: { directory: dir, counts, files: manifest.files, cluster: manifest.cluster, ...(movedAside ? { movedAside } : {}) },
  };
}

function backupFiles(
  definitions: BackupContent['definitions'], objects: BackupContent['objects'], nodes: BackupContent['nodes'], rbac: RbacBackup, namespace: string,
): BackupFile[] {
  const list = (items: unknown[]): string => `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 2)}\n`;
  const files: BackupFile[] = [
    { path: FILES.ippoolView, data: ipPoolView(objects.IpPool, namespace) },
    { path: FILES.bgppeerView, data: bgpPeerView(objects.GlobalBgpPeer, nodes, namespace) },
    { path: FILES.felixView, data: kubectlListYaml(objects.GlobalConfig) },
    { path: FILES.bgpConfigView, data: kubectlListYaml(objects.GlobalBgpConfig) },
    { path: FILES.definitions, data: list(definitions) },
  ];
  for (const { tpr } of CALICO_KINDS) files.push({ path: tprDataFile(tpr.plural, tpr.group), data: list(objects[tpr.kind as TprKind]) });
  files.push({ path: FILES.nodes, data: `${JSON.stringify(nodes, null, 2)}\n` });
  files.push({ path: FILES.rbac, data: `${JSON.stringify(rbac, null, 2)}\n` });
  return files;
}
