// cleanup's last step: once Calico's TPRs are deleted and gone, revoke calico/node's TPR rules (the transitional role
// `rbac` left becomes Calico v2.5's), with guarded writes, from the roles of every calico/node DaemonSet's service
// account. Nothing needs those rules any more once every calico/node runs v2.5: calico/node is asked again right
// before, and a v2.4 found then (rolled back meanwhile) keeps them unless --force. A re-run after an interruption
// between the delete and the revoke finishes it.
import { RefusedError } from '../errors.js';
import { belowV25, describeSightings } from '../calico/guards.js';
import { readCalicoNodes } from '../cluster/calico-nodes.js';
import { rbacVersion } from '../cluster/rbac.js';
import type { KubeClient } from '../kube/client.js';
import { KubeError } from '../kube/errors.js';
import { planRevoke } from '../calico/rbac-plan.js';
import { applyRolePlans, rolesOfEveryCalicoNode, type RoleOutcome } from './rbac-roles.js';

export interface Revoke {
  roles: RoleOutcome[];
  /** Why nothing could be revoked (no calico/node DaemonSet or role to find), if so. */
  note?: string;
  /** Why the TPR rules were kept although there was something to revoke: calico/node v2.4 still runs. */
  blocked?: string;
}

const WHAT = 'TPR rules revoked: Calico v2.5\'s rules';

/**
 * Revokes the TPR rules from the Calico roles bound to every calico/node DaemonSet's service account. `confirm` is
 * asked first when given and something is to change (a run that did not just ask about deleting the TPRs); declining
 * writes nothing.
 */
export async function revokeTprRules(client: KubeClient, opts: { force: boolean; confirm?: (question: string) => Promise<boolean> }): Promise<Revoke> {
  try {
    const [runs, version] = await Promise.all([readCalicoNodes(client), rbacVersion(client)]);
    if (runs.length === 0) return { roles: [], note: 'no DaemonSet in any namespace runs calico/node: no ClusterRole found to revoke the TPR rules from' };
    const { roles } = await rolesOfEveryCalicoNode(client, version, runs);
    const plans = roles.map(planRevoke);
    const changing = plans.filter((p) => p.changed).map((p) => p.name);
    if (changing.length === 0) return { roles: await applyRolePlans(client, version, plans, WHAT) };
    // A calico/node v2.4 (rolled back since the guards ran) would need these rules again once restore puts the TPRs back.
    const old = belowV25(runs);
    if (old.length && !opts.force) return { roles: [], blocked: `calico/node does not run v2.5 or later: ${describeSightings(old)}` };
    if (opts.confirm && !(await opts.confirm(`The TPRs are gone: revoke the TPR rules from ClusterRole ${changing.join(', ')}?`))) {
      throw new RefusedError('declined: nothing was written');
    }
    return { roles: await applyRolePlans(client, version, plans, WHAT) };
  } catch (err) {
    if (!(err instanceof KubeError)) throw err;
    throw new KubeError(err.reason, `the TPRs are gone, but revoking calico/node's TPR rules failed: ${err.message}`, err.target, err.status,
      'Re-run the same cleanup command to finish: it revokes them.');
  }
}
