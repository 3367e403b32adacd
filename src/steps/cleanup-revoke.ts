// cleanup's last step: once Calico's TPRs are deleted and gone, revoke calico/node's TPR rules (the transitional role
// `rbac` left becomes Calico v2.5's), with guarded writes. Nothing needs those rules any more: v2.5 reads the CRDs, and
// the data v2.4 read is gone. A re-run after an interruption between the delete and the revoke finishes it.
import { RefusedError } from '../cli/errors.js';
import { findCalicoDaemonSets } from '../cluster/daemonset.js';
import { findBoundClusterRoles, rbacVersion } from '../cluster/rbac.js';
import type { KubeClient } from '../kube/client.js';
import { KubeError } from '../kube/errors.js';
import { isCalicoRole, planRevoke } from './rbac-plan.js';
import { applyRolePlans, type RoleOutcome } from './rbac-roles.js';

export interface Revoke {
  roles: RoleOutcome[];
  /** Why nothing could be revoked (no calico/node DaemonSet or role to find), if so. */
  note?: string;
}

const WHAT = 'TPR rules revoked: Calico v2.5\'s rules';

/**
 * Revokes the TPR rules from the Calico roles bound to calico/node's service account. `confirm` is asked first when
 * given and something is to change (a run that did not just ask about deleting the TPRs); declining writes nothing.
 */
export async function revokeTprRules(client: KubeClient, namespace: string, confirm?: (question: string) => Promise<boolean>): Promise<Revoke> {
  try {
    const [[daemonSet], version] = await Promise.all([findCalicoDaemonSets(client, namespace), rbacVersion(client)]);
    if (!daemonSet) return { roles: [], note: `no DaemonSet runs calico/node in ${namespace}: no ClusterRole found to revoke the TPR rules from` };
    const bound = await findBoundClusterRoles(client, version, daemonSet.serviceAccount, namespace);
    const plans = bound.roles.filter(isCalicoRole).map(planRevoke);
    const changing = plans.filter((p) => p.changed).map((p) => p.name);
    if (changing.length && confirm && !(await confirm(`The TPRs are gone: revoke the TPR rules from ClusterRole ${changing.join(', ')}?`))) {
      throw new RefusedError('declined: nothing was written');
    }
    return { roles: await applyRolePlans(client, version, plans, WHAT) };
  } catch (err) {
    if (!(err instanceof KubeError)) throw err;
    throw new KubeError(err.reason, `the TPRs are gone, but revoking calico/node's TPR rules failed: ${err.message}`, err.target, err.status,
      'Re-run the same cleanup command to finish: it revokes them.');
  }
}
