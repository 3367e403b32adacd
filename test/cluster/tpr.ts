// ThirdPartyResource naming and data rules, as Kubernetes 1.6/1.7 derived them (docs/calico-data.md#tpr-storage).
import type { ResourceInfo } from './builtins.js';
import { ApiError, badRequest, invalid } from './status.js';
import type { KubeObject } from './types.js';

export const TPR_DATA_VERBS = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];

/** `global-bgp-config` → `GlobalBgpConfig` (convertToCamelCase). */
function camelCaseAtDashes(s: string): string {
  return s.split('-').map((p) => (p ? p[0]!.toUpperCase() + p.slice(1) : p)).join('');
}

/** apimachinery UnsafeGuessKindToResource: lower-case, then s→ses, y→ies, else +s. */
export function guessPlural(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower.endsWith('s')) return `${lower}es`;
  if (lower.endsWith('y')) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

export interface TprNames { kind: string; group: string; plural: string }

/** ExtractApiGroupAndKind: `<kind>.<domain>.<tld>` at least. Throws the apiserver's message otherwise. */
export function tprNames(name: string): TprNames {
  const parts = name.split('.');
  if (parts.length < 3) {
    throw new Error(`unexpectedly short resource name: ${name}, expected at least <kind>.<domain>.<tld>`);
  }
  const kind = camelCaseAtDashes(parts[0]!);
  return { kind, group: parts.slice(1).join('.'), plural: guessPlural(kind) };
}

/** Validates a TPR on create; 1.7 only served versions[0]. */
export function admitTpr(obj: KubeObject): void {
  const name = obj.metadata.name;
  try {
    tprNames(name);
  } catch (e) {
    throw invalid('extensions', 'ThirdPartyResource', name, [{ field: 'metadata.name', value: name, message: (e as Error).message }]);
  }
  if (!Array.isArray(obj.versions) || obj.versions.length === 0 || !obj.versions[0]?.name) {
    throw invalid('extensions', 'ThirdPartyResource', name, [{ field: 'versions', message: 'must specify at least one version' }]);
  }
  delete obj.metadata.namespace; // cluster-scoped: Calico's `namespace: kube-system` has no effect
}

export function tprResourceInfo(tpr: KubeObject): ResourceInfo | undefined {
  let names: TprNames;
  try { names = tprNames(tpr.metadata.name); } catch { return undefined; }
  const version = tpr.versions?.[0]?.name;
  if (!version) return undefined;
  return {
    group: names.group, version, resource: names.plural, kind: names.kind, listKind: `${names.kind}List`,
    namespaced: true, verbs: TPR_DATA_VERBS, singular: '', storageKey: `tpr:${names.group}/${names.plural}`,
    source: 'tpr', definedBy: tpr.metadata.name,
  };
}

/** The TPR codec fills in kind/apiVersion when absent and rejects a mismatch; names only need to be non-empty. */
export function admitTprData(info: ResourceInfo, obj: KubeObject): void {
  const apiVersion = `${info.group}/${info.version}`;
  if (obj.kind === undefined || obj.kind === '') obj.kind = info.kind;
  if (obj.apiVersion === undefined || obj.apiVersion === '') obj.apiVersion = apiVersion;
  if (obj.kind !== info.kind) throw badRequest(`kind doesn't match, expecting: ${info.kind}, got ${obj.kind}`);
  if (obj.apiVersion !== apiVersion) throw badRequest(`apiVersion doesn't match, expecting: ${apiVersion}, got ${obj.apiVersion}`);
  if (!obj.metadata.name) throw new ApiError(422, 'Invalid', `${info.kind} "" is invalid: metadata.name: Required value: name or generateName is required`);
}
