// What the server is and serves: /version, and legacy discovery (all that Kubernetes 1.7 offered).
import type { KubeClient } from './client.js';
import { isNotFound } from './errors.js';

export interface ServerVersion {
  major: string; minor: string; gitVersion: string;
  gitCommit?: string; buildDate?: string; goVersion?: string; platform?: string;
}

export function getServerVersion(client: KubeClient): Promise<ServerVersion> {
  return client.request<ServerVersion>({ method: 'GET', path: '/version', target: { verb: 'get', resource: 'version' } });
}

/** "1.7", from minor strings like "7" or "7+" (GKE/EKS style). */
export function minorVersion(v: ServerVersion): { major: number; minor: number } {
  return { major: Number.parseInt(v.major, 10), minor: Number.parseInt(v.minor, 10) };
}

export interface ApiResource { name: string; kind: string; namespaced: boolean; verbs?: string[]; shortNames?: string[] }
interface ApiResourceList { groupVersion: string; resources: ApiResource[] }
interface ApiGroupList { groups: Array<{ name: string; versions: Array<{ groupVersion: string; version: string }>; preferredVersion?: { version: string } }> }

/** Group → served versions, from the legacy /apis list. */
export async function servedGroups(client: KubeClient): Promise<Map<string, string[]>> {
  const list = await client.request<ApiGroupList>({ method: 'GET', path: '/apis', target: { verb: 'get', resource: 'apis' } });
  return new Map(list.groups.map((g) => [g.name, g.versions.map((v) => v.version)]));
}

/** The resources of one group-version, or undefined when the server does not serve it. */
export async function resourcesOf(client: KubeClient, group: string, version: string): Promise<ApiResource[] | undefined> {
  const path = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
  try {
    const list = await client.request<ApiResourceList>({ method: 'GET', path, target: { verb: 'get', resource: path } });
    return list.resources;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}
