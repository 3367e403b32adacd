// The guards every writing verb shares, as refusals (exit 2, nothing written): -n must name a Calico installation,
// and calico/node's version is judged over every DaemonSet and pod of the cluster (src/calico/guards.ts decides).
import { RefusedError } from '../errors.js';
import { notKnownBelowV25, calicoPresence, describeSightings, vacuousNamespace, type CalicoNodeRun } from '../calico/guards.js';
import type { KubeObject, TprKind } from '../calico/types.js';
import { readTprSource } from '../cluster/tprs.js';
import type { KubeClient } from '../kube/client.js';

type TprObjects = Partial<Record<TprKind, readonly KubeObject[]>>;

/**
 * Refuses when the namespace holds neither a calico/node DaemonSet nor Calico's own TPR data (its ClusterGUID; a stray
 * object does not count): a guard that looked there would pass vacuously. `force` skips nothing here. The TPR data is read only when no DaemonSet answered already.
 */
export async function assertCalicoInNamespace(client: KubeClient, namespace: string, runs: ReadonlyArray<Pick<CalicoNodeRun, 'namespace'>>, tprObjects?: TprObjects): Promise<void> {
  if (runs.some((ds) => ds.namespace === namespace)) return;
  const objects = tprObjects ?? (await readTprSource(client))?.objects ?? {};
  const problem = vacuousNamespace(calicoPresence(namespace, runs, objects));
  if (!problem) return;
  throw new RefusedError(`refusing to write: ${problem}`,
    'Pass -n/--namespace where Calico keeps its DaemonSet and data (default kube-system; see: kubectl calico-migrate check). Nothing was written.');
}

/** What each verb that takes Calico v2.5's CRD access away would break, and how to go on. */
const V25_LOSES = {
  rollback: { harm: 'so deleting them would break pod networking', hint: 'Roll calico/node back to v2.4 first (every DaemonSet and pod), then re-run rollback.' },
  'rbac --revert': { harm: 'so taking the CRD rule from its role would cut it off from its data', hint: 'Nothing was written. Roll calico/node back to v2.4 first (every DaemonSet and pod), then revert.' },
} as const;

/**
 * Refuses while any calico/node anywhere runs v2.5 or later (or an unversioned image, which may be v2.5): it reads the
 * CRDs that rollback would delete and that rbac --revert would take its role's access to.
 */
export function assertNoCalicoV25(runs: readonly CalicoNodeRun[], verb: keyof typeof V25_LOSES = 'rollback'): void {
  const v25 = notKnownBelowV25(runs);
  if (v25.length === 0) return;
  const unknown = v25.every((s) => s.version === undefined) ? ' (an image tag that is not a version may be v2.5)' : '';
  throw new RefusedError(`${describeSightings(v25)}${unknown}: Calico v2.5 reads the CRDs, ${V25_LOSES[verb].harm}`, V25_LOSES[verb].hint);
}
