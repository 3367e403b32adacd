// The migration plan (README, `migrate`): for every TPR object, what happens to its CR and why.
// Pure: the caller reads the cluster, this decides, the caller writes.
import { calicoIdentity, compareCrdObjects, type FieldDiff } from './compare.js';
import { convertTprObject } from './convert.js';
import { CALICO_KINDS, TPR_KINDS } from './kinds.js';
import { withProvenance, type SourceRef } from './provenance.js';
import { DEFAULT_CALICO_NAMESPACE, isJsonObject, type CrdKind, type CrdObject, type KubeObject, type TprKind } from './types.js';

export type PlanAction = 'create' | 'unchanged' | 'conflict' | 'overwrite' | 'skip-invalid' | 'ignored';

export { DEFAULT_CALICO_NAMESPACE };

export interface PlanOptions {
  includeSnp: boolean;
  overwrite: boolean;
  /** Where Calico keeps its TPR data (docs/calico-data.md#tpr-storage); default `kube-system`. */
  calicoNamespace?: string;
  /** Written into the provenance annotation of created objects. */
  toolVersion: string;
}

export interface PlanInput {
  /** TPR data objects by kind, from every namespace. */
  sources: Partial<Record<TprKind, readonly KubeObject[]>>;
  /** The CRs that already exist, by CRD kind. */
  existing: Partial<Record<CrdKind, readonly KubeObject[]>>;
  options: PlanOptions;
}

export interface PlanEntry {
  kind: TprKind;
  source: { namespace: string; name: string };
  target?: { kind: CrdKind; name: string };
  action: PlanAction;
  detail: string;
  notes: string[];
  warnings: string[];
  /** What to write: for `create` with provenance; for `overwrite` without (the tool did not create it). */
  desired?: CrdObject;
  existing?: KubeObject;
  diffs?: FieldDiff[];
}

/** One entry per source object, ordered by kind (docs/calico-data.md#tpr-storage order), namespace, name. */
export function planMigration(input: PlanInput): PlanEntry[] {
  const { options } = input;
  const calicoNamespace = options.calicoNamespace ?? DEFAULT_CALICO_NAMESPACE;
  const claimedNames = new Map<string, { ref: string; specName?: string }>();
  const claimedKeys = new Map<string, { ref: string; specName?: string }>();
  const entries: PlanEntry[] = [];
  const indexes = new Map<CrdKind, ExistingIndex>();
  const existingIndex = (kind: CrdKind): ExistingIndex => {
    let index = indexes.get(kind);
    if (!index) indexes.set(kind, index = indexExisting(input.existing[kind] ?? []));
    return index;
  };

  for (const { kind, object } of orderedSources(input.sources, calicoNamespace)) {
    // A namespaced LIST always sets metadata.namespace (docs/calico-data.md#tpr-storage); without one the object is taken as Calico's.
    const namespace = object.metadata.namespace ?? calicoNamespace;
    const source = { namespace, name: object.metadata.name };
    const base = { kind, source, notes: [] as string[], warnings: [] as string[] };
    if (namespace !== calicoNamespace) {
      entries.push({ ...base, action: 'ignored', detail: `in namespace ${namespace}: Calico never reads other namespaces than ${calicoNamespace}` });
      continue;
    }
    const converted = convertTprObject(kind, object, { includeSnp: options.includeSnp });
    if (converted.status !== 'ok') {
      entries.push({ ...base, action: converted.status === 'ignored' ? 'ignored' : 'skip-invalid', detail: converted.reason });
      continue;
    }
    const target = converted.target;
    const entry: PlanEntry = { ...base, target: { kind: target.kind, name: target.metadata.name }, action: 'create', detail: '', notes: converted.notes, warnings: converted.warnings };
    const ref = `${kind} ${namespace}/${object.metadata.name}`;
    const specName = configSpecName(target);

    const nameKey = `${target.kind}/${target.metadata.name}`;
    const nameClaim = claimedNames.get(nameKey);
    if (nameClaim) {
      const caseOnly = specName !== undefined && nameClaim.specName !== undefined && specName !== nameClaim.specName && specName.toLowerCase() === nameClaim.specName.toLowerCase();
      const why = caseOnly ? ` (keys ${JSON.stringify(nameClaim.specName)} and ${JSON.stringify(specName)} differ only in case)` : '';
      entries.push({ ...entry, action: 'conflict', detail: `maps to the same ${target.kind} ${target.metadata.name} as ${nameClaim.ref}${why}; that one is migrated, this one is not` });
      continue;
    }
    // Config keys are compared ignoring case: Calico looks them up by lower(spec.name) (docs/calico-data.md#v24-shapes, #v24-keys `LogLevel`/`loglevel`),
    // so two objects whose keys differ only in case fight over one setting.
    const identity = calicoIdentity(target);
    const sourceKey = identity !== undefined && specName !== undefined ? identity.toLowerCase() : identity;
    const keyClaim = sourceKey === undefined ? undefined : claimedKeys.get(sourceKey);
    if (keyClaim) {
      const caseOnly = specName !== undefined && keyClaim.specName !== undefined && specName !== keyClaim.specName;
      const why = caseOnly ? `keys ${JSON.stringify(keyClaim.specName)} and ${JSON.stringify(specName)} differ only in case` : `the same Calico key (${identity})`;
      entries.push({ ...entry, action: 'conflict', detail: `has ${why} as ${keyClaim.ref}; that one is migrated, this one is not` });
      continue;
    }
    claimedNames.set(nameKey, specName === undefined ? { ref } : { ref, specName });
    if (sourceKey !== undefined) claimedKeys.set(sourceKey, specName === undefined ? { ref } : { ref, specName });
    entries.push(decideAgainstExisting(entry, target, identity, existingIndex(target.kind), options, { kind, namespace, name: object.metadata.name }));
  }
  return entries;
}

// The existing CRs of one kind, looked up by name and by Calico key: each object's key is computed once, so planning
// stays linear in sources + existing (a re-run over thousands of peers compared every source with every CR).
interface ExistingIndex { byName: Map<string, KubeObject>; byIdentity: Map<string, KubeObject[]> }

function indexExisting(existing: readonly KubeObject[]): ExistingIndex {
  const byName = new Map<string, KubeObject>();
  const byIdentity = new Map<string, KubeObject[]>();
  for (const o of existing) {
    if (!byName.has(o.metadata.name)) byName.set(o.metadata.name, o); // the first one wins, as Array.find did
    const identity = calicoIdentity(o);
    if (identity === undefined) continue;
    const same = byIdentity.get(identity);
    if (same) same.push(o);
    else byIdentity.set(identity, [o]);
  }
  return { byName, byIdentity };
}

function decideAgainstExisting(entry: PlanEntry, target: CrdObject, identity: string | undefined, existing: ExistingIndex, options: PlanOptions, ref: SourceRef): PlanEntry {
  const sameName = existing.byName.get(target.metadata.name);
  // Another CR already holds this Calico key: a second one would give Calico two objects for one key.
  const sameKey = identity === undefined ? undefined : existing.byIdentity.get(identity)?.find((o) => o.metadata.name !== target.metadata.name);
  if (sameKey) {
    return { ...entry, action: 'conflict', existing: sameKey, detail: `${target.kind} ${sameKey.metadata.name} already holds the same Calico key (${identity}); resolve by hand` };
  }
  if (!sameName) {
    return { ...entry, action: 'create', detail: 'absent: will be created', desired: withProvenance(target, ref, options.toolVersion) };
  }
  const comparison = compareCrdObjects(target, sameName);
  if (comparison.equal) return { ...entry, action: 'unchanged', detail: 'already present and equal', existing: sameName };
  const summary = comparison.diffs.map((d) => `${d.path}: want ${JSON.stringify(d.expected)}, found ${JSON.stringify(d.actual)}`).join('; ');
  if (options.overwrite) {
    return { ...entry, action: 'overwrite', detail: `exists and differs (${summary}): will be replaced`, desired: target, existing: sameName, diffs: comparison.diffs };
  }
  return { ...entry, action: 'conflict', detail: `exists and differs (${summary}): left alone; --overwrite replaces it`, existing: sameName, diffs: comparison.diffs };
}

function configSpecName(target: CrdObject): string | undefined {
  if (target.kind !== 'GlobalFelixConfig' && target.kind !== 'GlobalBGPConfig') return undefined;
  return isJsonObject(target.spec) && typeof target.spec.name === 'string' ? target.spec.name : undefined;
}

// Deterministic order: kinds as in docs/calico-data.md#tpr-storage, then the Calico namespace first, then other namespaces, then name.
function orderedSources(sources: PlanInput['sources'], calicoNamespace: string): Array<{ kind: TprKind; object: KubeObject }> {
  const out: Array<{ kind: TprKind; object: KubeObject }> = [];
  for (const kind of TPR_KINDS) {
    const objects = [...(sources[kind] ?? [])].sort((a, b) => {
      const na = a.metadata.namespace ?? calicoNamespace;
      const nb = b.metadata.namespace ?? calicoNamespace;
      if (na !== nb) {
        if (na === calicoNamespace) return -1;
        if (nb === calicoNamespace) return 1;
        return na < nb ? -1 : 1;
      }
      return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
    });
    for (const object of objects) out.push({ kind, object });
  }
  return out;
}

export type PlanSummary = Record<TprKind, Record<PlanAction, number>>;

/** Counts per kind and action, every kind and action present (for the summary table). */
export function summarizePlan(entries: readonly PlanEntry[]): PlanSummary {
  const actions: PlanAction[] = ['create', 'unchanged', 'conflict', 'overwrite', 'skip-invalid', 'ignored'];
  const summary = Object.fromEntries(
    CALICO_KINDS.map((k) => [k.tpr.kind, Object.fromEntries(actions.map((a) => [a, 0]))]),
  ) as PlanSummary;
  for (const e of entries) summary[e.kind][e.action]++;
  return summary;
}

/** Whether the plan leaves work undone that makes `migrate` exit 1 (README, Exit codes). */
export function planNeedsAttention(entries: readonly PlanEntry[]): boolean {
  return entries.some((e) => e.action === 'conflict' || e.action === 'skip-invalid');
}

