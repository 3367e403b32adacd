// Reading and writing calico/node's ClusterRole(s) for the rbac, rollback and cleanup steps: find them through the
// DaemonSet's service account, plan the transitional role, its undo or the revoke, apply plans with guarded writes
// (a role no longer as the tool left it is a conflict, never overwritten), and render the result.
import { RefusedError } from '../errors.js';
import type { Connection } from '../kube/connection.js';
import { loadBackupForCluster } from './backup-cluster-check.js';
import type { KubeObject } from '../calico/types.js';
import { writeClusterRoleGuarded } from '../cluster/cluster-role-update.js';
import { findCalicoDaemonSets, type CalicoDaemonSet } from '../cluster/daemonset.js';
import { clusterRoles, readRoleBindings, type BoundRolesLookup, type RbacVersion } from '../cluster/rbac.js';
import type { KubeClient } from '../kube/client.js';
import { isNotFound } from '../kube/errors.js';
import { cell, line, type Line, type Table } from '../report/report.js';
import { isCalicoRole, planTransition, planUndo, type RolePlan } from '../calico/rbac-plan.js';

export type RoleResult = 'updated' | 'created' | 'unchanged' | 'conflict' | 'would update' | 'would create' | 'left alone';

export interface RoleOutcome { name: string; result: RoleResult; detail: string; diff: string[] }

export interface CalicoRoles {
  daemonSet: CalicoDaemonSet;
  bindings: string[];
  roles: KubeObject[];
  /** Bound roles without Calico grants (Canal's flannel): never touched. */
  others: KubeObject[];
}

/** A service account calico/node runs as: that of a calico/node DaemonSet's pod template. */
export interface CalicoNodeAccount { namespace: string; serviceAccount?: string }

/**
 * The ClusterRoles bound to the service account of every calico/node DaemonSet of the cluster (one read of every
 * binding and role), each once: a second DaemonSet (a canary, a second node pool) reads the same Calico data, so its
 * role needs what the first one's does.
 */
export async function rolesOfEveryCalicoNode(client: KubeClient, version: RbacVersion, accounts: readonly CalicoNodeAccount[]): Promise<Omit<CalicoRoles, 'daemonSet'>> {
  return collectRoles(await readRoleBindings(client, version), accounts);
}

function collectRoles(lookup: BoundRolesLookup, accounts: readonly CalicoNodeAccount[]): Omit<CalicoRoles, 'daemonSet'> {
  const bindings = new Set<string>();
  const roles = new Map<string, KubeObject>();
  for (const { namespace, serviceAccount } of accounts) {
    if (!serviceAccount) continue;
    const bound = lookup(serviceAccount, namespace); // an account twice adds nothing new
    for (const b of bound.bindings) bindings.add(b);
    for (const r of bound.roles) if (!roles.has(r.metadata.name)) roles.set(r.metadata.name, r);
  }
  const all = [...roles.values()];
  return { bindings: [...bindings], roles: all.filter(isCalicoRole), others: all.filter((r) => !isCalicoRole(r)) };
}

/**
 * The Calico ClusterRoles of every calico/node DaemonSet's service account; refuses when -n has no calico/node
 * DaemonSet or its service account has no Calico role.
 */
export async function findCalicoRoles(client: KubeClient, version: RbacVersion, namespace: string): Promise<CalicoRoles> {
  const daemonSets = await findCalicoDaemonSets(client);
  const daemonSet = daemonSets.find((ds) => ds.namespace === namespace);
  if (!daemonSet) {
    throw new RefusedError(`no DaemonSet running calico/node in namespace ${namespace}: cannot tell which ClusterRole calico/node uses`,
      'Pass -n/--namespace where Calico runs (see: kubectl calico-migrate check).');
  }
  const lookup = await readRoleBindings(client, version);
  const found = collectRoles(lookup, daemonSets);
  const own = collectRoles(lookup, [daemonSet]);
  if (own.roles.length === 0) {
    const names = [...own.roles, ...own.others].map((r) => r.metadata.name).join(', ') || 'none';
    throw new RefusedError(`no ClusterRole bound to service account ${namespace}/${daemonSet.serviceAccount} (DaemonSet ${daemonSet.name}) grants Calico's resources (bound roles: ${names})`,
      'Bind calico/node\'s ClusterRole to that service account, or apply Calico v2.5\'s rbac-kdd.yaml by hand.');
  }
  return { daemonSet, ...found };
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
    const write = await writeClusterRoleGuarded(client, version, plan.name, plan.desiredFor, { existed: plan.existed });
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
