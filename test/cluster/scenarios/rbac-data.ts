// Calico's ClusterRoles as released (docs/calico-data.md#rbac): v2.4 (TPR) and v2.5 (CRD), plus Canal's flannel role.
import type { KubeObject } from '../types.js';

const RBAC = 'rbac.authorization.k8s.io/v1beta1';
type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };

const common: Rule[] = [
  { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['pods/status'], verbs: ['update'] },
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'update', 'watch'] },
];

export const CALICO_V24_RULES: Rule[] = [
  ...common,
  { apiGroups: ['extensions'], resources: ['thirdpartyresources'], verbs: ['create', 'get', 'list', 'watch'] },
  { apiGroups: ['extensions'], resources: ['networkpolicies'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['projectcalico.org'], resources: ['globalbgppeers'], verbs: ['get', 'list'] },
  { apiGroups: ['projectcalico.org'], resources: ['globalconfigs', 'globalbgpconfigs'], verbs: ['create', 'get', 'list', 'update', 'watch'] },
  { apiGroups: ['projectcalico.org'], resources: ['ippools'], verbs: ['create', 'get', 'list', 'update', 'watch'] },
  { apiGroups: ['alpha.projectcalico.org'], resources: ['systemnetworkpolicies'], verbs: ['get', 'list', 'watch'] },
];

export const CALICO_V25_RULES: Rule[] = [
  ...common,
  { apiGroups: ['extensions'], resources: ['networkpolicies'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['crd.projectcalico.org'], resources: ['globalfelixconfigs', 'bgppeers', 'globalbgpconfigs', 'ippools', 'globalnetworkpolicies'], verbs: ['create', 'get', 'list', 'update', 'watch'] },
];

export const FLANNEL_RULES: Rule[] = [
  { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
  { apiGroups: [''], resources: ['nodes'], verbs: ['list', 'watch'] },
  { apiGroups: [''], resources: ['nodes/status'], verbs: ['patch'] },
];

/** What the `readonly` test user may do: read everything the plugin reads, write nothing. */
export const READONLY_RULES: Rule[] = [
  { apiGroups: ['', 'extensions', 'apps', 'apiextensions.k8s.io', 'rbac.authorization.k8s.io', 'projectcalico.org', 'alpha.projectcalico.org', 'crd.projectcalico.org'], resources: ['*'], verbs: ['get', 'list', 'watch'] },
];

export function clusterRole(name: string, rules: Rule[], namespace?: string): KubeObject {
  const metadata: KubeObject['metadata'] = { name };
  if (namespace) metadata.namespace = namespace; // Calico's manifest sets it on a cluster-scoped object; the server drops it
  return { apiVersion: RBAC, kind: 'ClusterRole', metadata, rules: structuredClone(rules) };
}

export function clusterRoleBinding(name: string, role: string, subjects: Array<{ kind: string; name: string; namespace?: string; apiGroup?: string }>): KubeObject {
  return { apiVersion: RBAC, kind: 'ClusterRoleBinding', metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects };
}

export function serviceAccountBinding(name: string, role: string, sa: string, ns = 'kube-system'): KubeObject {
  return clusterRoleBinding(name, role, [{ kind: 'ServiceAccount', name: sa, namespace: ns }]);
}

export function userBinding(name: string, role: string, user: string): KubeObject {
  return clusterRoleBinding(name, role, [{ kind: 'User', name: user, apiGroup: 'rbac.authorization.k8s.io' }]);
}
