// Resource requests: list/get/create/update/patch/delete on whatever the registry serves, plus SelfSubjectAccessReview.
import type { ResourceInfo } from './builtins.js';
import { applyPatch, APPLY_PATCH, JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH } from './patch.js';
import { authorize, extraPrivileges } from './rbac.js';
import type { ResourceRoute } from './routes.js';
import { fieldSelector, labelSelector } from './selectors.js';
import { ApiError, badRequest, methodNotAllowed, notFound, pathNotFound, unsupportedMediaType } from './status.js';
import type { Store } from './store.js';
import type { KubeObject, UserInfo } from './types.js';

export interface Reply { status: number; body: unknown }

export interface ResourceRequest {
  method: string;
  route: ResourceRoute;
  info: ResourceInfo;
  query: URLSearchParams;
  body: any;
  contentType: string;
  user: UserInfo;
}

/** Resolves the route against the registry with the real server's 404/405 answers. */
export function resolveResource(store: Store, method: string, route: ResourceRoute): ResourceInfo {
  const info = store.registry.resolve(route.group, route.version, route.resource);
  if (!info) throw pathNotFound();
  if (route.namespace !== undefined && !info.namespaced) throw pathNotFound(); // e.g. a namespaced path for a cluster-scoped CR
  if (route.subresource !== undefined && !(info.subresources ?? []).includes(route.subresource)) throw pathNotFound();
  if (info.namespaced && route.namespace === undefined && (route.name !== undefined || method !== 'GET')) {
    if (route.name !== undefined) throw pathNotFound();
    throw methodNotAllowed(method);
  }
  if (info.verbs.length === 1 && info.verbs[0] === 'create' && method !== 'POST') throw methodNotAllowed(method);
  return info;
}

export function handleResource(store: Store, r: ResourceRequest): Reply {
  const { route, info, query, method } = r;
  const ref = { group: info.group, version: info.version, resource: info.resource, namespace: route.namespace, name: route.name ?? '' };
  const dryRun = query.get('dryRun') === 'All';
  switch (method) {
    case 'GET': {
      if (route.name === undefined) return list(store, info, route.namespace, query);
      const o = store.get(ref);
      if (!o) throw notFound(info.group, info.resource, ref.name);
      return { status: 200, body: o };
    }
    case 'POST': {
      if (route.name !== undefined) throw methodNotAllowed(method);
      if (info.resource === 'selfsubjectaccessreviews') return review(store, r);
      const body = requireObject(r.body);
      if (!body.metadata?.name && body.metadata?.generateName) body.metadata.name = body.metadata.generateName + Math.random().toString(36).slice(2, 7);
      confirmNoEscalation(store, r, body);
      return { status: 201, body: store.create({ ...ref, namespace: route.namespace }, body, { dryRun, handOver: true }) };
    }
    case 'PUT': {
      if (route.name === undefined) throw methodNotAllowed(method);
      const body = requireObject(r.body);
      confirmNoEscalation(store, r, body);
      return { status: 200, body: store.update(ref, body, { subresource: route.subresource, dryRun, handOver: true }) };
    }
    case 'PATCH': {
      if (route.name === undefined) throw methodNotAllowed(method);
      return patch(store, r, ref, dryRun);
    }
    case 'DELETE': {
      if (route.name === undefined) return deleteCollection(store, info, route.namespace, query);
      const opts = (r.body && typeof r.body === 'object' ? r.body : {}) as { preconditions?: { uid?: string; resourceVersion?: string } };
      return { status: 200, body: store.delete(ref, { preconditions: opts.preconditions, dryRun, handOver: true }) };
    }
    default:
      throw methodNotAllowed(method);
  }
}

function list(store: Store, info: ResourceInfo, namespace: string | undefined, query: URLSearchParams): Reply {
  const labels = labelSelector(query.get('labelSelector'));
  const fields = fieldSelector(query.get('fieldSelector'));
  const items = store.listRaw(info, namespace).filter((o) => labels(o) && fields(o)).map((o) => store.present(info, o));
  const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
  const metadata: Record<string, string> = { resourceVersion: store.resourceVersion };
  if (store.mode !== 'modern') metadata.selfLink = `${info.group ? `/apis/${apiVersion}` : '/api/v1'}${namespace ? `/namespaces/${namespace}` : ''}/${info.resource}`;
  return { status: 200, body: { kind: info.listKind, apiVersion, metadata, items } };
}

function deleteCollection(store: Store, info: ResourceInfo, namespace: string | undefined, query: URLSearchParams): Reply {
  const labels = labelSelector(query.get('labelSelector'));
  const fields = fieldSelector(query.get('fieldSelector'));
  const victims = store.listRaw(info, namespace).filter((o) => labels(o) && fields(o));
  const items = victims.map((o) => store.delete({ ...info, namespace: o.metadata.namespace, name: o.metadata.name }, { handOver: true }));
  return { status: 200, body: { kind: info.listKind, apiVersion: info.group ? `${info.group}/${info.version}` : info.version, metadata: { resourceVersion: store.resourceVersion }, items } };
}

function patch(store: Store, r: ResourceRequest, ref: { group: string; version: string; resource: string; namespace?: string; name: string }, dryRun: boolean): Reply {
  const ct = r.contentType.split(';')[0]!.trim();
  const known = [JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH, APPLY_PATCH];
  // Server-side apply arrived long after 1.7/1.8.
  if (!known.includes(ct) || (ct === APPLY_PATCH && store.mode !== 'modern')) {
    throw unsupportedMediaType(ct, r.info.source === 'crd' ? [JSON_PATCH, MERGE_PATCH] : [JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH]);
  }
  const current = store.get(ref);
  if (!current) {
    if (ct !== APPLY_PATCH) throw notFound(r.info.group, r.info.resource, ref.name);
    return { status: 201, body: store.create(ref, requireObject(r.body), { dryRun, handOver: true }) };
  }
  const patched = applyPatch(r.info, current, r.body, ct) as KubeObject;
  // A patch never carries a precondition unless it sets metadata.resourceVersion itself.
  const bodyRv = (r.body as any)?.metadata?.resourceVersion;
  patched.metadata = { ...patched.metadata, resourceVersion: bodyRv ?? current.metadata.resourceVersion };
  return { status: 200, body: store.update(ref, patched, { subresource: r.route.subresource, dryRun, handOver: true }) };
}

/** SelfSubjectAccessReview: the same RBAC decision the request path uses. */
function review(store: Store, r: ResourceRequest): Reply {
  const body = requireObject(r.body);
  const ra = body.spec?.resourceAttributes;
  const nra = body.spec?.nonResourceAttributes;
  const decision = ra
    ? authorize(store, r.user, { verb: ra.verb ?? '', group: ra.group ?? '', resource: ra.resource ?? '', subresource: ra.subresource || undefined, namespace: ra.namespace || undefined, name: ra.name || undefined })
    : authorize(store, r.user, { verb: nra?.verb ?? '', group: '', resource: '', path: nra?.path ?? '' });
  const status: Record<string, unknown> = { allowed: decision.allowed };
  if (decision.reason) status.reason = decision.reason;
  return { status: 201, body: { kind: 'SelfSubjectAccessReview', apiVersion: `authorization.k8s.io/${r.info.version}`, metadata: { creationTimestamp: null }, spec: body.spec, status } };
}

/** A role may only be written by someone who holds all it grants (RBAC's escalation check; 403 as the real server). */
function confirmNoEscalation(store: Store, r: ResourceRequest, role: KubeObject): void {
  if (r.info.group !== 'rbac.authorization.k8s.io' || (r.info.resource !== 'clusterroles' && r.info.resource !== 'roles')) return;
  const lacking = extraPrivileges(store, r.user, role, r.route.namespace);
  if (lacking.length === 0) return;
  throw new ApiError(403, 'Forbidden', `${r.info.resource}.rbac.authorization.k8s.io "${role.metadata?.name ?? ''}" is forbidden: attempt to grant extra privileges: [${lacking.join(' ')}] user=&{${r.user.name} [${r.user.groups.join(' ')}]}`);
}

function requireObject(body: unknown): KubeObject {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the body of the request is not a JSON object');
  const o = body as KubeObject;
  o.metadata ??= { name: '' };
  return o;
}

export { ApiError };
