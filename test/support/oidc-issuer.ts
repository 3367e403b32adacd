// A tiny OpenID Connect issuer on 127.0.0.1 for tests: a discovery document, and a token endpoint that answers the
// OAuth2 refresh grant with a new RS256 id-token (and a new, single-use refresh-token). It signs with a fresh key the
// simulated API server is told to trust (startCluster({ oidc: issuer.authenticator })), and logs every request.
import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { loadPki } from '../cluster/tls.js';
import type { OidcAuthenticator } from '../cluster/oidc.js';

export interface IssuerLogEntry {
  method: string; path: string;
  /** How the client sent its id and secret to the token endpoint. */
  clientAuth?: 'header' | 'params' | 'none';
  grantType?: string; refreshToken?: string; status: number;
}

export interface IssuerOptions {
  clientId?: string; clientSecret?: string;
  /** Refuse the client's credentials in this style (invalid_client), as some IdPs accept only the other one. */
  refuseAuth?: 'header' | 'params';
  /** Answer refresh grants without an id_token (Okta's habit). */
  omitIdToken?: boolean;
  /** Lifetime of minted id-tokens, seconds (default 3600). */
  lifetimeS?: number;
  /**
   * Serve plain HTTP and name itself http://0.0.0.0:port (still listening on 127.0.0.1 only): an issuer address that is
   * not loopback, so HTTP_PROXY applies to it (Go never proxies loopback from the environment).
   */
  plainHttpNotLoopback?: boolean;
}

export interface Issuer {
  url: string;
  caPath: string;
  authenticator: OidcAuthenticator;
  log: IssuerLogEntry[];
  /** An id-token for `sub`, expiring `expiresInS` from now (negative: already expired). */
  mint(sub: string, expiresInS: number): string;
  /** A refresh-token the token endpoint will accept once. */
  refreshToken(sub: string): string;
  stop(): Promise<void>;
}

export async function startIssuer(opts: IssuerOptions = {}): Promise<Issuer> {
  const clientId = opts.clientId ?? 'kubernetes';
  const clientSecret = opts.clientSecret ?? 'issuer-secret';
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const refreshTokens = new Map<string, string>();   // token → sub
  const log: IssuerLogEntry[] = [];
  let url = '';

  const mint = (sub: string, expiresInS: number): string => {
    const enc = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const body = `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc({ iss: url, sub, aud: clientId, iat: now, exp: now + expiresInS, groups: ['system:masters'] })}`;
    return `${body}.${crypto.sign('RSA-SHA256', Buffer.from(body), privateKey).toString('base64url')}`;
  };
  const refreshToken = (sub: string): string => {
    const token = `rt-${crypto.randomBytes(9).toString('base64url')}`;
    refreshTokens.set(token, sub);
    return token;
  };

  const pki = loadPki();
  const handler: http.RequestListener = (req, res) => {
    let raw = '';
    req.on('data', (d) => { raw += d; });
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'https://x').pathname;
      const entry: IssuerLogEntry = { method: req.method ?? '', path, status: 200 };
      log.push(entry);
      const answer = (status: number, body: object) => {
        entry.status = status;
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      };
      if (req.method === 'GET' && path === '/dex/.well-known/openid-configuration') {
        return answer(200, { issuer: url, token_endpoint: `${url}/token`, jwks_uri: `${url}/keys`, grant_types_supported: ['refresh_token'] });
      }
      if (req.method !== 'POST' || path !== '/dex/token') return answer(404, { error: 'not_found' });
      const form = new URLSearchParams(raw);
      entry.grantType = form.get('grant_type') ?? undefined;
      entry.refreshToken = form.get('refresh_token') ?? undefined;
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
      let id: string | null; let secret: string | null;
      if (basic) {
        entry.clientAuth = 'header';
        [id, secret] = Buffer.from(basic[1]!, 'base64').toString().split(':').map(decodeURIComponent) as [string, string];
      } else {
        entry.clientAuth = form.has('client_id') ? 'params' : 'none';
        id = form.get('client_id'); secret = form.get('client_secret');
      }
      if (entry.clientAuth === opts.refuseAuth || id !== clientId || secret !== clientSecret) {
        return answer(401, { error: 'invalid_client', error_description: 'Invalid client credentials.' });
      }
      if (entry.grantType !== 'refresh_token') return answer(400, { error: 'unsupported_grant_type' });
      const sub = refreshTokens.get(entry.refreshToken ?? '');
      if (!sub) return answer(400, { error: 'invalid_grant', error_description: 'Refresh token is invalid or has already been claimed by another client.' });
      refreshTokens.delete(entry.refreshToken!);
      return answer(200, {
        access_token: `at-${crypto.randomBytes(6).toString('hex')}`, token_type: 'bearer', expires_in: opts.lifetimeS ?? 3600,
        refresh_token: refreshToken(sub), ...(opts.omitIdToken ? {} : { id_token: mint(sub, opts.lifetimeS ?? 3600) }),
      });
    });
  };
  const server = opts.plainHttpNotLoopback ? http.createServer(handler) : https.createServer({ key: pki.serverKey, cert: pki.serverCert }, handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const port = (server.address() as AddressInfo).port;
  url = opts.plainHttpNotLoopback ? `http://0.0.0.0:${port}/dex` : `https://127.0.0.1:${port}/dex`;
  const caPath = new URL('../cluster/pki/ca.crt', import.meta.url).pathname;
  const lifetime = setTimeout(() => server.close(), 10 * 60_000);
  lifetime.unref();
  return {
    url, caPath, log, mint, refreshToken,
    authenticator: { issuerUrl: url, clientId, publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() },
    stop: () => new Promise<void>((resolve) => { clearTimeout(lifetime); server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
