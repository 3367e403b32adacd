// kubectl's connection rules (client-go clientcmd): which kubeconfig files, which context/cluster/user, then the flag
// overrides, then in-cluster config. The result is the one resolved cluster, user and context, as plain data; the heavy
// client-node KubeConfig (it loads the whole generated API: several times the rest of the start-up, in time and memory) is built only when a credential needs
// it (exec plugins, auth providers), by loadKubeConfig().
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Cluster, Context, KubeConfig, User } from '@kubernetes/client-node';
import {
  KubeconfigError, kubeconfigSources, loadFiles, type MergedConfig, type RawCluster, type RawUser, type Sources,
} from './kubeconfig-files.js';
import { formatBytes, MAX_CONFIG_FILE_BYTES, readFileCapped } from './read-capped.js';

export { KubeconfigError } from './kubeconfig-files.js';

export interface ConnectionFlags {
  kubeconfig?: string; context?: string; cluster?: string; user?: string; server?: string; token?: string;
  certificateAuthority?: string; clientCertificate?: string; clientKey?: string; insecureSkipTlsVerify?: boolean;
  tlsServerName?: string; as?: string; asGroup?: string[]; asUid?: string;
}
export interface ResolveOptions { homeDir?: string; platform?: NodeJS.Platform; serviceAccountDir?: string }
export interface ResolvedConfig {
  source: 'kubeconfig' | 'in-cluster' | 'flags';
  files: string[];
  contextName: string;
  clusterName: string;
  userName: string;
  /** The kubeconfig file that defines the user (where kubectl writes an auth provider's refreshed tokens). */
  userFile?: string;
  contextNamespace?: string;
  server: string;
  insecureSkipTlsVerify: boolean;
  impersonate?: { user?: string; groups: string[]; uid?: string; extra?: Record<string, string[]> };
  /** The cluster's client.authentication.k8s.io/exec extension (for exec plugins with provideClusterInfo). */
  execExtension?: unknown;
  /** The resolved entries in client-node's shape (caData, certFile, token, exec, …). */
  cluster: Cluster;
  user: User;
  context: Context;
  contextNames: string[];
}

/** A client-node KubeConfig holding just the resolved entries, for what only client-node does (exec, auth providers). */
export async function loadKubeConfig(r: ResolvedConfig): Promise<KubeConfig> {
  const { KubeConfig } = await import('./client-node.js');
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({ clusters: [r.cluster], users: [r.user], contexts: [r.context], currentContext: r.context.name });
  return kubeConfig;
}
type Env = Record<string, string | undefined>;

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const NO_CONFIG = 'no configuration has been provided';
const WHAT_TO_DO = 'set --kubeconfig, KUBECONFIG or ~/.kube/config';

export function listContexts(flags: Pick<ConnectionFlags, 'kubeconfig'>, env: Env, opts: ResolveOptions = {}): { names: string[]; current: string } {
  const platform = opts.platform ?? process.platform;
  const merged = loadFiles(kubeconfigSources(flags.kubeconfig, env, platform, opts.homeDir).paths, false, platform, true);
  return { names: [...merged.contexts.keys()], current: merged.currentContext };
}

export function resolveConfig(flags: ConnectionFlags, env: Env, opts: ResolveOptions = {}): ResolvedConfig {
  const platform = opts.platform ?? process.platform;
  const sources = kubeconfigSources(flags.kubeconfig, env, platform, opts.homeDir);
  const merged = loadFiles(sources.paths, sources.kind === '--kubeconfig', platform);
  const inFiles = merged.files.length ? `in ${merged.files.join(', ')}` : `(${describeNoFiles(sources)})`;

  const contextName = flags.context || merged.currentContext;
  const ctx = contextName ? merged.contexts.get(contextName)?.value : undefined;
  if (contextName && !ctx) {
    const known = merged.contexts.size ? `; known contexts: ${[...merged.contexts.keys()].join(', ')}` : '';
    throw new KubeconfigError(flags.context
      ? `context "${contextName}" does not exist ${inFiles}${known}`
      : `current-context "${contextName}" (set in ${merged.currentContextFile}) does not exist ${inFiles}; pass --context${known}`);
  }
  const clusterName = flags.cluster || ctx?.cluster || '';
  const userName = flags.user || ctx?.user || '';

  if (!clusterName && !flags.server) {
    // Nothing selects a cluster: kubectl calls this an empty config and tries in-cluster config next.
    const inCluster = resolveInCluster(flags, env, opts.serviceAccountDir ?? SERVICE_ACCOUNT_DIR, merged);
    if (inCluster) return inCluster;
    if (merged.files.length === 0) throw new KubeconfigError(`${NO_CONFIG} (${describeNoFiles(sources)}): ${WHAT_TO_DO}`);
    const known = merged.contexts.size ? ` (one of: ${[...merged.contexts.keys()].join(', ')})` : '';
    throw new KubeconfigError(contextName
      ? `context "${contextName}" ${inFiles} names no cluster: pass --cluster or --server`
      : `no current-context is set ${inFiles}: pass --context${known} or --server`);
  }

  const fromCtx = (flag: string | undefined): string => (flag || !contextName ? '' : ` (from context "${contextName}")`);
  const namedCluster = clusterName ? merged.clusters.get(clusterName) : undefined;
  if (clusterName && !namedCluster && !flags.server) {
    throw new KubeconfigError(`cluster "${clusterName}"${fromCtx(flags.cluster)} does not exist ${inFiles}; pass --cluster or --server`);
  }
  const namedUser = userName ? merged.users.get(userName) : undefined;
  const flagAuth = Boolean(flags.token || (flags.clientCertificate && flags.clientKey));
  if (userName && !namedUser && !flagAuth) {
    throw new KubeconfigError(`user "${userName}"${fromCtx(flags.user)} does not exist ${inFiles}; pass --user or --token`);
  }

  const usesFiles = Boolean(namedCluster || namedUser || ctx);
  return build(flags, {
    source: usesFiles ? 'kubeconfig' : 'flags',
    files: merged.files,
    contextName: ctx ? contextName : '',
    clusterName,
    userName,
    userFile: namedUser?.file,
    contextNamespace: ctx?.namespace,
    contextNames: [...merged.contexts.keys()],
    cluster: namedCluster?.value ?? { insecure: false },
    user: namedUser?.value ?? { asGroups: [], asExtra: {} },
    clusterWhere: namedCluster ? `cluster "${clusterName}" in ${namedCluster.file}` : 'the cluster',
    userWhere: namedUser ? `user "${userName}" in ${namedUser.file}` : 'the user',
  });
}

function describeNoFiles(sources: Sources): string {
  switch (sources.kind) {
    case 'KUBECONFIG': return `none of the KUBECONFIG files exist: ${sources.paths.join(', ') || '(empty list)'}`;
    case 'home': return `${sources.paths[0]} does not exist`;
    default: return 'KUBECONFIG is unset and no home directory is known';
  }
}

/** kubectl's in-cluster fallback: service host/port in the environment and a mounted service-account token. */
function resolveInCluster(flags: ConnectionFlags, env: Env, dir: string, merged: MergedConfig): ResolvedConfig | undefined {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  const tokenFile = path.join(dir, 'token');
  if (!host || !port || !fs.existsSync(tokenFile)) return undefined;
  const caFile = path.join(dir, 'ca.crt');
  return build(flags, {
    source: 'in-cluster',
    files: merged.files,
    contextName: '',
    clusterName: '',
    userName: '',
    contextNamespace: env.POD_NAMESPACE || readTrimmed(path.join(dir, 'namespace')) || 'default',
    contextNames: [...merged.contexts.keys()],
    cluster: { server: `https://${net.isIPv6(host) ? `[${host}]` : host}:${port}`, caFile: fs.existsSync(caFile) ? caFile : undefined, insecure: false },
    user: { tokenFile, asGroups: [], asExtra: {} },
    clusterWhere: 'the in-cluster config',
    userWhere: 'the in-cluster service account',
  });
}

function readTrimmed(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}

interface Base {
  source: ResolvedConfig['source'];
  files: string[];
  contextName: string; clusterName: string; userName: string; userFile?: string; contextNamespace?: string; contextNames: string[];
  cluster: RawCluster; user: RawUser;
  clusterWhere: string; userWhere: string;   // for error messages
}

/** Applies the flag overrides with client-go's meaning, checks the result, and builds the KubeConfig. */
function build(flags: ConnectionFlags, b: Base): ResolvedConfig {
  const c: RawCluster = { ...b.cluster };
  const u: RawUser = { ...b.user, asGroups: [...b.user.asGroups], asExtra: { ...b.user.asExtra } };

  if (flags.server) {
    c.server = flags.server;
    c.tlsServerName = undefined;   // client-go: a --server override also replaces the file's tls-server-name
  }
  if (flags.tlsServerName) c.tlsServerName = flags.tlsServerName;
  if (flags.certificateAuthority && flags.insecureSkipTlsVerify) {
    throw new KubeconfigError('--certificate-authority and --insecure-skip-tls-verify cannot be used together: pass only one');
  }
  // client-go: a CA or insecure flag replaces the file's whole trust setting (CA file, CA data and insecure).
  if (flags.certificateAuthority) Object.assign(c, { caFile: path.resolve(flags.certificateAuthority), caData: undefined, insecure: false });
  if (flags.insecureSkipTlsVerify) Object.assign(c, { caFile: undefined, caData: undefined, insecure: true });

  if (flags.token) {
    // The flag token is the credential: file tokens, exec plugins and auth providers would otherwise run or win.
    Object.assign(u, { token: flags.token, tokenFile: undefined, exec: undefined, authProvider: undefined, username: undefined, password: undefined });
  }
  if (flags.clientCertificate) Object.assign(u, { certFile: path.resolve(flags.clientCertificate), certData: undefined });
  if (flags.clientKey) Object.assign(u, { keyFile: path.resolve(flags.clientKey), keyData: undefined });
  if (flags.as) u.as = flags.as;
  if (flags.asGroup?.length) u.asGroups = [...flags.asGroup];
  if (flags.asUid) u.asUid = flags.asUid;

  const { server, userinfo } = normaliseServer(c.server, b.clusterWhere);
  checkCluster(c, b.clusterWhere);
  const token = checkUser(u, b.userWhere);
  // User info in the server URL is a credential: it never travels with the URL (which is printed, logged and stored in
  // backups). kubectl's Go client sends it as basic auth; here it is used so only when the user has no credential.
  if (userinfo && !token && !u.username && !u.certFile && !u.certData && !u.exec && !u.authProvider) Object.assign(u, userinfo);

  const names = {
    context: b.contextName || (b.source === 'in-cluster' ? 'in-cluster' : 'calico-migrate'),
    cluster: b.clusterName || (b.source === 'in-cluster' ? 'in-cluster' : 'calico-migrate'),
    user: b.userName || (b.source === 'in-cluster' ? 'in-cluster' : 'calico-migrate'),
  };
  const cluster: Cluster = compact({
    name: names.cluster, server, caData: c.caData, caFile: c.caFile, skipTLSVerify: c.insecure,
    tlsServerName: c.tlsServerName, proxyUrl: c.proxyUrl,
  });
  // Token (or token file) beats exec and auth-provider, as in client-go where those defer to an existing Authorization.
  const user: User = compact({
    name: names.user, token, certData: u.certData, certFile: u.certFile, keyData: u.keyData, keyFile: u.keyFile,
    exec: token ? undefined : u.exec, authProvider: token ? undefined : u.authProvider,
    username: u.username, password: u.password, impersonateUser: u.as,
  });
  const context: Context = compact({ name: names.context, cluster: names.cluster, user: names.user, namespace: b.contextNamespace });
  return compact({
    source: b.source, files: b.files, contextName: b.contextName, clusterName: b.clusterName, userName: b.userName, userFile: b.userFile,
    contextNamespace: b.contextNamespace, server, insecureSkipTlsVerify: c.insecure,
    impersonate: u.as ? compact({ user: u.as, groups: u.asGroups, uid: u.asUid, extra: Object.keys(u.asExtra).length ? u.asExtra : undefined }) : undefined,
    execExtension: c.execExtension, cluster, user, context, contextNames: b.contextNames,
  });
}

function normaliseServer(raw: string | undefined, where: string): { server: string; userinfo?: { username: string; password: string } } {
  if (!raw) throw new KubeconfigError(`${where} has no server: set its server in the kubeconfig or pass --server`);
  const server = raw.includes('@') ? raw.replace(/^([^/]*\/\/)?.*@/s, '$1') : raw; // for messages: through the last @
  // client-go picks https when TLS is configured; a bare host:port is nearly always an https API server.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new KubeconfigError(`server "${server}" of ${where} is not a valid URL: use https://host:port`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new KubeconfigError(`server "${server}" of ${where} must be an https:// URL`);
  }
  const userinfo = url.username || url.password
    ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
    : undefined;
  return { server: withoutUserinfo(withScheme).replace(/\/+$/, ''), ...(userinfo ? { userinfo } : {}) };
}

/** https://user:pass@host:port/ → https://host:port/, for a URL that parses. */
function withoutUserinfo(server: string): string {
  return server.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1');
}

function checkCluster(c: RawCluster, where: string): void {
  if (c.insecure && (c.caFile || c.caData)) {
    throw new KubeconfigError(`${where} sets both a certificate-authority and insecure-skip-tls-verify (kubectl refuses this too): remove one, or pass --certificate-authority or --insecure-skip-tls-verify`);
  }
  if (c.caFile && c.caData) {
    throw new KubeconfigError(`${where} sets both certificate-authority and certificate-authority-data: remove one`);
  }
  if (c.caFile) mustRead(c.caFile, `certificate-authority of ${where}`);
}

/** Returns the bearer token to use (a token file is read now: client-node does not read `tokenFile`). */
function checkUser(u: RawUser, where: string): string | undefined {
  if (u.certFile && u.certData) throw new KubeconfigError(`${where} sets both client-certificate and client-certificate-data: remove one`);
  if (u.keyFile && u.keyData) throw new KubeconfigError(`${where} sets both client-key and client-key-data: remove one`);
  const hasCert = Boolean(u.certFile || u.certData);
  const hasKey = Boolean(u.keyFile || u.keyData);
  if (hasCert !== hasKey) {
    throw new KubeconfigError(`${where} has a client ${hasCert ? 'certificate but no key' : 'key but no certificate'}: set both (or --client-certificate and --client-key)`);
  }
  if (u.certFile) mustRead(u.certFile, `client-certificate of ${where}`);
  if (u.keyFile) mustRead(u.keyFile, `client-key of ${where}`);
  if (u.exec && u.authProvider) throw new KubeconfigError(`${where} sets both exec and auth-provider (kubectl refuses this too): remove one`);
  // client-go: a token file, when set, is what the transport sends (it re-reads it), even if `token` is also set.
  const token = u.tokenFile ? mustRead(u.tokenFile, `tokenFile of ${where}`).toString('utf8').trim() || undefined : u.token;
  if (token && (u.username || u.password)) {
    throw new KubeconfigError(`${where} sets both a token and username/password; kubectl allows only one authentication method: remove one`);
  }
  // client-go: "requesting uid, groups or user-extra for <user> without impersonating a user".
  if (!u.as && (u.asGroups.length || u.asUid || Object.keys(u.asExtra).length)) {
    const what = [u.asGroups.length ? 'groups (--as-group)' : '', u.asUid ? 'a uid (--as-uid)' : '', Object.keys(u.asExtra).length ? 'user-extra (as-user-extra)' : ''].filter(Boolean).join(', ');
    throw new KubeconfigError(`impersonating ${what} needs a user to impersonate: pass --as too (or set as: in ${where})`);
  }
  return token;
}

function mustRead(file: string, what: string): Buffer {
  try {
    return readFileCapped(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EFBIG' ? `is larger than ${formatBytes(MAX_CONFIG_FILE_BYTES)}` : `(${code ?? String(err)})`;
    throw new KubeconfigError(`cannot read ${what}: ${file} ${why}`);
  }
}

/** Drops undefined fields so the KubeConfig (and test comparisons) hold only what was set. */
function compact<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}
