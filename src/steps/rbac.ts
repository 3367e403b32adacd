// `rbac`: give calico/node's ClusterRole(s) the transitional rules: Calico v2.5's crd.projectcalico.org rule added,
// v2.4's TPR rules kept (put back if missing while the TPRs exist), so calico/node runs as either version during the
// rolling update; `cleanup` revokes the TPR rules once the TPRs are gone. With --revert, remove exactly what rbac added
// (its record on the role, or a backup). Shows the diff; writes are guarded by resourceVersion; a role changed by
// someone else is a conflict, never overwritten; a run with nothing to change writes nothing.
import { clusterRoleName } from '../calico/kinds.js';
import { RefusedError, UsageError } from '../errors.js';
import { rbacVersion } from '../cluster/rbac.js';
import { readTprDefinitions } from '../cluster/tprs.js';
import { line, nextLines, type Report } from '../report/report.js';
import type { RolePlan } from '../calico/rbac-plan.js';
import { assertNoCalicoV25 } from './guards.js';
import { readCalicoNodes } from '../cluster/calico-nodes.js';
import type { StepContext } from './context.js';
import {
  applyRolePlans, findCalicoRoles, plannedOutcomes, roleReport, savedCalicoRoles, transitionPlans, undoPlansFromBackup, undoPlansFromRecord, type RoleOutcome,
} from './rbac-roles.js';

export interface RbacOptions { dryRun: boolean; revert: boolean; backup?: string }

export interface RbacData {
  dryRun: boolean;
  mode: 'transition' | 'revert';
  daemonSet?: { namespace: string; name: string; serviceAccount: string; bindings: string[] };
  roles: RoleOutcome[];
  /** Bound roles without Calico grants, left alone. */
  untouched: string[];
  writes: number;
}

export async function rbac(options: RbacOptions, ctx: StepContext): Promise<Report<RbacData>> {
  if (options.backup && !options.revert) throw new UsageError('--backup is only read by --revert: add --revert to undo rbac with the role saved in the backup, or drop --backup');
  const conn = await ctx.connect();
  const { client, namespace } = conn;
  const saved = options.backup ? await savedCalicoRoles(conn, options.backup) : undefined; // verified, and this cluster's, before anything is read from it
  ctx.progress.update('reading calico/node\'s ClusterRoles…', true);
  const [version, tprDefinitions] = await Promise.all([rbacVersion(client), options.revert ? undefined : readTprDefinitions(client)]);
  const revert = options.revert;
  const what = revert ? 'what rbac added removed' : 'Calico v2.5\'s CRD rule added, v2.4\'s TPR rules kept until cleanup';

  let plans: RolePlan[];
  let found: Awaited<ReturnType<typeof findCalicoRoles>> | undefined;
  if (saved) {
    plans = await undoPlansFromBackup(client, version, saved);
  } else {
    found = await findCalicoRoles(client, version, namespace);
    // While Calico's TPRs exist, calico/node v2.4 may run and read them: the role keeps (or gets back) their rules.
    plans = revert ? undoPlansFromRecord(version, found.roles) : transitionPlans(found.roles, (tprDefinitions ?? []).length > 0);
  }
  const changing = plans.filter((p) => p.changed);
  const conflicts = plans.filter((p) => p.conflict);
  const before = client.stats.writes;
  let outcomes: RoleOutcome[];
  if (options.dryRun || changing.length === 0) {
    outcomes = plannedOutcomes(plans, revert ? 'remove what rbac added' : 'add Calico v2.5\'s CRD rule, keeping v2.4\'s TPR rules');
  } else {
    if (revert) assertNoCalicoV25(await readCalicoNodes(client), 'rbac --revert'); // every DaemonSet template and pod of the cluster
    // On a terminal the diff is shown before the question; the report repeats it.
    if (ctx.willAsk) for (const l of roleReport(plannedOutcomes(plans, '')).lines) ctx.warn(l.text);
    const names = changing.map((p) => p.name).join(', ');
    if (!(await ctx.confirm(revert ? `Remove what rbac added from ClusterRole ${names}?` : `Add Calico v2.5's CRD rule to ClusterRole ${names} (its v2.4 TPR rules stay until cleanup)?`))) {
      throw new RefusedError('declined: nothing was written');
    }
    // The answer may have come minutes later: calico/node is asked again.
    if (revert) assertNoCalicoV25(await readCalicoNodes(client), 'rbac --revert');
    outcomes = await applyRolePlans(client, version, plans, what);
  }
  const writes = client.stats.writes - before;
  const { table, lines } = roleReport(outcomes, found?.others);
  const conflicted = outcomes.filter((o) => o.result === 'conflict');
  const done = outcomes.filter((o) => o.result === 'updated' || o.result === 'created').length;
  const summary = options.dryRun && changing.length
    ? line(`Dry run: nothing was written. ${changing.length} ClusterRole(s) would ${revert ? 'lose what rbac added' : 'get the transitional rules'}.`, 'info')
    : changing.length === 0 && conflicts.length === 0
      ? line(revert ? 'Nothing to undo: no role holds a rule rbac added (no write).' : 'Already done: the roles grant Calico v2.5\'s CRDs and, while the TPRs exist, v2.4\'s TPR rules (no write).', 'ok')
      : line(`${revert ? 'Removed what rbac added from' : 'Gave the transitional rules to'} ${done} ClusterRole(s) (${writes} write requests)${conflicted.length ? `; ${conflicted.length} left alone: changed by someone else` : ''}.`, conflicted.length ? 'warn' : 'ok');
  const next = revert || options.dryRun || conflicted.length ? [] : nextLines([`upgrade calico/node to v2.5, then: ${ctx.next.plugin('cleanup', '--backup', 'DIR')} (it revokes the TPR rules once the TPRs are gone)`]);
  return {
    verb: 'rbac',
    outcome: conflicted.length ? 'negative' : 'ok',
    names: outcomes.filter((o) => o.result !== 'conflict' && o.result !== 'left alone').map((o) => clusterRoleName(o.name)),
    tables: [table],
    lines: [...lines, summary, ...next],
    data: {
      dryRun: options.dryRun,
      mode: revert ? 'revert' : 'transition',
      ...(found ? { daemonSet: { namespace, name: found.daemonSet.name, serviceAccount: found.daemonSet.serviceAccount, bindings: found.bindings } } : {}),
      roles: outcomes,
      untouched: (found?.others ?? []).map((r) => r.metadata.name),
      writes,
    },
  };
}
