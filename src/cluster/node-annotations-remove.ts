// Removing annotations from a Node: a merge patch with `null` values, guarded by the resourceVersion the decision was
// made on (a concurrent edit → 409 Conflict, reported by the caller, never overwritten).
import type { KubeClient } from '../kube/client.js';

export function removeNodeAnnotations(client: KubeClient, node: string, resourceVersion: string | undefined, keys: string[]): Promise<unknown> {
  return client.request({
    method: 'PATCH',
    path: `/api/v1/nodes/${encodeURIComponent(node)}`,
    contentType: 'application/merge-patch+json',
    body: { metadata: { ...(resourceVersion ? { resourceVersion } : {}), annotations: Object.fromEntries(keys.map((k) => [k, null])) } },
    target: { verb: 'patch', resource: 'nodes', name: node },
  });
}
