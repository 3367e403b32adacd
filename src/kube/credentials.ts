// TLS material and auth headers from a resolved kubeconfig entry. Tokens, client certificates, CA data/files, basic
// auth and impersonation are read here directly; exec credential plugins and auth providers go through client-node,
// loaded only then, because importing it costs ~0.6 s and ~130 MB that most users do not need.
import path from 'node:path';
import { KubeError } from './errors.js';
import { loadKubeConfig, type ResolvedConfig } from './kubeconfig.js';
import { readFileCapped } from './read-capped.js';
import { redactText } from './redact.js';

export interface Tls { ca?: Buffer; cert?: Buffer; key?: Buffer; servername?: string }

export interface Credentials {
  tls: Tls;
  /** Auth and impersonation headers for one request (exec-plugin credentials refresh on expiry). */
  headers: () => Promise<Record<string, string | string[]>>;
}

// The files were read once already, capped, when the kubeconfig was checked (kubeconfig.ts mustRead).
const fileOrData = (file?: string, data?: string): Buffer | undefined =>
  file ? readFileCapped(file) : data ? Buffer.from(data, 'base64') : undefined;

export async function credentialsFor(config: ResolvedConfig): Promise<Credentials> {
  const { cluster, user } = config;
  const impersonation: Record<string, string | string[]> = {};
  if (config.impersonate?.user) impersonation['Impersonate-User'] = config.impersonate.user;
  if (config.impersonate?.groups.length) impersonation['Impersonate-Group'] = config.impersonate.groups;

  if (user.exec || user.authProvider) {
    const kubeConfig = await loadKubeConfig(config);
    const apply = (options: object): Promise<void> => kubeConfig.applyToHTTPSOptions(options as never).catch((err: unknown) => {
      throw pluginFailed(config, err);
    });
    const base: { ca?: Buffer; cert?: Buffer; key?: Buffer; servername?: string } = {};
    await apply(base);
    return {
      tls: { ca: base.ca, cert: base.cert, key: base.key, servername: base.servername },
      headers: async () => {
        const fresh: { headers?: Record<string, string> } = {};
        await apply(fresh); // client-node caches exec credentials until they expire
        return { ...(fresh.headers ?? {}), ...impersonation };
      },
    };
  }

  const auth: Record<string, string> = {};
  if (user.token) auth.Authorization = `Bearer ${user.token}`;
  else if (user.username) auth.Authorization = `Basic ${Buffer.from(`${user.username}:${user.password ?? ''}`).toString('base64')}`;
  const headers = { ...auth, ...impersonation };
  return {
    tls: {
      ca: cluster.skipTLSVerify ? undefined : fileOrData(cluster.caFile, cluster.caData),
      cert: fileOrData(user.certFile, user.certData),
      key: fileOrData(user.keyFile, user.keyData),
      servername: cluster.tlsServerName,
    },
    headers: async () => headers,
  };
}

/** A failing exec plugin's stderr (client-node's error message) says why; it passes through redaction like every line. */
function pluginFailed(config: ResolvedConfig, err: unknown): KubeError {
  const { user } = config;
  const what = user.exec ? `exec credential plugin ${path.basename(user.exec.command)}` : `auth provider ${user.authProvider?.name ?? ''}`.trim();
  const said = redactText(err instanceof Error ? err.message : String(err)).trim().split('\n').filter(Boolean).slice(0, 3).join(' / ');
  return new KubeError('Unauthorized', `the ${what} of user "${config.userName || user.name}" failed${said ? `: ${said}` : ''}`,
    { verb: 'authenticate', resource: 'credentials' }, undefined, 'Run the plugin yourself to see why (for example, log in again); kubectl would fail the same way.');
}
