// CustomResourceDefinition rules: 1.7's v1beta1 fields, the name rule, the asynchronous naming controller, CR validation.
import type { ResourceInfo } from './builtins.js';
import { ALL_VERBS } from './builtins.js';
import { invalid } from './status.js';
import type { KubeObject, ServerMode } from './types.js';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_MESSAGE = "a DNS-1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

export function isDns1123Subdomain(name: string): boolean {
  return name.length <= 253 && DNS1123_SUBDOMAIN.test(name);
}

/** The only spec fields a 1.7 server knew; anything else was dropped by its decoder. */
const SPEC_FIELDS_1_7 = ['group', 'version', 'scope', 'names'];

/** Validates and normalises a CRD on create/update; the status is owned by the naming controller. */
export function admitCrd(obj: KubeObject, mode: ServerMode, keepStatus: boolean): void {
  const name = obj.metadata.name;
  const spec = (obj.spec ?? {}) as Record<string, any>;
  const fail = (field: string, message: string, value?: unknown) =>
    invalid('apiextensions.k8s.io', 'CustomResourceDefinition', name, [{ field, message, value }]);
  if (mode !== 'modern') {
    for (const k of Object.keys(spec)) if (!SPEC_FIELDS_1_7.includes(k)) delete spec[k];
    delete obj.description; // TPR leftover in Calico's manifests
  }
  const names = (spec.names ?? {}) as Record<string, any>;
  if (!spec.group) throw fail('spec.group', 'Required value');
  if (!String(spec.group).includes('.')) throw fail('spec.group', 'should be a domain with at least one dot', spec.group);
  if (mode !== 'modern' && !spec.version) throw fail('spec.version', 'Required value');
  if (mode === 'modern' && !(Array.isArray(spec.versions) && spec.versions.length)) throw fail('spec.versions', 'Required value');
  if (spec.scope !== 'Cluster' && spec.scope !== 'Namespaced') throw fail('spec.scope', 'Unsupported value', spec.scope);
  if (!names.plural) throw fail('spec.names.plural', 'Required value');
  if (!names.kind) throw fail('spec.names.kind', 'Required value');
  if (name !== `${names.plural}.${spec.group}`) {
    throw fail('metadata.name', `must be spec.names.plural+"."+spec.group`, name);
  }
  names.singular ||= String(names.kind).toLowerCase();
  names.listKind ||= `${names.kind}List`;
  spec.names = names;
  obj.spec = spec;
  if (!keepStatus) obj.status = { conditions: [], acceptedNames: { plural: '', kind: '' } };
  if (mode === 'modern') obj.status.storedVersions ??= [];
}

export function isEstablished(crd: KubeObject): boolean {
  return (crd.status?.conditions ?? []).some((c: any) => c.type === 'Established' && c.status === 'True');
}

/** What the naming controller writes: NamesAccepted, then Established (never reverted). */
export function acceptNames(crd: KubeObject, others: KubeObject[], now: string): void {
  const names = crd.spec.names;
  const clash = others.find((o) => o.metadata.name !== crd.metadata.name && o.spec?.group === crd.spec.group && isEstablished(o)
    && (o.status?.acceptedNames?.plural === names.plural || o.status?.acceptedNames?.kind === names.kind));
  const conditions: any[] = [];
  if (clash) {
    const reason = clash.status.acceptedNames.plural === names.plural ? 'PluralConflict' : 'KindConflict';
    conditions.push({ type: 'NamesAccepted', status: 'False', lastTransitionTime: now, reason, message: `"${names.plural}" is already in use` });
  } else {
    conditions.push({ type: 'NamesAccepted', status: 'True', lastTransitionTime: now, reason: 'NoConflicts', message: 'no conflicts found' });
    conditions.push({ type: 'Established', status: 'True', lastTransitionTime: now, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' });
    crd.status.acceptedNames = { ...names };
  }
  crd.status.conditions = conditions;
}

/** The resources an Established CRD serves. */
export function crdResourceInfos(crd: KubeObject, mode: ServerMode): ResourceInfo[] {
  if (!isEstablished(crd)) return [];
  const spec = crd.spec;
  const names = crd.status.acceptedNames;
  const versions: string[] = mode === 'modern'
    ? (spec.versions ?? []).filter((v: any) => v.served !== false).map((v: any) => v.name)
    : [spec.version];
  const terminating = !!crd.metadata.deletionTimestamp;
  return versions.map((version) => {
    const info: ResourceInfo = {
      group: spec.group, version, resource: names.plural, kind: names.kind, listKind: names.listKind ?? `${names.kind}List`,
      namespaced: spec.scope === 'Namespaced', singular: names.singular ?? names.kind.toLowerCase(),
      verbs: terminating ? ['delete', 'deletecollection', 'get', 'list', 'watch'] : ALL_VERBS,
      storageKey: `${spec.group}/${names.plural}`, source: 'crd', definedBy: crd.metadata.name,
    };
    if (names.shortNames?.length) info.shortNames = names.shortNames;
    if (names.categories?.length) info.categories = names.categories;
    return info;
  });
}

/** customResourceValidator.Validate (1.7): kind, apiVersion, DNS-1123 name. */
export function admitCustomResource(info: ResourceInfo, obj: KubeObject): void {
  const name = obj.metadata.name ?? '';
  const causes: Array<{ field: string; message: string; value?: unknown }> = [];
  const apiVersion = `${info.group}/${info.version}`;
  if (obj.kind !== info.kind) causes.push({ field: 'kind', value: obj.kind ?? '', message: `must be ${info.kind}` });
  if (obj.apiVersion !== apiVersion) causes.push({ field: 'apiVersion', value: obj.apiVersion ?? '', message: `must be ${apiVersion}` });
  if (!name) causes.push({ field: 'metadata.name', message: 'name or generateName is required' });
  else if (!isDns1123Subdomain(name)) causes.push({ field: 'metadata.name', value: name, message: DNS1123_MESSAGE });
  if (causes.length) throw invalid(info.group, info.kind, name, causes);
}
