// Discovery documents: legacy (/api, /apis, /apis/<g>/<v>) for every mode, aggregated v2/v2beta1 and an OpenAPI v3 stub in modern mode.
import type { ResourceInfo } from './builtins.js';
import type { GroupVersionResources, Registry } from './registry.js';

export interface Doc { body: unknown; contentType: string }

const JSON_CT = 'application/json';
const serverAddress = [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:443' }];

/** The aggregated discovery version the client accepts, parsed item by item (a regex on `v=v2` also matches v2beta1). */
export function aggregatedVersion(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  const items = (accept ?? '').split(',').map((i) => i.split(';').map((p) => p.trim()));
  const wants = (v: string) => items.some((params) => params.includes('g=apidiscovery.k8s.io') && params.includes(`v=${v}`) && params.includes('as=APIGroupDiscoveryList'));
  if (wants('v2')) return 'v2';
  if (wants('v2beta1')) return 'v2beta1';
  return undefined;
}

function resourceEntry(r: ResourceInfo): Record<string, unknown> {
  const e: Record<string, unknown> = { name: r.resource };
  if (r.source !== 'tpr') e.singularName = r.singular; // TPR discovery had no singularName or shortNames
  e.namespaced = r.namespaced;
  e.kind = r.kind;
  e.verbs = r.verbs;
  if (r.shortNames) e.shortNames = r.shortNames;
  if (r.categories) e.categories = r.categories;
  return e;
}

export function resourceList(gv: GroupVersionResources): Doc {
  const resources: unknown[] = [];
  for (const r of gv.resources) {
    resources.push(resourceEntry(r));
    for (const sub of r.subresources ?? []) {
      resources.push({ name: `${r.resource}/${sub}`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'patch', 'update'] });
    }
  }
  const groupVersion = gv.group ? `${gv.group}/${gv.version}` : gv.version;
  return { body: { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources }, contentType: JSON_CT };
}

function groupsOf(registry: Registry): Array<{ name: string; versions: GroupVersionResources[] }> {
  const groups = new Map<string, GroupVersionResources[]>();
  for (const gv of registry.groupVersions()) {
    if (!gv.group) continue;
    if (!groups.has(gv.group)) groups.set(gv.group, []);
    groups.get(gv.group)!.push(gv);
  }
  return [...groups].map(([name, versions]) => ({ name, versions }));
}

function apiGroup(name: string, versions: GroupVersionResources[]) {
  const vs = versions.map((v) => ({ groupVersion: `${name}/${v.version}`, version: v.version }));
  return { name, versions: vs, preferredVersion: vs[0] };
}

export function legacyApis(registry: Registry): Doc {
  const groups = groupsOf(registry).map((g) => apiGroup(g.name, g.versions));
  return { body: { kind: 'APIGroupList', apiVersion: 'v1', groups }, contentType: JSON_CT };
}

export function legacyApi(): Doc {
  return { body: { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: serverAddress }, contentType: JSON_CT };
}

export function singleGroup(registry: Registry, name: string): Doc | undefined {
  const g = groupsOf(registry).find((x) => x.name === name);
  return g && { body: { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(g.name, g.versions) }, contentType: JSON_CT };
}

/** APIGroupDiscoveryList for `/api` (core only) or `/apis` (every named group). */
export function aggregated(registry: Registry, core: boolean, version: 'v2' | 'v2beta1'): Doc {
  const entries = core ? [{ name: '', versions: registry.groupVersions().filter((gv) => !gv.group) }] : groupsOf(registry);
  const items = entries.map((g) => ({
    metadata: { name: g.name, creationTimestamp: null },
    versions: g.versions.map((gv) => ({
      version: gv.version,
      freshness: 'Current',
      resources: gv.resources.map((r) => {
        const responseKind = { group: r.group, version: r.version, kind: r.kind };
        const e: Record<string, unknown> = { resource: r.resource, responseKind, scope: r.namespaced ? 'Namespaced' : 'Cluster', singularResource: r.singular, verbs: r.verbs };
        if (r.shortNames) e.shortNames = r.shortNames;
        if (r.categories) e.categories = r.categories;
        if (r.subresources) e.subresources = r.subresources.map((s) => ({ subresource: s, responseKind, verbs: ['get', 'patch', 'update'] }));
        return e;
      }),
    })),
  }));
  return {
    body: { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items },
    contentType: `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`,
  };
}

/** Just enough OpenAPI v3 for kubectl ≥1.29 to use server-side field validation. */
export function openApiV3Root(registry: Registry): Doc {
  const paths: Record<string, unknown> = {};
  for (const gv of registry.groupVersions()) {
    const p = gv.group ? `apis/${gv.group}/${gv.version}` : 'api/v1';
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=1` };
  }
  return { body: { paths }, contentType: JSON_CT };
}

export function openApiV3Doc(registry: Registry, gvPath: string, gitVersion: string): Doc | undefined {
  const gv = registry.groupVersions().find((x) => (x.group ? `apis/${x.group}/${x.version}` : 'api/v1') === gvPath);
  if (!gv) return undefined;
  const paths: Record<string, unknown> = {};
  for (const r of gv.resources) {
    const ns = r.namespaced ? '/namespaces/{namespace}' : '';
    paths[`/${gvPath}${ns}/${r.resource}/{name}`] = {
      patch: {
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group: r.group, version: r.version, kind: r.kind },
        parameters: [{ name: 'fieldValidation', in: 'query', schema: { type: 'string' } }],
        responses: { 200: { description: 'OK' } },
      },
    };
  }
  return { body: { openapi: '3.0.0', info: { title: 'Kubernetes', version: gitVersion }, components: { schemas: {} }, paths }, contentType: JSON_CT };
}
