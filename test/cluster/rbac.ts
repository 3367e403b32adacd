// RBAC evaluated from the stored ClusterRoles/ClusterRoleBindings (and Roles/RoleBindings), like the RBAC authorizer.
import type { Store } from './store.js';
import type { KubeObject, UserInfo } from './types.js';

export interface RequestAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** Set for non-resource requests such as /version. */
  path?: string;
}

export interface Decision { allowed: boolean; reason: string }

export const ADMIN_GROUP = 'system:masters';

function ruleAllows(rule: any, a: RequestAttributes): boolean {
  const has = (list: unknown, v: string) => Array.isArray(list) && (list.includes('*') || list.includes(v));
  if (!has(rule.verbs, a.verb)) return false;
  if (a.path !== undefined) return has(rule.nonResourceURLs, a.path);
  if (!has(rule.apiGroups, a.group)) return false;
  const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  if (!has(rule.resources, res)) return false;
  const names: unknown = rule.resourceNames;
  return !Array.isArray(names) || names.length === 0 || (a.name !== undefined && names.includes(a.name));
}

function subjectMatches(subject: any, user: UserInfo): boolean {
  switch (subject?.kind) {
    case 'User': return subject.name === user.name;
    case 'Group': return user.groups.includes(subject.name);
    case 'ServiceAccount': return user.name === `system:serviceaccount:${subject.namespace}:${subject.name}`;
    default: return false;
  }
}

/** Discovery and version endpoints are open to every authenticated user (system:discovery / system:basic-user). */
const PUBLIC_PATHS = [/^\/version\/?$/, /^\/api(\/v1)?\/?$/, /^\/apis(\/[^/]+){0,2}\/?$/, /^\/healthz/, /^\/openapi\//, /^\/swagger/];
const SELF_REVIEWS = new Set(['selfsubjectaccessreviews', 'selfsubjectrulesreviews']);

/** Requests every authenticated user may make, whatever the bindings: discovery, version, reviews of oneself. */
export function openToEveryone(a: RequestAttributes): boolean {
  if (a.path !== undefined) return PUBLIC_PATHS.some((re) => re.test(a.path!));
  return a.group === 'authorization.k8s.io' && SELF_REVIEWS.has(a.resource) && a.verb === 'create';
}

export function authorize(store: Store, user: UserInfo, a: RequestAttributes): Decision {
  if (user.groups.includes(ADMIN_GROUP) || openToEveryone(a)) return { allowed: true, reason: '' };
  const clusterRoles = rolesByName(store, 'rbac.authorization.k8s.io/clusterroles');
  for (const b of store.listRaw(rbacInfo(store, 'clusterrolebindings'))) {
    if (!(b.subjects ?? []).some((s: any) => subjectMatches(s, user))) continue;
    const role = clusterRoles.get(b.roleRef?.name);
    if (role && (role.rules ?? []).some((r: any) => ruleAllows(r, a))) {
      return { allowed: true, reason: `RBAC: allowed by ClusterRoleBinding "${b.metadata.name}" of ClusterRole "${role.metadata.name}" to ${describe(user, b)}` };
    }
  }
  if (a.namespace) {
    const roles = rolesByName(store, 'rbac.authorization.k8s.io/roles', a.namespace);
    for (const b of store.listRaw(rbacInfo(store, 'rolebindings'), a.namespace)) {
      if (!(b.subjects ?? []).some((s: any) => subjectMatches(s, user))) continue;
      const role = b.roleRef?.kind === 'ClusterRole' ? clusterRoles.get(b.roleRef.name) : roles.get(b.roleRef?.name);
      if (role && (role.rules ?? []).some((r: any) => ruleAllows(r, a))) {
        return { allowed: true, reason: `RBAC: allowed by RoleBinding "${b.metadata.name}/${a.namespace}" of ${b.roleRef.kind} "${role.metadata.name}" to ${describe(user, b)}` };
      }
    }
  }
  return { allowed: false, reason: '' };
}

function describe(user: UserInfo, binding: KubeObject): string {
  const s = (binding.subjects ?? []).find((x: any) => subjectMatches(x, user));
  return `${s?.kind ?? 'User'} "${s?.name ?? user.name}"`;
}

function rbacInfo(store: Store, resource: string) {
  return { storageKey: `rbac.authorization.k8s.io/${resource}` } as Parameters<Store['listRaw']>[0];
}

function rolesByName(store: Store, storageKey: string, namespace?: string): Map<string, KubeObject> {
  return new Map(store.listRaw({ storageKey } as Parameters<Store['listRaw']>[0], namespace).map((r) => [r.metadata.name, r]));
}

/** 1.7's plain-text 403 body (forbiddenMessage in the generic apiserver). */
export function forbiddenMessage17(user: string, a: RequestAttributes): string {
  if (a.path !== undefined) return `User "${user}" cannot ${a.verb} path "${a.path}".`;
  let res = a.group ? `${a.resource}.${a.group}` : a.resource;
  if (a.subresource) res += `/${a.subresource}`;
  return a.namespace ? `User "${user}" cannot ${a.verb} ${res} in the namespace "${a.namespace}".` : `User "${user}" cannot ${a.verb} ${res} at the cluster scope.`;
}

/** The Status message of 1.8 (same sentence, prefixed) and of modern servers (resource and group spelled out). */
export function forbiddenMessageStatus(user: string, a: RequestAttributes, modern: boolean): string {
  const qualified = a.group ? `${a.resource}.${a.group}` : a.resource;
  const subject = a.name ? `${qualified} "${a.name}"` : qualified;
  if (!modern) return `${subject} is forbidden: ${forbiddenMessage17(user, a).replace(/\.$/, '')}`;
  const res = `resource "${a.subresource ? `${a.resource}/${a.subresource}` : a.resource}" in API group "${a.group}"`;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return `${subject} is forbidden: User "${user}" cannot ${a.verb} ${res} ${scope}`;
}

/**
 * RBAC's escalation check (1.7: pkg/registry/rbac/validation ConfirmNoEscalation): whoever writes a role must already
 * hold every permission it grants, at its scope. The rules the writer lacks, in the role's own words; [] = allowed.
 */
export function extraPrivileges(store: Store, user: UserInfo, role: KubeObject, namespace?: string): string[] {
  if (user.groups.includes(ADMIN_GROUP)) return [];
  const lacking: string[] = [];
  for (const rule of (Array.isArray(role.rules) ? role.rules : []) as any[]) {
    const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
    const attempts: RequestAttributes[] = [];
    for (const verb of list(rule.verbs)) {
      for (const path of list(rule.nonResourceURLs)) attempts.push({ verb, group: '', resource: '', path });
      for (const group of list(rule.apiGroups)) {
        for (const res of list(rule.resources)) {
          const [resource, subresource] = res.split('/') as [string, string | undefined];
          const names = list(rule.resourceNames);
          for (const name of names.length ? names : [undefined]) attempts.push({ verb, group, resource, subresource, namespace, name });
        }
      }
    }
    const missing = attempts.filter((a) => !authorize(store, user, a).allowed);
    if (missing.length) lacking.push(...missing.map((a) => (a.path !== undefined ? `${a.verb} ${a.path}` : `${a.verb} ${a.group ? `${a.resource}.${a.group}` : a.resource}${a.subresource ? `/${a.subresource}` : ''}`)));
  }
  return [...new Set(lacking)];
}
