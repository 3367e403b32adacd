// What `rollback` may undo, decided without a cluster: only the CRs the tool created (its provenance annotation) that
// still equal the conversion of their live TPR source, only CRDs the tool created that end up empty, and only the
// v2.5 node-peer keys that still duplicate their v2.4 key.
import { compareCrdObjects } from './compare.js';
import { convertTprObject } from './convert.js';
import { CALICO_KINDS } from './kinds.js';
import { planNodePeerAnnotations } from './node-peers.js';
import { provenanceOf } from './provenance.js';
import type { CrdKind, KubeObject, TprKind } from './types.js';

export interface CrRollbackEntry {
  kind: CrdKind;
  name: string;
  source: string;
  action: 'delete' | 'keep';
  detail: string;
  object: KubeObject;
}

/** `<plural>.<group>/<namespace>/<name>` (provenance.ts `sourceRefString`) back to its parts. */
export function parseSourceRef(ref: string): { kind: TprKind; namespace: string; name: string } | undefined {
  const [resource, namespace, name, ...rest] = ref.split('/');
  const found = CALICO_KINDS.find((k) => `${k.tpr.plural}.${k.tpr.group}` === resource);
  if (!found || !namespace || !name || rest.length) return undefined;
  return { kind: found.tpr.kind, namespace, name };
}

/** One entry per CR that carries the tool's provenance; CRs without it are not the tool's and are not listed. */
export function planCrRollback(crs: Partial<Record<CrdKind, readonly KubeObject[]>>, sources: Record<TprKind, readonly KubeObject[]>): CrRollbackEntry[] {
  const entries: CrRollbackEntry[] = [];
  for (const { crd } of CALICO_KINDS) {
    for (const cr of crs[crd.kind] ?? []) {
      const provenance = provenanceOf(cr);
      if (!provenance) continue;
      const base = { kind: crd.kind, name: cr.metadata.name, source: provenance.source, object: cr };
      const keep = (detail: string): CrRollbackEntry => ({ ...base, action: 'keep', detail });
      const ref = parseSourceRef(provenance.source);
      if (!ref) { entries.push(keep('its source annotation is not one this tool writes; kept')); continue; }
      const source = sources[ref.kind].find((o) => o.metadata.name === ref.name && (o.metadata.namespace ?? ref.namespace) === ref.namespace);
      if (!source) { entries.push(keep('its TPR source object no longer exists; kept (the CR is now the only copy)')); continue; }
      const converted = convertTprObject(ref.kind, source, { includeSnp: true });
      if (converted.status !== 'ok') { entries.push(keep(`its TPR source no longer converts (${converted.reason}); kept`)); continue; }
      const comparison = compareCrdObjects(converted.target, cr);
      if (!comparison.equal) {
        entries.push(keep(`changed since migrate wrote it (${comparison.diffs.map((d) => d.path).join(', ')}); kept`));
        continue;
      }
      entries.push({ ...base, action: 'delete', detail: 'created by migrate and unchanged since' });
    }
  }
  return entries;
}

/**
 * The v2.5 keys of IPv6 node-scoped peers that still hold exactly the value of their v2.4 key: what migrate added.
 * With the Node's annotations from a backup taken before migrate, a key that already existed then is not counted.
 */
export function addedNodePeerKeys(annotations: Record<string, string>, before?: Record<string, string>): string[] {
  const keys = planNodePeerAnnotations(annotations).actions.flatMap((a) =>
    a.action === 'present' && annotations[a.newKey] === annotations[a.key] && before?.[a.newKey] === undefined ? [a.newKey] : []);
  return [...new Set(keys)].sort();
}
