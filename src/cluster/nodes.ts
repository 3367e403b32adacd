// Calico's per-node data lives in Node annotations (docs/calico-data.md#node-peers): node-scoped BGP peers, per-node BGP config and
// the node's BGP address and AS number. Read them all with one LIST of Nodes, of which only the metadata is kept.
import type { KubeClient } from '../kube/client.js';
import { isConflict } from '../kube/errors.js';

export interface NodeCalicoAnnotations {
  node: string;
  resourceVersion?: string;
  /** Only Calico's keys (anything under a projectcalico.org prefix). */
  annotations: Record<string, string>;
}

/** Calico's keys: anything under a projectcalico.org prefix. */
const CALICO_ANNOTATION = /(^|\.)projectcalico\.org\//;

export async function readNodeAnnotations(client: KubeClient): Promise<NodeCalicoAnnotations[]> {
  const list = await client.listMetadata({ group: '', version: 'v1', resource: 'nodes' }, CALICO_ANNOTATION);
  return list.items.map(({ metadata: m }) => ({ node: m.name, resourceVersion: m.resourceVersion, annotations: m.annotations }));
}

/** The merge patch that sets (a string) or removes (null) annotations, guarded by the resourceVersion when there is one. */
export const nodeAnnotationsPatch = (resourceVersion: string | undefined, annotations: Record<string, string | null>) =>
  ({ metadata: { ...(resourceVersion ? { resourceVersion } : {}), annotations } });

/**
 * Sets (a string) or removes (null) annotations of a Node with a merge patch guarded by the resourceVersion the decision
 * was made on: a concurrent edit → 409 Conflict, reported by the caller, never overwritten.
 */
export function patchNodeAnnotations(client: KubeClient, node: string, resourceVersion: string | undefined, annotations: Record<string, string | null>): Promise<unknown> {
  return client.request({
    method: 'PATCH',
    path: `/api/v1/nodes/${encodeURIComponent(node)}`,
    contentType: 'application/merge-patch+json',
    body: nodeAnnotationsPatch(resourceVersion, annotations),
    target: { verb: 'patch', resource: 'nodes', name: node },
  });
}

/**
 * patchNodeAnnotations, recognising its own write: a 409 after which the Node holds exactly these changes (set to the
 * value, or absent for null) is done. That is a retried patch whose first attempt landed and whose answer was cut,
 * meeting its own new resourceVersion; anything else is another writer's change, a conflict.
 */
export async function patchNodeAnnotationsGuarded(client: KubeClient, node: string, resourceVersion: string | undefined,
  annotations: Record<string, string | null>): Promise<'patched' | 'conflict'> {
  try {
    await patchNodeAnnotations(client, node, resourceVersion, annotations);
    return 'patched';
  } catch (err) {
    if (!isConflict(err)) throw err;
    const now = await client.get<{ metadata: { annotations?: Record<string, string> } }>({ group: '', version: 'v1', resource: 'nodes', name: node });
    const held = Object.entries(annotations).every(([key, value]) => (now.metadata.annotations?.[key] ?? null) === value);
    return held ? 'patched' : 'conflict';
  }
}
