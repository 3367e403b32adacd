// Does a backup still hold the live TPR data? Before cleanup deletes the TPRs, every live object must be in the backup
// with the same content, or deleting would lose it. Pure.
import { TPR_KINDS } from './kinds.js';
import type { KubeObject, TprKind } from './types.js';

export interface BackupMismatch { kind: TprKind; namespace: string; name: string; problem: 'not in the backup' | 'differs from the backup' }

/** Everything of an object except server-set metadata: what a restore would put back. */
export function tprContent(obj: KubeObject): unknown {
  const { metadata, ...rest } = obj;
  const { labels, annotations } = metadata;
  return canonical({ ...rest, metadata: { name: metadata.name, namespace: metadata.namespace, labels, annotations } });
}

/** Live objects missing from the backup or different in it (backup objects gone from the cluster are fine). */
export function liveObjectsNotInBackup(live: Partial<Record<TprKind, readonly KubeObject[]>>, backup: Partial<Record<TprKind, readonly KubeObject[]>>): BackupMismatch[] {
  const out: BackupMismatch[] = [];
  for (const kind of TPR_KINDS) {
    const saved = new Map((backup[kind] ?? []).map((o) => [`${o.metadata.namespace ?? ''}/${o.metadata.name}`, JSON.stringify(tprContent(o))]));
    for (const obj of live[kind] ?? []) {
      const key = `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
      const copy = saved.get(key);
      if (copy === undefined) out.push({ kind, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name, problem: 'not in the backup' });
      else if (copy !== JSON.stringify(tprContent(obj))) out.push({ kind, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name, problem: 'differs from the backup' });
    }
  }
  return out;
}

// Key order must not matter, and undefined must equal absent.
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}
