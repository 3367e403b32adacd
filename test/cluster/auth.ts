// Authentication: bearer token or a client certificate signed by the test CA; admins may impersonate.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { oidcUser, type OidcAuthenticator } from './oidc.js';
import { ADMIN_GROUP } from './rbac.js';
import { ApiError, unauthorized } from './status.js';
import type { ScenarioUser, UserInfo } from './types.js';

/** On the insecure port (`insecure`) a request without credentials is system:unsecured, with full access. */
export function authenticate(req: IncomingMessage, users: Record<string, ScenarioUser>, insecure = false, oidc?: OidcAuthenticator): UserInfo {
  const header = req.headers.authorization;
  let user: UserInfo | undefined;
  if (header) {
    const m = header.match(/^Bearer\s+(.+)$/i);
    const token = m?.[1]!.trim() ?? '';
    const entry = m && Object.entries(users).find(([, u]) => u.token === token);
    user = entry ? { name: entry[0], groups: [...entry[1].groups, 'system:authenticated'] } : m && oidc ? oidcUser(token, oidc) : undefined;
    if (!user) throw unauthorized(); // a bad token is not rescued by a certificate, as in the real server
  } else if (insecure) {
    user = { name: 'system:unsecured', groups: [ADMIN_GROUP, 'system:authenticated'] };
  } else {
    const socket = req.socket as TLSSocket;
    if (socket.authorized) {
      const subject = socket.getPeerCertificate().subject as unknown as Record<string, string | string[]>;
      const cn = subject?.CN;
      const o = subject?.O;
      if (cn) user = { name: String(cn), groups: [...(Array.isArray(o) ? o : o ? [o] : []), 'system:authenticated'] };
    }
  }
  if (!user) throw unauthorized();
  return impersonate(req, user);
}

function impersonate(req: IncomingMessage, user: UserInfo): UserInfo {
  const as = req.headers['impersonate-user'];
  if (!as) return user;
  const name = String(as);
  if (!user.groups.includes(ADMIN_GROUP)) {
    throw new ApiError(403, 'Forbidden', `users "${name}" is forbidden: User "${user.name}" cannot impersonate users at the cluster scope`, { name, kind: 'users' });
  }
  const raw = req.headers['impersonate-group'];
  const groups = raw === undefined ? [] : Array.isArray(raw) ? raw : raw.split(',').map((g) => g.trim());
  const uid = req.headers['impersonate-uid'];
  // Impersonate-Extra-<key>: the key percent-encoded (client-go's headerKeyEscape), one header line per value.
  const extra: Record<string, string[]> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const m = /^impersonate-extra-(.+)$/i.exec(req.rawHeaders[i]!);
    if (m) (extra[decodeURIComponent(m[1]!).toLowerCase()] ??= []).push(req.rawHeaders[i + 1]!);
  }
  return { name, groups: [...groups, 'system:authenticated'], ...(uid ? { uid: String(uid) } : {}), ...(Object.keys(extra).length ? { extra } : {}) };
}

/** How the request log names a user: the name, and an impersonated uid and extras when there are any. */
export function describeUser(u: UserInfo): string {
  const extras = Object.entries(u.extra ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => ` extra.${k}=${v.join(',')}`).join('');
  return `${u.name}${u.uid ? ` uid=${u.uid}` : ''}${extras}`;
}
