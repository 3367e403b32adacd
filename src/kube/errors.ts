// Typed errors for everything that can go wrong talking to the cluster. Each carries the request it belongs to
// (verb, resource, name, namespace) so a message can say what failed and what to do; main.ts maps them to exit 3.

export interface RequestTarget {
  verb: string;          // get, list, create, update, patch, delete, watch
  resource: string;      // plural[.group], e.g. "ippools.projectcalico.org"
  name?: string;
  namespace?: string;
}

export type KubeErrorReason =
  | 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Forbidden' | 'Unauthorized' | 'Invalid'
  | 'Unavailable' | 'Timeout' | 'Connection' | 'TLS' | 'BadResponse' | 'ServerError' | 'UnsupportedMediaType';

/** A failed request: an HTTP error status from the API server, or no usable answer at all. */
export class KubeError extends Error {
  constructor(
    readonly reason: KubeErrorReason,
    message: string,
    readonly target: RequestTarget,
    readonly status?: number,
    readonly hint?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'KubeError';
  }

  /** Human form: the server's words plus what the user can do about it. */
  describe(): string {
    return this.hint ? `${this.message}\n${this.hint}` : this.message;
  }
}

export const isNotFound = (e: unknown): e is KubeError => e instanceof KubeError && e.reason === 'NotFound';
export const isAlreadyExists = (e: unknown): e is KubeError => e instanceof KubeError && e.reason === 'AlreadyExists';
export const isConflict = (e: unknown): e is KubeError => e instanceof KubeError && e.reason === 'Conflict';
export const isForbidden = (e: unknown): e is KubeError => e instanceof KubeError && e.reason === 'Forbidden';

/** "list ippools.projectcalico.org in namespace kube-system" */
export function describeTarget(t: RequestTarget): string {
  const obj = t.name ? `${t.resource} "${t.name}"` : t.resource;
  return t.namespace ? `${t.verb} ${obj} in namespace ${t.namespace}` : `${t.verb} ${obj}`;
}

interface StatusBody { kind?: string; message?: string; reason?: string; code?: number }

/** Turns an HTTP error answer into a typed error. 1.7 answered 403 in plain text; later servers send a Status. */
export function errorFromResponse(status: number, body: string, target: RequestTarget, retryAfter?: number): KubeError {
  let parsed: StatusBody | undefined;
  try {
    const value: unknown = JSON.parse(body);
    if (value && typeof value === 'object' && (value as StatusBody).kind === 'Status') parsed = value as StatusBody;
  } catch { /* plain-text or HTML body */ }
  const serverMessage = (parsed?.message ?? firstLine(body)) || `HTTP ${status}`;
  const what = describeTarget(target);
  switch (status) {
    case 401:
      return new KubeError('Unauthorized', `Unauthorized: the server rejected the credentials (${what})`, target, status,
        'Check the token, client certificate or exec plugin of the kubeconfig user (try: kubectl auth can-i --list).');
    case 403:
      return new KubeError('Forbidden', `Forbidden: ${serverMessage}`, target, status,
        `Grant the caller "${target.verb}" on ${target.resource}${target.namespace ? ` in namespace ${target.namespace}` : ''} (see: kubectl calico-migrate check).`);
    case 404:
      return new KubeError('NotFound', serverMessage, target, status);
    case 409:
      return parsed?.reason === 'AlreadyExists'
        ? new KubeError('AlreadyExists', serverMessage, target, status)
        : new KubeError('Conflict', serverMessage, target, status);
    case 415:
      return new KubeError('UnsupportedMediaType', serverMessage, target, status);
    case 422:
      return new KubeError('Invalid', serverMessage, target, status);
    case 429: case 502: case 503: case 504:
      return new KubeError('Unavailable', `the server is unavailable (HTTP ${status}) while trying to ${what}: ${serverMessage}`, target, status,
        'Retry later; if it persists, check the API server.', retryAfter);
    default:
      return new KubeError(status >= 500 ? 'ServerError' : 'BadResponse', `HTTP ${status} while trying to ${what}: ${serverMessage}`, target, status);
  }
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_SIGNATURE_FAILURE', 'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/** Turns a socket/TLS failure into a typed error naming the server. */
export function errorFromNetwork(err: NodeJS.ErrnoException, server: string, target: RequestTarget): KubeError {
  const code = err.code ?? '';
  if (code === 'TLS_HANDSHAKE_TIMEOUT') {
    return new KubeError('Timeout', `Unable to connect to the server ${server}: ${err.message} (${describeTarget(target)})`, target, undefined,
      'The server accepted the connection but never answered as an HTTPS server: check that --server / the kubeconfig points at the API server\'s HTTPS port.');
  }
  if (TLS_CODES.has(code) || /certificate|tls|ssl/i.test(err.message)) {
    return new KubeError('TLS', `Unable to connect to the server ${server}: TLS: ${err.message}`, target, undefined,
      'Check the certificate-authority of the kubeconfig cluster (or --certificate-authority); --insecure-skip-tls-verify turns verification off (unsafe).');
  }
  if (code === 'ETIMEDOUT' || code === 'ABORT_ERR' || err.name === 'TimeoutError') {
    return new KubeError('Timeout', `Unable to connect to the server ${server}: request timed out (${describeTarget(target)})`, target, undefined,
      'Check that the server is reachable, or raise --request-timeout.');
  }
  return new KubeError('Connection', `Unable to connect to the server ${server}: ${code ? `${code}: ` : ''}${err.message}`, target, undefined,
    'Check the server address in the kubeconfig (or --server) and that it is reachable.');
}
