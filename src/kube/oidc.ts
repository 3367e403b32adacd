// kubectl's `auth-provider: oidc` (client-go plugin/pkg/client/auth/oidc/oidc.go, kubernetes v1.33.0): the id-token is
// sent as the bearer token while it is more than 10 s from its `exp`; otherwise the refresh-token buys a new one at the
// token endpoint that the issuer's discovery document names, and the new id-token (and refresh-token, when the IdP
// rotates it) is written back into the kubeconfig file the user came from, so the next kubectl run uses it too.
import { KubeError } from './errors.js';
import type { IdpRequest, IdpResponse } from './idp-request.js';
import { redactText } from './redact.js';

/** The auth-provider's config keys (client-go's cfg* constants). */
export const OIDC = {
  issuer: 'idp-issuer-url', clientId: 'client-id', clientSecret: 'client-secret',
  caFile: 'idp-certificate-authority', caData: 'idp-certificate-authority-data',
  idToken: 'id-token', refreshToken: 'refresh-token',
} as const;

/** client-go's expiryDelta: a token this close to `exp` counts as expired (clock skew between client and server). */
export const EXPIRY_DELTA_MS = 10_000;

export interface OidcOptions {
  /** "the oidc auth provider of user "alice"", for messages. */
  who: string;
  request: IdpRequest;
  /** Writes the changed keys into the kubeconfig file that defines the user. */
  persist: (changes: Record<string, string>) => Promise<void>;
  now?: () => number;
}

const TARGET = { verb: 'authenticate', resource: 'credentials' };

/** The id-token to send, refreshed when it is expired; concurrent requests share one refresh. */
export function oidcTokenSource(initial: Record<string, string>, opts: OidcOptions): { token(): Promise<string> } {
  const now = opts.now ?? Date.now;
  let config = { ...initial };
  let refreshing: Promise<string> | undefined;
  const fail = (message: string, hint?: string): KubeError => new KubeError('Unauthorized', `${opts.who} ${message}`, TARGET, undefined,
    hint ?? 'Log in to the identity provider again for a new id-token and refresh-token; kubectl would fail the same way.');

  async function refresh(): Promise<string> {
    const refreshToken = config[OIDC.refreshToken];
    if (!refreshToken) throw fail('has no valid id-token and no refresh-token to get one (kubectl: "No valid id-token, and cannot refresh without refresh-token")');
    const tokenUrl = await tokenEndpoint(config[OIDC.issuer]!, opts.request, fail);
    const tokens = await refreshAt(tokenUrl, config, refreshToken, opts.request, fail);
    const changes: Record<string, string> = { [OIDC.idToken]: tokens.idToken };
    if (tokens.refreshToken && tokens.refreshToken !== refreshToken) changes[OIDC.refreshToken] = tokens.refreshToken;
    try {
      await opts.persist(changes);
    } catch (err) {
      // As in client-go, a token that cannot be saved is not used: the next run would refresh with a spent refresh-token.
      throw fail(`got a new id-token but could not save it: ${(err as Error).message}`, 'Make the kubeconfig file writable (kubectl writes the new tokens back too).');
    }
    config = { ...config, ...changes };
    return tokens.idToken;
  }

  return {
    async token() {
      const idToken = config[OIDC.idToken];
      if (idToken && stillValid(idToken, now(), fail)) return idToken;
      refreshing ??= refresh().finally(() => { refreshing = undefined; });
      return refreshing;
    },
  };
}

/** Whether the JWT's `exp` is more than EXPIRY_DELTA_MS away. A token that is not a JWT is an error, as in client-go. */
export function stillValid(idToken: string, nowMs: number, fail: (m: string) => Error): boolean {
  const parts = idToken.split('.');
  if (parts.length !== 3) throw fail('has an id-token that is not a valid JWT');
  let exp: unknown;
  try {
    exp = (JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
  } catch {
    throw fail('has an id-token whose claims cannot be read (not base64url JSON)');
  }
  // A missing or non-numeric exp reads as the zero time in Go: expired.
  const expMs = typeof exp === 'number' ? Math.trunc(exp) * 1000 : 0;
  return nowMs + EXPIRY_DELTA_MS < expMs;
}

/** OpenID Connect discovery: the issuer's token_endpoint. */
async function tokenEndpoint(issuer: string, request: IdpRequest, fail: (m: string) => Error): Promise<string> {
  const wellKnown = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const res = await request('GET', wellKnown);
  if (res.status !== 200) throw fail(`could not read the issuer's discovery document ${wellKnown}: HTTP ${res.status}${excerpt(res.body)}`);
  let url: unknown;
  try {
    url = (JSON.parse(res.body) as { token_endpoint?: unknown }).token_endpoint;
  } catch {
    throw fail(`could not read the issuer's discovery document ${wellKnown}: it is not JSON`);
  }
  if (typeof url !== 'string' || !url) throw fail(`found no token_endpoint in the issuer's discovery document ${wellKnown}`);
  return url;
}

/**
 * The OAuth2 refresh grant as golang.org/x/oauth2 sends it when the auth style is not known: the client id and secret
 * as HTTP basic auth first, and if that fails, once more as form parameters.
 */
async function refreshAt(tokenUrl: string, config: Record<string, string>, refreshToken: string, request: IdpRequest,
  fail: (m: string) => Error): Promise<{ idToken: string; refreshToken?: string }> {
  const clientId = config[OIDC.clientId]!;
  const secret = config[OIDC.clientSecret] ?? '';
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken });
  const basic = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
  const inHeader = await exchange(tokenUrl, request, form, { Authorization: basic });
  if (inHeader.tokens) return withIdToken(inHeader.tokens, tokenUrl, fail);
  const params = new URLSearchParams(form);
  params.set('client_id', clientId);
  if (secret) params.set('client_secret', secret);
  const inParams = await exchange(tokenUrl, request, params, {});
  if (inParams.tokens) return withIdToken(inParams.tokens, tokenUrl, fail);
  throw fail(`could not refresh its id-token at ${tokenUrl}: ${inParams.error}`);
}

type TokenFields = Record<string, unknown>;

async function exchange(url: string, request: IdpRequest, form: URLSearchParams, headers: Record<string, string>): Promise<{ tokens?: TokenFields; error?: string }> {
  const res = await request('POST', url, { body: form.toString(), headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' } });
  const fields = parseTokenResponse(res);
  if (res.status < 200 || res.status > 299) {
    const code = typeof fields?.error === 'string' ? fields.error : '';
    const description = typeof fields?.error_description === 'string' ? `: ${fields.error_description}` : '';
    return { error: code ? `${code}${description} (HTTP ${res.status})` : `HTTP ${res.status}${excerpt(res.body)}` };
  }
  if (!fields) return { error: 'the answer is not a token response (neither JSON nor a form)' };
  if (typeof fields.access_token !== 'string' || !fields.access_token) return { error: 'the answer has no access_token' };
  return { tokens: fields };
}

/** oauth2 reads form-encoded answers (GitHub's style) as well as JSON. */
function parseTokenResponse(res: IdpResponse): TokenFields | undefined {
  const type = res.contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded' || type === 'text/plain') return Object.fromEntries(new URLSearchParams(res.body));
  try {
    const value: unknown = JSON.parse(res.body);
    return value && typeof value === 'object' && !Array.isArray(value) ? value as TokenFields : undefined;
  } catch {
    return undefined;
  }
}

function withIdToken(tokens: TokenFields, tokenUrl: string, fail: (m: string) => Error): { idToken: string; refreshToken?: string } {
  if (typeof tokens.id_token !== 'string' || !tokens.id_token) {
    // Some providers (Okta) do not return one on refresh (kubernetes/kubernetes#36847).
    throw fail(`got no id_token from ${tokenUrl}: the "openid" scope was not requested at login, or the provider does not return id_tokens on refresh`);
  }
  return { idToken: tokens.id_token, refreshToken: typeof tokens.refresh_token === 'string' ? tokens.refresh_token : undefined };
}

/** A short, redacted piece of an unexpected body (an HTML error page must not flood the terminal). */
function excerpt(body: string): string {
  const text = redactText(body).replace(/\s+/g, ' ').trim();
  return text ? `: ${text.length > 80 ? `${text.slice(0, 80)}…` : text}` : '';
}
