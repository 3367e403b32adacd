// Reading and writing calico/node's ClusterRole(s) for the rbac, rollback and cleanup steps: find them through the
// DaemonSet's service account, plan the transitional role, its undo or the revoke, apply plans with guarded writes
// (a role no longer as the tool left it is a conflict, never overwritten), and render the result.
import { RefusedError } from '../cli/errors.js';
import type { Connection } from '../kube/connection.js';
import { loadBackupForCluster } from './backup-cluster-check.js';
import type { KubeObject } from '../calico/types.js';
import { writeClusterRoleGuarded } from '../cluster/cluster-role-update.js';
import { findCalicoDaemonSets, type CalicoDaemonSet } from '../cluster/daemonset.js';
import { clusterRoles, findBoundClusterRoles, type RbacVersion } from '../cluster/rbac.js';
import type { KubeClient } from '../kube/client.js';
import { isNotFound } from '../kube/errors.js';
import { cell, line, type Line, type Table } from '../report/report.js';
import { isCalicoRole, planTransition, planUndo, type RolePlan } from './rbac-plan.js';

export type RoleResult = 'updated' | 'created' | 'unchanged' | 'conflict' | 'would update' | 'would create' | 'left alone';

export interface RoleOutcome { name: string; result: RoleResult; detail: string; diff: string[] }

export interface CalicoRoles {
  daemonSet: CalicoDaemonSet;
  bindings: string[];
  roles: KubeObject[];
  /** Bound roles without Calico grants (Canal's flannel): never touched. */
  others: KubeObject[];
}

/** The Calico ClusterRoles bound to the Calico DaemonSet's service account; refuses when there is none. */
export async function findCalicoRoles(client: KubeClient, version: RbacVersion, namespace: string): Promise<CalicoRoles> {
  const [daemonSet] = await findCalicoDaemonSets(client, namespace);
  if (!daemonSet) {
    throw new RefusedError(`no DaemonSet running calico/node in namespace ${namespace}: cannot tell which ClusterRole calico/node uses`,
      'Pass -n/--namespace where Calico runs (see: kubectl calico-migrate check).');
  }
  const bound = await findBoundClusterRoles(client, version, daemonSet.serviceAccount, namespace);
  const roles = bound.roles.filter(isCalicoRole);
  if (roles.length === 0) {
    const names = bound.roles.map((r) => r.metadata.name).join(', ') || 'none';
    throw new RefusedError(`no ClusterRole bound to service account ${namespace}/${daemonSet.serviceAccount} (DaemonSet ${daemonSet.name}) grants Calico's resources (bound roles: ${names})`,
      'Bind calico/node\'s ClusterRole to that service account, or apply Calico v2.5\'s rbac-kdd.yaml by hand.');
  }
  return { daemonSet, bindings: bound.bindings, roles, others: bound.roles.filter((r) => !isCalicoRole(r)) };
}

export const transitionPlans = (roles: KubeObject[], regrantTprRules: boolean): RolePlan[] => roles.map((r) => planTransition(r, { regrantTprRules }));

/** The Calico roles saved in a backup (verified first); refuses a backup that holds none. */
export async function savedCalicoRoles(conn: Connection, backupDir: string): Promise<KubeObject[]> {
  const saved = (await loadBackupForCluster(conn, backupDir)).rbac.roles.filter(isCalicoRole);
  if (saved.length === 0) {
    throw new RefusedError(`backup ${backupDir} holds no Calico ClusterRole to put back`, 'Nothing was written. Use the backup taken before "rbac" ran (kubectl calico-migrate backup).');
  }
  return saved;
}

/** Undo plans for the roles saved in a backup, against the live roles (a role deleted since is recreated). */
export async function undoPlansFromBackup(client: KubeClient, version: RbacVersion, saved: KubeObject[]): Promise<RolePlan[]> {
  const apiVersion = `rbac.authorization.k8s.io/${version}`;
  return Promise.all(saved.map(async (role) => {
    const live = await client.get<KubeObject>({ ...clusterRoles(version), name: role.metadata.name }).catch((err: unknown) => {
      if (isNotFound(err)) return undefined;
      throw err;
    });
    return planUndo(live, role, apiVersion);
  }));
}

/** Undo plans for live roles, from the tool's record on each alone (no backup). */
export const undoPlansFromRecord = (version: RbacVersion, roles: KubeObject[]): RolePlan[] =>
  roles.map((r) => planUndo(r, undefined, `rbac.authorization.k8s.io/${version}`));

/** What the plans would do, without writing. */
export const plannedOutcomes = (plans: RolePlan[], what: string): RoleOutcome[] => plans.map((p) => ({
  name: p.name, diff: p.diff,
  result: p.conflict ? 'conflict' : p.changed ? 'would update' : 'unchanged',
  detail: p.conflict ?? (p.changed ? `would ${what}` : 'already as wanted: no write'),
}));

/** Applies every changed plan, one guarded write per role (re-read and re-planned on a conflict). */
export async function applyRolePlans(client: KubeClient, version: RbacVersion, plans: RolePlan[], what: string): Promise<RoleOutcome[]> {
  const out: RoleOutcome[] = [];
  for (const plan of plans) {
    if (!plan.changed) {
      out.push(plannedOutcomes([plan], what)[0]!);
      continue;
    }
    const write = await writeClusterRoleGuarded(client, version, plan.name, plan.desiredFor);
    const detail = write.result === 'conflict' ? `${write.conflict} (it changed while being written; nothing was written)`
      : write.result === 'unchanged' ? 'changed by someone else to the wanted rules meanwhile' : plan.detail ?? what;
    out.push({ name: plan.name, result: write.result, detail, diff: write.result === 'conflict' ? [] : plan.diff });
  }
  return out;
}

/** The roles table and, per role that changes, its rules diff (`-` removed, `+` added, context kept). */
export function roleReport(outcomes: RoleOutcome[], others: KubeObject[] = []): { table: Table; lines: Line[] } {
  const rows = [
    ...outcomes.map((o) => ({ role: o.name, result: cell(o.result, o.result === 'conflict' ? 'fail' : o.result.startsWith('would') ? 'info' : 'ok'), detail: o.detail })),
    ...others.map((r) => ({ role: r.metadata.name, result: cell('left alone', 'plain'), detail: 'bound to the same service account, but grants nothing of Calico\'s' })),
  ];
  const lines: Line[] = [];
  for (const o of outcomes) {
    if (!o.diff.some((d) => !d.startsWith('  '))) continue;
    lines.push(line(`ClusterRole ${o.name} rules:`));
    for (const d of o.diff) lines.push(line(d, d.startsWith('-') ? 'fail' : d.startsWith('+') ? 'ok' : 'plain'));
  }
  return { table: { columns: [{ key: 'role', header: 'CLUSTERROLE' }, { key: 'result', header: 'RESULT' }, { key: 'detail', header: 'DETAIL' }], rows }, lines };
}
