// What a DaemonSet's pods are judged by, shared by the API server's DaemonSet strategy and the controller: Kubernetes
// 1.7's spec.templateGeneration (bumped by the API server when the template changes) and the template's hash. A pod
// is "updated" when its pod-template-generation or controller-revision-hash label matches (1.7's
// pkg/controller/daemon/util IsPodUpdated, which keeps both for pods created before 1.7).
import type { KubeObject, ServerMode } from './types.js';

export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
export const REVISION_HASH_LABEL = 'controller-revision-hash';

/** spec.templateGeneration exists in extensions/v1beta1 (1.6 to 1.8); apps/v1 dropped it. */
const hasTemplateGeneration = (mode: ServerMode) => mode !== 'modern';

/**
 * The API server's DaemonSet defaults and strategy. The update strategy defaults as the version it is written through
 * does: OnDelete in extensions/v1beta1, RollingUpdate in apps (1.8's apps/v1beta2 on); RollingUpdate's maxUnavailable
 * defaults to 1. templateGeneration (1.6 to 1.8) is 1 on create and, on update, the old one, plus one when the pod
 * template changed (the client's value is never trusted).
 */
export function admitDaemonSet(ds: KubeObject, old: KubeObject | undefined, mode: ServerMode, group = 'extensions'): void {
  if (!ds.spec) return;
  const strategy = (ds.spec.updateStrategy ??= {});
  strategy.type ||= group === 'extensions' ? 'OnDelete' : 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    strategy.rollingUpdate ??= {};
    strategy.rollingUpdate.maxUnavailable ??= 1;
  }
  if (!hasTemplateGeneration(mode)) return;
  if (!old) {
    ds.spec.templateGeneration ||= 1;
    return;
  }
  const previous = old.spec?.templateGeneration ?? 1;
  const changed = JSON.stringify(old.spec?.template) !== JSON.stringify(ds.spec.template);
  ds.spec.templateGeneration = previous + (changed ? 1 : 0);
}

/** The template's hash as 1.7 labels pods with it: FNV-32a of the template, in decimal (1.8 switched to a safe encoding). */
export function templateHash(template: unknown): string {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(JSON.stringify(template ?? {}))) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return String(h);
}

/** The labels a pod created from ds's current template carries. */
export function podIdentityLabels(ds: KubeObject): Record<string, string> {
  const labels: Record<string, string> = { [REVISION_HASH_LABEL]: templateHash(ds.spec.template) };
  if (ds.spec.templateGeneration !== undefined) labels[TEMPLATE_GENERATION_LABEL] = String(ds.spec.templateGeneration);
  return labels;
}

export function isPodUpdated(ds: KubeObject, pod: KubeObject): boolean {
  const labels = pod.metadata.labels ?? {};
  const generation = ds.spec.templateGeneration;
  const generationMatches = generation !== undefined && labels[TEMPLATE_GENERATION_LABEL] === String(generation);
  return generationMatches || labels[REVISION_HASH_LABEL] === templateHash(ds.spec.template);
}

/** Does a DaemonSet (by its controller reference, or by name for seeded pods without a uid) own this pod? */
export function ownedBy(ds: KubeObject, pod: KubeObject): boolean {
  if (pod.metadata.namespace !== ds.metadata.namespace) return false;
  const refs = (pod.metadata.ownerReferences as Array<{ kind?: string; name?: string; uid?: string }> | undefined) ?? [];
  return refs.some((r) => r.kind === 'DaemonSet' && r.name === ds.metadata.name && (!r.uid || r.uid === ds.metadata.uid));
}
