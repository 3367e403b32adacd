// `check`: "Do I need this migration, and can I run it?" Reads everything in parallel (one LIST per resource), asks
// the server what the caller may do (SelfSubjectAccessReview), derives the migration state and the verdict in the
// pure domain, and reports one row per check. Writes nothing. Forbidden reads are findings, not errors.
import type { StepContext } from './context.js';
import { datastoreOf, flavourOf, clusterType } from '../calico/flavour.js';
import { CALICO_KINDS, CRD_KINDS } from '../calico/kinds.js';
import { planNodePeerAnnotations } from '../calico/node-peers.js';
import { PLUGIN_VERBS, describeRequest, requestKey, rulesFor, uniqueRequests, verbRequests, type AccessRequest, type PluginVerb } from '../calico/permissions.js';
import { grantsCalicoCrds, hasTprGrants, type PolicyRule } from '../calico/rbac.js';
import { runnersOf, v24WithoutTprAccess } from '../calico/tpr-access.js';
import { migrationState, type StateFacts } from '../calico/state.js';
import type { CrdKind, KubeObject, TprKind, TprObject } from '../calico/types.js';
import { decideVerdict, verbsAhead } from '../calico/verdict.js';
import { isDifference, verifyMigration } from '../calico/verify.js';
import { calicoNodeImageVersion, formatVersion } from '../calico/version.js';
import { accessApiVersion, reviewAccess, type AccessAnswer } from '../cluster/access.js';
import { globalConfigValue } from '../cluster/calico-facts.js';
import { crdApiVersion, readAllCustomResources, readCalicoCrds } from '../cluster/crds.js';
import { findCalicoDaemonSets, listCalicoPods, type CalicoPod } from '../cluster/daemonset.js';
import { readNodeAnnotations } from '../cluster/nodes.js';
import { rbacVersion, readRoleBindings, type BoundRoles, type BoundRolesLookup } from '../cluster/rbac.js';
import { emptyTprObjects, readTprDefinitions, readTprObjects } from '../cluster/tprs.js';
import { getServerVersion } from '../kube/discovery.js';
import { isForbidden } from '../kube/errors.js';
import type { Report } from '../report/report.js';
import { checkReport, type CheckData } from './check-report.js';
import { isCalicoRole, planTransition, RoleConflict, rulesOf as roleRules } from '../calico/rbac-plan.js';

export async function check(ctx: StepContext): Promise<Report<CheckData>> {
  const { client, namespace } = await ctx.connect();
  const forbidden: string[] = [];
  // A read the caller may not make is a finding (state `unknown`, rules to add), not an error.
  const tolerate = <T>(what: string, read: Promise<T>, fallback: T): Promise<T> => read.catch((err: unknown) => {
    if (!isForbidden(err)) throw err;
    forbidden.push(what);
    return fallback;
  });

  ctx.progress.update('reading the cluster…', true);
  const [server, crdApi, rbacApi, accessApi, tprDefinitions, daemonSets, everywhere, nodes] = await Promise.all([
    getServerVersion(client), crdApiVersion(client), rbacVersion(client), accessApiVersion(client),
    tolerate('list thirdpartyresources.extensions', readTprDefinitions(client), []),
    tolerate(`list daemonsets in ${namespace}`, findCalicoDaemonSets(client, namespace), []),
    // calico/node anywhere else (its TPR access is checked too).
    tolerate('list daemonsets in all namespaces', findCalicoDaemonSets(client), []),
    tolerate('list nodes', readNodeAnnotations(client), []),
  ]);
  const ds = daemonSets[0];
  const elsewhere = everywhere.filter((d) => !(d.namespace === ds?.namespace && d.name === ds?.name));
  const catalogOptions = {
    namespace,
    daemonSetGroup: ds ? ds.apiVersion.split('/')[0] : undefined,
    nodePatches: nodes.some((n) => Object.keys(planNodePeerAnnotations(n.annotations).add).length > 0),
  };
  const everyRequest = (catalog: Record<PluginVerb, AccessRequest[]>): AccessRequest[] => uniqueRequests(PLUGIN_VERBS.flatMap((v) => catalog[v]));
  const [tprObjects, crds, crs, pods, lookup, elsewherePods, firstAnswers] = await Promise.all([
    tolerate('list Calico TPR data', readTprObjects(client, tprDefinitions ?? []), emptyTprObjects()),
    crdApi ? tolerate('list customresourcedefinitions.apiextensions.k8s.io', readCalicoCrds(client, crdApi), new Map<CrdKind, KubeObject>()) : new Map<CrdKind, KubeObject>(),
    crdApi ? tolerate('list crd.projectcalico.org objects', readAllCustomResources(client, [...CRD_KINDS]), new Map<CrdKind, KubeObject[]>()) : new Map<CrdKind, KubeObject[]>(),
    ds ? tolerate(`list pods in ${namespace}`, listCalicoPods(client, ds), []) : Promise.resolve<CalicoPod[]>([]),
    ds || elsewhere.length ? tolerate('list clusterroles/clusterrolebindings', readRoleBindings(client, rbacApi), undefined) : Promise.resolve<BoundRolesLookup | undefined>(undefined),
    Promise.all(elsewhere.map((d) => tolerate(`list pods in ${d.namespace}`, listCalicoPods(client, d), []))),
    accessApi ? reviewAccess(client, accessApi, everyRequest(verbRequests(catalogOptions)), ctx.concurrency) : Promise.resolve(undefined),
  ]);
  const bound: BoundRoles | undefined = ds && lookup ? lookup(ds.serviceAccount, namespace) : undefined;
  // What rbac will grant is known once the role is read: the writer must hold it too (Kubernetes' escalation check).
  const catalog = verbRequests({ ...catalogOptions, roleGrants: grantsRbacWillWrite(bound, tprDefinitions !== undefined && tprDefinitions.length > 0) });
  const reviewed = new Set((firstAnswers ?? []).map((a) => requestKey(a.request)));
  const answers = accessApi && firstAnswers
    ? [...firstAnswers, ...await reviewAccess(client, accessApi, everyRequest(catalog).filter((r) => !reviewed.has(requestKey(r))), ctx.concurrency)]
    : undefined;

  // Facts for the pure decision.
  const inNamespace = (list: readonly TprObject[]): TprObject[] => list.filter((o) => (o.metadata.namespace ?? namespace) === namespace);
  // SystemNetworkPolicies that were never migrated do not hold the procedure up: cleanup keeps their TPR on purpose
  // (the official procedure did too), so they count only once GlobalNetworkPolicies exist.
  const snpsMigrated = (crs.get('GlobalNetworkPolicy') ?? []).length > 0;
  const tprCount = CALICO_KINDS.filter(({ tpr }) => tpr.kind !== 'SystemNetworkPolicy' || snpsMigrated)
    .reduce((n, { tpr }) => n + inNamespace(tprObjects[tpr.kind]).length, 0);
  const crCount = [...crs.values()].reduce((n, list) => n + list.length, 0);
  const felix = [...inNamespace(tprObjects.GlobalConfig), ...(crs.get('GlobalFelixConfig') ?? [])];
  const clusterTypeRecord = globalConfigValue(felix, 'ClusterType');
  const install = ds ? { env: ds.env, images: ds.containers.map((c) => c.image), clusterTypeRecord } : undefined;
  const running = pods.filter((p) => p.phase !== 'Succeeded' && p.phase !== 'Failed');
  const verifyEntries = tprCount > 0 && crCount > 0
    ? verifyMigration({
      sources: Object.fromEntries(CALICO_KINDS.map(({ tpr }) => [tpr.kind, tprObjects[tpr.kind]])) as Record<TprKind, TprObject[]>,
      crs: Object.fromEntries(crs), sourceNodes: nodes, liveNodes: nodes, calicoNamespace: namespace,
    })
    : undefined;
  const rulesOf = (roles: BoundRoles): PolicyRule[] => roles.roles.flatMap((r) => (r.rules as PolicyRule[] | undefined) ?? []);
  const roleRules = bound ? rulesOf(bound) : [];
  const runners = [...(ds ? runnersOf(ds, pods) : []), ...elsewhere.flatMap((d, n) => runnersOf(d, elsewherePods[n] ?? []))];
  const cutOff = v24WithoutTprAccess(runners, (ns, sa) => (lookup ? rulesOf(lookup(sa, ns)) : undefined));
  const facts: StateFacts = {
    tprApi: tprDefinitions !== undefined,
    crdApi: crdApi !== undefined,
    daemonSet: ds !== undefined,
    datastore: install ? datastoreOf(install) : undefined,
    templateVersion: ds ? calicoNodeImageVersion(ds.node.image) : undefined,
    podVersions: running.map((p) => (p.image ? calicoNodeImageVersion(p.image) : undefined)),
    tprObjects: tprCount,
    keptSnps: snpsMigrated ? 0 : inNamespace(tprObjects.SystemNetworkPolicy).length,
    crdObjects: crCount,
    differences: verifyEntries?.filter((e) => isDifference(e.status)).length,
    role: bound && bound.roles.length > 0 ? { grantsCalicoCrds: grantsCalicoCrds(roleRules), hasTprGrants: hasTprGrants(roleRules) } : undefined,
    v24WithoutTprAccess: cutOff.map((x) => x.description),
    readable: forbidden.length === 0,
  };
  const state = migrationState(facts);

  // Permissions: every request of every verb; the verbs still ahead decide "ready".
  const allowed = new Map((answers ?? []).map((a: AccessAnswer) => [requestKey(a.request), a.allowed]));
  const ahead = verbsAhead(state, tprCount > 0);
  const denied: Partial<Record<PluginVerb, string[]>> = {};
  for (const verb of PLUGIN_VERBS) {
    const list = catalog[verb].filter((r) => allowed.get(requestKey(r)) === false).map(describeRequest);
    if (list.length) denied[verb] = [...new Set(list)];
  }
  const missingRules = rulesFor(uniqueRequests(ahead.filter((v) => v !== 'upgrade').flatMap((v) => catalog[v]).filter((r) => allowed.get(requestKey(r)) === false)));
  const commands = ctx.next;
  const verdict = decideVerdict({
    state, denied, permissionsKnown: answers !== undefined, namespace, hasTprData: tprCount > 0, cli: commands.plugin(), kubectl: commands.kubectl(),
    tprAccessFixes: [...new Set(cutOff.map((x) => x.namespace))].map((ns) => ({ namespace: ns, cli: commands.inNamespace(ns).plugin() })),
    daemonSet: ds ? { name: ds.name, container: ds.node.name, image: ds.node.image, updateStrategy: ds.updateStrategy } : undefined,
  });

  return checkReport({
    namespace, server, facts, state, verdict, forbidden, ahead, denied, missingRules, rbacApi,
    tprApi: facts.tprApi, crdApi,
    daemonSets, ds, running, install: install ? { flavour: flavourOf(install), clusterType: clusterType(install) } : undefined,
    nodeVersion: facts.templateVersion ? formatVersion(facts.templateVersion) : (ds ? '' : undefined),
    datastoreVersion: globalConfigValue(felix, 'CalicoVersion'),
    clusterTypeRecord,
    tprs: CALICO_KINDS.map(({ tpr }) => ({
      name: tpr.name, kind: tpr.kind, defined: (tprDefinitions ?? []).some((d) => d.metadata.name === tpr.name),
      objects: tprObjects[tpr.kind].length, inNamespace: inNamespace(tprObjects[tpr.kind]).length,
    })),
    crds: CALICO_KINDS.map(({ crd }) => ({ name: crd.name, kind: crd.kind, definition: crds.get(crd.kind), objects: (crs.get(crd.kind) ?? []).length })),
    verify: verifyEntries,
    roles: bound,
    catalog, answers,
  });
}

/** The rules of every Calico role rbac would write, as written (a role already transitional is not written again). */
function grantsRbacWillWrite(bound: BoundRoles | undefined, tprsExist: boolean): PolicyRule[] {
  return (bound?.roles ?? []).filter(isCalicoRole).flatMap((role) => {
    const written = planTransition(role, { regrantTprRules: tprsExist }).desiredFor(role);
    return written === undefined || written instanceof RoleConflict ? [] : roleRules(written);
  });
}
