// Every request the server answered, for assertions such as "dry-run made no writes".
import type { RequestAttributes } from './rbac.js';

export interface RequestLogEntry {
  method: string;
  path: string;
  query: string;
  status: number;
  user: string;
  contentType?: string;
  ms: number;
  /** When it arrived, on the server process's performance.now() clock (for timelines). */
  at: number;
  /** SelfSubjectAccessReview creates are POSTs that change nothing. */
  review?: boolean;
  /** What the RBAC authorizer was asked (absent when the request failed before authentication, e.g. an injected fault). */
  access?: RequestAttributes;
  /** Received on the insecure (plain HTTP) port. */
  insecure?: boolean;
  /** Set when a fault was injected into this request. */
  fault?: string;
  /** A write's JSON body as received (to compare with what a dry-run printed). */
  body?: unknown;
}

export class RequestLog {
  readonly entries: RequestLogEntry[] = [];
  add(e: RequestLogEntry): void { this.entries.push(e); }
  writes(): RequestLogEntry[] { return this.entries.filter((e) => e.method !== 'GET'); }
}
