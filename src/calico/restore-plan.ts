// What `restore --target tpr` does per object, decided without a cluster: absent → create, equal → unchanged,
// different → conflict (or overwrite with --overwrite). Equality ignores what the server sets (uid, resourceVersion…).
import { CALICO_KINDS } from './kinds.js';
import type { KubeObject, TprKind } from './types.js';

export type TprRestoreAction = 'create' | 'unchanged' | 'conflict' | 'overwrite';

export interface TprRestoreEntry {
  kind: TprKind;
  namespace: string;
  name: string;
  action: TprRestoreAction;
  /** The saved object without server fields: the body to write. */
  desired: KubeObject;
  existing?: KubeObject;
  /** Top-level paths that differ, for a conflict or overwrite. */
  differs?: string[];
}

const SERVER_METADATA = ['uid', 'resourceVersion', 'creationTimestamp', 'selfLink', 'generation', 'managedFields', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

/** A copy without the fields the server assigns, ready to be created again. */
export function withoutServerFields<T extends KubeObject>(obj: T): T {
  const metadata = { ...obj.metadata };
  for (const key of SERVER_METADATA) delete metadata[key];
  const copy = { ...obj, metadata };
  delete (copy as KubeObject).status;
  return copy;
}

/** JSON with object keys sorted, so equal content compares equal whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The top-level fields (and metadata.* fields) in which two objects differ, server fields aside. */
export function tprDifferences(saved: KubeObject, live: KubeObject): string[] {
  const a = withoutServerFields(saved) as Record<string, unknown>;
  const b = withoutServerFields(live) as Record<string, unknown>;
  const paths: string[] = [];
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (key === 'metadata') {
      const ma = a.metadata as Record<string, unknown>;
      const mb = b.metadata as Record<string, unknown>;
      for (const mk of [...new Set([...Object.keys(ma), ...Object.keys(mb)])].sort()) {
        if (canonicalJson(ma[mk]) !== canonicalJson(mb[mk])) paths.push(`metadata.${mk}`);
      }
    } else if (canonicalJson(a[key]) !== canonicalJson(b[key])) {
      paths.push(key);
    }
  }
  return paths;
}

/** One entry per saved object, in kind order (docs/calico-data.md#tpr-storage), then namespace and name. */
export function planTprRestore(
  saved: Record<TprKind, readonly KubeObject[]>, live: Record<TprKind, readonly KubeObject[]>, overwrite: boolean,
): TprRestoreEntry[] {
  const entries: TprRestoreEntry[] = [];
  for (const { tpr } of CALICO_KINDS) {
    const byKey = new Map((live[tpr.kind] ?? []).map((o) => [`${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]));
    const objects = [...(saved[tpr.kind] ?? [])].sort((x, y) => `${x.metadata.namespace ?? ''}/${x.metadata.name}`.localeCompare(`${y.metadata.namespace ?? ''}/${y.metadata.name}`));
    for (const obj of objects) {
      const namespace = obj.metadata.namespace ?? '';
      const base = { kind: tpr.kind, namespace, name: obj.metadata.name, desired: withoutServerFields(obj) };
      const existing = byKey.get(`${namespace}/${obj.metadata.name}`);
      if (!existing) {
        entries.push({ ...base, action: 'create' });
        continue;
      }
      const differs = tprDifferences(obj, existing);
      if (differs.length === 0) entries.push({ ...base, action: 'unchanged', existing });
      else entries.push({ ...base, action: overwrite ? 'overwrite' : 'conflict', existing, differs });
    }
  }
  return entries;
}
