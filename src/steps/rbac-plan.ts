// Deciding what happens to calico/node's ClusterRole(s), without touching a cluster: which bound roles are Calico's,
// their v2.5 rules (§4.3), and what a revert from a backup must put back. Pure: the rbac and rollback steps read and write.
import { grantsCalicoCrds, hasTprGrants, rewriteRulesForV25, rulesDiff, type PolicyRule } from '../calico/rbac.js';
import type { KubeObject } from '../calico/types.js';

/** One role and what would change: `desiredFor` turns the role as read (at write time) into the body to PUT. */
export interface RolePlan {
  name: string;
  changed: boolean;
  diff: string[];
  desiredFor: (live: KubeObject | undefined) => KubeObject | undefined;
}

export const rulesOf = (role: KubeObject | undefined): PolicyRule[] => (Array.isArray(role?.rules) ? role.rules as PolicyRule[] : []);

/** A role holding Calico grants (TPR-era or crd.projectcalico.org); Canal's `flannel` role is not one. */
export const isCalicoRole = (role: KubeObject): boolean => hasTprGrants(rulesOf(role)) || grantsCalicoCrds(rulesOf(role));

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The v2.5 rewrite of one role; recomputed from the live role at write time (a re-read after a 409 re-plans). */
export function planV25Rewrite(role: KubeObject): RolePlan {
  const before = rulesOf(role);
  const after = rewriteRulesForV25(before);
  return {
    name: role.metadata.name,
    changed: !same(before, after),
    diff: rulesDiff(before, after),
    desiredFor: (live) => {
      if (!live) return undefined; // deleted meanwhile: nothing to rewrite
      const rules = rulesOf(live);
      const rewritten = rewriteRulesForV25(rules);
      return same(rules, rewritten) ? undefined : { ...live, rules: rewritten };
    },
  };
}

/** What a revert compares and restores: the role's rules, labels, annotations and aggregationRule, as saved. */
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

export function planRevert(live: KubeObject | undefined, saved: KubeObject, apiVersion: string): RolePlan {
  return {
    name: saved.metadata.name,
    changed: revertedRole(live, saved, apiVersion) !== undefined,
    diff: live ? rulesDiff(rulesOf(live), rulesOf(saved)) : rulesDiff([], rulesOf(saved)),
    desiredFor: (current) => revertedRole(current, saved, apiVersion),
  };
}
