// The one Connection for all verbs: kubectl's flags and KUBECONFIG rules (kubeconfig.ts) → one KubeClient.
import { KubeClient, type ClientConfig, type RetryPolicy } from './client.js';
import { resolveConfig, type ConnectionFlags, type ResolvedConfig } from './kubeconfig.js';
import { credentialsFor } from './credentials.js';
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
  verbosity?: number;
  warn?: (line: string) => void;
  retry?: RetryPolicy;
  signal?: AbortSignal;
  onWrite?: ClientConfig['onWrite'];
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

  const credentials = await credentialsFor(config, { signal: opts.signal });

  const client = new KubeClient({
    server,
    tls: { ...credentials.tls, rejectUnauthorized: !config.insecureSkipTlsVerify },
    headers: credentials.headers,
    timeoutMs: opts.timeoutMs,
    concurrency: opts.concurrency,
    log: opts.log,
    verbosity: opts.verbosity,
    retry: opts.retry ?? backoffPolicy(),
    userAgent: opts.userAgent,
    signal: opts.signal,
    onWrite: opts.onWrite,
  });
  return { client, config, namespace: opts.namespace, contextName: config.contextName, server, close: () => client.close() };
}
