// Calico's per-node data lives in Node annotations (reference §1.6): node-scoped BGP peers, per-node BGP config and
// the node's BGP address and AS number. Read them all with one LIST of Nodes, of which only the metadata is kept.
import type { KubeClient } from '../kube/client.js';

export interface NodeCalicoAnnotations {
  node: string;
  resourceVersion?: string;
  /** Only Calico's keys (anything under a projectcalico.org prefix). */
  annotations: Record<string, string>;
}

export const isCalicoAnnotation = (key: string): boolean => /(^|\.)projectcalico\.org\//.test(key);

export async function readNodeAnnotations(client: KubeClient): Promise<NodeCalicoAnnotations[]> {
  const list = await client.listMetadata({ group: '', version: 'v1', resource: 'nodes' });
  return list.items.map((n) => ({
    node: n.metadata.name,
    resourceVersion: n.metadata.resourceVersion,
    annotations: Object.fromEntries(Object.entries(n.metadata.annotations ?? {}).filter(([k]) => isCalicoAnnotation(k))),
  }));
}

/**
 * Sets (a string) or removes (null) annotations of a Node with a merge patch guarded by the resourceVersion the decision
 * was made on: a concurrent edit → 409 Conflict, reported by the caller, never overwritten.
 */
export function patchNodeAnnotations(client: KubeClient, node: string, resourceVersion: string | undefined, annotations: Record<string, string | null>): Promise<unknown> {
  return client.request({
    method: 'PATCH',
    path: `/api/v1/nodes/${encodeURIComponent(node)}`,
    contentType: 'application/merge-patch+json',
    body: { metadata: { ...(resourceVersion ? { resourceVersion } : {}), annotations } },
    target: { verb: 'patch', resource: 'nodes', name: node },
  });
}
