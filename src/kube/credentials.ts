// TLS material and auth headers from a resolved kubeconfig entry. Tokens, client certificates, CA data/files, basic
// auth and impersonation are read here directly, exec credential plugins run in exec-plugin.ts and the oidc auth
// provider in oidc.ts; the other auth providers (azure, gcp: gone from kubectl since 1.26) go through client-node,
// loaded only then, because importing it costs more time and memory than the rest of the start-up, which most users do not need.
// Everything is checked here, once, so a bad certificate, key or token is one line naming where it came from, not a failure deep in a request.
import path from 'node:path';
import tls from 'node:tls';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeError } from './errors.js';
import { headerValueProblem } from './header-value.js';
import { describePlugin, execCredentialSource, type ExecTerminal } from './exec-plugin.js';
import type { ExecConfig } from './kubeconfig-files.js';
import { idpRequester } from './idp-request.js';
import { KubeconfigError, loadKubeConfig, type ResolvedConfig } from './kubeconfig.js';
import { persistAuthProviderConfig } from './kubeconfig-persist.js';
import { OIDC, oidcTokenSource } from './oidc.js';
import { readFileCapped } from './read-capped.js';
import { redactText } from './redact.js';

export interface Tls { ca?: Buffer; cert?: Buffer; key?: Buffer; servername?: string }

export interface Credentials {
  tls: Tls;
  /** Auth and impersonation headers for one request (exec-plugin credentials refresh on expiry). */
  headers: () => Promise<Record<string, string | string[]>>;
  /** After a 401: forget a credential that can be fetched again (an exec plugin's); false when there is none. */
  refresh?: () => boolean;
}

export interface CredentialOptions {
  /** How long an exec credential plugin that cannot prompt may take to answer; default EXEC_TIMEOUT_MS. */
  execTimeoutMs?: number;
  /** Aborted on SIGINT/SIGTERM: a plugin still running is killed. */
  signal?: AbortSignal;
  /** The environment the plugin starts from (the process's). */
  env?: Record<string, string | undefined>;
  /** Where an interactive plugin reads and every plugin writes its prompts. */
  terminal?: ExecTerminal;
  /** How long one request to an OIDC identity provider may take (--request-timeout; 0: no limit). */
  requestTimeoutMs?: number;
}

/** A plugin that cannot be waiting for the user (not interactive) and has not answered in a minute hangs. */
export const EXEC_TIMEOUT_MS = 60_000;

// The files were read once already, capped, when the kubeconfig was checked (kubeconfig.ts mustRead).
const fileOrData = (file?: string, data?: string): Buffer | undefined =>
  file ? readFileCapped(file) : data ? Buffer.from(data, 'base64') : undefined;

export async function credentialsFor(config: ResolvedConfig, opts: CredentialOptions = {}): Promise<Credentials> {
  const { cluster, user } = config;
  const userWhere = config.userName ? `user "${config.userName}"` : 'the user';
  const impersonation: Record<string, string | string[]> = {};
  if (config.impersonate?.user) impersonation['Impersonate-User'] = headerSafe(config.impersonate.user, `the user to impersonate (as) of ${userWhere}`);
  if (config.impersonate?.groups.length) {
    impersonation['Impersonate-Group'] = config.impersonate.groups.map((g) => headerSafe(g, `a group to impersonate of ${userWhere}`));
  }
  if (config.impersonate?.uid) impersonation['Impersonate-Uid'] = headerSafe(config.impersonate.uid, `the uid to impersonate (as-uid) of ${userWhere}`);
  for (const [key, values] of Object.entries(config.impersonate?.extra ?? {})) {
    impersonation[`Impersonate-Extra-${escapeExtraKey(key)}`] = values.map((v) => headerSafe(v, `as-user-extra "${key}" of ${userWhere}`));
  }

  if (user.exec) return execCredentials(config, user.exec as ExecConfig, impersonation, opts);
  if (user.authProvider?.name === 'oidc') return oidcCredentials(config, impersonation, opts);
  if (user.authProvider) {
    const kubeConfig = await loadKubeConfig(config);
    const provider = authProvider(kubeConfig, config, opts);
    const base = await provider.apply();
    const material = { ca: base.ca, cert: base.cert, key: base.key, servername: base.servername };
    checkTls(material, { ca: `the certificate-authority of the cluster`, cert: `the client certificate from the auth provider of ${userWhere}` });
    return {
      tls: material,
      headers: async () => {
        const fresh = (await provider.apply()).headers ?? {}; // client-node caches the provider's token until it expires
        const auth = fresh.Authorization;
        if (auth !== undefined) headerSafe(auth, `the token from the auth provider of ${userWhere}`);
        return { ...fresh, ...impersonation };
      },
    };
  }

  const auth: Record<string, string> = {};
  if (user.token) auth.Authorization = `Bearer ${headerSafe(user.token, `the token of ${userWhere}`)}`;
  else if (user.username) auth.Authorization = `Basic ${Buffer.from(`${user.username}:${user.password ?? ''}`).toString('base64')}`;
  const headers = { ...auth, ...impersonation };
  const material = {
    ca: cluster.skipTLSVerify ? undefined : fileOrData(cluster.caFile, cluster.caData),
    cert: fileOrData(user.certFile, user.certData),
    key: fileOrData(user.keyFile, user.keyData),
    servername: cluster.tlsServerName,
  };
  checkTls(material, {
    ca: `the certificate-authority of ${config.clusterName ? `cluster "${config.clusterName}"` : 'the cluster'}${cluster.caFile ? ` (${cluster.caFile})` : ''}`,
    cert: `the client certificate of ${userWhere}${user.certFile ? ` (${user.certFile})` : ''}`,
    key: `the client key of ${userWhere}${user.keyFile ? ` (${user.keyFile})` : ''}`,
  });
  return { tls: material, headers: async () => headers };
}

/**
 * An extra's key in a header name, as client-go's headerKeyEscape writes it: every byte that is not a header token
 * character (RFC 7230 tchar) or is `%` percent-encoded, so `example.com/scopes` travels as `example.com%2Fscopes`.
 */
export function escapeExtraKey(key: string): string {
  return [...Buffer.from(key, 'utf8')].map((b) => {
    const c = String.fromCharCode(b);
    return /[!#$&'*+\-.^_`|~0-9A-Za-z]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}

/** An exec plugin's token or client certificate; the certificate is fetched once, for the connection's TLS. */
async function execCredentials(config: ResolvedConfig, exec: ExecConfig, impersonation: Record<string, string | string[]>, opts: CredentialOptions): Promise<Credentials> {
  const { cluster } = config;
  const who = describePlugin(exec, config.userName || config.user.name);
  const ca = cluster.skipTLSVerify ? undefined : fileOrData(cluster.caFile, cluster.caData);
  const source = execCredentialSource(exec, {
    who, env: opts.env ?? process.env, terminal: opts.terminal, timeoutMs: opts.execTimeoutMs ?? EXEC_TIMEOUT_MS, signal: opts.signal,
    cluster: {
      server: config.server, 'tls-server-name': cluster.tlsServerName, 'insecure-skip-tls-verify': cluster.skipTLSVerify,
      'certificate-authority-data': ca?.toString('base64'), 'proxy-url': cluster.proxyUrl, config: config.execExtension,
    },
  });
  const first = await source.get();
  const material = { ca, cert: first.cert, key: first.key, servername: cluster.tlsServerName };
  checkTls(material, { ca: 'the certificate-authority of the cluster', cert: `the client certificate from ${who}` });
  return {
    tls: material,
    headers: async () => {
      const { token } = await source.get();
      return { ...(token ? { Authorization: `Bearer ${headerSafe(token, `the token from ${who}`)}` } : {}), ...impersonation };
    },
    refresh: () => { source.invalidate(); return true; },
  };
}

/** The oidc auth provider's id-token, refreshed at the identity provider and written back as kubectl does. */
function oidcCredentials(config: ResolvedConfig, impersonation: Record<string, string | string[]>, opts: CredentialOptions): Credentials {
  const { cluster } = config;
  const name = config.userName || config.user.name;
  const who = `the oidc auth provider of user "${name}"`;
  const where = `the auth-provider of user "${name}"${config.userFile ? ` in ${config.userFile}` : ''}`;
  const raw: unknown = config.user.authProvider?.config ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !Object.values(raw).every((v) => typeof v === 'string')) {
    throw new KubeconfigError(`${where} is not valid: its config must be a mapping of strings`);
  }
  const settings = raw as Record<string, string>;
  for (const key of [OIDC.issuer, OIDC.clientId]) if (!settings[key]) throw new KubeconfigError(`${where} has no ${key} (oidc needs it)`);
  if (settings[OIDC.caFile] && settings[OIDC.caData]) throw new KubeconfigError(`${where} sets both ${OIDC.caFile} and ${OIDC.caData}: remove one`);
  // client-go reads the file as given (auth-provider paths are not resolved against the kubeconfig's directory).
  let idpCa: Buffer | undefined;
  try {
    idpCa = settings[OIDC.caFile] ? readFileCapped(path.resolve(settings[OIDC.caFile])) : settings[OIDC.caData] ? Buffer.from(settings[OIDC.caData], 'base64') : undefined;
  } catch (err) {
    throw new KubeconfigError(`cannot read ${OIDC.caFile} of ${where}: ${(err as Error).message}`);
  }
  if (idpCa) checkTls({ ca: idpCa }, { ca: `the ${settings[OIDC.caFile] ? OIDC.caFile : OIDC.caData} of ${where}`, cert: '' });
  const file = config.userFile;
  const source = oidcTokenSource(settings, {
    who,
    request: idpRequester({ ca: idpCa, env: opts.env ?? process.env, timeoutMs: opts.requestTimeoutMs ?? 0, signal: opts.signal }),
    persist: async (changes) => {
      if (!file) throw new Error('the user does not come from a kubeconfig file');
      await persistAuthProviderConfig(file, config.userName, changes);
    },
  });
  const material = { ca: cluster.skipTLSVerify ? undefined : fileOrData(cluster.caFile, cluster.caData), servername: cluster.tlsServerName };
  return {
    tls: material,
    headers: async () => ({ Authorization: `Bearer ${headerSafe(await source.token(), `the id-token of ${who}`)}`, ...impersonation }),
  };
}

function headerSafe(value: string, what: string): string {
  const problem = headerValueProblem(value);
  if (problem) throw new KubeconfigError(`${what} cannot be sent: ${problem}; fix the kubeconfig entry`);
  return value;
}

/** Loads the CA, certificate and key the way every request will, so unusable ones fail here, named. */
function checkTls(material: Tls, what: { ca: string; cert: string; key?: string }): void {
  const attempt = (options: tls.SecureContextOptions, name: string, expected: string): void => {
    try {
      tls.createSecureContext(options);
    } catch (err) {
      const reason = (err as Error).message.replace(/^error:[0-9A-F]+:/, '');
      throw new KubeconfigError(`${name} cannot be used: ${expected} (${reason})`);
    }
  };
  if (material.ca) attempt({ ca: material.ca }, what.ca, 'it is not a PEM certificate');
  if (material.cert) attempt({ cert: material.cert }, what.cert, 'it is not a PEM certificate');
  if (material.key) attempt({ key: material.key }, what.key ?? what.cert.replace('certificate', 'key'), 'it is not a PEM private key');
  if (material.cert && material.key) attempt({ cert: material.cert, key: material.key }, `${what.cert} and its key`, 'the key does not belong to the certificate');
}

/** client-node's auth providers (oidc, azure, gcp) applied to a request's options; a failure is one error naming it. */
function authProvider(kubeConfig: KubeConfig, config: ResolvedConfig, opts: CredentialOptions): { apply(): Promise<Tls & { headers?: Record<string, string> }> } {
  return {
    async apply() {
      const target: Tls & { headers?: Record<string, string> } = {};
      try {
        await kubeConfig.applyToHTTPSOptions(target as never);
      } catch (err) {
        if (opts.signal?.aborted) throw opts.signal.reason;
        throw providerFailed(config, err);
      }
      return target;
    },
  };
}

/** A failing auth provider's message (client-node's) says why; it passes through redaction like every line. */
function providerFailed(config: ResolvedConfig, err: unknown): KubeError {
  const { user } = config;
  const who = `the ${`auth provider ${user.authProvider?.name ?? ''}`.trim()} of user "${config.userName || user.name}"`;
  const said = redactText(err instanceof Error ? err.message : String(err)).trim().split('\n').filter(Boolean).slice(0, 3).join(' / ');
  return new KubeError('Unauthorized', `${who} failed${said ? `: ${said}` : ''}`, { verb: 'authenticate', resource: 'credentials' }, undefined,
    'Run kubectl with the same kubeconfig to see why (for example, log in again); kubectl would fail the same way.');
}
