// The HTTPS request pipeline: faults → authentication → authorization → routing → response and request log.
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { load } from 'js-yaml';
import { authenticate, describeUser } from './auth.js';
import * as discovery from './discovery.js';
import { Faults, faultStatus, type FaultOptions, type FaultPlan } from './faults.js';
import { handleResource, resolveResource } from './handlers.js';
import { authorize, forbiddenMessage17, forbiddenMessageStatus, type RequestAttributes } from './rbac.js';
import type { RequestLog } from './requestlog.js';
import { decodeSelfSubjectAccessReview } from './protobuf.js';
import { parseRoute, type Route } from './routes.js';
import { fieldSelector, labelSelector } from './selectors.js';
import { ApiError, badRequest, pathNotFound, unsupportedMediaType } from './status.js';
import type { Store } from './store.js';
import type { OidcAuthenticator } from './oidc.js';
import type { Pki } from './tls.js';
import type { ScenarioUser, UserInfo } from './types.js';
import type { SecondWriters } from './second-writer.js';
import { serveWatch } from './watch.js';

export interface ServerContext {
  store: Store;
  pki: Pki;
  users: Record<string, ScenarioUser>;
  gitVersion: string;
  log: RequestLog;
  faults: Faults | null;
  secondWriters?: SecondWriters;
  /** Bearer JWTs from this issuer authenticate too (kube-apiserver's --oidc-* flags). */
  oidc?: OidcAuthenticator;
}

const VERB_BY_METHOD: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

export interface RunningServer { server: https.Server; setFaults(f: FaultOptions | null): void; close(): Promise<void> }

export function createServer(ctx: ServerContext): RunningServer {
  const sockets = new Set<Socket>();
  const watches = new Set<ServerResponse>();
  const server = https.createServer({ key: ctx.pki.serverKey, cert: ctx.pki.serverCert, ca: ctx.pki.ca, requestCert: true, rejectUnauthorized: false, keepAlive: true },
    (req, res) => { void handle(ctx, req, res, watches, false); });
  server.on('secureConnection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  return {
    server,
    setFaults(f) { ctx.faults = f ? new Faults(f) : null; },
    close: () => closeServer(server, watches, sockets),
  };
}

/**
 * Kubernetes 1.7's insecure port (--insecure-port, plain HTTP, no authentication: full access as system:unsecured).
 * A credential that is sent anyway is still authenticated and logged, so tests see whether a client sent one.
 */
export function createInsecureServer(ctx: ServerContext): { server: http.Server; close(): Promise<void> } {
  const sockets = new Set<Socket>();
  const watches = new Set<ServerResponse>();
  const server = http.createServer({ keepAlive: true }, (req, res) => { void handle(ctx, req, res, watches, true); });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  return { server, close: () => closeServer(server, watches, sockets) };
}

function closeServer(server: http.Server, watches: Set<ServerResponse>, sockets: Set<Socket>): Promise<void> {
  return new Promise<void>((resolve) => {
    for (const w of watches) w.end();
    server.close(() => resolve());
    server.closeAllConnections();
    for (const s of sockets) s.destroy();
  });
}

async function handle(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, watches: Set<ServerResponse>, insecure: boolean): Promise<void> {
  const started = performance.now();
  const url = new URL(req.url ?? '/', 'https://127.0.0.1');
  const method = req.method ?? 'GET';
  const entry = { method, path: url.pathname, query: url.search.slice(1), status: 0, user: '', ms: 0, at: started } as import('./requestlog.js').RequestLogEntry;
  if (insecure) entry.insecure = true;
  if (req.headers['content-type']) entry.contentType = req.headers['content-type'];
  const finish = (status: number) => { entry.status = status; entry.ms = Math.round(performance.now() - started); ctx.log.add(entry); };
  const plan: FaultPlan = ctx.faults?.plan(method, url.pathname) ?? { delayMs: 0, reset: false, failWrite: false, resetAfterApply: false };
  const rawBody = await readBody(req);
  if (method !== 'GET') entry.body = jsonOrUndefined(rawBody);
  if (plan.delayMs > 0) await new Promise((r) => setTimeout(r, plan.delayMs));
  const hookReq = { method, path: url.pathname, query: url.searchParams };
  if (ctx.secondWriters?.active) await ctx.secondWriters.run('before', ctx.store, hookReq);
  if (plan.errorCode || plan.failWrite) {
    const code = plan.errorCode ?? 500;
    entry.fault = `error ${code}`;
    const headers: Record<string, string> = {};
    const retry = ctx.faults?.options.retryAfterSeconds ?? (code === 429 ? 1 : undefined);
    if (retry !== undefined && (code === 429 || code === 503)) headers['Retry-After'] = String(retry);
    send(res, code, JSON.stringify(faultStatus(code, retry)), 'application/json', false, headers);
    return finish(code);
  }
  try {
    const user = authenticate(req, ctx.users, insecure, ctx.oidc);
    entry.user = describeUser(user);
    const route = parseRoute(url.pathname);
    const watch = route.type === 'resource' && (route.watchPrefix || url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1');
    entry.access = accessAttributes(method, route, url.pathname, watch);
    checkAccess(ctx.store, user, entry.access);
    if (route.type === 'resource') {
      const info = resolveResource(ctx.store, method, route);
      if (info.resource === 'selfsubjectaccessreviews') entry.review = true;
      if (watch && method === 'GET') {
        if (plan.reset) { res.socket?.destroy(); entry.fault = 'reset'; return finish(0); }
        serveWatch(ctx.store, res, {
          info, namespace: route.namespace, name: route.name, resourceVersion: url.searchParams.get('resourceVersion') ?? undefined,
          timeoutSeconds: Number(url.searchParams.get('timeoutSeconds') ?? 0) || undefined,
          matches: combine(labelSelector(url.searchParams.get('labelSelector')), fieldSelector(url.searchParams.get('fieldSelector'))),
        }, watches);
        return finish(200);
      }
      const reply = handleResource(ctx.store, { method, route, info, query: url.searchParams, body: parseBody(rawBody, req.headers['content-type'], info.resource), contentType: req.headers['content-type'] ?? 'application/json', user });
      if (ctx.secondWriters?.active) await ctx.secondWriters.run('after', ctx.store, hookReq);
      if (plan.resetAfterApply) { entry.fault = 'reset-after-apply'; res.socket?.destroy(); return finish(0); }
      if (!plan.reset && isLargeList(reply.body)) {
        await streamList(res, reply.status, reply.body);
        return finish(reply.status);
      }
      send(res, reply.status, JSON.stringify(reply.body), 'application/json', plan.reset);
      if (plan.reset) entry.fault = 'reset';
      return finish(reply.status);
    }
    const doc = nonResource(ctx, route, req.headers.accept, method);
    send(res, 200, JSON.stringify(doc.body), doc.contentType, plan.reset);
    return finish(200);
  } catch (e) {
    const err = e instanceof ApiError ? e : new ApiError(500, 'InternalError', `Internal error occurred: ${(e as Error).message}`);
    if (!(e instanceof ApiError)) console.error('[fake-apiserver]', e);
    if (err.plainText) send(res, err.code, err.message, 'text/plain; charset=utf-8', false, { 'X-Content-Type-Options': 'nosniff' });
    else send(res, err.code, JSON.stringify(err.body), 'application/json', plan.reset);
    return finish(err.code);
  }
}

/** What the RBAC authorizer is asked about a request (the verb from the method, as the real request-info resolver). */
function accessAttributes(method: string, route: Route, path: string, watch: boolean): RequestAttributes {
  if (route.type !== 'resource') return { verb: method.toLowerCase(), group: '', resource: '', path };
  let verb = VERB_BY_METHOD[method] ?? method.toLowerCase();
  if (method === 'GET') verb = watch ? 'watch' : route.name === undefined ? 'list' : 'get';
  if (method === 'DELETE' && route.name === undefined) verb = 'deletecollection';
  return { verb, group: route.group, resource: route.resource, subresource: route.subresource, namespace: route.namespace, name: route.name };
}

/** RBAC before routing, as the real filter chain does; 1.7 answers 403 as plain text, later versions as a Status. */
function checkAccess(store: Store, user: UserInfo, attrs: RequestAttributes): void {
  if (authorize(store, user, attrs).allowed) return;
  if (store.mode === '1.6' || store.mode === '1.7') throw new ApiError(403, 'Forbidden', forbiddenMessage17(user.name, attrs), undefined, true);
  const details: Record<string, string> = {};
  if (attrs.name) details.name = attrs.name;
  if (attrs.group) details.group = attrs.group;
  details.kind = attrs.resource;
  throw new ApiError(403, 'Forbidden', forbiddenMessageStatus(user.name, attrs, store.mode === 'modern'), details);
}

function nonResource(ctx: ServerContext, route: Route, accept: string | undefined, method: string): discovery.Doc {
  if (method !== 'GET') throw pathNotFound();
  const reg = ctx.store.registry;
  const modern = ctx.store.mode === 'modern';
  const aggregatedAs = modern ? discovery.aggregatedVersion(accept) : undefined; // 1.7 knew only legacy discovery
  switch (route.type) {
    case 'version': return { body: versionInfo(ctx.gitVersion), contentType: 'application/json' };
    case 'healthz': return { body: 'ok', contentType: 'text/plain' };
    case 'api': return aggregatedAs ? discovery.aggregated(reg, true, aggregatedAs) : discovery.legacyApi();
    case 'apis': return aggregatedAs ? discovery.aggregated(reg, false, aggregatedAs) : discovery.legacyApis(reg);
    case 'group': { const d = discovery.singleGroup(reg, route.group); if (d) return d; break; }
    case 'group-version': {
      const gv = reg.groupVersions().find((x) => x.group === route.group && x.version === route.version);
      if (gv) return discovery.resourceList(gv);
      break;
    }
    case 'openapi-v3-root': if (modern) return discovery.openApiV3Root(reg); break;
    case 'openapi-v3': { const d = modern && discovery.openApiV3Doc(reg, route.gvPath, ctx.gitVersion); if (d) return d; break; }
  }
  throw pathNotFound();
}

function versionInfo(gitVersion: string) {
  const m = gitVersion.match(/^v(\d+)\.(\d+)/);
  const goVersion = m && Number(m[2]) < 9 ? 'go1.8.3' : 'go1.22.2';
  return { major: m?.[1] ?? '1', minor: m?.[2] ?? '7', gitVersion, gitCommit: '0000000000000000000000000000000000000000', gitTreeState: 'clean', buildDate: '2017-08-10T12:00:00Z', goVersion, compiler: 'gc', platform: 'linux/amd64' };
}

function combine(a: (o: any) => boolean, b: (o: any) => boolean) { return (o: any) => a(o) && b(o); }

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function jsonOrUndefined(body: Buffer): unknown {
  try { return JSON.parse(body.toString('utf8')); } catch { return undefined; }
}

function parseBody(body: Buffer, contentType: string | undefined, resource: string): unknown {
  if (contentType?.includes('protobuf')) {
    // Only the review bodies kubectl sends as protobuf are understood; everything else must be JSON.
    if (resource === 'selfsubjectaccessreviews') return decodeSelfSubjectAccessReview(body);
    throw unsupportedMediaType(contentType, ['application/json', 'application/yaml']);
  }
  const raw = body.toString('utf8');
  if (!raw.trim()) return undefined;
  try { return JSON.parse(raw); } catch { /* YAML (apply-patch+yaml) below */ }
  if (contentType?.includes('yaml')) { try { return load(raw); } catch { /* fall through */ } }
  throw badRequest(`couldn't get version/kind; json parse error: invalid character in body`);
}

const STREAM_SLICE = 200; // items encoded per turn of the event loop

const isLargeList = (body: unknown): body is { items: unknown[] } =>
  Array.isArray((body as { items?: unknown })?.items) && (body as { items: unknown[] }).items.length > STREAM_SLICE;

/**
 * A large list goes out chunked, a slice of items per turn of the event loop, as the real API server encodes a list
 * to the socket while other goroutines serve other requests. One JSON.stringify of 5,000 Nodes would hold every other
 * request for ~100 ms, a stall no real server has. The bytes are the same as JSON.stringify(body).
 */
async function streamList(res: ServerResponse, status: number, body: { items: unknown[] }): Promise<void> {
  const { items, ...head } = body;
  const open = JSON.stringify({ ...head, items: [] });
  if (!open.endsWith('"items":[]}')) throw new Error('streamList: items must be the last field of a list');
  res.writeHead(status, { 'Content-Type': 'application/json' }); // no Content-Length: chunked, as Go's net/http does
  res.write(open.slice(0, -2));
  for (let i = 0; i < items.length; i += STREAM_SLICE) {
    if (res.destroyed) return;
    res.write((i ? ',' : '') + items.slice(i, i + STREAM_SLICE).map((o) => JSON.stringify(o)).join(','));
    await new Promise((resolve) => setImmediate(resolve));
  }
  res.end(']}');
}

/** Writes the response; with `reset`, sends headers and half the body, then kills the socket (a mid-response reset). */
function send(res: ServerResponse, status: number, body: string, contentType: string, reset: boolean, headers: Record<string, string> = {}): void {
  const buf = Buffer.from(body);
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(buf.length), ...headers });
  if (!reset) { res.end(buf); return; }
  res.write(buf.subarray(0, Math.floor(buf.length / 2)));
  setImmediate(() => res.socket?.destroy());
}
