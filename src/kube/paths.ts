// REST paths of the Kubernetes API, built in one place. A resource is named by group/version/plural (GVR).

export interface Gvr {
  group: string;     // '' for the core group
  version: string;
  resource: string;  // plural, lowercase
}

export interface ObjectRef extends Gvr {
  namespace?: string;
  name?: string;
}

export function apiPath(ref: ObjectRef): string {
  const base = ref.group === '' ? `/api/${ref.version}` : `/apis/${ref.group}/${ref.version}`;
  const ns = ref.namespace ? `/namespaces/${encodeURIComponent(ref.namespace)}` : '';
  const name = ref.name !== undefined ? `/${encodeURIComponent(ref.name)}` : '';
  return `${base}${ns}/${ref.resource}${name}`;
}

/** "ippools.projectcalico.org", the name kubectl and RBAC messages use for a resource. */
export function resourceName(gvr: Gvr): string {
  return gvr.group === '' ? gvr.resource : `${gvr.resource}.${gvr.group}`;
}

export function groupVersion(gvr: Pick<Gvr, 'group' | 'version'>): string {
  return gvr.group === '' ? gvr.version : `${gvr.group}/${gvr.version}`;
}
