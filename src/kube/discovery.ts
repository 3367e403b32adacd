// What the server is and serves: /version, and legacy discovery (all that Kubernetes 1.7 offered).
import type { KubeClient } from './client.js';

export interface ServerVersion {
  major: string; minor: string; gitVersion: string;
  gitCommit?: string; buildDate?: string; goVersion?: string; platform?: string;
}

export function getServerVersion(client: KubeClient): Promise<ServerVersion> {
  return client.request<ServerVersion>({ method: 'GET', path: '/version', target: { verb: 'get', resource: 'version' } });
}

interface ApiGroupList { groups: Array<{ name: string; versions: Array<{ groupVersion: string; version: string }>; preferredVersion?: { version: string } }> }

/** Group → served versions, from the legacy /apis list. */
export async function servedGroups(client: KubeClient): Promise<Map<string, string[]>> {
  const list = await client.request<ApiGroupList>({ method: 'GET', path: '/apis', target: { verb: 'get', resource: 'apis' } });
  return new Map(list.groups.map((g) => [g.name, g.versions.map((v) => v.version)]));
}
