// `cleanup`: delete Calico's TPR definitions (which deletes their data) — only after every guard passes: the backup
// verifies and holds the live data, the CRDs match the backup as Calico v2.5 reads them, calico/node runs v2.5 or later
// (template and every pod; --force skips only this one), and the operator confirms. Then, the TPRs gone, it revokes
// calico/node's TPR rules (cleanup-revoke.ts). Re-running after an interruption finishes the job.
import { RefusedError } from '../cli/errors.js';
import type { VerbContext } from '../cli/context.js';
import type { GlobalArgs } from '../cli/flags.js';
import { liveObjectsNotInBackup } from '../calico/backup-match.js';
import { CALICO_KINDS, CRD_KINDS, kindByTpr } from '../calico/kinds.js';
import { isDifference, verifyMigration } from '../calico/verify.js';
import { calicoNodeImageVersion, formatVersion, isAtLeast } from '../calico/version.js';
import { loadBackup } from '../backup/read.js';
import { assertBackupFromThisCluster } from './backup-cluster-check.js';
import type { BackupContent } from '../backup/format.js';
import type { CrdKind, KubeObject } from '../calico/types.js';
import { discoverCalicoCrds, readAllCustomResources } from '../cluster/crds.js';
import { findCalicoDaemonSets, listCalicoPods } from '../cluster/daemonset.js';
import { readNodeAnnotations } from '../cluster/nodes.js';
import { deleteTprDefinition, readTprSource, waitTprDataGone } from '../cluster/tprs.js';
import type { KubeClient } from '../kube/client.js';
import { cell, line, type Line, type Report } from '../report/report.js';
import { revokeTprRules, type Revoke } from './cleanup-revoke.js';
import { roleReport, type RoleOutcome } from './rbac-roles.js';

export interface CleanupData {
  deleted: string[];
  kept: Array<{ name: string; reason: string }>;
  alreadyGone: string[];
  guards: Array<{ guard: string; status: 'ok' | 'skipped' | 'forced'; detail: string }>;
  /** calico/node's roles after the TPRs are gone: their TPR rules revoked. */
  roles: RoleOutcome[];
}

type Guard = CleanupData['guards'][number];

export async function cleanup(args: GlobalArgs & { backup?: string; force: boolean }, ctx: VerbContext): Promise<Report<CleanupData>> {
  if (!args.backup) {
    throw new RefusedError('cleanup deletes the TPRs and their data: it needs a backup that holds that data',
      'Make one with "kubectl calico-migrate backup -d DIR", then run "kubectl calico-migrate cleanup --backup DIR".');
  }
  const backup = await loadBackup(args.backup).catch((err: Error) => {
    throw new RefusedError(`refusing to delete the TPRs: ${err.message}`, 'Take a fresh backup with "kubectl calico-migrate backup".');
  });
  const conn = await ctx.connect();
  await assertBackupFromThisCluster(conn, args.backup, backup.manifest);
  const { client, namespace } = conn;
  ctx.progress.update('checking every guard before deleting anything…', true);
  const tpr = await readTprSource(client);
  const guards: Guard[] = [];
  if (!tpr || tpr.definitions.length === 0) {
    const revoke = await revokeTprRules(client, namespace, (q) => ctx.confirm(q));
    return cleanupReport({ deleted: [], kept: [], alreadyGone: CALICO_KINDS.map((k) => k.tpr.name), guards }, revoke, 'No Calico ThirdPartyResource is left: nothing to delete.');
  }
  const { definitions, objects: live } = tpr;

  // The CRs are read once, for both the verify guard and the SNP decision, and awaited where the first needs them.
  const crsRead: Promise<LiveCrs> = discoverCalicoCrds(client)
    .then(async ({ crds }) => Object.fromEntries(await readAllCustomResources(client, CRD_KINDS.filter((k) => crds.has(k)))));
  crsRead.catch(() => undefined); // awaited below
  const [daemonSets, liveNodes] = await Promise.all([findCalicoDaemonSets(client, namespace), readNodeAnnotations(client)]);
  const mismatches = liveObjectsNotInBackup(live, backup.objects);
  if (mismatches.length) {
    const list = mismatches.slice(0, 5).map((m) => `${m.kind} ${m.namespace}/${m.name} (${m.problem})`).join(', ');
    throw new RefusedError(`the backup does not hold the live TPR data: ${list}${mismatches.length > 5 ? ` and ${mismatches.length - 5} more` : ''}`,
      'Take a fresh backup (kubectl calico-migrate backup), migrate and verify again, then clean up with the new backup.');
  }
  guards.push({ guard: 'backup', status: 'ok', detail: `${args.backup} verifies and holds all live TPR data` });

  const crs = await crsRead;
  const verifyProblems = verifyAgainstBackup(crs, backup, liveNodes, namespace);
  if (verifyProblems.length) {
    throw new RefusedError(`verify does not pass: ${verifyProblems.slice(0, 5).join(', ')}${verifyProblems.length > 5 ? ` and ${verifyProblems.length - 5} more` : ''}`,
      'Run "kubectl calico-migrate migrate" and "kubectl calico-migrate verify --backup DIR" until it passes.');
  }
  guards.push({ guard: 'verify', status: 'ok', detail: 'every object is in the CRDs as Calico v2.5 reads it' });

  guards.push(await calicoNodeGuard(client, daemonSets, args.force));

  // The SNP TPR goes only when its policies were migrated to GlobalNetworkPolicies (the official job kept it).
  const snpTpr = kindByTpr('SystemNetworkPolicy').tpr.name;
  const snpsMigrated = live.SystemNetworkPolicy.filter((o) => (o.metadata.namespace ?? namespace) === namespace).length === 0
    || snpsAllMigrated(crs, backup, namespace);
  const kept = snpsMigrated ? [] : [{ name: snpTpr, reason: 'its SystemNetworkPolicies were not migrated (migrate --include-snp); kept' }];
  const present = new Set(definitions.map((d) => d.metadata.name));
  const toDelete = CALICO_KINDS.map((k) => k.tpr.name).filter((n) => present.has(n) && !kept.some((k) => k.name === n));
  const alreadyGone = CALICO_KINDS.map((k) => k.tpr.name).filter((n) => !present.has(n));

  ctx.progress.done();
  if (toDelete.length === 0) {
    const revoke = await revokeTprRules(client, namespace, (q) => ctx.confirm(q));
    return cleanupReport({ deleted: [], kept, alreadyGone, guards }, revoke, 'Every Calico ThirdPartyResource that can go is already gone: nothing to delete.');
  }
  if (!await ctx.confirm(`Delete ${toDelete.length} ThirdPartyResources (${toDelete.join(', ')}) and all their data, then revoke calico/node's TPR rules?`)) {
    throw new RefusedError('cleanup was declined: nothing was deleted');
  }
  for (const name of toDelete) await deleteTprDefinition(client, name);
  const lingering = await waitTprDataGone(client, CALICO_KINDS.filter((k) => toDelete.includes(k.tpr.name)).map((k) => k.tpr), 10_000);
  if (lingering.length) {
    throw new RefusedError(`the TPR definitions were deleted but the server still serves data for ${lingering.join(', ')}`, 'Re-run cleanup in a minute to confirm.');
  }
  // Only now, with the data gone, does nothing need the TPR rules: the operator already agreed to both.
  const revoke = await revokeTprRules(client, namespace);
  return cleanupReport({ deleted: toDelete, kept, alreadyGone, guards }, revoke,
    `Deleted ${toDelete.length} ThirdPartyResources and their data; the backup ${args.backup} still holds it.`);
}

type LiveCrs = Partial<Record<CrdKind, KubeObject[]>>;

function verifyAgainstBackup(crs: LiveCrs, backup: BackupContent, liveNodes: Array<{ node: string; annotations: Record<string, string> }>, namespace: string): string[] {
  return verifyMigration({ sources: backup.objects, crs, sourceNodes: backup.nodes, liveNodes, calicoNamespace: namespace })
    .filter((e) => isDifference(e.status)).map((e) => `${e.kind} ${e.name} ${e.status}`);
}

function snpsAllMigrated(crs: LiveCrs, backup: BackupContent, namespace: string): boolean {
  return verifyMigration({ sources: { SystemNetworkPolicy: backup.objects.SystemNetworkPolicy }, crs: { GlobalNetworkPolicy: crs.GlobalNetworkPolicy }, sourceNodes: [], liveNodes: [], calicoNamespace: namespace })
    .every((e) => e.status === 'match' || (e.status === 'ignored' && e.source?.namespace !== namespace));
}

/** calico/node v2.5+ in the DaemonSet template and in every running pod: v2.4 still needs the TPRs. */
async function calicoNodeGuard(client: KubeClient, daemonSets: Awaited<ReturnType<typeof findCalicoDaemonSets>>, force: boolean): Promise<Guard> {
  const ds = daemonSets[0];
  const problems: string[] = [];
  if (!ds) problems.push('no DaemonSet runs calico/node');
  else {
    const template = calicoNodeImageVersion(ds.node.image);
    if (!template || !isAtLeast(template, 2, 5)) problems.push(`DaemonSet ${ds.name} runs ${ds.node.image}`);
    const old = (await listCalicoPods(client, ds)).filter((p) => {
      const v = p.image ? calicoNodeImageVersion(p.image) : undefined;
      return !v || !isAtLeast(v, 2, 5);
    });
    if (old.length) problems.push(`${old.length} calico-node pod(s) still run an older image (${old.slice(0, 3).map((p) => `${p.name}: ${p.image}`).join(', ')})`);
  }
  if (problems.length === 0) {
    const v = calicoNodeImageVersion(ds!.node.image);
    return { guard: 'calico/node', status: 'ok', detail: `${ds!.name} and all its pods run ${v ? formatVersion(v) : ds!.node.image}` };
  }
  if (force) return { guard: 'calico/node', status: 'forced', detail: `--force: ${problems.join('; ')}` };
  throw new RefusedError(`calico/node does not run v2.5 or later yet: ${problems.join('; ')}`,
    'Calico v2.4 still reads the TPRs: upgrade calico/node to v2.5 first (and check its pods are Ready), or pass --force to skip this check.');
}

function cleanupReport(tprs: Omit<CleanupData, 'roles'>, revoke: Revoke, summary: string): Report<CleanupData> {
  const data: CleanupData = { ...tprs, roles: revoke.roles };
  const roles = roleReport(revoke.roles);
  const revoked = revoke.roles.filter((r) => r.result === 'updated').map((r) => r.name);
  const lines: Line[] = [...roles.lines, line(summary, 'ok')];
  if (revoked.length) lines.push(line(`Revoked the TPR rules from ClusterRole ${revoked.join(', ')}: calico/node now runs with Calico v2.5's rules.`, 'ok'));
  if (revoke.note) lines.push(line(`warning: ${revoke.note}`, 'warn'));
  for (const k of data.kept) lines.push(line(`warning: kept ${k.name}: ${k.reason}`, 'warn'));
  return {
    verb: 'cleanup',
    outcome: 'ok',
    tables: [
      { columns: [{ key: 'guard', header: 'GUARD' }, { key: 'status', header: 'STATUS' }, { key: 'detail', header: 'DETAIL' }],
        rows: data.guards.map((g) => ({ guard: g.guard, status: cell(g.status, g.status === 'ok' ? 'ok' : 'warn'), detail: g.detail })) },
      { columns: [{ key: 'tpr', header: 'THIRDPARTYRESOURCE' }, { key: 'result', header: 'RESULT' }],
        rows: [
          ...data.deleted.map((n) => ({ tpr: n, result: cell('deleted', 'ok') })),
          ...data.kept.map((k) => ({ tpr: k.name, result: cell('kept', 'warn') })),
          ...data.alreadyGone.map((n) => ({ tpr: n, result: cell('already gone', 'info') })),
        ] },
      ...(data.roles.length ? [roles.table] : []),
    ],
    lines,
    data,
  };
}
