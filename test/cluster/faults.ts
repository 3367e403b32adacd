// Fault injection, off by default and seeded so a failing run can be replayed.

export interface FaultOptions {
  seed?: number;
  latencyMs?: number | { min: number; max: number };
  errorRate?: number;
  errorCodes?: Array<500 | 502 | 503 | 504 | 429 | 404>;
  retryAfterSeconds?: number;
  resetRate?: number;
  failNthWrite?: number | number[];
  failNthWriteAfterApply?: number | number[];
  only?: (req: { method: string; path: string }) => boolean;
}

/** What to do to one request, decided before it is handled. */
export interface FaultPlan {
  delayMs: number;
  errorCode?: number;
  /** Destroy the socket after the headers and part of the body. */
  reset: boolean;
  /** Answer 500 without applying the write. */
  failWrite: boolean;
  /** Apply the write, then reset the connection. */
  resetAfterApply: boolean;
}

/** mulberry32: tiny, fast, good enough for reproducible test faults. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const asSet = (v: number | number[] | undefined) => new Set(v === undefined ? [] : Array.isArray(v) ? v : [v]);

export class Faults {
  private random: () => number;
  private writes = 0;
  private failSet: Set<number>;
  private failAfterSet: Set<number>;

  constructor(readonly options: FaultOptions) {
    this.random = seededRandom(options.seed ?? 1);
    this.failSet = asSet(options.failNthWrite);
    this.failAfterSet = asSet(options.failNthWriteAfterApply);
  }

  plan(method: string, path: string): FaultPlan {
    const plan: FaultPlan = { delayMs: 0, reset: false, failWrite: false, resetAfterApply: false };
    const o = this.options;
    if (o.only && !o.only({ method, path })) return plan;
    const lat = o.latencyMs;
    if (typeof lat === 'number') plan.delayMs = lat;
    else if (lat) plan.delayMs = lat.min + Math.floor(this.random() * (lat.max - lat.min + 1));
    if (method !== 'GET') {
      const n = ++this.writes;
      plan.failWrite = this.failSet.has(n);
      plan.resetAfterApply = this.failAfterSet.has(n);
    }
    if (o.errorRate && this.random() < o.errorRate) {
      const codes = o.errorCodes?.length ? o.errorCodes : [500, 503];
      plan.errorCode = codes[Math.floor(this.random() * codes.length)];
    } else if (o.resetRate && this.random() < o.resetRate) {
      plan.reset = true;
    }
    return plan;
  }
}

/** The Status the real server (or its front proxy) would send for an injected error code. */
export function faultStatus(code: number, retryAfterSeconds?: number) {
  const reasons: Record<number, [string, string]> = {
    404: ['NotFound', 'the server could not find the requested resource'],
    429: ['TooManyRequests', 'Too many requests, please try again later.'],
    500: ['InternalError', 'Internal error occurred: injected fault'],
    502: ['InternalError', 'Bad Gateway'],
    503: ['ServiceUnavailable', 'The server is currently unable to handle the request'],
    504: ['Timeout', 'Timeout: request did not complete within the allowed duration'],
  };
  const [reason, message] = reasons[code] ?? ['InternalError', 'injected fault'];
  const body: Record<string, unknown> = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (retryAfterSeconds !== undefined && (code === 429 || code === 503)) body.details = { retryAfterSeconds };
  return body;
}
