// Which calico/node v2.4 (a DaemonSet template or a pod, in any namespace) runs without read access to its TPR data,
// read from the cluster: every calico/node DaemonSet, its pods, and the roles bound to each one's service account.
import { v24WithoutTprAccess, runnersOf, type CutOff } from '../calico/tpr-access.js';
import type { PolicyRule } from '../calico/rbac.js';
import type { KubeClient } from '../kube/client.js';
import { findCalicoDaemonSets, listCalicoPods } from './daemonset.js';
import { rbacVersion, readRoleBindings } from './rbac.js';

export async function readV24WithoutTprAccess(client: KubeClient): Promise<CutOff[]> {
  const [daemonSets, version] = await Promise.all([findCalicoDaemonSets(client), rbacVersion(client)]);
  if (daemonSets.length === 0) return [];
  const [pods, lookup] = await Promise.all([Promise.all(daemonSets.map((ds) => listCalicoPods(client, ds))), readRoleBindings(client, version)]);
  const runners = daemonSets.flatMap((ds, i) => runnersOf(ds, pods[i] ?? []));
  return v24WithoutTprAccess(runners, (namespace, serviceAccount) =>
    lookup(serviceAccount, namespace).roles.flatMap((r) => (r.rules as PolicyRule[] | undefined) ?? []));
}
