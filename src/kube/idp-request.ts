// HTTP(S) requests to an OIDC identity provider, as client-go's oidc plugin makes them: verified with the provider's
// own CA (idp-certificate-authority[-data]) or else the system store, never the API server's CA; through the
// environment's proxy (HTTPS_PROXY, NO_PROXY); redirects of a GET followed, as Go's http.Client does.
import http from 'node:http';
import https from 'node:https';
import { agentFactory, type AgentFactory } from './agent.js';
import { errorFromNetwork, KubeError } from './errors.js';
import { proxyFor } from './proxy.js';
import { checkServerIdentity, trustOptions } from './trust.js';

export interface IdpResponse { status: number; body: string; contentType: string }
export type IdpRequest = (method: 'GET' | 'POST', url: string, opts?: { body?: string; headers?: Record<string, string> }) => Promise<IdpResponse>;

export interface IdpRequestOptions {
  ca?: Buffer;
  env: Record<string, string | undefined>;
  timeoutMs: number;
  signal?: AbortSignal;
  userAgent?: string;
}

/** Far above any discovery document or token response. */
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_REDIRECTS = 10;
const TARGET = { verb: 'authenticate', resource: 'credentials' };

export function idpRequester(opts: IdpRequestOptions): IdpRequest {
  const agents = new Map<string, Promise<http.Agent>>();
  const agentFor = (url: URL): Promise<http.Agent> => {
    const key = url.origin;
    let agent = agents.get(key);
    if (!agent) {
      const tls = url.protocol === 'https:' ? { ...trustOptions(opts.ca), checkServerIdentity } : {};
      agent = agentFactory(url, proxyFor(url.href, undefined, opts.env)).then((make: AgentFactory) => make({ ...tls, keepAlive: false }));
      agents.set(key, agent);
    }
    return agent;
  };

  const send: IdpRequest = async (method, href, o = {}) => {
    for (let hops = 0; ; hops++) {
      const url = parseUrl(href);
      const res = await once(method, url, await agentFor(url), o.body, { ...o.headers, ...(opts.userAgent ? { 'User-Agent': opts.userAgent } : {}) }, opts);
      if (method !== 'GET' || !res.location || hops >= MAX_REDIRECTS) return res;
      href = new URL(res.location, url).href;
    }
  };
  return send;
}

function parseUrl(href: string): URL {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    throw new KubeError('Connection', `the identity provider URL "${href}" is not a valid URL`, TARGET);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new KubeError('Connection', `the identity provider URL "${href}" must be https://`, TARGET);
  return url;
}

function once(method: string, url: URL, agent: http.Agent, body: string | undefined, headers: Record<string, string>,
  opts: IdpRequestOptions): Promise<IdpResponse & { location?: string }> {
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(url, {
      method, agent, timeout: opts.timeoutMs, signal: opts.signal,
      headers: { Accept: 'application/json', ...headers, ...(body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) req.destroy(new KubeError('BadResponse', `the identity provider at ${url.origin} sent more than 1 MiB`, TARGET));
        else chunks.push(chunk);
      });
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const redirect = [301, 302, 303, 307, 308].includes(status) ? res.headers.location : undefined;
        resolve({ status, body: Buffer.concat(chunks).toString('utf8'), contentType: String(res.headers['content-type'] ?? ''), ...(redirect ? { location: redirect } : {}) });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer in ${opts.timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err instanceof KubeError || opts.signal?.aborted) reject(opts.signal?.aborted ? opts.signal.reason : err);
      else reject(idpUnreachable(errorFromNetwork(err, `${url.origin} (the identity provider)`, TARGET)));
    });
    req.end(body);
  });
}

/** The network error with a hint about the identity provider, not the API server. */
function idpUnreachable(e: KubeError): KubeError {
  const hint = e.reason === 'TLS'
    ? "Set idp-certificate-authority (or -data) in the user's auth-provider config to the CA of the identity provider's certificate."
    : 'Check idp-issuer-url and that the identity provider is reachable from here (HTTPS_PROXY and NO_PROXY apply to it).';
  return new KubeError(e.reason, e.message, e.target, undefined, hint);
}
