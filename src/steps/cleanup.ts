// `cleanup`: delete Calico's TPR definitions (which deletes their data) — only after every guard passes, before the
// prompt and again after it (cleanup-guards.ts), and with each kind's data listed again right before its TPR goes
// (cleanup-delete.ts). Then, the TPRs gone, it revokes calico/node's TPR rules (cleanup-revoke.ts). Re-running after an
// interruption finishes the job. It exits 2 only when nothing was deleted.
import { RefusedError } from '../errors.js';
import { CALICO_KINDS, clusterRoleName, nodeObjectName, tprDefinitionName } from '../calico/kinds.js';
import { loadBackup } from '../backup/read.js';
import { assertBackupFromThisCluster } from './backup-cluster-check.js';
import { waitTprDataGone } from '../cluster/tprs.js';
import { cell, line, warning, type Line, type Outcome, type Report, type Table } from '../report/report.js';
import { deleteTprsRechecked } from './cleanup-delete.js';
import { checkCleanupGuards, type Guard } from './cleanup-guards.js';
import { removeSupersededPeerKeys, type PeerKeyOutcome, type PeerKeyRemoval } from './cleanup-node-peers.js';
import { revokeTprRules, type Revoke } from './cleanup-revoke.js';
import { roleReport, type RoleOutcome } from './rbac-roles.js';
import type { StepContext } from './context.js';
import { listSome } from '../calico/list-some.js';

export interface CleanupData {
  deleted: string[];
  kept: Array<{ name: string; reason: string }>;
  alreadyGone: string[];
  guards: Guard[];
  /** Planned but not deleted because the cleanup stopped (the reason is in the report's lines). */
  notDeleted?: string[];
  /** calico/node's roles after the TPRs are gone: their TPR rules revoked. */
  roles: RoleOutcome[];
  /** The TPR-era IPv6 node-peer keys that migrate superseded, after the TPRs are gone: removed, or why not. */
  nodePeerKeys: PeerKeyOutcome[];
}

export interface CleanupOptions { backup: string; force: boolean; dataGoneTimeoutMs: number }

export async function cleanup(options: CleanupOptions, ctx: StepContext): Promise<Report<CleanupData>> {
  const { dataGoneTimeoutMs } = options;
  const backup = await loadBackup(options.backup).catch((err: Error) => {
    throw new RefusedError(`refusing to delete the TPRs: ${err.message}`, 'Take a fresh backup with "kubectl calico-migrate backup".');
  });
  const conn = await ctx.connect();
  await assertBackupFromThisCluster(conn, options.backup, backup.manifest);
  const { client, namespace } = conn;
  const guard = () => checkCleanupGuards(client, namespace, backup, options.backup, options.force, ctx.next);
  ctx.progress.update('checking every guard before deleting anything…', true);
  const first = await guard();
  const nothingLeft = { deleted: [], kept: [], alreadyGone: CALICO_KINDS.map((k) => k.tpr.name), guards: [] };
  // Once the TPRs are gone: the superseded node-peer keys, then calico/node's TPR rules. `named` is what the operator
  // confirmed; without it (nothing left to delete: a re-run finishing an interrupted one) each step asks first.
  const finish = async (named?: readonly string[]): Promise<Finish> => {
    const confirm = named ? undefined : (q: string) => ctx.confirm(q);
    const peers = await removeSupersededPeerKeys(client, backup, { force: options.force, concurrency: ctx.concurrency, named, confirm });
    return { peers, revoke: await revokeTprRules(client, { force: options.force, confirm }) };
  };
  if (!first) return cleanupReport(nothingLeft, await finish(), 'No Calico ThirdPartyResource is left: nothing to delete.');
  ctx.progress.done();
  if (first.toDelete.length === 0) {
    return cleanupReport({ deleted: [], kept: first.kept, alreadyGone: first.alreadyGone, guards: first.guards }, await finish(),
      'Every Calico ThirdPartyResource that can go is already gone: nothing to delete.');
  }
  // The question follows what it asks about: the guards as they stand and what would go (on a terminal).
  if (ctx.willAsk) ctx.show({ tables: [guardTable(first.guards), tprTable([...first.toDelete.map((n) => ({ tpr: n, result: cell('to delete', 'info') })), ...keptRows(first.kept), ...goneRows(first.alreadyGone)])] });
  const keysToo = first.peerKeys.length ? `, remove ${first.peerKeys.length} TPR-era IPv6 node-peer annotation key(s) that migrate superseded (${listSome(first.peerKeys)})` : '';
  if (!await ctx.confirm(`Delete ${first.toDelete.length} ThirdPartyResources (${first.toDelete.join(', ')}) and all their data${keysToo}, then revoke calico/node's TPR rules?`)) {
    throw new RefusedError('cleanup was declined: nothing was deleted');
  }

  // The answer may have come minutes later: every guard again, on what the cluster holds now.
  ctx.progress.update('checking every guard again…', true);
  const plan = await guard();
  if (!plan) return cleanupReport(nothingLeft, await finish(first.peerKeys), 'No Calico ThirdPartyResource is left: nothing to delete.');
  const { guards } = plan;
  // Never more than the operator confirmed: what became deletable meanwhile waits for a re-run.
  const toDelete = plan.toDelete.filter((n) => first.toDelete.includes(n));
  const kept = [...plan.kept, ...plan.toDelete.filter((n) => !toDelete.includes(n)).map((name) => ({ name, reason: 'it was not named when you confirmed; re-run cleanup to delete it' }))];
  ctx.progress.update('deleting the ThirdPartyResources…', true);
  const { deleted, goneMeanwhile, stopped } = await deleteTprsRechecked(client, toDelete, backup, namespace, options.force);
  const alreadyGone = [...plan.alreadyGone, ...goneMeanwhile];
  const notDeleted = toDelete.filter((n) => !deleted.includes(n) && !goneMeanwhile.includes(n));
  if (stopped) {
    const reason = stopped.calicoNode ? `calico/node does not run v2.5 or later any more: ${stopped.calicoNode}`
      : `${stopped.objects.length} object(s) of ${stopped.tpr} are in neither the backup nor the CRDs (${listSome(stopped.objects)})`;
    const todo = stopped.calicoNode ? 'Upgrade calico/node to v2.5 again (every DaemonSet and pod), then re-run cleanup with the same backup'
      : `Take a fresh backup (${ctx.next.plugin('backup', '-d', 'DIR')}), migrate and verify again, then clean up with the new backup`;
    if (deleted.length === 0) throw new RefusedError(`refusing to delete the TPRs: ${reason}; nothing was deleted`, `${todo}.`);
    return cleanupReport({ deleted, kept, alreadyGone, guards, notDeleted }, undefined, `Stopped after deleting ${deleted.length} ThirdPartyResource(s) (${deleted.join(', ')}): ${reason}.`, 'negative',
      [line(`${todo} to delete the rest.`, 'fail')]);
  }
  const lingering = await waitTprDataGone(client, CALICO_KINDS.filter((k) => deleted.includes(k.tpr.name)).map((k) => k.tpr), dataGoneTimeoutMs);
  if (lingering.length) {
    return cleanupReport({ deleted, kept, alreadyGone, guards }, undefined, `Deleted ${deleted.length} ThirdPartyResource definition(s), but the server still serves data for ${lingering.join(', ')}.`, 'negative',
      [line(`Re-run cleanup in a minute to confirm the data is gone (or give it longer: --data-gone-timeout ${suggestLonger(dataGoneTimeoutMs)}); calico/node's TPR rules are revoked once it is.`, 'fail')]);
  }
  // Only now, with the data gone, does nothing need the TPR rules: the operator already agreed to both.
  return cleanupReport({ deleted, kept, alreadyGone, guards }, await finish(first.peerKeys),
    `Deleted ${deleted.length} ThirdPartyResources and their data; the backup ${options.backup} still holds it.`);
}

/** The NODE table of the superseded keys, and the lines that count them (a kept or conflicting key needs a re-run). */
function peerKeysReport(keys: readonly PeerKeyOutcome[], blocked: string | undefined): { table: Table; lines: Line[]; attention: boolean } {
  const removed = keys.filter((k) => k.result === 'removed');
  const conflicts = new Set(keys.filter((k) => k.result === 'conflict').map((k) => k.node));
  const lines: Line[] = [];
  if (removed.length) {
    lines.push(line(`Removed ${removed.length} TPR-era IPv6 node-peer annotation key(s) that migrate superseded, from ${new Set(removed.map((k) => k.node)).size} Node(s): Calico v2.5 reads each peer once, under its v2.5 key; the backup holds them.`, 'ok'));
  }
  if (conflicts.size) {
    lines.push(line(`Left ${conflicts.size} Node(s) alone that changed since cleanup read them (${[...conflicts].join(', ')}): their superseded node-peer keys stay; re-run cleanup with the same backup to remove them.`, 'fail'));
  }
  if (blocked) lines.push(line(`Kept the superseded IPv6 node-peer keys: ${blocked}. Re-run cleanup once every calico/node runs v2.5 to remove them (--force removes them anyway).`, 'fail'));
  const table: Table = {
    columns: [{ key: 'node', header: 'NODE' }, { key: 'key', header: 'SUPERSEDED NODE-PEER KEY' }, { key: 'result', header: 'RESULT' }, { key: 'detail', header: 'DETAIL' }],
    rows: keys.map((k) => ({ node: k.node, key: k.key, result: cell(k.result, k.result === 'removed' ? 'ok' : 'fail'), detail: k.detail })),
  };
  return { table, lines, attention: conflicts.size > 0 || Boolean(blocked) };
}

/** A wait four times as long (at least a minute), as a duration flag value. */
const suggestLonger = (ms: number): string => `${Math.max(60, Math.ceil((ms * 4) / 1000))}s`;

/** What follows the deletes: the superseded node-peer keys removed, then the TPR rules revoked. */
interface Finish { peers: PeerKeyRemoval; revoke: Revoke }

/** The report; `finish` is undefined when the cleanup stopped before the TPRs were all gone (nothing removed or revoked). */
function cleanupReport(tprs: Omit<CleanupData, 'roles' | 'nodePeerKeys'>, finish: Finish | undefined, summary: string, outcome: Outcome = 'ok', after: Line[] = []): Report<CleanupData> {
  const revoke = finish?.revoke;
  const data: CleanupData = { ...tprs, roles: revoke?.roles ?? [], nodePeerKeys: finish?.peers.keys ?? [] };
  const summaryLine = line(summary, outcome === 'ok' ? 'ok' : 'fail');
  const peers = peerKeysReport(data.nodePeerKeys, finish?.peers.blocked);
  if (peers.attention) outcome = 'negative';
  after = [...peers.lines, ...after];
  if (revoke?.blocked) {
    outcome = 'negative';
    after = [...after, line(`Kept calico/node's TPR rules: ${revoke.blocked}. Re-run cleanup once every calico/node runs v2.5 to revoke them (--force revokes them anyway).`, 'fail')];
  }
  const roles = roleReport(data.roles);
  const revoked = data.roles.filter((r) => r.result === 'updated').map((r) => r.name);
  const lines: Line[] = [...roles.lines, summaryLine, ...after];
  if (revoked.length) lines.push(line(`Revoked the TPR rules from ClusterRole ${revoked.join(', ')}: calico/node now runs with Calico v2.5's rules.`, 'ok'));
  if (revoke?.note) lines.push(warning(revoke.note));
  for (const k of data.kept) lines.push(warning(`kept ${k.name}: ${k.reason}`));
  return {
    verb: 'cleanup',
    names: [
      ...data.deleted.map(tprDefinitionName),
      ...new Set(data.nodePeerKeys.filter((k) => k.result === 'removed').map((k) => nodeObjectName(k.node))),
      ...data.roles.filter((r) => r.result === 'updated').map((r) => clusterRoleName(r.name)),
    ],
    outcome,
    tables: [
      guardTable(data.guards),
      tprTable([
        ...data.deleted.map((n) => ({ tpr: n, result: cell('deleted', 'ok') })),
        ...(data.notDeleted ?? []).map((n) => ({ tpr: n, result: cell('not deleted (stopped)', 'fail') })),
        ...keptRows(data.kept),
        ...goneRows(data.alreadyGone),
      ]),
      ...(data.nodePeerKeys.length ? [peers.table] : []),
      ...(data.roles.length ? [roles.table] : []),
    ],
    lines,
    data,
  };
}

const guardTable = (guards: readonly Guard[]): Table => ({
  columns: [{ key: 'guard', header: 'GUARD' }, { key: 'status', header: 'STATUS' }, { key: 'detail', header: 'DETAIL' }],
  rows: guards.map((g) => ({ guard: g.guard, status: cell(g.status, g.status === 'ok' ? 'ok' : 'warn'), detail: g.detail })),
});
const tprTable = (rows: Table['rows']): Table => ({ columns: [{ key: 'tpr', header: 'THIRDPARTYRESOURCE' }, { key: 'result', header: 'RESULT' }], rows });
const keptRows = (kept: CleanupData['kept']) => kept.map((k) => ({ tpr: k.name, result: cell('kept', 'warn') }));
const goneRows = (gone: readonly string[]) => gone.map((n) => ({ tpr: n, result: cell('already gone', 'info') }));
