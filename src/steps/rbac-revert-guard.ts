// Undoing rbac takes Calico v2.5's CRD rule away: refused while any calico/node v2.5 runs (a DaemonSet template or a
// pod, in any namespace), as that calico/node would lose its data. rollback refuses the same way before deleting CRs.
import { RefusedError } from '../cli/errors.js';
import { runnersOf } from '../calico/tpr-access.js';
import { calicoNodeImageVersion, isAtLeast } from '../calico/version.js';
import { findCalicoDaemonSets, listCalicoPods } from '../cluster/daemonset.js';
import type { KubeClient } from '../kube/client.js';

export async function refuseWhileV25Runs(client: KubeClient): Promise<void> {
  const daemonSets = await findCalicoDaemonSets(client);
  const runners = (await Promise.all(daemonSets.map(async (ds) => runnersOf(ds, await listCalicoPods(client, ds))))).flat();
  const v25 = runners.find((r) => { const v = calicoNodeImageVersion(r.image); return v !== undefined && isAtLeast(v, 2, 5); });
  if (v25) {
    throw new RefusedError(`${v25.what} runs ${v25.image}: Calico v2.5 reads the CRDs, so taking the CRD rule from its role would cut it off from its data`,
      'Nothing was written. Roll calico/node back to v2.4 first, then revert.');
  }
}
