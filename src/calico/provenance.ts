// The annotations the tool puts on the CRs it creates, under its own prefix (README, `migrate`):
// they let `rollback` find its own objects, and compare.ts ignores them (they are not Calico data).
import { kindByTpr } from './kinds.js';
import type { CrdObject, KubeObject, TprKind } from './types.js';

export const PROVENANCE_PREFIX = 'calico-migrate.projectcalico.org/';
export const SOURCE_ANNOTATION = `${PROVENANCE_PREFIX}source`;
export const TOOL_VERSION_ANNOTATION = `${PROVENANCE_PREFIX}tool-version`;

export interface SourceRef {
  kind: TprKind;
  namespace: string;
  name: string;
}

/** `<tpr-plural>.<group>/<namespace>/<name>`, e.g. `globalconfigs.projectcalico.org/kube-system/clustertype`. */
export function sourceRefString(ref: SourceRef): string {
  const { tpr } = kindByTpr(ref.kind);
  return `${tpr.plural}.${tpr.group}/${ref.namespace}/${ref.name}`;
}

/** A copy of `obj` with the tool's provenance annotations added (other annotations kept). */
export function withProvenance(obj: CrdObject, source: SourceRef, toolVersion: string): CrdObject {
  return {
    ...obj,
    metadata: {
      ...obj.metadata,
      annotations: { ...obj.metadata.annotations, [SOURCE_ANNOTATION]: sourceRefString(source), [TOOL_VERSION_ANNOTATION]: toolVersion },
    },
  };
}

export function isToolAnnotation(key: string): boolean {
  return key.startsWith(PROVENANCE_PREFIX);
}

/** The provenance of an object the tool created, or undefined. */
export function provenanceOf(obj: KubeObject): { source: string; toolVersion: string | undefined } | undefined {
  const annotations = obj.metadata.annotations ?? {};
  const source = annotations[SOURCE_ANNOTATION];
  if (source === undefined) return undefined;
  return { source, toolVersion: annotations[TOOL_VERSION_ANNOTATION] };
}
