// cleanup's node-peer step, once the TPRs are gone: remove the TPR-era keys of IPv6 node-scoped peers that migrate
// superseded (the expanded key holds the same peer) and that the backup holds, so Calico v2.5 reads each peer once and
// calicoctl v1.5 can delete it. The Nodes are read right before, calico/node is asked again (a v2.4 found then keeps
// the keys unless --force, as the revoke does), and each Node's patch carries the resourceVersion it was decided on:
// a Node changed in between is left alone and reported. A re-run finishes what is left.
import { RefusedError } from '../errors.js';
import type { BackupContent } from '../backup/format.js';
import { belowV25, describeSightings } from '../calico/guards.js';
import { peerKeyLabel, planSupersededKeyRemoval } from '../calico/superseded-peer-keys.js';
import { readCalicoNodes } from '../cluster/calico-nodes.js';
import { patchNodeAnnotationsGuarded, readNodeAnnotations } from '../cluster/nodes.js';
import type { KubeClient } from '../kube/client.js';
import { KubeError } from '../kube/errors.js';
import { mapLimited } from '../kube/limiter.js';

export interface PeerKeyOutcome { node: string; key: string; result: 'removed' | 'conflict' | 'kept'; detail: string }

export interface PeerKeyRemoval {
  keys: PeerKeyOutcome[];
  /** Why the keys were kept: calico/node below v2.5 found right before the write. */
  blocked?: string;
}

/**
 * Removes the superseded keys; never one outside `named` (what the operator confirmed) when given. Without `named`,
 * `confirm` is asked first when there is something to remove (a re-run that did not just ask about the TPRs).
 */
export async function removeSupersededPeerKeys(client: KubeClient, backup: BackupContent,
  opts: { force: boolean; concurrency: number; named?: readonly string[]; confirm?: (question: string) => Promise<boolean> }): Promise<PeerKeyRemoval> {
  try {
    const plan = planSupersededKeyRemoval(await readNodeAnnotations(client), backup.nodes)
      .map((n) => ({ ...n, keys: n.keys.filter((k) => !opts.named || opts.named.includes(peerKeyLabel(n.node, k))) }))
      .filter((n) => n.keys.length > 0);
    if (plan.length === 0) return { keys: [] };
    const rows = (result: PeerKeyOutcome['result'], detail: string, nodes = plan): PeerKeyOutcome[] =>
      nodes.flatMap((n) => n.keys.map((key) => ({ node: n.node, key, result, detail })));
    const old = belowV25(await readCalicoNodes(client));
    if (old.length && !opts.force) {
      const blocked = `calico/node does not run v2.5 or later: ${describeSightings(old)}`;
      return { keys: rows('kept', 'calico/node below v2.5 runs again'), blocked };
    }
    if (!opts.named && opts.confirm) {
      const count = plan.reduce((n, p) => n + p.keys.length, 0);
      if (!(await opts.confirm(`The TPRs are gone: remove ${count} TPR-era IPv6 node-peer annotation key(s) that migrate superseded (${plan.map((p) => p.node).join(', ')})?`))) {
        throw new RefusedError('declined: nothing was written');
      }
    }
    const written = await mapLimited(plan, opts.concurrency, async (n) =>
      (await patchNodeAnnotationsGuarded(client, n.node, n.resourceVersion, Object.fromEntries(n.keys.map((k) => [k, null])))) === 'patched'
        ? rows('removed', 'superseded by its v2.5 key, which holds the same peer; the backup holds it', [n])
        : rows('conflict', 'the Node changed since cleanup read it: left alone; re-run cleanup to re-plan', [n]));
    return { keys: written.flat() };
  } catch (err) {
    if (!(err instanceof KubeError)) throw err;
    throw new KubeError(err.reason, `the TPRs are gone, but removing the superseded IPv6 node-peer keys failed: ${err.message}`, err.target, err.status,
      'Re-run the same cleanup command to finish: it removes them.');
  }
}
