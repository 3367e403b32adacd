// The API server's OIDC authenticator as Kubernetes 1.7 runs it (--oidc-issuer-url, --oidc-client-id,
// --oidc-username-claim, --oidc-groups-claim): a bearer token that is an RS256 JWT signed by the issuer's key, with the
// issuer as `iss`, the client id in `aud` and an `exp` in the future, is the user its claims name. A user from a claim
// other than email is prefixed with the issuer URL and "#", as 1.7 did.
import crypto from 'node:crypto';
import { unauthorized } from './status.js';
import type { UserInfo } from './types.js';

export interface OidcAuthenticator {
  issuerUrl: string;
  clientId: string;
  /** The issuer's signing key (PEM), as the server would fetch it from the issuer's JWKS. */
  publicKey: string;
  usernameClaim?: string;   // default 'sub'
  groupsClaim?: string;     // default 'groups'
}

const looksLikeJwt = (token: string): boolean => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token);

/** The user a JWT names, undefined when the token is not a JWT (another authenticator may know it); 401 when it is invalid. */
export function oidcUser(token: string, oidc: OidcAuthenticator, now = Date.now()): UserInfo | undefined {
  if (!looksLikeJwt(token)) return undefined;
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const verified = crypto.verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), oidc.publicKey, Buffer.from(signature, 'base64url'));
  if (!verified) throw unauthorized();
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (claims.iss !== oidc.issuerUrl || !aud.includes(oidc.clientId)) throw unauthorized();
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) throw unauthorized();
  const claim = oidc.usernameClaim ?? 'sub';
  const value = claims[claim];
  if (typeof value !== 'string' || !value) throw unauthorized();
  const groups = claims[oidc.groupsClaim ?? 'groups'];
  return {
    name: claim === 'email' ? value : `${oidc.issuerUrl}#${value}`,
    groups: [...(Array.isArray(groups) ? groups.map(String) : typeof groups === 'string' ? [groups] : []), 'system:authenticated'],
  };
}
