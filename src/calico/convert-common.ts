// What every TPR → CRD conversion shares (docs/calico-data.md#conversion, #inferred): the result type, the metadata that is carried over,
// and the checks every target must pass before it is written (docs/calico-data.md#cr-validation).
import { isDns1123Subdomain } from './names.js';
import { CRD_API_VERSION, type CrdKind, type CrdObject, type CrdObjectMeta, type KubeObject } from './types.js';

export type ConversionResult =
  | { status: 'ok'; target: CrdObject; notes: string[]; warnings: string[] }
  | { status: 'invalid'; reason: string }
  | { status: 'ignored'; reason: string };

export function invalid(reason: string): ConversionResult {
  return { status: 'invalid', reason };
}

// kubectl's own bookkeeping describes the TPR object (its old apiVersion/kind); carrying it over would
// make a later `kubectl apply` three-way-merge against the wrong object, so it is dropped.
const DROPPED_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration'];

/**
 * The CR metadata: the given name plus the source's labels and annotations, as the official job's sed
 * pipeline kept them; namespace, uid, resourceVersion, selfLink, creationTimestamp are dropped (docs/calico-data.md#conversion).
 */
export function carriedMetadata(source: KubeObject, name: string): CrdObjectMeta {
  const meta: CrdObjectMeta = { name };
  const labels = source.metadata.labels;
  if (labels && Object.keys(labels).length > 0) meta.labels = { ...labels };
  const annotations = Object.fromEntries(
    Object.entries(source.metadata.annotations ?? {}).filter(([key]) => !DROPPED_ANNOTATIONS.includes(key)),
  );
  if (Object.keys(annotations).length > 0) meta.annotations = annotations;
  return meta;
}

/** Warnings for top-level fields of the TPR object that are not carried over (only apiVersion/kind/metadata/spec are). */
export function droppedFieldWarnings(source: KubeObject): string[] {
  const extra = Object.keys(source).filter((k) => !['apiVersion', 'kind', 'metadata', 'spec'].includes(k));
  return extra.length > 0 ? [`top-level field(s) ${extra.join(', ')} of the TPR object are not copied (Calico never reads them)`] : [];
}

/** Assemble a CR after the name check every target must pass (docs/calico-data.md#cr-validation): the apiserver refuses other names. */
export function finishTarget(
  kind: CrdKind,
  metadata: CrdObjectMeta,
  spec: CrdObject['spec'],
  notes: string[],
  warnings: string[],
): ConversionResult {
  if (!isDns1123Subdomain(metadata.name)) {
    return invalid(`target name ${JSON.stringify(metadata.name)} is not a DNS-1123 subdomain, so Kubernetes would refuse the ${kind}`);
  }
  return { status: 'ok', target: { apiVersion: CRD_API_VERSION, kind, metadata, spec }, notes, warnings };
}

/** The TPR decoder fills in `kind`; a different kind means the object is not what it claims to be (docs/calico-data.md#tpr-storage). */
export function kindMismatch(source: KubeObject, expected: string): string | undefined {
  if (source.kind && source.kind !== expected) return `kind ${JSON.stringify(source.kind)} does not match the expected ${expected}`;
  return undefined;
}
