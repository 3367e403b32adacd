// Another writer may change a TPR object while migrate copies it. After writing, the kinds that were written are
// listed once more and every source whose resourceVersion moved (or that vanished) turns its row into a conflict:
// the copy may be stale, and the user is told so in the same run instead of finding out at verify.
import type { TprKind, TprObject } from '../calico/types.js';
import type { KubeClient } from '../kube/client.js';
import { listTprKind } from '../cluster/tprs.js';
import type { AppliedEntry } from './apply-plan.js';

const key = (kind: string, namespace: string | undefined, name: string): string => `${kind}/${namespace ?? ''}/${name}`;

export async function markChangedSources(client: KubeClient, sources: Record<TprKind, TprObject[]>, entries: AppliedEntry[]): Promise<AppliedEntry[]> {
  const written = entries.filter((e) => e.result === 'created' || e.result === 'overwritten');
  if (written.length === 0) return entries;
  const before = new Map<string, string | undefined>();
  for (const kind of Object.keys(sources) as TprKind[]) {
    for (const o of sources[kind]) before.set(key(kind, o.metadata.namespace, o.metadata.name), o.metadata.resourceVersion);
  }
  const after = new Map<string, string | undefined>();
  await Promise.all([...new Set(written.map((e) => e.kind))].map(async (kind) => {
    for (const o of (await listTprKind(client, kind)) ?? []) after.set(key(kind, o.metadata.namespace, o.metadata.name), o.metadata.resourceVersion);
  }));
  return entries.map((e) => {
    if (e.result !== 'created' && e.result !== 'overwritten') return e;
    const k = key(e.kind, e.source.namespace, e.source.name);
    if (!after.has(k)) return { ...e, result: 'conflict', resultDetail: 'the TPR object was deleted while migrate ran: the CR written from it may no longer be wanted; check it, then re-run' };
    if (after.get(k) !== before.get(k)) {
      return { ...e, result: 'conflict', resultDetail: `the TPR object changed while migrate ran (resourceVersion ${before.get(k)} → ${after.get(k)}): the copy may be stale; re-run "migrate --overwrite" to copy the new value` };
    }
    return e;
  });
}
