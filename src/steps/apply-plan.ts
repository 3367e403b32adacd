// Carrying out a migration plan: one write per object that needs one, with bounded concurrency, no GET before a
// create, and every write either idempotent (create) or guarded by resourceVersion (overwrite, node annotations).
// A write that races with another writer is reported as a conflict, never forced.
import { compareCrdObjects } from '../calico/compare.js';
import { kindByCrd } from '../calico/kinds.js';
import type { PlanEntry } from '../calico/plan.js';
import type { KubeObject } from '../calico/types.js';
import { patchNodeAnnotationsGuarded } from '../cluster/nodes.js';
import type { KubeClient } from '../kube/client.js';
import { createOrRead, updateGuarded } from '../cluster/guarded-writes.js';
import { isNotFound } from '../kube/errors.js';
import { mapLimited } from '../kube/limiter.js';
import type { Progress } from '../report/progress.js';

export type ApplyResult = 'created' | 'overwritten' | 'unchanged' | 'conflict' | 'skipped' | 'ignored' | 'planned';

export interface AppliedEntry extends PlanEntry { result: ApplyResult; resultDetail?: string }

export interface NodeAnnotationWrite { node: string; resourceVersion?: string; add: Record<string, string> }
export interface NodeAnnotationResult extends NodeAnnotationWrite { result: 'patched' | 'conflict' | 'planned'; detail?: string }

const RESULT_OF_PLAN: Record<PlanEntry['action'], ApplyResult> = {
  create: 'planned', overwrite: 'planned', unchanged: 'unchanged', conflict: 'conflict', 'skip-invalid': 'skipped', ignored: 'ignored',
};

/** The plan as it stands without writing (dry-run): nothing created yet. */
export const planOnly = (entries: PlanEntry[]): AppliedEntry[] => entries.map((e) => ({ ...e, result: RESULT_OF_PLAN[e.action] }));

export async function applyPlan(client: KubeClient, entries: PlanEntry[], concurrency: number, progress: Progress, failure = new FirstFailure()): Promise<AppliedEntry[]> {
  let done = 0;
  const writes = entries.filter((e) => e.action === 'create' || e.action === 'overwrite').length;
  return runAll(entries, concurrency, async (entry) => {
    const result = await applyEntry(client, entry);
    if (entry.action === 'create' || entry.action === 'overwrite') progress.update(`writing CRD objects: ${++done}/${writes}`);
    return result;
  }, failure);
}

/** The request migrate sends for a plan entry: a create, or an update guarded by the resourceVersion it read; none for the others. */
export interface CrWrite { verb: 'create' | 'update'; gvr: { group: string; version: string; resource: string }; name: string; body: KubeObject }

export function crWrite(entry: PlanEntry): CrWrite | undefined {
  if (!entry.desired || (entry.action !== 'create' && entry.action !== 'overwrite')) return undefined;
  const { crd } = kindByCrd(entry.desired.kind);
  const gvr = { group: crd.group, version: crd.version, resource: crd.plural };
  const name = entry.desired.metadata.name;
  if (entry.action === 'create') return { verb: 'create', gvr, name, body: entry.desired };
  // The existing object's metadata (uid, labels, annotations) is kept; the Calico fields are replaced.
  const existing = entry.existing as KubeObject;
  return { verb: 'update', gvr, name, body: { ...entry.desired, metadata: { ...existing.metadata, ...entry.desired.metadata, resourceVersion: existing.metadata.resourceVersion } } };
}

async function applyEntry(client: KubeClient, entry: PlanEntry): Promise<AppliedEntry> {
  const write = crWrite(entry);
  if (!write || !entry.desired) return { ...entry, result: RESULT_OF_PLAN[entry.action] };
  const { gvr } = write;
  if (write.verb === 'create') {
    const created = await createOrRead<KubeObject>(client, gvr, write.body);
    if (created.created) return { ...entry, result: 'created' };
    // Someone created it since we listed: equal is fine, different is theirs to keep.
    const comparison = compareCrdObjects(entry.desired, created.current);
    return comparison.equal
      ? { ...entry, result: 'unchanged', resultDetail: 'created concurrently with the same content' }
      : { ...entry, result: 'conflict', diffs: comparison.diffs, resultDetail: 'created concurrently by another writer with different content; left alone' };
  }
  const ref = { ...gvr, name: write.name };
  const updated = await updateGuarded(client, ref, write.body);
  if (updated === 'updated') return { ...entry, result: 'overwritten' };
  const changed = { ...entry, result: 'conflict' as const, resultDetail: 'changed or deleted by another writer since it was read; left alone (re-run to re-plan)' };
  if (updated === 'gone') return changed;
  // A retried PUT whose first attempt landed (its answer was cut) meets its own new resourceVersion: the object
  // then holds what was sent, and that is an overwrite, not another writer.
  const current = await client.get<KubeObject>(ref).catch((e: unknown) => { if (isNotFound(e)) return undefined; throw e; });
  return current && compareCrdObjects(entry.desired, current).equal ? { ...entry, result: 'overwritten' } : changed;
}

/** Adds the v2.5 keys of IPv6 node-scoped peers; a Node changed since it was read is reported, not overwritten. */
export async function applyNodeAnnotations(client: KubeClient, writes: NodeAnnotationWrite[], concurrency: number, failure = new FirstFailure()): Promise<NodeAnnotationResult[]> {
  return runAll(writes, concurrency, async (w) => (await patchNodeAnnotationsGuarded(client, w.node, w.resourceVersion, w.add)) === 'patched'
    ? { ...w, result: 'patched' as const }
    : { ...w, result: 'conflict' as const, detail: `Node ${w.node} changed since it was read; re-run to re-plan` }, failure);
}

/**
 * The first failure among the write batches of one run (the CRs and the Node annotations are written side by side):
 * once there is one, no batch starts another write.
 */
export class FirstFailure {
  private failed = false;
  private error: unknown;
  get stopped(): boolean { return this.failed; }
  record(err: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.error = err;
  }
  throwIfFailed(): void {
    if (this.failed) throw this.error;
  }
  /**
   * Waits for every batch to end, then raises the first failure: nothing is being written any more when it is reported.
   * A batch that fails is recorded at once, so the others start no new write.
   */
  async settle<T extends readonly unknown[]>(batches: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
    const results = await Promise.all(batches.map((batch) => batch.catch((err: unknown) => { this.record(err); })));
    this.throwIfFailed();
    return results as unknown as T;
  }
}

// Runs every task with bounded concurrency; after the first failure (here or in a sibling batch) no new task starts,
// in-flight ones finish, then that failure is raised (a re-run converges: every write is idempotent or guarded).
async function runAll<T, R>(items: T[], concurrency: number, task: (item: T) => Promise<R>, failure: FirstFailure): Promise<R[]> {
  const results = await mapLimited(items, concurrency, async (item) => {
    if (failure.stopped) return undefined as R;
    try {
      return await task(item);
    } catch (err) {
      failure.record(err);
      return undefined as R;
    }
  });
  failure.throwIfFailed();
  return results;
}
