// The one Connection for all verbs: kubectl's flags and KUBECONFIG rules (kubeconfig.ts) → one KubeClient.
import { certificateIdentity, type CertificateIdentity } from './certificate-identity.js';
import { agentFactory } from './agent.js';
import { KubeClient, type ClientConfig, type RetryPolicy } from './client.js';
import { KubeconfigError, resolveConfig, type ConnectionFlags, type ResolvedConfig } from './kubeconfig.js';
import { credentialsFor } from './credentials.js';
import type { ExecTerminal } from './exec-plugin.js';
import { ProxyConfigError, proxyFor, type ProxyChoice } from './proxy.js';
import { backoffPolicy } from './retry.js';
import { checkServerIdentity, trustOptions } from './trust.js';

export interface ConnectOptions {
  flags: ConnectionFlags;
  env: Record<string, string | undefined>;
  namespace: string;
  timeoutMs: number;
  concurrency: number;
  userAgent: string;
  log?: (verbosity: number, line: string) => void;
  verbosity?: number;
  /** A warning for the user (without the "warning: " prefix the CLI adds). */
  warn?: (text: string) => void;
  retry?: RetryPolicy;
  signal?: AbortSignal;
  onWrite?: ClientConfig['onWrite'];
  /** Where an exec credential plugin prompts (stderr) and, when interactive, reads (stdin). */
  terminal?: ExecTerminal;
}

export interface Connection {
  client: KubeClient;
  config: ResolvedConfig;
  /** Where Calico keeps its TPR data and DaemonSet (-n, default kube-system). */
  namespace: string;
  contextName: string;
  server: string;
  /** The client certificate's identity, when the user authenticates with one (from the kubeconfig or an exec plugin). */
  certificate?: CertificateIdentity;
  close(): void;
}

export async function connect(opts: ConnectOptions): Promise<Connection> {
  const config = resolveConfig(opts.flags, opts.env);
  const server = config.server;
  const plainHttp = server.startsWith('http://');
  if (plainHttp) {
    opts.warn?.(`${server} is plain HTTP: nothing is encrypted and, as with kubectl, no credentials are sent (kubectl proxy adds its own)`);
  } else if (config.insecureSkipTlsVerify) {
    opts.warn?.(`TLS verification is off for ${server} (--insecure-skip-tls-verify): the server's identity is not checked`);
  }
  const proxy = chooseProxy(server, config, opts.env);
  // Host and port only: a proxy URL may hold a user and password.
  const via = proxy && `the ${proxy.url.protocol.replace(/:$/, '')} proxy ${proxy.url.host} (from ${proxy.source === 'proxy-url' ? "the kubeconfig cluster's proxy-url" : proxy.source})`;
  if (via) opts.log?.(1, `connecting to ${server} through ${via}`);

  // client-go sends the user's credentials only over TLS (kubernetes/kubectl#744); impersonation is still sent.
  const credentials = await credentialsFor(plainHttp ? withoutCredentials(config) : config, { signal: opts.signal, env: opts.env, terminal: opts.terminal, requestTimeoutMs: opts.timeoutMs });
  const verify = !plainHttp && !config.insecureSkipTlsVerify;

  const client = new KubeClient({
    server,
    tls: {
      ...credentials.tls,
      ...(verify ? trustOptions(credentials.tls.ca, credentials.tls.cert, credentials.tls.key) : { ca: undefined }),
      rejectUnauthorized: verify,
      checkServerIdentity,
    },
    agent: await agentFactory(new URL(server), proxy),
    proxy: via,
    headers: credentials.headers,
    refreshCredentials: credentials.refresh,
    timeoutMs: opts.timeoutMs,
    concurrency: opts.concurrency,
    log: opts.log,
    verbosity: opts.verbosity,
    retry: opts.retry ?? backoffPolicy(),
    userAgent: opts.userAgent,
    signal: opts.signal,
    onWrite: opts.onWrite,
  });
  const certificate = credentials.tls.cert ? certificateIdentity(credentials.tls.cert) : undefined;
  return { client, config, namespace: opts.namespace, contextName: config.contextName, server, ...(certificate ? { certificate } : {}), close: () => client.close() };
}

function chooseProxy(server: string, config: ResolvedConfig, env: ConnectOptions['env']): ProxyChoice | undefined {
  try {
    return proxyFor(server, config.cluster.proxyUrl, env);
  } catch (err) {
    if (!(err instanceof ProxyConfigError)) throw err;
    throw new KubeconfigError(/^proxy-url/.test(err.message) && config.clusterName ? `${err.message} (cluster "${config.clusterName}")` : err.message);
  }
}

/** The user without token, password, certificate, exec plugin or auth provider: what is left is impersonation. */
function withoutCredentials(config: ResolvedConfig): ResolvedConfig {
  return { ...config, user: { name: config.user.name }, cluster: { ...config.cluster, caData: undefined, caFile: undefined } };
}
