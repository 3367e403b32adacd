// The rollback Report: what was deleted or kept (and why), per CR, CRD, Node and ClusterRole, and the JSON shape.
import { clusterRoleName, crdObjectName, crObjectName, nodeObjectName } from '../calico/kinds.js';
import { cell, line, type Report, type Tone } from '../report/report.js';
import { roleReport, type RoleOutcome } from './rbac-roles.js';

export interface RollbackData {
  dryRun: boolean;
  backup: boolean;
  crdApiVersion?: string;
  crs: Array<{ kind: string; name: string; source: string; result: 'deleted' | 'kept' | 'would delete'; detail: string }>;
  /** `action` is the plan; a CRD planned for deletion and then kept was written to since it was read. */
  crds: Array<{ name: string; kind: string; action?: 'keep' | 'delete'; result: string; detail: string }>;
  /** Per Node: the v2.5 keys migrate added, removed, and the TPR-era keys cleanup had removed, put back from the backup. */
  nodes: Array<{ node: string; removed: string[]; restored: string[]; result: string; detail?: string }>;
  roles: RoleOutcome[];
  writes: number;
}

const TONE: Record<string, Tone> = { deleted: 'ok', removed: 'ok', kept: 'warn', conflict: 'fail', 'would delete': 'info', 'would remove': 'info' };

export function rollbackReport(input: Omit<RollbackData, 'crdApiVersion'> & { crdApiVersion?: string }): Report<RollbackData> {
  const data: RollbackData = { ...input };
  const keptCrs = data.crs.filter((c) => c.result === 'kept').length;
  const conflicts = data.nodes.filter((n) => n.result === 'conflict').length
    + data.crds.filter((c) => c.action === 'delete' && c.result === 'kept').length
    + data.roles.filter((r) => r.result === 'conflict').length;
  const roles = roleReport(data.roles);
  const count = (list: Array<{ result: string }>, r: string): number => list.filter((x) => x.result === r).length;
  const lines = [...roles.lines];
  const restoredKeys = data.nodes.filter((n) => n.result === 'removed').reduce((k, n) => k + n.restored.length, 0);
  if (data.dryRun) {
    lines.push(line(`Dry run: nothing was written. Would delete ${count(data.crs, 'would delete')} CRs and ${count(data.crds, 'would delete')} CRDs, remove annotations from ${data.nodes.length} Node(s), undo rbac on ${count(data.roles, 'would update')} ClusterRole(s).`, 'info'));
  } else if (data.writes === 0 && keptCrs === 0 && conflicts === 0) {
    lines.push(line('Nothing to roll back: no object the tool created is left (no write).', 'ok'));
  } else {
    lines.push(line(`Rolled back: ${count(data.crs, 'deleted')} CRs and ${count(data.crds, 'deleted')} CRDs deleted, ${keptCrs} CRs kept, annotations removed from ${count(data.nodes, 'removed')} Node(s)${restoredKeys ? ` (${restoredKeys} TPR-era node-peer key(s) put back from the backup)` : ''}, rbac undone on ${count(data.roles, 'updated') + count(data.roles, 'created')} ClusterRole(s) (${data.writes} write requests).`, keptCrs || conflicts ? 'warn' : 'ok'));
  }
  if (keptCrs) lines.push(line('Kept CRs changed since migrate wrote them (or lost their source): they were left for you to review; TPR data was not modified.', 'warn'));
  if (data.roles.some((r) => r.result === 'conflict')) lines.push(line('A ClusterRole changed by someone else since rbac was left as it is: compare it with the one in the backup and fix it by hand.', 'warn'));
  const acted = (result: string): boolean => result === 'deleted' || result === 'would delete' || result === 'removed' || result === 'would remove' || result === 'updated' || result === 'would update';
  return {
    verb: 'rollback',
    outcome: keptCrs || conflicts ? 'negative' : 'ok',
    names: [
      ...data.crs.filter((c) => acted(c.result)).map((c) => crObjectName(c.kind, c.name)),
      ...data.crds.filter((c) => acted(c.result)).map((c) => crdObjectName(c.name)),
      ...data.nodes.filter((n) => acted(n.result)).map((n) => nodeObjectName(n.node)),
      ...data.roles.filter((r) => acted(r.result)).map((r) => clusterRoleName(r.name)),
    ],
    tables: [
      { columns: [{ key: 'kind', header: 'KIND' }, { key: 'name', header: 'NAME' }, { key: 'source', header: 'SOURCE', wide: true }, { key: 'result', header: 'RESULT' }, { key: 'detail', header: 'DETAIL' }],
        rows: data.crs.map((c) => ({ ...c, result: cell(c.result, TONE[c.result]) })) },
      { columns: [{ key: 'name', header: 'CRD' }, { key: 'result', header: 'RESULT' }, { key: 'detail', header: 'DETAIL' }],
        rows: data.crds.map((c) => ({ name: c.name, result: cell(c.result, TONE[c.result] ?? 'plain'), detail: c.detail })) },
      { columns: [{ key: 'node', header: 'NODE' }, { key: 'removed', header: 'ANNOTATIONS REMOVED (added by migrate)' },
        ...(data.nodes.some((n) => n.restored.length) ? [{ key: 'restored', header: 'PUT BACK (removed by cleanup)' }] : []), { key: 'result', header: 'RESULT' }],
        rows: data.nodes.map((n) => ({ node: n.node, removed: n.removed.join(', '), restored: n.restored.join(', '), result: cell(n.result, TONE[n.result] ?? 'plain') })) },
      ...(data.roles.length ? [roles.table] : []),
    ],
    lines,
    data,
  };
}
