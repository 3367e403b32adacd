// The ClusterRole(s) calico/node runs with, found through its service account's bindings rather than by a fixed name
// (Calico: calico-node; Canal: calico; Tectonic: kube-calico; docs/calico-data.md#rbac).
import type { KubeObject } from '../calico/types.js';
import type { KubeClient } from '../kube/client.js';
import { servedGroups } from '../kube/discovery.js';

export type RbacVersion = 'v1beta1' | 'v1';

interface Binding extends KubeObject {
  roleRef?: { kind?: string; name?: string };
  subjects?: Array<{ kind?: string; name?: string; namespace?: string }>;
}

export interface BoundRoles {
  bindings: string[];
  roles: KubeObject[];
}

/** v1beta1 where served (1.7 had only that and v1alpha1), else v1. */
export async function rbacVersion(client: KubeClient): Promise<RbacVersion> {
  const versions = (await servedGroups(client)).get('rbac.authorization.k8s.io') ?? [];
  return versions.includes('v1beta1') ? 'v1beta1' : 'v1';
}

export const clusterRoles = (version: RbacVersion) => ({ group: 'rbac.authorization.k8s.io', version, resource: 'clusterroles' });
const clusterRoleBindings = (version: RbacVersion) => ({ group: 'rbac.authorization.k8s.io', version, resource: 'clusterrolebindings' });

/** Looks up the ClusterRoles bound to a service account, from one read of every binding and role. */
export type BoundRolesLookup = (serviceAccount: string, namespace: string) => BoundRoles;

/** Reads every ClusterRoleBinding and ClusterRole once (two LISTs), for any number of lookups. */
export async function readRoleBindings(client: KubeClient, version: RbacVersion): Promise<BoundRolesLookup> {
  const [bindings, roles] = await Promise.all([
    client.list<{ items?: Binding[] }>(clusterRoleBindings(version)),
    client.list<{ items?: KubeObject[] }>(clusterRoles(version)),
  ]);
  const byName = new Map((roles.items ?? []).map((r) => [r.metadata.name, r]));
  return (serviceAccount, namespace) => {
    const matching = (bindings.items ?? [])
      .filter((b) => b.roleRef?.kind === 'ClusterRole' && (b.subjects ?? []).some((s) => s.kind === 'ServiceAccount' && s.name === serviceAccount && (s.namespace ?? namespace) === namespace))
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    const names = [...new Set(matching.map((b) => b.roleRef?.name as string))];
    return {
      bindings: matching.map((b) => b.metadata.name),
      roles: names.flatMap((n) => (byName.has(n) ? [{ ...byName.get(n)!, apiVersion: `rbac.authorization.k8s.io/${version}`, kind: 'ClusterRole' }] : [])),
    };
  };
}
