// The one client layer: every request to the API server goes through KubeClient.request, which owns TLS and auth
// (from the Connection), timeouts, bounded concurrency, typed errors, request logs with credentials redacted, and
// the retry seam. Verbs never touch http themselves.
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { urlToHttpOptions } from 'node:url';
import type { AgentFactory } from './agent.js';
import { errorFromNetwork, errorFromResponse, KubeError, type RequestTarget } from './errors.js';
import { readAnswerProblem } from './answer-shape.js';
import { formatBytes } from './read-capped.js';
import { Limiter } from './limiter.js';
import { MetadataListScanner, NotJsonError, type MetadataList } from './metadata-list.js';
import { apiPath, resourceName, type ObjectRef } from './paths.js';
import { redactHeaders, redactText } from './redact.js';
import { WatchStream } from './watch-stream.js';
import { answered, refused, sentWrite, unanswered, type WriteEntry } from './write-log.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestSpec {
  method: Method;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  target: RequestTarget;
  /** A list whose items are wanted for their metadata only, with the annotations matching `annotations` (metadata-list.ts). */
  metadataOnly?: { annotations?: RegExp };
  /** What else a read's answer must hold: the problem in words, or undefined (answer-shape.ts checks the rest). */
  expect?: (answer: unknown) => string | undefined;
  /** Sent again after a 401 with a fresh credential: a second 401 is the answer. */
  afterRefresh?: boolean;
  /** A watch: its events handed over as they arrive (see KubeClient.watch). */
  watch?: WatchSpec;
}

/** One event of a watch stream (`{"type":"MODIFIED","object":{…}}`, one per line). */
export interface WatchEvent<T = unknown> { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'ERROR' | string; object: T }

interface WatchSpec {
  /** True when the event is the one waited for: the watch then ends. */
  onEvent: (event: WatchEvent) => boolean;
  /** Ends the watch early (not met). */
  signal?: AbortSignal;
}

/** Decides whether a failed attempt is tried again, and after how long (ms); undefined = give up. */
export interface RetryPolicy {
  delayBeforeRetry(error: KubeError, attempt: number, spec: RequestSpec): number | undefined;
}
export const noRetries: RetryPolicy = { delayBeforeRetry: () => undefined };

export interface ClientTls {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
  servername?: string;
  checkServerIdentity?: (host: string, cert: import('node:tls').PeerCertificate) => Error | undefined;
  /** Used instead of ca/cert/key when set (one context for every connection). */
  secureContext?: import('node:tls').SecureContext;
}

export interface ClientConfig {
  server: string;
  tls: ClientTls;
  /** Auth and impersonation headers, asked for each request so exec-plugin credentials can refresh. */
  headers: () => Promise<Record<string, string | string[]>>;
  /** After a 401: drop a credential that can be fetched again (an exec plugin's), true if so; the request is sent once more. */
  refreshCredentials?: () => boolean;
  timeoutMs: number;           // whole-request timeout; 0 = none (kubectl's --request-timeout)
  concurrency: number;
  log?: (verbosity: number, line: string) => void;
  /** -v count: log lines above it are never even formatted (thousands of requests must not pay for them). */
  verbosity?: number;
  retry?: RetryPolicy;
  userAgent: string;
  /** Once aborted, every request in flight is cut off (its reason is what it throws) and no new one is sent. */
  signal?: AbortSignal;
  /** Called right before each write request (any method but GET, a retry too) goes out. */
  onWrite?: (target: RequestTarget) => void;
  /** How long connecting may take (through a proxy: until the tunnel is up); default kubectl's 30 s. */
  connectTimeoutMs?: number;
  /** How long a TLS handshake may take once the TCP connection is up; default kubectl's 10 s. */
  tlsHandshakeTimeoutMs?: number;
  /** The largest answer read (default MAX_BODY_BYTES); also what the failed attempts of one request may download in all. */
  maxBodyBytes?: number;
  /** How connections are made (direct or through a proxy: agent.ts); default direct. */
  agent?: AgentFactory;
  /** The proxy the agent goes through, for error messages: e.g. "the http proxy 127.0.0.1:3128 (from HTTPS_PROXY)". */
  proxy?: string;
}

export interface ClientStats { requests: number; reads: number; writes: number; retries: number; byMethod: Record<string, number> }

const CONNECT_TIMEOUT_MS = 30_000; // kubectl's dial timeout: an unreachable server fails even with --request-timeout 0
/** client-go's TLSHandshakeTimeout (k8s.io/client-go/transport/cache.go): a server that accepts and never answers fails. */
export const TLS_HANDSHAKE_TIMEOUT_MS = 10_000;
/**
 * 16 times the largest answer of a 5,000-Node cluster (its Node list, 16 MB), and below V8's longest string (~512 MiB),
 * which a whole answer becomes before it is parsed: a bigger answer is not a Calico cluster's, and would not parse.
 */
export const MAX_BODY_BYTES = 256 * 1024 * 1024;

export class KubeClient {
  readonly stats: ClientStats = { requests: 0, reads: 0, writes: 0, retries: 0, byMethod: {} };
  /** Every write request sent, in order, with its answer (the audit record's "what was written"). */
  readonly writeLog: WriteEntry[] = [];
  private readonly agent: http.Agent;
  private readonly limiter: Limiter;
  private readonly base: URL;
  /** The server's protocol, host and port as request options, and the path every request path goes under. */
  private readonly origin: http.RequestOptions;
  private readonly basePath: string;
  private readonly tls: https.AgentOptions;
  private readonly newAgent: AgentFactory;
  /** What each request in flight does when the interruption comes. */
  private readonly interruptible = new Set<() => void>();

  constructor(readonly config: ClientConfig) {
    this.base = new URL(config.server);
    const { protocol, hostname, port } = urlToHttpOptions(this.base);
    this.origin = { protocol, hostname, port };
    this.basePath = this.base.pathname.replace(/\/$/, '');
    this.limiter = new Limiter(config.concurrency);
    // Requests in flight, retries waiting and credentials being fetched are cut off through one listener of the
    // client's (onInterrupt): an EventTarget listener added and removed per request costs more.
    config.signal?.addEventListener('abort', () => { for (const cut of [...this.interruptible]) cut(); }, { once: true });
    // PEM as text: the https Agent joins its TLS options into a pool key on every request, and a Buffer would be
    // decoded to text for that each time.
    const pem = (data?: Buffer): string | undefined => data?.toString('latin1');
    this.tls = { ...config.tls, ca: pem(config.tls.ca), cert: pem(config.tls.cert), key: pem(config.tls.key) };
    // One SecureContext for every connection, as Go shares one tls.Config: from the PEM alone, each new connection
    // would parse the CA and the client key pair again (dozens of connections at --concurrency 32). The PEM stays in
    // the options for the proxy agents, which verify an https:// proxy with the same CA.
    if (this.base.protocol === 'https:' && !this.tls.secureContext) {
      this.tls.secureContext = tls.createSecureContext({ ca: this.tls.ca, cert: this.tls.cert, key: this.tls.key });
    }
    this.newAgent = config.agent ?? ((options) => (this.base.protocol === 'http:' ? new http.Agent(options) : new https.Agent(options)));
    this.agent = this.newAgent({ keepAlive: true, maxSockets: config.concurrency, ...this.tls });
  }

  close(): void {
    this.agent.destroy();
  }

  async request<T>(spec: RequestSpec): Promise<T> {
    const retry = this.config.retry ?? noRetries;
    // Bytes downloaded by this request's attempts: a huge answer cut off again and again is not fetched eight times.
    const received = { bytes: 0 };
    for (let attempt = 1; ; attempt++) {
      try {
        // A watch waits, mostly idle, for as long as it runs: it takes no concurrency slot (with --concurrency 1 it
        // would hold the only one) and, below, no pooled connection.
        return await (spec.watch ? this.send<T>(spec, received) : this.limiter.run(() => this.send<T>(spec, received)));
      } catch (err) {
        if (!(err instanceof KubeError)) throw err;
        const delay = received.bytes > this.maxBodyBytes ? undefined : retry.delayBeforeRetry(err, attempt, spec);
        if (delay === undefined) throw attempt > 1 ? withAttempts(err, attempt) : err;
        this.log(1, `retrying ${spec.method} ${spec.path} in ${delay} ms after: ${err.message}`);
        this.stats.retries++;
        await this.sleep(delay);
      }
    }
  }

  // Convenience wrappers over request() for the usual REST verbs of an object reference.
  list<T>(ref: ObjectRef, query?: RequestSpec['query'], expect?: RequestSpec['expect']): Promise<T> {
    return this.request<T>({ method: 'GET', path: apiPath({ ...ref, name: undefined }), query, target: target('list', ref), expect });
  }
  /**
   * Watches a collection from `resourceVersion` on, handing each event to `onEvent` until it returns true: then true.
   * False when the stream ends first (the server's timeoutSeconds, an ERROR event such as 410 Gone, a line that is not
   * JSON) or `signal` aborts. Failures to start it (403, 404, the network) are the usual KubeErrors.
   */
  async watch<T>(ref: ObjectRef, resourceVersion: string | undefined, onEvent: (event: WatchEvent<T>) => boolean, opts: { timeoutSeconds: number; signal?: AbortSignal }): Promise<boolean> {
    if (opts.signal?.aborted) return false;
    return this.request<boolean>({
      method: 'GET', path: apiPath({ ...ref, name: undefined }), query: { watch: 'true', resourceVersion, timeoutSeconds: opts.timeoutSeconds },
      target: target('watch', ref), watch: { onEvent: onEvent as (event: WatchEvent) => boolean, signal: opts.signal },
    });
  }
  /** A list with only each item's metadata kept, and of its annotations those matching; scanned as it arrives. */
  listMetadata(ref: ObjectRef, annotations?: RegExp): Promise<MetadataList> {
    return this.request<MetadataList>({ method: 'GET', path: apiPath({ ...ref, name: undefined }), target: target('list', ref), metadataOnly: { annotations } });
  }
  get<T>(ref: ObjectRef & { name: string }): Promise<T> {
    return this.request<T>({ method: 'GET', path: apiPath(ref), target: target('get', ref) });
  }
  create<T>(ref: ObjectRef, body: unknown): Promise<T> {
    return this.request<T>({ method: 'POST', path: apiPath({ ...ref, name: undefined }), body, target: target('create', ref) });
  }
  update<T>(ref: ObjectRef & { name: string }, body: unknown): Promise<T> {
    return this.request<T>({ method: 'PUT', path: apiPath(ref), body, target: target('update', ref) });
  }
  delete<T>(ref: ObjectRef & { name: string }, body?: unknown): Promise<T> {
    return this.request<T>({ method: 'DELETE', path: apiPath(ref), body, target: target('delete', ref) });
  }

  /** A connection failure names the proxy when there is one: it may be the proxy that failed. */
  private networkError(err: NodeJS.ErrnoException, target: RequestTarget): KubeError {
    if (!this.config.proxy) return errorFromNetwork(err, this.base.origin, target);
    // hpagent's "Bad response: 407" is the proxy's answer to CONNECT.
    const refused = /^Bad response: (\d+)$/.exec(err.message);
    const reason = refused ? Object.assign(new Error(refused[1] === '407'
      ? 'the proxy asks for credentials (HTTP 407): put user:password@ in the proxy URL'
      : `the proxy refused the tunnel (HTTP ${refused[1]})`), { code: err.code }) : err;
    const e = errorFromNetwork(reason, `${this.base.origin} through ${this.config.proxy}`, target);
    return e.reason !== 'Connection' ? e : new KubeError(e.reason, e.message, e.target, e.status,
      'Check that the proxy is running and can reach the server (proxy-url in the kubeconfig, or HTTPS_PROXY and NO_PROXY).');
  }

  private log(verbosity: number, line: string | (() => string)): void {
    if (!this.config.log || verbosity > (this.config.verbosity ?? Infinity)) return;
    this.config.log(verbosity, typeof line === 'string' ? line : line());
  }

  /** Calls `cut` when the interruption comes, until the returned function is called. */
  private onInterrupt(cut: () => void): () => void {
    this.interruptible.add(cut);
    return () => { this.interruptible.delete(cut); };
  }

  /** The promise's outcome, unless the interruption comes first (an exec credential plugin may never answer). */
  private untilInterrupted<T>(promise: Promise<T>): Promise<T> {
    const signal = this.config.signal;
    if (!signal) return promise;
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<T>((resolve, reject) => {
      const stopListening = this.onInterrupt(() => reject(signal.reason));
      promise.then(resolve, reject).finally(stopListening);
    });
  }

  /** Waits `ms`, or until the interruption comes (then throws its reason and leaves no timer behind). */
  private sleep(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    return this.untilInterrupted(new Promise<void>((resolve) => { timer = setTimeout(resolve, ms); })).finally(() => clearTimeout(timer));
  }

  private get maxBodyBytes(): number {
    return this.config.maxBodyBytes ?? MAX_BODY_BYTES;
  }

  private async send<T>(spec: RequestSpec, received: { bytes: number }): Promise<T> {
    const signal = this.config.signal;
    if (signal?.aborted) throw signal.reason;
    const path = this.basePath + spec.path + queryString(spec.query);
    const href = (): string => this.base.origin + path;
    // The body as text: Node sends it in one write with the request head (a Buffer would be a second one).
    const payload = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    const headers: Record<string, string | string[]> = {
      Accept: 'application/json',
      'User-Agent': this.config.userAgent,
      ...(await this.untilInterrupted(this.config.headers())),
    };
    if (payload) {
      headers['Content-Type'] = spec.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    this.stats.requests++;
    this.stats.byMethod[spec.method] = (this.stats.byMethod[spec.method] ?? 0) + 1;
    let write: WriteEntry | undefined;
    if (spec.method === 'GET') {
      this.stats.reads++;
    } else {
      this.stats.writes++;
      write = sentWrite(spec.method, spec.path, spec.target, spec.body);
      this.writeLog.push(write);
      this.config.onWrite?.(spec.target);
    }
    this.log(2, () => `${spec.method} ${href()} headers=${JSON.stringify(redactHeaders(headers))}`);
    if (payload) this.log(3, () => `request body: ${redactText(truncate(payload))}`);

    const started = Date.now();
    const { status, body, retryAfter, scanned, watched } = await this.exchange(path, spec, headers, received, payload)
      .catch((err: unknown) => {
        // A kept-alive socket the server closed while it sat idle (e.g. during a long client-side plan) fails at once
        // with nothing sent or received: the server never saw the request, so one new connection is always safe.
        if (!(err instanceof StaleSocketError)) throw err;
        this.log(2, `${spec.method} ${href()}: idle connection was closed by the server; sending on a new one`);
        return this.exchange(path, spec, headers, received, payload, false);
      })
      .catch((err: unknown) => {
        if (write) unanswered(write, err, signal?.aborted === true);
        throw err;
      });
    this.log(1, () => `${spec.method} ${href()} ${status} in ${Date.now() - started} ms`);
    this.log(3, () => `response body: ${watched ? `a watch stream, ${watched.events} event(s) read, ${watched.met ? 'the one waited for among them' : 'ended without the one waited for'}`
      : scanned ? `${scanned.size} bytes, scanned for each item's metadata` : redactText(truncate(body.toString('utf8')))}`);
    // client-go runs the exec plugin again after a 401 (the credential was revoked or expired early); this client also
    // sends the request once more with it (a 401 was not applied).
    if (status === 401 && !spec.afterRefresh && this.config.refreshCredentials?.()) {
      this.log(1, `${spec.method} ${href()}: 401, getting a fresh credential from the exec plugin`);
      if (write) refused(write, status, 'Unauthorized');
      return this.send({ ...spec, afterRefresh: true }, received);
    }
    if (status < 200 || status >= 300) {
      const err = errorFromResponse(status, body.toString('utf8'), spec.target, retryAfter);
      if (write) refused(write, status, err.reason);
      throw err;
    }
    if (write) answered(write, status);
    if (watched) return watched.met as T;
    const badAnswer = (what: string): KubeError => new KubeError('BadResponse', `the server answered ${spec.method} ${spec.path} with ${what}`,
      spec.target, status, 'Check that --server / the kubeconfig points at a Kubernetes API server.');
    const notJson = (size: number): KubeError => badAnswer(`something that is not JSON: ${preview(body, size)}`);
    let value: unknown;
    if (scanned) {
      if (scanned.list === undefined) throw notJson(scanned.size);
      if (scanned.problem) throw badAnswer(scanned.problem);
      value = scanned.list;
    } else if (body.length === 0) {
      if (spec.method === 'GET') throw badAnswer('an empty body');
      return undefined as T;   // a write's answer is not read
    } else {
      try {
        value = JSON.parse(body.toString('utf8'));
      } catch {
        throw notJson(body.length);
      }
    }
    if (write) answered(write, status, value);
    const problem = spec.method === 'GET' ? readAnswerProblem(spec.target, value) ?? spec.expect?.(value) : undefined;
    if (problem) throw badAnswer(problem);
    return value as T;
  }

  private exchange(path: string, spec: RequestSpec, headers: Record<string, string | string[]>, received: { bytes: number }, payload?: string, reuse = true):
    Promise<{ status: number; body: Buffer; retryAfter?: number; scanned?: { list?: MetadataList; size: number; problem?: string }; watched?: { met: boolean; events: number } }> {
    const transport = this.origin.protocol === 'http:' ? http : https;
    const signal = this.config.signal;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) { reject(signal.reason); return; }
      let answered = false;
      // An interruption cuts the request off wherever it is (connecting, sending, or reading a slow answer).
      const onAbort = (): void => {
        reject(signal?.reason);
        req.destroy();
      };
      const stopListening = this.onInterrupt(onAbort);
      // A watch ends when its event came, its stream ended, or its caller stopped it (then whatever was answered).
      let stream: WatchStream | undefined;
      let status = 200;
      const endWatch = (met: boolean): void => {
        finished();
        resolve({ status, body: Buffer.alloc(0), watched: { met, events: stream?.events ?? 0 } });
        req.destroy();
      };
      const stopWatch = (): void => endWatch(false);
      spec.watch?.signal?.addEventListener('abort', stopWatch, { once: true });
      const fail = (err: NodeJS.ErrnoException): void => {
        finished();
        const stale = !answered && req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE');
        reject(stale ? new StaleSocketError() : this.networkError(err, spec.target));
      };
      // A retry after a stale socket must not take another idle one that may be just as stale, and a watch must not
      // keep one from the pool: a one-connection agent (through the same proxy, if any).
      const agent = reuse && !spec.watch ? this.agent : this.newAgent({ keepAlive: false, ...this.tls });
      const req = transport.request({ ...this.origin, path, method: spec.method, headers, agent }, (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        // A metadata-only list is scanned as it arrives (only its first bytes are kept, for an error message);
        // anything else, error answers included, is kept whole.
        status = res.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        stream = spec.watch && ok ? new WatchStream(spec.watch.onEvent) : undefined;
        const scanner = spec.metadataOnly && ok ? new MetadataListScanner(spec.metadataOnly.annotations) : undefined;
        let notJson = false;
        const scan = <T>(step: () => T): T | undefined => {
          if (notJson) return undefined;
          try {
            return step();
          } catch (err) {
            if (!(err instanceof NotJsonError)) throw err;
            notJson = true;
            return undefined;
          }
        };
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          received.bytes += chunk.length;
          if (size > this.maxBodyBytes) {
            finished();
            reject(new KubeError('BadResponse', `the answer to ${spec.method} ${spec.path} is larger than ${formatBytes(this.maxBodyBytes)}; stopped reading it`,
              spec.target, res.statusCode, 'Check that --server / the kubeconfig points at the Kubernetes API server of a Calico cluster.'));
            req.destroy();
            return;
          }
          if (stream) {
            const outcome = stream.write(chunk);
            if (outcome) endWatch(outcome === 'met');
            return;
          }
          if (!scanner) { chunks.push(chunk); return; }
          if (chunks.length === 0) chunks.push(Buffer.from(chunk.subarray(0, 80)));
          scan(() => scanner.write(chunk));
        });
        res.on('error', fail);
        res.on('aborted', () => fail(Object.assign(new Error('connection reset while reading the response'), { code: 'ECONNRESET' })));
        res.on('end', () => {
          finished();
          if (!res.complete) return fail(Object.assign(new Error('connection reset while reading the response'), { code: 'ECONNRESET' }));
          if (stream) return endWatch(false);
          const retryAfter = Number(res.headers['retry-after']);
          const scanned = scanner ? { list: scan(() => scanner.end()), size: scanner.size, problem: scanner.problem } : undefined;
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), retryAfter: Number.isFinite(retryAfter) ? retryAfter : undefined, scanned });
        });
      });
      const timers: NodeJS.Timeout[] = [];
      const finished = (): void => {
        timers.forEach(clearTimeout);
        stopListening();
        spec.watch?.signal?.removeEventListener('abort', stopWatch);
      };
      const abort = (message: string, code = 'ETIMEDOUT'): void => {
        req.destroy(Object.assign(new Error(message), { code }));
      };
      if (this.config.timeoutMs > 0) timers.push(setTimeout(() => abort(`request timed out after ${this.config.timeoutMs} ms`), this.config.timeoutMs));
      const connectMs = this.config.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
      const handshakeMs = this.config.tlsHandshakeTimeoutMs ?? TLS_HANDSHAKE_TIMEOUT_MS;
      const awaitHandshake = (socket: tls.TLSSocket): void => {
        const handshake = setTimeout(() => abort(`TLS handshake timeout (no answer within ${handshakeMs / 1000} s)`, 'TLS_HANDSHAKE_TIMEOUT'), handshakeMs);
        timers.push(handshake);
        socket.once('secureConnect', () => clearTimeout(handshake));
      };
      // Through a proxy the agent hands over the socket only once the tunnel is up (CONNECT or SOCKS5 answered):
      // that wait is the dial, bounded the same way.
      // (A request still waiting for its socket reports nothing when destroyed: it fails here itself.)
      const tunnel = this.config.proxy ? setTimeout(() => {
        const err = Object.assign(new Error(`could not connect through the proxy within ${connectMs / 1000} s`), { code: 'ETIMEDOUT' });
        req.destroy(err);
        fail(err);
      }, connectMs) : undefined;
      if (tunnel) timers.push(tunnel);
      req.on('socket', (socket) => {
        if (tunnel) clearTimeout(tunnel);
        if (!socket.connecting) {
          // A new TLS socket over a proxy tunnel is still in its handshake.
          if (this.config.proxy && !req.reusedSocket && socket instanceof tls.TLSSocket) awaitHandshake(socket);
          return;
        }
        const t = setTimeout(() => abort(`could not connect within ${connectMs / 1000} s`), connectMs);
        timers.push(t);
        socket.once('connect', () => {
          clearTimeout(t);
          if (socket instanceof tls.TLSSocket) awaitHandshake(socket);
        });
      });
      req.on('error', fail);
      req.end(payload);
    });
  }
}

/** `?a=1&b=2` from the defined values of a query, or nothing. */
function queryString(query: RequestSpec['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

// The final error says how hard the tool tried.
function withAttempts(err: KubeError, attempts: number): KubeError {
  return new KubeError(err.reason, `${err.message} (gave up after ${attempts} attempts)`, err.target, err.status,
    err.hint ?? 'Re-run the same command: every step is safe to repeat.', err.retryAfterSeconds);
}

class StaleSocketError extends Error {}

function target(verb: string, ref: ObjectRef): RequestTarget {
  return { verb, resource: resourceName(ref), name: ref.name, namespace: ref.namespace };
}

/** The first 80 bytes of a body of `size` bytes, for an error message. */
const preview = (body: Buffer, size: number): string => (size > 80 ? `${body.subarray(0, 80).toString('utf8')}… (${size} bytes)` : body.toString('utf8'));

function truncate(text: string, max = 2000): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} bytes)` : text;
}
