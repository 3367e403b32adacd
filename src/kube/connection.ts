// The one Connection for all verbs: kubectl's flags and KUBECONFIG rules (kubeconfig.ts) → one KubeClient.
import { KubeClient, type RetryPolicy } from './client.js';
import { resolveConfig, type ConnectionFlags, type ResolvedConfig } from './kubeconfig.js';
import { KubeError } from './errors.js';
import { backoffPolicy } from './retry.js';

export interface ConnectOptions {
  flags: ConnectionFlags;
  env: Record<string, string | undefined>;
  namespace: string;
  timeoutMs: number;
  concurrency: number;
  userAgent: string;
  log?: (verbosity: number, line: string) => void;
  warn?: (line: string) => void;
  retry?: RetryPolicy;
  signal?: AbortSignal;
}

export interface Connection {
  client: KubeClient;
  config: ResolvedConfig;
  /** Where Calico keeps its TPR data and DaemonSet (-n, default kube-system). */
  namespace: string;
  contextName: string;
  server: string;
  close(): void;
}

export async function connect(opts: ConnectOptions): Promise<Connection> {
  const config = resolveConfig(opts.flags, opts.env);
  const server = config.server;
  if (server.startsWith('http://') && !config.insecureSkipTlsVerify) {
    throw new KubeError('TLS', `refusing to talk to ${server} over plain HTTP`, { verb: 'connect', resource: 'server' }, undefined,
      'Use an https:// server, or pass --insecure-skip-tls-verify to accept an unauthenticated connection (unsafe).');
  }
  if (config.insecureSkipTlsVerify) {
    opts.warn?.(`warning: TLS verification is off for ${server} (--insecure-skip-tls-verify): the server's identity is not checked`);
  }

  // client-node applies the kubeconfig user: CA, client cert/key, token, exec credential plugins, auth providers.
  const base: { ca?: unknown; cert?: unknown; key?: unknown; rejectUnauthorized?: boolean; servername?: string; headers?: Record<string, string> } = {};
  await config.kubeConfig.applyToHTTPSOptions(base as never);
  const user = config.kubeConfig.getCurrentUser();
  const dynamicAuth = Boolean(user?.exec || user?.authProvider);
  const impersonation: Record<string, string | string[]> = {};
  if (config.impersonate?.user) impersonation['Impersonate-User'] = config.impersonate.user;
  if (config.impersonate?.groups.length) impersonation['Impersonate-Group'] = config.impersonate.groups;

  const headers = async (): Promise<Record<string, string | string[]>> => {
    let auth = base.headers ?? {};
    if (dynamicAuth) {
      const fresh: { headers?: Record<string, string> } = {};
      await config.kubeConfig.applyToHTTPSOptions(fresh as never); // exec plugins cache until the credential expires
      auth = fresh.headers ?? {};
    }
    return { ...auth, ...impersonation };
  };

  const client = new KubeClient({
    server,
    tls: {
      ca: toBuffer(base.ca),
      cert: toBuffer(base.cert),
      key: toBuffer(base.key),
      rejectUnauthorized: !config.insecureSkipTlsVerify,
      servername: base.servername,
    },
    headers,
    timeoutMs: opts.timeoutMs,
    concurrency: opts.concurrency,
    log: opts.log,
    retry: opts.retry ?? backoffPolicy(),
    userAgent: opts.userAgent,
    signal: opts.signal,
  });
  return { client, config, namespace: opts.namespace, contextName: config.contextName, server, close: () => client.close() };
}

function toBuffer(value: unknown): Buffer | undefined {
  if (value === undefined || value === null) return undefined;
  return Buffer.isBuffer(value) ? value : Buffer.from(String(value));
}
