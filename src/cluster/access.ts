// Asking the server what the caller may do: one SelfSubjectAccessReview per request (authorization.k8s.io v1, or
// v1beta1 where that is all there is), with bounded concurrency. A review is a POST that writes nothing; its target
// names `selfsubjectaccessreviews` so logs (and the simulated cluster's `review: true`) tell it from real writes.
import type { AccessRequest } from '../calico/permissions.js';
import type { KubeClient } from '../kube/client.js';
import { servedGroups } from '../kube/discovery.js';
import { mapLimited } from '../kube/limiter.js';

export type AccessApiVersion = 'v1' | 'v1beta1';

export interface AccessAnswer {
  request: AccessRequest;
  allowed: boolean;
  /** The authorizer's reason or evaluation error, when it gave one. */
  reason?: string;
}

interface ReviewStatus { allowed?: boolean; denied?: boolean; reason?: string; evaluationError?: string }

/** v1 where served (1.6+), else v1beta1; undefined when the server has no authorization API. */
export async function accessApiVersion(client: KubeClient): Promise<AccessApiVersion | undefined> {
  const versions = (await servedGroups(client)).get('authorization.k8s.io') ?? [];
  if (versions.includes('v1')) return 'v1';
  if (versions.includes('v1beta1')) return 'v1beta1';
  return undefined;
}

/** Reviews every request (at most `concurrency` in flight), answers in the input order. */
export function reviewAccess(client: KubeClient, version: AccessApiVersion, requests: readonly AccessRequest[], concurrency: number): Promise<AccessAnswer[]> {
  return mapLimited(requests, concurrency, async (request) => {
    const [resource, subresource] = request.resource.split('/'); // `pods/status` is resource pods, subresource status
    const status = (await client.request<{ status?: ReviewStatus }>({
      method: 'POST',
      path: `/apis/authorization.k8s.io/${version}/selfsubjectaccessreviews`,
      body: {
        apiVersion: `authorization.k8s.io/${version}`,
        kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: {
            verb: request.verb, group: request.group, resource, ...(subresource ? { subresource } : {}),
            ...(request.namespace !== undefined ? { namespace: request.namespace } : {}),
          },
        },
      },
      target: { verb: 'create', resource: 'selfsubjectaccessreviews.authorization.k8s.io' },
    })).status ?? {};
    const reason = status.reason || status.evaluationError || undefined;
    return { request, allowed: status.allowed === true && status.denied !== true, ...(reason ? { reason } : {}) };
  });
}
