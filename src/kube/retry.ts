// The retry policy every verb gets from the client layer: exponential backoff with full jitter for throttling (429,
// honouring Retry-After), server errors (500/502/503/504) and connections reset mid-request; bounded in attempts and
// in total time. Safe for writes because every write the tool sends is idempotent or guarded (create → AlreadyExists
// is checked by content; updates carry resourceVersion; deletes treat NotFound as done).
import type { KubeError } from './errors.js';
import type { RetryPolicy } from './client.js';

export interface BackoffOptions {
  maxAttempts: number;     // including the first
  baseDelayMs: number;
  maxDelayMs: number;
  budgetMs: number;        // total time spent waiting between attempts of one request
  random?: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { maxAttempts: 8, baseDelayMs: 200, maxDelayMs: 5_000, budgetMs: 60_000 };

const RESET_CODES = /ECONNRESET|EPIPE|socket hang up|connection reset/i;

export function isRetryable(err: KubeError): boolean {
  switch (err.reason) {
    case 'Unavailable': return true;                                    // 429, 502, 503, 504
    case 'ServerError': return err.status === 500;
    case 'Connection': return RESET_CODES.test(err.message);            // not refused/unknown host: that is a wrong address
    default: return false;
  }
}

export function backoffPolicy(options: BackoffOptions = DEFAULT_BACKOFF): RetryPolicy {
  const random = options.random ?? Math.random;
  const waited = new WeakMap<object, number>();
  return {
    delayBeforeRetry(err, attempt, spec) {
      if (attempt >= options.maxAttempts || !isRetryable(err)) return undefined;
      const backoff = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
      const delay = err.retryAfterSeconds !== undefined ? Math.min(err.retryAfterSeconds * 1000, 30_000) : Math.round(random() * backoff);
      const spent = (waited.get(spec) ?? 0) + delay;
      if (spent > options.budgetMs) return undefined;
      waited.set(spec, spent);
      return delay;
    },
  };
}
