// The built-in resources each emulated Kubernetes version serves (only what the plugin and kubectl touch).
import type { ServerMode } from './types.js';

export interface ResourceInfo {
  group: string;
  version: string;
  resource: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  verbs: string[];
  singular: string;
  shortNames?: string[];
  categories?: string[];
  /** Objects are shared by every version of a group/resource. */
  storageKey: string;
  source: 'builtin' | 'tpr' | 'crd';
  /** Only subresources we accept writes on. */
  subresources?: string[];
  /** Name of the TPR or CRD object that defines it. */
  definedBy?: string;
}

export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const READ_CREATE = ['create'];

interface Def { r: string; kind: string; ns: boolean; short?: string[]; verbs?: string[]; sub?: string[] }

const core: Def[] = [
  { r: 'namespaces', kind: 'Namespace', ns: false, short: ['ns'], sub: ['status'] },
  { r: 'nodes', kind: 'Node', ns: false, short: ['no'], sub: ['status'] },
  { r: 'pods', kind: 'Pod', ns: true, short: ['po'], sub: ['status'] },
  { r: 'serviceaccounts', kind: 'ServiceAccount', ns: true, short: ['sa'] },
  { r: 'configmaps', kind: 'ConfigMap', ns: true, short: ['cm'] },
  { r: 'secrets', kind: 'Secret', ns: true },
];
const daemonsets: Def = { r: 'daemonsets', kind: 'DaemonSet', ns: true, short: ['ds'], sub: ['status'] };
const deployments: Def = { r: 'deployments', kind: 'Deployment', ns: true, short: ['deploy'], sub: ['status'] };
const tpr: Def = { r: 'thirdpartyresources', kind: 'ThirdPartyResource', ns: false };
const networkpolicies: Def = { r: 'networkpolicies', kind: 'NetworkPolicy', ns: true };
const rbac: Def[] = [
  { r: 'clusterroles', kind: 'ClusterRole', ns: false },
  { r: 'clusterrolebindings', kind: 'ClusterRoleBinding', ns: false },
  { r: 'roles', kind: 'Role', ns: true },
  { r: 'rolebindings', kind: 'RoleBinding', ns: true },
];
const ssar: Def[] = [
  { r: 'selfsubjectaccessreviews', kind: 'SelfSubjectAccessReview', ns: false, verbs: READ_CREATE },
];
const crdV1beta1: Def = { r: 'customresourcedefinitions', kind: 'CustomResourceDefinition', ns: false, short: ['crd'], sub: ['status'] };

type GroupVersions = Array<{ group: string; version: string; defs: Def[] }>;

/** Which group-versions each mode serves, in discovery order (preferred version first within a group). */
function layout(mode: ServerMode): GroupVersions {
  switch (mode) {
    case '1.6':
    case '1.7': {
      const gv: GroupVersions = [
        { group: '', version: 'v1', defs: core },
        { group: 'apps', version: 'v1beta1', defs: [deployments] }, // 1.7 had no DaemonSets in apps
        { group: 'authorization.k8s.io', version: 'v1', defs: ssar },
        { group: 'authorization.k8s.io', version: 'v1beta1', defs: ssar },
        { group: 'extensions', version: 'v1beta1', defs: [daemonsets, deployments, networkpolicies, tpr] },
        { group: 'rbac.authorization.k8s.io', version: 'v1beta1', defs: rbac },
        { group: 'rbac.authorization.k8s.io', version: 'v1alpha1', defs: rbac },
      ];
      if (mode === '1.7') gv.push({ group: 'apiextensions.k8s.io', version: 'v1beta1', defs: [crdV1beta1] });
      return gv;
    }
    case '1.8':
      return [
        { group: '', version: 'v1', defs: core },
        { group: 'apps', version: 'v1beta2', defs: [daemonsets, deployments] },
        { group: 'apps', version: 'v1beta1', defs: [deployments] },
        { group: 'authorization.k8s.io', version: 'v1', defs: ssar },
        { group: 'authorization.k8s.io', version: 'v1beta1', defs: ssar },
        { group: 'extensions', version: 'v1beta1', defs: [daemonsets, deployments, networkpolicies] },
        { group: 'rbac.authorization.k8s.io', version: 'v1', defs: rbac },
        { group: 'rbac.authorization.k8s.io', version: 'v1beta1', defs: rbac },
        { group: 'apiextensions.k8s.io', version: 'v1beta1', defs: [crdV1beta1] },
      ];
    case 'modern':
      return [
        { group: '', version: 'v1', defs: core },
        { group: 'apps', version: 'v1', defs: [daemonsets, deployments] },
        { group: 'authorization.k8s.io', version: 'v1', defs: ssar },
        { group: 'networking.k8s.io', version: 'v1', defs: [networkpolicies] },
        { group: 'rbac.authorization.k8s.io', version: 'v1', defs: rbac },
        { group: 'apiextensions.k8s.io', version: 'v1', defs: [{ ...crdV1beta1, short: ['crd', 'crds'] }] },
      ];
  }
}

/** Storage is keyed by group/resource; DaemonSets are one storage whether reached via extensions or apps. */
export function storageKeyFor(group: string, resource: string): string {
  if (resource === 'daemonsets' || resource === 'deployments') return `apps/${resource}`;
  if (resource === 'networkpolicies' && (group === 'extensions' || group === 'networking.k8s.io')) return `networking/${resource}`;
  return `${group}/${resource}`;
}

export function builtinResources(mode: ServerMode): ResourceInfo[] {
  const out: ResourceInfo[] = [];
  for (const { group, version, defs } of layout(mode)) {
    for (const d of defs) {
      const info: ResourceInfo = {
        group, version, resource: d.r, kind: d.kind, listKind: `${d.kind}List`, namespaced: d.ns,
        verbs: d.verbs ?? ALL_VERBS, singular: d.kind.toLowerCase(), storageKey: storageKeyFor(group, d.r), source: 'builtin',
      };
      if (d.short) info.shortNames = d.short;
      if (d.sub) info.subresources = d.sub;
      out.push(info);
    }
  }
  return out;
}

export const DEFAULT_GIT_VERSION: Record<ServerMode, string> = {
  '1.6': 'v1.6.13', '1.7': 'v1.7.16', '1.8': 'v1.8.15', modern: 'v1.30.0',
};
