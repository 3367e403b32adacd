// The transitional calico/node role: `rbac` grants Calico v2.5's CRD rule next to v2.4's TPR rules, so both versions
// run during the rolling update, and records on the role exactly what it added; rollback and `rbac --revert` remove
// exactly that (and nothing an operator added or changed since). Pure.
import { PROVENANCE_PREFIX } from './provenance.js';
import { CALICO_CRD_RULE, TPR_RULES_V24, grantsAllOf, grantsCalicoCrds, type PolicyRule } from './rbac.js';
import type { KubeObject } from './types.js';

/** The rules `rbac` added to a role, as JSON: what an undo removes, with or without a backup. */
export const ADDED_RULES_ANNOTATION = `${PROVENANCE_PREFIX}added-rules`;

/** The role is not as the tool left it: nothing is written, the reason is reported. */
export class RoleConflict {
  constructor(readonly reason: string) {}
}

/** What a role should become: a body to write, undefined for "already so", or a conflict. */
export type RoleTarget = KubeObject | undefined | RoleConflict;

const copy = (rule: PolicyRule): PolicyRule => structuredClone(rule);

export interface Transition {
  rules: PolicyRule[];
  /** Calico v2.5's CRD rule, when the role did not grant it yet (recorded for an undo). */
  added: PolicyRule[];
  /** v2.4 TPR rules put back because the role had lost them while the TPRs exist (not undone: v2.4 needs them). */
  regranted: PolicyRule[];
}

/**
 * The transitional rules: the role's rules, plus the v2.4 TPR rules it lacks (only with `regrantTprRules`: while the
 * TPRs exist), plus the CRD rule when not already granted. Appended, so every rule keeps its place; idempotent.
 */
export function transitionalRules(rules: readonly PolicyRule[], opts: { regrantTprRules: boolean }): Transition {
  const regranted = opts.regrantTprRules ? TPR_RULES_V24.filter((r) => !grantsAllOf(rules, r)).map(copy) : [];
  const added = grantsCalicoCrds(rules) ? [] : [copy(CALICO_CRD_RULE)];
  return { rules: [...rules, ...regranted, ...added], added, regranted };
}

/** The rules `rbac` recorded on the role (empty when it added none, or the record is not ours to read). */
export function recordedAdditions(role: KubeObject): PolicyRule[] {
  const text = role.metadata.annotations?.[ADDED_RULES_ANNOTATION];
  if (text === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((r): r is PolicyRule => typeof r === 'object' && r !== null && Array.isArray((r as PolicyRule).verbs)) : [];
  } catch {
    return [];
  }
}

export const hasAdditionsRecord = (role: KubeObject): boolean => role.metadata.annotations?.[ADDED_RULES_ANNOTATION] !== undefined;

/** The annotations with `added` recorded (added to what an earlier run recorded). */
export function recordAdditions(role: KubeObject, added: readonly PolicyRule[]): Record<string, string> {
  const all = [...recordedAdditions(role)];
  for (const rule of added) if (!all.some((r) => sameRule(r, rule))) all.push(copy(rule));
  return { ...role.metadata.annotations, [ADDED_RULES_ANNOTATION]: JSON.stringify(all) };
}

/** The annotations without the record (undefined when nothing else is left). */
export function withoutRecord(role: KubeObject): Record<string, string> | undefined {
  const { [ADDED_RULES_ANNOTATION]: _, ...rest } = role.metadata.annotations ?? {};
  return Object.keys(rest).length ? rest : undefined;
}

/** Two rules granting the same thing the same way: key order, and absent versus empty lists, do not matter. */
export function sameRule(a: PolicyRule, b: PolicyRule): boolean {
  const norm = (r: PolicyRule): string => JSON.stringify([r.apiGroups ?? [], r.resources ?? [], r.resourceNames ?? [], r.nonResourceURLs ?? [], r.verbs ?? []]);
  return norm(a) === norm(b);
}

export type Undo = { rules: PolicyRule[] } | { changed: PolicyRule[] };

/** The rules without one exact occurrence of each recorded rule; a recorded rule that is no longer there as written is `changed`. */
export function removeAdditions(rules: readonly PolicyRule[], recorded: readonly PolicyRule[]): Undo {
  const left = [...rules];
  const changed: PolicyRule[] = [];
  for (const rule of recorded) {
    const at = left.findIndex((r) => sameRule(r, rule));
    if (at < 0) changed.push(rule);
    else left.splice(at, 1);
  }
  return changed.length ? { changed } : { rules: left };
}
