// URL → what is being addressed. Pure parsing; no knowledge of what is served.

export type Route =
  | { type: 'version' | 'healthz' | 'api' | 'apis' | 'openapi-v3-root' | 'not-found' }
  | { type: 'group'; group: string }
  | { type: 'group-version'; group: string; version: string }
  | { type: 'openapi-v3'; gvPath: string }
  | ResourceRoute;

export interface ResourceRoute {
  type: 'resource';
  group: string;
  version: string;
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** The legacy `/watch/` path prefix. */
  watchPrefix: boolean;
}

export function parseRoute(pathname: string): Route {
  const segs = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [a, b, c] = segs;
  if (segs.length === 1 && a === 'version') return { type: 'version' };
  if (a === 'healthz' || a === 'livez' || a === 'readyz') return { type: 'healthz' };
  if (a === 'openapi' && b === 'v3') return segs.length === 2 ? { type: 'openapi-v3-root' } : { type: 'openapi-v3', gvPath: segs.slice(2).join('/') };
  if (a === 'api') {
    if (segs.length === 1) return { type: 'api' };
    if (b !== 'v1') return { type: 'not-found' };
    if (segs.length === 2) return { type: 'group-version', group: '', version: 'v1' };
    return resourceRoute('', 'v1', segs.slice(2));
  }
  if (a === 'apis') {
    if (segs.length === 1) return { type: 'apis' };
    if (segs.length === 2) return { type: 'group', group: b! };
    if (segs.length === 3) return { type: 'group-version', group: b!, version: c! };
    return resourceRoute(b!, c!, segs.slice(3));
  }
  return { type: 'not-found' };
}

function resourceRoute(group: string, version: string, rest: string[]): Route {
  let watchPrefix = false;
  if (rest[0] === 'watch') { watchPrefix = true; rest = rest.slice(1); }
  const base = { type: 'resource' as const, group, version, watchPrefix };
  if (rest[0] === 'namespaces' && rest.length >= 3 && !(rest.length === 3 && ['status', 'finalize'].includes(rest[2]!))) {
    const [, namespace, resource, name, subresource, ...extra] = rest;
    if (extra.length) return { type: 'not-found' };
    return { ...base, namespace, resource: resource!, name, subresource };
  }
  const [resource, name, subresource, ...extra] = rest;
  if (extra.length || !resource) return { type: 'not-found' };
  return { ...base, resource, name, subresource };
}
