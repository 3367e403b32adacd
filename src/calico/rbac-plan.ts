// Deciding what happens to calico/node's ClusterRole(s), without touching a cluster: which bound roles are Calico's,
// the transitional role `rbac` writes, the undo of exactly what it added (rollback, `rbac --revert`), and the revoke of
// the TPR rules `cleanup` does once the TPRs are gone. Pure: the steps read and write.
import {
  RoleConflict, type RoleTarget, hasAdditionsRecord, recordAdditions, recordedAdditions, removeAdditions, transitionalRules, withoutRecord,
} from './rbac-transition.js';
import { formatRule, grantsCalicoCrds, hasTprGrants, rewriteRulesForV25, rulesDiff, type PolicyRule } from './rbac.js';
import type { KubeObject } from './types.js';

export { RoleConflict, type RoleTarget };

/** One role and what would change: `desiredFor` turns the role as read (at write time) into the body to PUT. */
export interface RolePlan {
  name: string;
  changed: boolean;
  /** Set when the role as read now is a conflict: nothing will be written to it. */
  conflict?: string;
  diff: string[];
  /** What the change is, when the plan can say it better than the step. */
  detail?: string;
  desiredFor: (live: KubeObject | undefined) => RoleTarget;
  /** The role existed when planned: gone at write time, someone else deleted it, and it is not re-created. */
  existed: boolean;
}

export const rulesOf = (role: KubeObject | undefined): PolicyRule[] => (Array.isArray(role?.rules) ? role.rules as PolicyRule[] : []);

/** A role holding Calico grants (TPR-era or crd.projectcalico.org); Canal's `flannel` role is not one. */
export const isCalicoRole = (role: KubeObject): boolean => hasTprGrants(rulesOf(role)) || grantsCalicoCrds(rulesOf(role));

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** A plan from what `desiredFor` makes of the role as read now. */
function planFrom(name: string, live: KubeObject | undefined, desiredFor: RolePlan['desiredFor']): RolePlan {
  const target = desiredFor(live);
  const existed = live !== undefined;
  if (target instanceof RoleConflict) return { name, changed: false, conflict: target.reason, diff: [], desiredFor, existed };
  return { name, changed: target !== undefined, diff: rulesDiff(rulesOf(live), target ? rulesOf(target) : rulesOf(live)), desiredFor, existed };
}

/** A copy of `live` with other rules and annotations (none: the key is dropped). */
function withRules(live: KubeObject, rules: PolicyRule[], annotations: Record<string, string> | undefined): KubeObject {
  const metadata = { ...live.metadata };
  if (annotations) metadata.annotations = annotations;
  else delete metadata.annotations;
  return { ...live, metadata, rules };
}

/**
 * The transitional role (`rbac`): Calico v2.5's CRD rule added and recorded on the role, v2.4's TPR rules kept (and
 * put back where they are missing while the TPRs exist). Recomputed from the live role at write time.
 */
export function planTransition(role: KubeObject, opts: { regrantTprRules: boolean }): RolePlan {
  const t = transitionalRules(rulesOf(role), opts);
  const detail = t.regranted.length === 0 ? 'Calico v2.5\'s CRD rule added, v2.4\'s TPR rules kept until cleanup'
    : `v2.4's TPR rules given back until cleanup (calico/node v2.4 reads its data with them)${t.added.length ? ', Calico v2.5\'s CRD rule added' : ''}`;
  return { ...planFrom(role.metadata.name, role, (live) => {
    if (!live) return undefined; // deleted meanwhile: nothing to grant
    const next = transitionalRules(rulesOf(live), opts);
    if (next.added.length === 0 && next.regranted.length === 0) return undefined;
    return withRules(live, next.rules, next.added.length ? recordAdditions(live, next.added) : live.metadata.annotations);
  }), detail };
}

/** What an undo compares: the role's rules, labels, annotations and aggregationRule. */
export function roleContent(role: KubeObject | undefined): Record<string, unknown> | undefined {
  if (!role) return undefined;
  const { labels, annotations } = role.metadata;
  return {
    name: role.metadata.name,
    ...(labels ? { labels } : {}),
    ...(annotations ? { annotations } : {}),
    rules: role.rules ?? null,
    ...(role.aggregationRule !== undefined ? { aggregationRule: role.aggregationRule } : {}),
  };
}

/** The body that puts `saved` back over `live` (or recreates it), with `apiVersion` of the API written to. */
export function revertedRole(live: KubeObject | undefined, saved: KubeObject, apiVersion: string): KubeObject | undefined {
  if (same(roleContent(live), roleContent(saved))) return undefined;
  const metadata: KubeObject['metadata'] = { ...(live?.metadata ?? {}), name: saved.metadata.name };
  delete metadata.labels;
  delete metadata.annotations;
  if (!live) for (const server of ['namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'selfLink', 'generation', 'managedFields']) delete metadata[server];
  if (saved.metadata.labels) metadata.labels = saved.metadata.labels;
  if (saved.metadata.annotations) metadata.annotations = saved.metadata.annotations;
  const body: KubeObject = { apiVersion, kind: 'ClusterRole', metadata, rules: saved.rules ?? null };
  if (saved.aggregationRule !== undefined) body.aggregationRule = saved.aggregationRule;
  return body;
}

/**
 * Undoing `rbac` on the role as it is now. With the tool's record: remove exactly the recorded rules and the record,
 * keeping every other rule (an operator's included); a recorded rule changed since is a conflict. Without a record,
 * only a backup can tell: the role equal to what `rbac` writes from the saved role (an earlier version rewrote it) is
 * put back; any other difference is someone else's change and a conflict. A role deleted since is recreated from the backup.
 */
export function undoTarget(live: KubeObject | undefined, saved: KubeObject | undefined, apiVersion: string): RoleTarget {
  if (!live) return saved ? revertedRole(undefined, saved, apiVersion) : undefined;
  if (hasAdditionsRecord(live)) {
    const undo = removeAdditions(rulesOf(live), recordedAdditions(live));
    if ('changed' in undo) {
      return new RoleConflict(`the rule rbac added was changed since (${undo.changed.map(formatRule).join('; ')}): left as it is`);
    }
    return withRules(live, undo.rules, withoutRecord(live));
  }
  if (!saved || same(roleContent(live), roleContent(saved))) return undefined;
  const writtenByRbac = [rewriteRulesForV25(rulesOf(saved)), transitionalRules(rulesOf(saved), { regrantTprRules: false }).rules];
  if (same(roleContent({ ...live, rules: rulesOf(saved) }), roleContent(saved)) && writtenByRbac.some((rules) => same(rulesOf(live), rules))) {
    return revertedRole(live, saved, apiVersion);
  }
  return new RoleConflict('changed since the backup, and not by rbac: left as it is (compare it with the role in the backup)');
}

export function planUndo(live: KubeObject | undefined, saved: KubeObject | undefined, apiVersion: string): RolePlan {
  return planFrom(saved?.metadata.name ?? live?.metadata.name ?? '', live, (current) => undoTarget(current, saved, apiVersion));
}

/** `cleanup`'s last step, once the TPRs are gone: the TPR rules revoked (the v2.5 rules), the record dropped. */
export function planRevoke(role: KubeObject): RolePlan {
  return planFrom(role.metadata.name, role, (live) => {
    if (!live) return undefined;
    const rules = rewriteRulesForV25(rulesOf(live));
    if (same(rules, rulesOf(live)) && !hasAdditionsRecord(live)) return undefined;
    return withRules(live, rules, withoutRecord(live));
  });
}
