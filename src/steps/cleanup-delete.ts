// cleanup's deletion loop: right before each TPR definition is deleted, that kind's data is listed again in every
// namespace and calico/node is asked again (unless --force); an object in neither the backup nor the CRDs, or a
// calico/node below v2.5 (rolled back meanwhile), stops the cleanup there (what is left is not deleted).
// One window stays open to any client: a write landing between that last list and the DELETE (one round trip).
import { CALICO_KINDS } from '../calico/kinds.js';
import type { BackupContent } from '../backup/format.js';
import { readCustomResources } from '../cluster/crds.js';
import { deleteTprDefinition, relistTprKind } from '../cluster/tprs.js';
import type { KubeClient } from '../kube/client.js';
import { KubeError } from '../kube/errors.js';
import { notAllV25, objectsInNeither } from './cleanup-guards.js';
import { readCalicoNodes } from '../cluster/calico-nodes.js';

export interface Deletion {
  deleted: string[];
  /** TPRs someone else deleted after the guards read them (nothing of theirs to check or delete). */
  goneMeanwhile: string[];
  /** Why the loop stopped before deleting `tpr` (and everything after it): objects it would lose, or calico/node. */
  stopped?: { tpr: string; objects: string[]; calicoNode?: string };
}

export async function deleteTprsRechecked(client: KubeClient, toDelete: readonly string[], backup: BackupContent, namespace: string, force: boolean): Promise<Deletion> {
  const deleted: string[] = [];
  const goneMeanwhile: string[] = [];
  try {
    for (const name of toDelete) {
      const { tpr, crd } = CALICO_KINDS.find((k) => k.tpr.name === name)!;
      // A 404 while the TPR is defined is asked again (data not served yet is not "no data").
      const [live, runs] = await Promise.all([relistTprKind(client, tpr.kind), force ? undefined : readCalicoNodes(client)]);
      if (!live) { goneMeanwhile.push(name); continue; }
      const calicoNode = runs && notAllV25(runs);
      if (calicoNode) return { deleted, goneMeanwhile, stopped: { tpr: name, objects: [], calicoNode } };
      const lost = await objectsInNeither(tpr.kind, live, backup, namespace, () => readCustomResources(client, crd.kind));
      if (lost.length) return { deleted, goneMeanwhile, stopped: { tpr: name, objects: lost } };
      await deleteTprDefinition(client, name);
      deleted.push(name);
    }
  } catch (err) {
    // Exit 3 either way; once something is deleted the message must say what, never "nothing was written".
    if (deleted.length && err instanceof KubeError) {
      throw new KubeError(err.reason, `cleanup stopped after deleting ${deleted.join(', ')}: ${err.message}`, err.target, err.status,
        err.hint ?? 'Re-run cleanup with the same backup to finish (the deleted TPRs\' data is in the backup and the CRDs).', err.retryAfterSeconds);
    }
    throw err;
  }
  return { deleted, goneMeanwhile };
}
