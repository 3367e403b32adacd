// `rollback`: undo `migrate` and `rbac` while the TPRs still exist. Deletes only what the tool created and nobody
// changed since: CRs with its provenance that still equal the conversion of their TPR source, Calico CRDs it created
// that are then empty, the v2.5 node-peer keys it added (with a backup, the TPR-era keys cleanup removed first come
// back from it); then removes exactly what `rbac` added to calico/node's role
// (from the tool's record on the role, or with a backup, also a role an earlier version rewrote). TPR data is never touched.
import { RefusedError } from '../errors.js';
import { loadBackupForCluster } from './backup-cluster-check.js';
import { kindByCrd, kindByTpr } from '../calico/kinds.js';
import type { CrdKind, KubeObject } from '../calico/types.js';
import { discoverCalicoCrds, isCreatedByTool, readAllCustomResources, relistCustomResources } from '../cluster/crds.js';
import { readCalicoNodes } from '../cluster/calico-nodes.js';
import { patchNodeAnnotationsGuarded } from '../cluster/nodes.js';
import { readNodeAnnotations } from '../cluster/nodes.js';
import { rbacVersion, type RbacVersion } from '../cluster/rbac.js';
import { readTprSource } from '../cluster/tprs.js';
import type { KubeClient } from '../kube/client.js';
import { isConflict, isNotFound } from '../kube/errors.js';
import { mapLimited } from '../kube/limiter.js';
import type { Report } from '../report/report.js';
import { isCalicoRole, type RolePlan } from '../calico/rbac-plan.js';
import { applyRolePlans, plannedOutcomes, rolesOfEveryCalicoNode, undoPlansFromBackup, undoPlansFromRecord, type CalicoNodeAccount, type RoleOutcome } from './rbac-roles.js';
import { rollbackReport, type RollbackData } from './rollback-report.js';
import { assertCalicoInNamespace, assertNoCalicoV25 } from './guards.js';
import { addedNodePeerKeys, parseSourceRef, planCrRollback, type CrRollbackEntry } from '../calico/rollback-plan.js';
import { supersededPeerKeysToPutBack } from '../calico/superseded-peer-keys.js';
import type { StepContext } from './context.js';

export interface RollbackOptions { backup?: string; dryRun: boolean }

const RESTORE_HINT = 'To put Calico\'s TPR data back use "kubectl calico-migrate restore --backup DIR" (Kubernetes 1.7); rollback works only while the TPRs exist.';

export async function rollback(options: RollbackOptions, ctx: StepContext): Promise<Report<RollbackData>> {
  const conn = await ctx.connect();
  const { client, namespace } = conn;
  const backup = options.backup ? await loadBackupForCluster(conn, options.backup) : undefined; // verified, and this cluster's, before anything else
  ctx.progress.update('reading TPRs, CRDs and Nodes…', true);
  const [tpr, { version: crdVersion, crds }, calicoNodes, rbacApi] = await Promise.all([readTprSource(client), discoverCalicoCrds(client), readCalicoNodes(client), rbacVersion(client)]);
  if (!tpr || tpr.definitions.length === 0) {
    throw new RefusedError(tpr ? 'Calico\'s ThirdPartyResources are gone (cleanup has run): rollback cannot tell which CRs still equal their source' : 'this cluster has no ThirdPartyResource API (Kubernetes 1.8 or later)', RESTORE_HINT);
  }
  await assertCalicoInNamespace(client, namespace, calicoNodes, tpr.objects);
  assertNoCalicoV25(calicoNodes); // every DaemonSet template and pod of the cluster
  const crs = Object.fromEntries(await readAllCustomResources(client, [...crds.keys()])) as Partial<Record<CrdKind, KubeObject[]>>;
  const entries = planCrRollback(crs, tpr.objects);
  const defined = new Set(tpr.definitions.map((d) => d.metadata.name));
  const orphaned = entries.filter((e) => { const ref = parseSourceRef(e.source); return ref && !defined.has(kindByTpr(ref.kind).tpr.name); });
  if (orphaned.length) {
    throw new RefusedError(`the ThirdPartyResource that ${orphaned[0]!.kind} ${orphaned[0]!.name} was copied from is gone (cleanup has run)`, RESTORE_HINT);
  }

  const deletions = new Set(entries.filter((e) => e.action === 'delete').map((e) => `${e.kind}/${e.name}`));
  const crdPlan = [...crds.entries()].map(([kind, crd]) => {
    const remaining = (crs[kind] ?? []).filter((o) => !deletions.has(`${kind}/${o.metadata.name}`)).length;
    const action = !isCreatedByTool(crd) ? 'keep' as const : remaining > 0 ? 'keep' as const : 'delete' as const;
    const detail = !isCreatedByTool(crd) ? 'not created by this tool' : remaining > 0 ? `still holds ${remaining} object(s) the tool did not create or that changed` : 'created by migrate; empty after the rollback';
    return { name: crd.metadata.name, kind, uid: crd.metadata.uid, action, detail };
  });
  const savedNodes = new Map((backup?.nodes ?? []).map((n) => [n.node, n.annotations]));
  const nodePlan = (await readNodeAnnotations(client)).map((n) => {
    const saved = backup ? savedNodes.get(n.node) ?? {} : undefined;
    // The TPR-era keys cleanup removed come back first: then the v2.5 keys migrate added are once more duplicates.
    const putBack = saved ? supersededPeerKeysToPutBack(n.annotations, saved) : {};
    return { node: n.node, resourceVersion: n.resourceVersion, putBack, remove: addedNodePeerKeys({ ...n.annotations, ...putBack }, saved) };
  }).filter((n) => n.remove.length > 0 || Object.keys(n.putBack).length > 0);
  const rolePlans = await roleUndoPlans(client, rbacApi, calicoNodes, (backup?.rbac.roles ?? []).filter(isCalicoRole));

  const base = { dryRun: options.dryRun, backup: Boolean(backup), crdApiVersion: crdVersion };
  const writesNeeded = deletions.size + crdPlan.filter((c) => c.action === 'delete').length + nodePlan.length + rolePlans.filter((p) => p.changed).length;
  const planned = (dryRun: boolean) => rollbackReport({
    ...base, dryRun, crs: entries.map((e) => ({ ...describe(e), result: e.action === 'delete' ? 'would delete' : 'kept' })),
    crds: crdPlan.map((c) => ({ ...c, result: c.action === 'delete' ? 'would delete' : 'kept' })),
    nodes: nodePlan.map((n) => ({ node: n.node, removed: n.remove, restored: Object.keys(n.putBack), result: 'would remove' })),
    roles: plannedOutcomes(rolePlans, 'remove what rbac added'), writes: 0,
  });
  if (options.dryRun || writesNeeded === 0) return planned(options.dryRun);
  // The question follows the plan it asks about (on a terminal).
  if (ctx.willAsk) ctx.show({ tables: planned(true).tables });
  const question = `Delete ${deletions.size} Calico CRs and ${crdPlan.filter((c) => c.action === 'delete').length} CRDs created by migrate, remove ${nodePlan.reduce((n, p) => n + p.remove.length, 0)} node annotations${putBackCount(nodePlan) ? ` (putting back ${putBackCount(nodePlan)} TPR-era node-peer key(s) from the backup)` : ''}${rolePlans.some((p) => p.changed) ? `, remove what rbac added to ClusterRole ${rolePlans.filter((p) => p.changed).map((p) => p.name).join(', ')}` : ''}?`;
  if (!(await ctx.confirm(question))) throw new RefusedError('declined: nothing was written');
  // The answer may have come minutes later: calico/node is asked again (the CRs and CRDs are, right before each delete).
  assertNoCalicoV25(await readCalicoNodes(client));

  const before = client.stats.writes;
  ctx.progress.update('deleting the CRs migrate created…', true);
  const crResults = await mapLimited(entries, ctx.concurrency, (e) => deleteCr(client, e));
  const crdResults = [];
  for (const c of crdPlan) crdResults.push({ ...c, ...(c.action === 'delete' && crdVersion ? await deleteCrdIfEmpty(client, crdVersion, c.kind, c.name, c.uid) : { result: 'kept' }) });
  // One patch per Node, guarded by the resourceVersion it was planned on: the keys put back and removed together.
  const nodeResults = await mapLimited(nodePlan, ctx.concurrency, async (n) => {
    const planned = { node: n.node, removed: n.remove, restored: Object.keys(n.putBack) };
    return (await patchNodeAnnotationsGuarded(client, n.node, n.resourceVersion, { ...n.putBack, ...Object.fromEntries(n.remove.map((k) => [k, null])) })) === 'patched'
      ? { ...planned, result: 'removed' }
      : { ...planned, result: 'conflict', detail: 'the Node changed since it was read; re-run to re-plan' };
  });
  const roles: RoleOutcome[] = await applyRolePlans(client, rbacApi, rolePlans, 'what rbac added removed');
  return rollbackReport({ ...base, crs: crResults, crds: crdResults, nodes: nodeResults, roles, writes: client.stats.writes - before });
}

const putBackCount = (plan: ReadonlyArray<{ putBack: Record<string, string> }>): number => plan.reduce((n, p) => n + Object.keys(p.putBack).length, 0);

/** The roles rbac may have changed: those saved in the backup, or else those bound to every calico/node's service account (their record). */
async function roleUndoPlans(client: KubeClient, version: RbacVersion, accounts: readonly CalicoNodeAccount[], saved: KubeObject[]): Promise<RolePlan[]> {
  if (saved.length) return undoPlansFromBackup(client, version, saved);
  return undoPlansFromRecord(version, (await rolesOfEveryCalicoNode(client, version, accounts)).roles);
}

const describe = (e: CrRollbackEntry) => ({ kind: e.kind, name: e.name, source: e.source, detail: e.detail });

async function deleteCr(client: KubeClient, e: CrRollbackEntry): Promise<RollbackData['crs'][number]> {
  if (e.action === 'keep') return { ...describe(e), result: 'kept' };
  const { crd } = kindByCrd(e.kind);
  const ref = { group: crd.group, version: crd.version, resource: crd.plural, name: e.name };
  // Read again right before deleting: a CR changed since the plan was made is someone else's now. (1.7's
  // DeleteOptions has no resourceVersion precondition; what remains open is the one round trip to the DELETE.)
  const now = await client.get<KubeObject>(ref).catch((err: unknown) => { if (isNotFound(err)) return undefined; throw err; });
  if (!now) return { ...describe(e), result: 'deleted', detail: 'already gone' };
  if (now.metadata.uid !== e.object.metadata.uid || now.metadata.resourceVersion !== e.object.metadata.resourceVersion) {
    return { ...describe(e), result: 'kept', detail: 'changed since it was read (resourceVersion); kept' };
  }
  try {
    // The uid precondition: a CR deleted and re-created by someone else since the read is not ours to delete.
    await client.delete(ref,
      { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: e.object.metadata.uid } });
    return { ...describe(e), result: 'deleted' };
  } catch (err) {
    if (isNotFound(err)) return { ...describe(e), result: 'deleted', detail: 'already gone' };
    if (isConflict(err)) return { ...describe(e), result: 'kept', detail: 'replaced by another writer since it was read; kept' };
    throw err;
  }
}

/** Deletes the CRD only if a list right before shows it empty (deleting a CRD deletes its objects). */
async function deleteCrdIfEmpty(client: KubeClient, version: 'v1beta1' | 'v1', kind: CrdKind, name: string, uid: string | undefined): Promise<{ result: string; detail?: string }> {
  const objects = await relistCustomResources(client, version, kind);
  if (!objects) return { result: 'deleted', detail: 'already gone' };
  const held = objects.length;
  if (held > 0) return { result: 'kept', detail: `holds ${held} object(s) right before its deletion (written since it was read); kept` };
  try {
    await client.delete({ group: 'apiextensions.k8s.io', version, resource: 'customresourcedefinitions', name },
      { kind: 'DeleteOptions', apiVersion: 'v1', ...(uid ? { preconditions: { uid } } : {}) });
    return { result: 'deleted' };
  } catch (err) {
    if (isNotFound(err)) return { result: 'deleted' };
    if (isConflict(err)) return { result: 'kept', detail: 'replaced by another writer since it was read; kept' };
    throw err;
  }
}
