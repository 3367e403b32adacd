// Every write request the client sends, with its answer: what a change ticket needs to know was done to the cluster.
// One entry per request sent (a retry is a request of its own), filled in when the answer comes, or left saying none
// came (an interruption, a connection cut): such a write may still have been applied.
import type { RequestTarget } from './errors.js';
import { redactText } from './redact.js';

export interface WriteEntry {
  method: string;
  path: string;
  /** plural[.group], e.g. "ippools.crd.projectcalico.org" */
  resource: string;
  namespace?: string;
  name?: string;
  /** The HTTP status of the answer; absent when no answer came. */
  status?: number;
  /** created, updated, patched or deleted; the error's reason (Conflict, AlreadyExists, …); or why no answer came. */
  result: string;
  /** Of the object the server answered with, when it sent one. */
  resourceVersion?: string;
  uid?: string;
}

const DONE: Record<string, string> = { POST: 'created', PUT: 'updated', PATCH: 'patched', DELETE: 'deleted' };

export function sentWrite(method: string, path: string, target: RequestTarget, body: unknown): WriteEntry {
  const name = target.name ?? (body as { metadata?: { name?: unknown } } | undefined)?.metadata?.name;
  return {
    method, path, resource: target.resource,
    ...(target.namespace ? { namespace: target.namespace } : {}),
    ...(typeof name === 'string' ? { name } : {}),
    result: 'no answer',
  };
}

/** A 2xx answer: the write was done; the object it returned says which version it is now. */
export function answered(entry: WriteEntry, status: number, object?: unknown): void {
  entry.status = status;
  entry.result = DONE[entry.method] ?? 'done';
  const meta = (object as { metadata?: { resourceVersion?: unknown; uid?: unknown } } | undefined)?.metadata;
  if (typeof meta?.resourceVersion === 'string') entry.resourceVersion = meta.resourceVersion;
  if (typeof meta?.uid === 'string') entry.uid = meta.uid;
}

/** An error answer: the write was refused, for this reason. */
export function refused(entry: WriteEntry, status: number, reason: string): void {
  entry.status = status;
  entry.result = reason;
}

/** No answer: cut off by an interruption, or the connection failed. */
export function unanswered(entry: WriteEntry, err: unknown, interrupted: boolean): void {
  entry.result = interrupted ? 'no answer (interrupted)' : `no answer: ${redactText(err instanceof Error ? err.message : String(err))}`;
}
