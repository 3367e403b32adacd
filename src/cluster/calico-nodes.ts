// Who runs calico/node, cluster-wide: every DaemonSet in every namespace with a calico/node container, and the image
// each of its pods actually runs. What the guards ask before anything is written, and again right before deleting.
import type { CalicoNodeRun } from '../calico/guards.js';
import type { KubeClient } from '../kube/client.js';
import { findCalicoDaemonSets, listCalicoPods } from './daemonset.js';

export async function readCalicoNodes(client: KubeClient): Promise<CalicoNodeRun[]> {
  const daemonSets = await findCalicoDaemonSets(client);
  return Promise.all(daemonSets.map(async (ds) => ({
    namespace: ds.namespace,
    name: ds.name,
    image: ds.node.image,
    serviceAccount: ds.serviceAccount,
    pods: (await listCalicoPods(client, ds)).map((p) => ({ name: p.name, ...(p.image !== undefined ? { image: p.image } : {}) })),
  })));
}
