// calico/node's ClusterRole rules, v2.4 (TPR) and v2.5 (CRD), what each version needs, and the final v2.5 rewrite
// (TPR-era grants out, the crd.projectcalico.org grant in, every unrelated rule kept as it is and where it is).

export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** The TPR-era grants (docs/calico-data.md#rbac "Remove"): TPR definitions and the TPR data groups' Calico plurals. */
const TPR_GRANTS: Record<string, readonly string[]> = {
  extensions: ['thirdpartyresources'],
  'projectcalico.org': ['globalconfigs', 'globalbgpconfigs', 'ippools', 'globalbgppeers'],
  'alpha.projectcalico.org': ['systemnetworkpolicies'],
};

export const CRD_RESOURCES = ['globalfelixconfigs', 'bgppeers', 'globalbgpconfigs', 'ippools', 'globalnetworkpolicies'] as const;
export const CRD_VERBS = ['create', 'get', 'list', 'update', 'watch'] as const;

/** The rule Calico v2.5 adds (docs/calico-data.md#rbac). */
export const CALICO_CRD_RULE: PolicyRule = { apiGroups: ['crd.projectcalico.org'], resources: [...CRD_RESOURCES], verbs: [...CRD_VERBS] };

const CORE_RULES: PolicyRule[] = [
  { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['pods/status'], verbs: ['update'] },
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'update', 'watch'] },
];

/** `calico-node` ClusterRole rules of Calico v2.4 (docs/calico-data.md#rbac); Canal's `calico` role has the same (docs/calico-data.md#rbac). */
export const CALICO_NODE_RULES_V24: readonly PolicyRule[] = [
  ...CORE_RULES,
  { apiGroups: ['extensions'], resources: ['thirdpartyresources'], verbs: ['create', 'get', 'list', 'watch'] },
  { apiGroups: ['extensions'], resources: ['networkpolicies'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['projectcalico.org'], resources: ['globalbgppeers'], verbs: ['get', 'list'] },
  { apiGroups: ['projectcalico.org'], resources: ['globalconfigs', 'globalbgpconfigs'], verbs: ['create', 'get', 'list', 'update', 'watch'] },
  { apiGroups: ['projectcalico.org'], resources: ['ippools'], verbs: ['create', 'get', 'list', 'update', 'watch'] },
  { apiGroups: ['alpha.projectcalico.org'], resources: ['systemnetworkpolicies'], verbs: ['get', 'list', 'watch'] },
];

/** `calico-node` ClusterRole rules of Calico v2.5 (docs/calico-data.md#rbac). */
export const CALICO_NODE_RULES_V25: readonly PolicyRule[] = [
  ...CORE_RULES,
  { apiGroups: ['extensions'], resources: ['networkpolicies'], verbs: ['get', 'list', 'watch'] },
  CALICO_CRD_RULE,
];

/** The v2.4 rules that v2.5 no longer has: what calico/node v2.4 needs to read and write its TPR data. */
export const TPR_RULES_V24: readonly PolicyRule[] = CALICO_NODE_RULES_V24.filter((r) => (r.apiGroups ?? []).some((g) => (r.resources ?? []).some((res) => isTprGrant(g, res))));

export type RolePhase = 'v2.4' | 'transitional' | 'v2.5' | 'none';

function isTprGrant(group: string, resource: string): boolean {
  return (TPR_GRANTS[group] ?? []).includes(resource);
}

/**
 * Remove the TPR-era grants from one rule. A rule without any is returned as is; a rule spanning several
 * groups is split per group so that removing a TPR resource from one group takes nothing from another.
 * Wildcards (`*`) are left alone: they were not granted for TPRs and removing them would take more.
 */
function withoutTprGrants(rule: PolicyRule): PolicyRule[] {
  const groups = rule.apiGroups ?? [];
  const resources = rule.resources ?? [];
  if (!groups.some((g) => resources.some((r) => isTprGrant(g, r)))) return [rule];
  const perGroup = groups.length === 1 ? [rule] : groups.map((g) => ({ ...rule, apiGroups: [g] }));
  const out: PolicyRule[] = [];
  for (const r of perGroup) {
    const group = (r.apiGroups ?? [])[0] ?? '';
    const kept = (r.resources ?? []).filter((res) => !isTprGrant(group, res));
    if (kept.length > 0) out.push({ ...r, resources: kept });
  }
  return out;
}

/** Whether some rule grants `verb` on every object of group/resource (resourceNames-limited rules do not count). */
export function grants(rules: readonly PolicyRule[], group: string, resource: string, verb: string): boolean {
  const has = (list: string[] | undefined, item: string): boolean => (list ?? []).includes(item) || (list ?? []).includes('*');
  return rules.some((r) => (r.resourceNames ?? []).length === 0 && has(r.apiGroups, group) && has(r.resources, resource) && has(r.verbs, verb));
}

/** Whether the rules grant everything `rule` grants. */
export function grantsAllOf(rules: readonly PolicyRule[], rule: PolicyRule): boolean {
  return (rule.apiGroups ?? []).every((g) => (rule.resources ?? []).every((res) => rule.verbs.every((verb) => grants(rules, g, res, verb))));
}

/** Whether the rules grant every crd.projectcalico.org resource/verb pair of docs/calico-data.md#rbac (resourceNames-limited rules do not count). */
export function grantsCalicoCrds(rules: readonly PolicyRule[]): boolean {
  return grantsAllOf(rules, CALICO_CRD_RULE);
}

/** Whether calico/node v2.4 can read all its TPR data with these rules: every get/list/watch its own role grants. */
export function grantsTprRead(rules: readonly PolicyRule[]): boolean {
  return TPR_RULES_V24.every((r) => grantsAllOf(rules, { ...r, verbs: r.verbs.filter((v) => v === 'get' || v === 'list' || v === 'watch') }));
}

/** v2.4: TPR rules only; transitional: both (what `rbac` leaves until `cleanup`); v2.5: CRD rules only. */
export function rolePhase(rules: readonly PolicyRule[]): RolePhase {
  return phaseOf({ grantsCalicoCrds: grantsCalicoCrds(rules), hasTprGrants: hasTprGrants(rules) });
}

export function phaseOf(role: { grantsCalicoCrds: boolean; hasTprGrants: boolean }): RolePhase {
  return role.grantsCalicoCrds && role.hasTprGrants ? 'transitional' : role.grantsCalicoCrds ? 'v2.5' : role.hasTprGrants ? 'v2.4' : 'none';
}

/**
 * The v2.5 rules for a role's v2.4 (or transitional) rules: what `cleanup` leaves once the TPRs are gone.
 * Idempotent: applied to its own output it changes nothing.
 */
export function rewriteRulesForV25(rules: readonly PolicyRule[]): PolicyRule[] {
  const out = rules.flatMap(withoutTprGrants);
  if (!grantsCalicoCrds(out)) out.push({ ...CALICO_CRD_RULE, resources: [...CRD_RESOURCES], verbs: [...CRD_VERBS] });
  return out;
}

/** Whether the rules still grant anything TPR-era. */
export function hasTprGrants(rules: readonly PolicyRule[]): boolean {
  return rules.some((r) => (r.apiGroups ?? []).some((g) => (r.resources ?? []).some((res) => isTprGrant(g, res))));
}

/** One line per rule, as `rulesDiff` prints it. */
export function formatRule(rule: PolicyRule): string {
  const list = (items: string[]): string => `[${items.map((i) => (i === '' ? '""' : i)).join(', ')}]`;
  const parts: string[] = [];
  if (rule.apiGroups !== undefined) parts.push(`apiGroups: ${list(rule.apiGroups)}`);
  if (rule.resources !== undefined) parts.push(`resources: ${list(rule.resources)}`);
  if (rule.resourceNames !== undefined && rule.resourceNames.length > 0) parts.push(`resourceNames: ${list(rule.resourceNames)}`);
  if (rule.nonResourceURLs !== undefined) parts.push(`nonResourceURLs: ${list(rule.nonResourceURLs)}`);
  parts.push(`verbs: ${list(rule.verbs)}`);
  return parts.join(' ');
}

/** A line diff of two rule lists (longest common subsequence): `  ` kept, `- ` removed, `+ ` added. */
export function rulesDiff(before: readonly PolicyRule[], after: readonly PolicyRule[]): string[] {
  const a = before.map(formatRule);
  const b = after.map(formatRule);
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const lines: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push(`  ${a[i]}`);
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
      lines.push(`- ${a[i]}`);
      i++;
    } else {
      lines.push(`+ ${b[j]}`);
      j++;
    }
  }
  return lines;
}
