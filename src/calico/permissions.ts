// Every API request each verb of the plugin makes, as (verb, group, resource, namespace?) the RBAC authorizer
// checks, and the ClusterRole rules that grant the denied ones (docs/calico-data.md#rbac, widened to the whole procedure).
// Pure: `check` asks the server about each request (SelfSubjectAccessReview) and feeds the answers back here.
import { CALICO_KINDS } from './kinds.js';
import type { PolicyRule } from './rbac.js';

/** One request as the authorizer sees it; `namespace` absent = cluster scope (or all namespaces). */
export interface AccessRequest {
  verb: string;
  group: string;
  resource: string;
  namespace?: string;
}

/** The plugin's verbs plus `upgrade`: the operator's own kubectl step between `rbac` and `cleanup`. */
export type PluginVerb = 'check' | 'backup' | 'migrate' | 'verify' | 'rbac' | 'upgrade' | 'cleanup' | 'restore' | 'rollback';

export const PLUGIN_VERBS: readonly PluginVerb[] = ['check', 'backup', 'migrate', 'verify', 'rbac', 'upgrade', 'cleanup', 'restore', 'rollback'];

export interface CatalogOptions {
  /** Where Calico keeps its DaemonSet and TPR data (-n). */
  namespace: string;
  /** The group the server serves DaemonSets at: `extensions` on 1.7, `apps` later. */
  daemonSetGroup?: string;
  /** Whether migrate will patch Nodes (IPv6 node-scoped peers get their v2.5 annotation key, docs/calico-data.md#names). */
  nodePatches?: boolean;
  /**
   * The rules of the roles rbac will write, as it will write them. RBAC lets a user write a role only when they already
   * hold everything it grants (Kubernetes' escalation check), so each of those permissions is a request of rbac's too.
   */
  roleGrants?: readonly PolicyRule[];
}

const RBAC = 'rbac.authorization.k8s.io';
const CRD_DEFS = 'apiextensions.k8s.io';
const req = (verb: string, group: string, resource: string, namespace?: string): AccessRequest =>
  (namespace === undefined ? { verb, group, resource } : { verb, group, resource, namespace });

/** Every request of every verb, in the order each verb makes them. */
export function verbRequests(opts: CatalogOptions): Record<PluginVerb, AccessRequest[]> {
  const ns = opts.namespace;
  const dsGroup = opts.daemonSetGroup ?? 'extensions';
  // TPR data is listed across all namespaces (objects elsewhere are reported as ignored), so cluster scope.
  const tprReads = [
    req('list', 'extensions', 'thirdpartyresources'),
    ...CALICO_KINDS.map(({ tpr }) => req('list', tpr.group, tpr.plural)),
  ];
  const crs = (verb: string): AccessRequest[] => CALICO_KINDS.map(({ crd }) => req(verb, crd.group, crd.plural));
  const nodes = req('list', '', 'nodes');
  // The DaemonSet is looked for at extensions first (1.7's only group), and RBAC answers before routing: a server that
  // serves DaemonSets only under apps is asked at extensions too, and a 403 there would stop the verb.
  const listDaemonSets = (namespace?: string): AccessRequest[] =>
    [...(dsGroup === 'extensions' ? [] : [req('list', 'extensions', 'daemonsets', namespace)]), req('list', dsGroup, 'daemonsets', namespace)];
  const daemonSets = listDaemonSets(ns);
  const pods = req('list', '', 'pods', ns);
  // The guards: every calico/node DaemonSet in every namespace (and its pods, usually in -n).
  const allDaemonSets = listDaemonSets();
  const roleReads = [req('list', RBAC, 'clusterrolebindings'), req('list', RBAC, 'clusterroles')];
  // A role is re-read by name right before it is written (and again after a conflict).
  const roleWrite = [req('get', RBAC, 'clusterroles'), req('update', RBAC, 'clusterroles')];
  const crdDefs = req('list', CRD_DEFS, 'customresourcedefinitions');
  // A Node's annotations are patched with its resourceVersion; after a 409 the Node is read again by name.
  const nodePeerWrite = [req('patch', '', 'nodes'), req('get', '', 'nodes')];
  // A verb that trusts a backup first compares its ClusterGUID with the live one (TPR GlobalConfig, else the CRD).
  const clusterGuid = [req('list', 'projectcalico.org', 'globalconfigs', ns), req('list', 'crd.projectcalico.org', 'globalfelixconfigs')];
  return {
    check: [...tprReads, nodes, ...daemonSets, ...allDaemonSets, pods, ...roleReads, crdDefs, ...crs('list')],
    backup: [...tprReads, nodes, ...allDaemonSets, ...roleReads], // the roles of every calico/node DaemonSet
    migrate: [
      ...tprReads, nodes, crdDefs, ...allDaemonSets, req('create', CRD_DEFS, 'customresourcedefinitions'), ...crs('list'), ...crs('create'),
      ...crs('update'), // --overwrite
      ...(opts.nodePatches === false ? [] : [req('patch', '', 'nodes')]),
    ],
    verify: [...tprReads, nodes, crdDefs, ...crs('list')],
    rbac: [
      req('list', 'extensions', 'thirdpartyresources'), ...roleReads, ...roleWrite, ...clusterGuid, ...grantedBy(opts.roleGrants ?? []),
      ...allDaemonSets, pods, // every calico/node DaemonSet's roles; --revert: no calico/node v2.5 anywhere
    ],
    // `kubectl set image` patches the DaemonSet; with updateStrategy OnDelete the pods are deleted one at a time.
    upgrade: [req('patch', dsGroup, 'daemonsets', ns), req('delete', '', 'pods', ns)],
    cleanup: [
      ...tprReads, nodes, crdDefs, ...crs('list'), ...allDaemonSets, pods, req('delete', 'extensions', 'thirdpartyresources'),
      ...nodePeerWrite, // the superseded IPv6 node-peer keys removed once the TPRs are gone
      ...roleReads, ...roleWrite, // the TPR rules revoked at the end
    ],
    // The backup holds every namespace's TPR data, and restore puts each object back where it was.
    restore: [
      ...tprReads, nodes, ...allDaemonSets, pods, ...roleReads, // which calico/node v2.4 could not read what comes back
      req('create', 'extensions', 'thirdpartyresources'),
      ...CALICO_KINDS.map(({ tpr }) => req('create', tpr.group, tpr.plural)),
      ...CALICO_KINDS.map(({ tpr }) => req('update', tpr.group, tpr.plural)), // --overwrite
      crdDefs, req('create', CRD_DEFS, 'customresourcedefinitions'), ...crs('list'), ...crs('create'), ...crs('update'),
      ...nodePeerWrite, // --target tpr: the node-peer keys cleanup removed, put back
    ],
    // rollback removes the IPv6 node-peer keys migrate added.
    rollback: [
      ...tprReads, nodes, crdDefs, ...allDaemonSets, pods, req('delete', CRD_DEFS, 'customresourcedefinitions'), ...crs('list'), ...crs('get'), ...crs('delete'),
      req('patch', '', 'nodes'), ...roleReads, ...roleWrite,
    ],
  };
}

/**
 * Requests a verb makes that it can do without: a 403 changes how it works, not whether. check does not review them
 * (its "all N requests allowed" is about what the verbs need). The wait for new CRDs to become Established watches
 * them, and lists them as often as before when the watch is not allowed (src/cluster/crds.ts).
 */
export function optionalRequests(): Partial<Record<PluginVerb, AccessRequest[]>> {
  const watchCrds = req('watch', CRD_DEFS, 'customresourcedefinitions');
  return { migrate: [watchCrds], restore: [watchCrds] };
}

/**
 * What holding the rules means, request by request (a subresource as `pods/status`). Rules naming non-resource URLs
 * are left out, and resourceNames are not narrowed to: the review asks for the rule's resources as a whole.
 */
export function grantedBy(rules: readonly PolicyRule[]): AccessRequest[] {
  return rules.flatMap((rule) => (rule.nonResourceURLs?.length ? [] : rule.apiGroups ?? []).flatMap((group) =>
    (rule.resources ?? []).flatMap((resource) => rule.verbs.map((verb) => req(verb, group, resource)))));
}

export const requestKey = (r: AccessRequest): string => `${r.verb} ${r.group}/${r.resource}${r.namespace !== undefined ? ` -n ${r.namespace}` : ''}`;

/** Each distinct request once (many verbs share their reads), in first-seen order. */
export function uniqueRequests(requests: Iterable<AccessRequest>): AccessRequest[] {
  const seen = new Map<string, AccessRequest>();
  for (const r of requests) if (!seen.has(requestKey(r))) seen.set(requestKey(r), r);
  return [...seen.values()];
}

/** "create customresourcedefinitions.apiextensions.k8s.io", "list pods in kube-system": kubectl's way of naming it. */
export function describeRequest(r: AccessRequest): string {
  const resource = r.group === '' ? r.resource : `${r.resource}.${r.group}`;
  return `${r.verb} ${resource}${r.namespace !== undefined ? ` in ${r.namespace}` : ''}`;
}

/**
 * ClusterRole rules granting every given request: one rule per API group and verb set, resources merged, in
 * first-seen order. A namespaced request becomes a cluster-wide grant (a ClusterRole cannot be narrower; bind it
 * with a RoleBinding in that namespace to keep it there).
 */
export function rulesFor(requests: readonly AccessRequest[]): PolicyRule[] {
  const byGroup = new Map<string, Map<string, Set<string>>>(); // group → resource → verbs
  for (const r of requests) {
    const resources = byGroup.get(r.group) ?? new Map<string, Set<string>>();
    byGroup.set(r.group, resources);
    const verbs = resources.get(r.resource) ?? new Set<string>();
    resources.set(r.resource, verbs);
    verbs.add(r.verb);
  }
  const rules: PolicyRule[] = [];
  for (const [group, resources] of byGroup) {
    const byVerbs = new Map<string, string[]>(); // sorted verb list → resources
    for (const [resource, verbs] of resources) {
      const key = [...verbs].sort().join(',');
      byVerbs.set(key, [...(byVerbs.get(key) ?? []), resource]);
    }
    for (const [verbs, list] of byVerbs) rules.push({ apiGroups: [group], resources: list, verbs: verbs.split(',') });
  }
  return rules;
}

/** A ClusterRole manifest holding the rules, ready for `kubectl apply -f -`. */
export function clusterRoleManifest(name: string, rules: readonly PolicyRule[], rbacApiVersion = `${RBAC}/v1beta1`): Record<string, unknown> {
  return { apiVersion: rbacApiVersion, kind: 'ClusterRole', metadata: { name }, rules };
}
