// `rbac`: rewrite calico/node's ClusterRole(s) for Calico v2.5 (§4.3: TPR grants out, crd.projectcalico.org in, every
// unrelated rule kept), or with --revert put back the role saved in a backup. Shows the diff; writes are guarded by
// resourceVersion; a run with nothing to change writes nothing.
import { RefusedError, UsageError } from '../cli/errors.js';
import type { VerbContext } from '../cli/context.js';
import type { GlobalArgs } from '../cli/flags.js';
import { nextCommands } from '../cli/next-command.js';
import { rbacVersion } from '../cluster/rbac.js';
import { line, type Report } from '../report/report.js';
import type { RolePlan } from './rbac-plan.js';
import { applyRolePlans, findCalicoRoles, plannedOutcomes, revertPlans, rewritePlans, roleReport, savedCalicoRoles, type RoleOutcome } from './rbac-roles.js';

export interface RbacArgs { 'dry-run': boolean; revert: boolean; backup?: string }

export interface RbacData {
  dryRun: boolean;
  mode: 'rewrite' | 'revert';
  daemonSet?: { namespace: string; name: string; serviceAccount: string; bindings: string[] };
  roles: RoleOutcome[];
  /** Bound roles without Calico grants, left alone. */
  untouched: string[];
  writes: number;
}

export async function rbac(args: GlobalArgs & RbacArgs, ctx: VerbContext): Promise<Report<RbacData>> {
  if (args.backup && !args.revert) throw new UsageError('--backup is only read by --revert: add --revert to put back the role saved in the backup, or drop --backup');
  if (args.revert && !args.backup) {
    throw new RefusedError('--revert needs --backup DIR: the original role is read from a backup', 'Run: kubectl calico-migrate rbac --revert --backup DIR');
  }
  const conn = await ctx.connect();
  const { client, namespace } = conn;
  const saved = args.backup ? await savedCalicoRoles(conn, args.backup) : undefined; // verified, and this cluster's, before anything is read from it
  ctx.progress.update('reading calico/node\'s ClusterRoles…', true);
  const version = await rbacVersion(client);
  const what = saved ? 'put back from the backup' : 'rewritten for Calico v2.5';

  let plans: RolePlan[];
  let found: Awaited<ReturnType<typeof findCalicoRoles>> | undefined;
  if (saved) {
    plans = await revertPlans(client, version, saved);
  } else {
    found = await findCalicoRoles(client, version, namespace);
    plans = rewritePlans(found.roles);
  }
  const changing = plans.filter((p) => p.changed);
  const before = client.stats.writes;
  let outcomes: RoleOutcome[];
  if (args['dry-run'] || changing.length === 0) {
    outcomes = plannedOutcomes(plans, saved ? 'be put back from the backup' : 'be rewritten for Calico v2.5');
  } else {
    // On a terminal the diff is shown before the question; the report repeats it.
    if (!args.yes && ctx.io.stdin.isTTY) for (const l of roleReport(plannedOutcomes(plans, '')).lines) ctx.warn(l.text);
    const names = changing.map((p) => p.name).join(', ');
    if (!(await ctx.confirm(`${saved ? 'Put back' : 'Rewrite'} ClusterRole ${names}${saved ? ' from the backup' : ' for Calico v2.5 (calico/node v2.4 loses TPR access)'}?`))) {
      throw new RefusedError('declined: nothing was written');
    }
    outcomes = await applyRolePlans(client, version, plans, what);
  }
  const writes = client.stats.writes - before;
  const { table, lines } = roleReport(outcomes, found?.others);
  const summary = args['dry-run'] && changing.length
    ? line(`Dry run: nothing was written. ${changing.length} ClusterRole(s) would be ${saved ? 'put back' : 'rewritten'}.`, 'info')
    : changing.length === 0
      ? line(saved ? 'The roles already equal the backup: nothing to put back (no write).' : 'Already done: the roles grant Calico v2.5\'s CRDs and nothing TPR-era (no write).', 'ok')
      : line(`${saved ? 'Put back' : 'Rewrote'} ${outcomes.filter((o) => o.result === 'updated' || o.result === 'created').length} ClusterRole(s) (${writes} write requests).`, 'ok');
  const next = saved || args['dry-run'] ? [] : [line(`Next: upgrade calico/node to v2.5, then: ${nextCommands(args).plugin('cleanup', '--backup', 'DIR')}`)];
  return {
    verb: 'rbac',
    outcome: 'ok',
    tables: [table],
    lines: [...lines, summary, ...next],
    data: {
      dryRun: args['dry-run'],
      mode: saved ? 'revert' : 'rewrite',
      ...(found ? { daemonSet: { namespace, name: found.daemonSet.name, serviceAccount: found.daemonSet.serviceAccount, bindings: found.bindings } } : {}),
      roles: outcomes,
      untouched: (found?.others ?? []).map((r) => r.metadata.name),
      writes,
    },
  };
}
