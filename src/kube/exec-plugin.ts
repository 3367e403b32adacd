// An exec credential plugin run the way kubectl runs it (client-go's plugin/pkg/client/auth/exec): its environment with
// the kubeconfig's env and KUBERNETES_EXEC_INFO (and the cluster's details with provideClusterInfo), stdin passed
// through when interactive (interactiveMode Never / IfAvailable / Always against a terminal), its stderr always
// shown (a device-login code or an OTP prompt is written there), installHint when the command is missing, the
// ExecCredential checked, and the credential kept until its expirationTimestamp or a 401.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Stream } from 'node:stream';
import path from 'node:path';
import { KubeError } from './errors.js';
import type { ExecConfig } from './kubeconfig-files.js';
import { redactText } from './redact.js';

export const EXEC_API_VERSIONS = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'] as const;

export interface ExecCredential { token?: string; cert?: Buffer; key?: Buffer; expiresAt?: number }

/** What a plugin may be told about the cluster (provideClusterInfo), in client-go's Cluster field names. */
export interface ExecClusterInfo {
  server: string;
  'tls-server-name'?: string;
  'insecure-skip-tls-verify'?: boolean;
  /** base64 of the CA bundle's bytes, as Go marshals []byte. */
  'certificate-authority-data'?: string;
  'proxy-url'?: string;
  /** The cluster's extension named client.authentication.k8s.io/exec. */
  config?: unknown;
}

export interface ExecTerminal {
  /** A real stream with an fd is handed to the plugin as it is (it may read a password in raw mode). */
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; fd?: number };
  stderr: { write(text: string): unknown };
}

export interface ExecOptions {
  who: string;
  env: Record<string, string | undefined>;
  cluster: ExecClusterInfo;
  terminal?: ExecTerminal;
  /** A plugin that cannot prompt (not interactive) and has not answered by then is stopped. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** For tests: the clock. */
  now?: () => number;
}

const TARGET = { verb: 'authenticate', resource: 'credentials' };

/** The plugin, run when a credential is needed and again once it expires or the server answered 401. */
export function execCredentialSource(exec: ExecConfig, opts: ExecOptions): { get(): Promise<ExecCredential>; invalidate(): void } {
  const now = opts.now ?? Date.now;
  let cached: ExecCredential | undefined;
  let running: Promise<ExecCredential> | undefined;
  return {
    async get() {
      if (cached && (cached.expiresAt === undefined || cached.expiresAt > now())) return cached;
      // Requests in flight together share one run of the plugin (one prompt, not sixteen).
      running ??= runExecPlugin(exec, opts).finally(() => { running = undefined; });
      cached = await running;
      return cached;
    },
    invalidate() { cached = undefined; },
  };
}

/** Whether the plugin gets stdin: client-go's rules for interactiveMode (unset means IfAvailable for v1beta1). */
export function isInteractive(exec: ExecConfig, stdinIsTerminal: boolean, who: string): boolean {
  const mode = typeof exec.interactiveMode === 'string' && exec.interactiveMode !== '' ? exec.interactiveMode : undefined;
  if (mode === undefined && exec.apiVersion === 'client.authentication.k8s.io/v1') {
    throw failure(`${who} sets apiVersion client.authentication.k8s.io/v1 without interactiveMode (kubectl requires it: Never, IfAvailable or Always)`, 'Set exec.interactiveMode in the kubeconfig user.');
  }
  switch (mode ?? 'IfAvailable') {
    case 'Never': return false;
    case 'IfAvailable': return stdinIsTerminal;
    case 'Always':
      if (!stdinIsTerminal) throw failure(`${who} needs a terminal (interactiveMode Always), but standard input is not a terminal`, 'Run the command in a terminal, or log in first so the plugin has what it needs.');
      return true;
    default:
      throw failure(`${who} has interactiveMode ${JSON.stringify(mode)}: it must be Never, IfAvailable or Always`, 'Fix exec.interactiveMode in the kubeconfig user.');
  }
}

/** The environment kubectl gives the plugin: its own, the kubeconfig's env, and KUBERNETES_EXEC_INFO. */
export function execEnvironment(exec: ExecConfig, env: Record<string, string | undefined>, interactive: boolean, cluster: ExecClusterInfo): Record<string, string> {
  const spec: Record<string, unknown> = { interactive };
  if (exec.provideClusterInfo === true) spec.cluster = Object.fromEntries(Object.entries(cluster).filter(([, v]) => v !== undefined && v !== false && v !== ''));
  const info = { kind: 'ExecCredential', apiVersion: exec.apiVersion, spec };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  for (const { name, value } of exec.env ?? []) out[name] = value;
  out.KUBERNETES_EXEC_INFO = JSON.stringify(info);
  return out;
}

async function runExecPlugin(exec: ExecConfig, opts: ExecOptions): Promise<ExecCredential> {
  const { who } = opts;
  if (!EXEC_API_VERSIONS.includes(exec.apiVersion as never)) {
    throw failure(`${who} asks for apiVersion ${JSON.stringify(exec.apiVersion)}, which kubectl no longer runs (use ${EXEC_API_VERSIONS.join(' or ')})`, 'Update the plugin and the kubeconfig\'s exec.apiVersion.');
  }
  const terminal = opts.terminal;
  const interactive = isInteractive(exec, terminal?.stdin.isTTY === true, who);
  const stdin: 'ignore' | 'pipe' | Stream = !interactive || !terminal ? 'ignore' : typeof terminal.stdin.fd === 'number' ? terminal.stdin as unknown as Stream : 'pipe';
  const child: ChildProcess = spawn(exec.command, exec.args ?? [], {
    env: execEnvironment(exec, opts.env, interactive, opts.cluster),
    stdio: [stdin, 'pipe', 'pipe'],
    signal: opts.signal,
  });
  // A plugin that cannot be prompting the user is stopped after the limit (spawn's own timeout would keep the process
  // alive after a command that failed to start).
  let timedOut = false;
  const timer = interactive ? undefined : setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, opts.timeoutMs);
  if (stdin === 'pipe' && child.stdin) terminal!.stdin.pipe(child.stdin as NodeJS.WritableStream);
  let stdout = '';
  let stderrTail = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
  // Shown as it comes (a prompt has no newline yet), redacted like every line this tool prints.
  child.stderr!.setEncoding('utf8').on('data', (d: string) => { terminal?.stderr.write(redactText(d)); stderrTail = (stderrTail + d).slice(-2_000); });
  const outcome = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: NodeJS.ErrnoException }>((resolve) => {
    child.on('error', (error: NodeJS.ErrnoException) => resolve({ code: null, signal: null, error }));
    child.on('close', (code, signal) => resolve({ code, signal }));
  }).finally(() => clearTimeout(timer));
  if (stdin === 'pipe' && child.stdin) terminal!.stdin.unpipe(child.stdin as NodeJS.WritableStream);
  if (opts.signal?.aborted) throw opts.signal.reason;
  if (outcome.error?.code === 'ENOENT') {
    // As client-go: the installHint is for a command looked up on PATH; a path that does not exist is a wrong path.
    const onPath = !exec.command.includes('/');
    const hint = onPath && typeof exec.installHint === 'string' && exec.installHint.trim() ? exec.installHint.trim()
      : onPath ? 'Install it (it is looked up on PATH), or fix exec.command in the kubeconfig user.' : 'Fix exec.command in the kubeconfig user.';
    throw failure(`${who} failed: executable ${exec.command} not found`, hint);
  }
  if (outcome.error) throw failure(`${who} failed: ${outcome.error.message}`);
  if (timedOut) {
    throw new KubeError('Timeout', `${who} did not answer within ${opts.timeoutMs / 1000} s; it was stopped`, TARGET, undefined,
      'Run the plugin yourself to see where it waits (it has no terminal here: interactiveMode, or run in a terminal).');
  }
  if (outcome.code !== 0) {
    const said = redactText(stderrTail).trim().split('\n').filter(Boolean).slice(-3).join(' / ');
    throw failure(`${who} failed${said ? `: ${said}` : ''} (exit code ${outcome.code ?? outcome.signal})`);
  }
  return parseExecCredential(stdout, exec.apiVersion as string, who);
}

/** client-go's checks of the plugin's answer. */
export function parseExecCredential(text: string, apiVersion: string, who: string): ExecCredential {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw failure(`${who} failed: its output is not an ExecCredential (not JSON)`);
  }
  const cred = value as { apiVersion?: unknown; kind?: unknown; status?: Record<string, unknown> };
  if (typeof value !== 'object' || value === null || cred.kind !== 'ExecCredential') throw failure(`${who} failed: its output is not an ExecCredential`);
  if (cred.apiVersion !== apiVersion) throw failure(`${who} failed: it is configured for ${apiVersion} but answered ${String(cred.apiVersion)}`);
  const status = cred.status;
  if (!status || typeof status !== 'object') throw failure(`${who} failed: its ExecCredential has no status`);
  const str = (k: string): string | undefined => (typeof status[k] === 'string' && status[k] !== '' ? status[k] as string : undefined);
  const token = str('token');
  const cert = str('clientCertificateData');
  const key = str('clientKeyData');
  if (Boolean(cert) !== Boolean(key)) throw failure(`${who} failed: its ExecCredential has a client ${cert ? 'certificate but no key' : 'key but no certificate'}`);
  if (!token && !cert) throw failure(`${who} failed: its ExecCredential has neither a token nor a client certificate and key`);
  const expiry = str('expirationTimestamp');
  const expiresAt = expiry === undefined ? undefined : Date.parse(expiry);
  if (expiresAt !== undefined && Number.isNaN(expiresAt)) throw failure(`${who} failed: its expirationTimestamp ${JSON.stringify(expiry)} is not a time`);
  return { ...(token ? { token } : {}), ...(cert ? { cert: Buffer.from(cert), key: Buffer.from(key!) } : {}), ...(expiresAt !== undefined ? { expiresAt } : {}) };
}

/** "the exec credential plugin aws of user "admin"" */
export const describePlugin = (exec: ExecConfig, userName: string): string => `the exec credential plugin ${path.basename(exec.command)} of user "${userName}"`;

function failure(message: string, hint = 'Run the plugin yourself to see why (for example, log in again); kubectl would fail the same way.'): KubeError {
  return new KubeError('Unauthorized', message, TARGET, undefined, hint);
}
