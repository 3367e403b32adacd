// The guards' verdicts, decided once for every verb that writes: who runs calico/node and at which version (every
// DaemonSet in every namespace whose image is calico/node: its template and each of its pods, since with OnDelete a
// pod keeps its old image after the template moved on), and whether -n points at a Calico installation at all, so
// that no guard passes because it looked at an empty namespace. Pure.
import { calicoNodeImageVersion, formatVersion, isAtLeast, type CalicoVersion } from './version.js';
import type { KubeObject, TprKind } from './types.js';
import { listSome } from './list-some.js';

/** One calico/node DaemonSet as the guards see it. */
export interface CalicoNodeRun {
  namespace: string;
  name: string;
  /** The calico/node image of the pod template. */
  image: string;
  /** The pod template's service account (whose ClusterRoles calico/node runs with). */
  serviceAccount?: string;
  pods: ReadonlyArray<{ name: string; image?: string }>;
}

/** A place calico/node runs (or will run): a DaemonSet template or a pod, with its image and version. */
export interface Sighting { what: string; image: string; version?: CalicoVersion }

export function sightings(runs: readonly CalicoNodeRun[]): Sighting[] {
  return runs.flatMap((ds) => [
    { what: `DaemonSet ${ds.namespace}/${ds.name}`, image: ds.image },
    ...ds.pods.map((p) => ({ what: `pod ${ds.namespace}/${p.name}`, image: p.image ?? '(no calico/node container)' })),
  ]).map((s) => ({ ...s, version: calicoNodeImageVersion(s.image) }));
}

/** Where calico/node is not known to run v2.5 or later (an unversioned tag counts: it may be v2.4). */
export const belowV25 = (runs: readonly CalicoNodeRun[]): Sighting[] =>
  sightings(runs).filter((s) => !s.version || !isAtLeast(s.version, 2, 5));

/** Where calico/node may read the CRDs: v2.5 or later, or an unversioned tag (it may be either). */
export const notKnownBelowV25 = (runs: readonly CalicoNodeRun[]): Sighting[] =>
  sightings(runs).filter((s) => s.version === undefined || isAtLeast(s.version, 2, 5));

/** "DaemonSet kube-system/calico-node runs quay.io/calico/node:v2.4.1; 3 more" */
export function describeSightings(found: readonly Sighting[], max = 3): string {
  return listSome(found.map((s) => `${s.what} runs ${s.image}`), max, '; ');
}

/** "every calico/node (2 DaemonSets, 8 pods) runs v2.5.1" */
export function describeAllAtLeastV25(runs: readonly CalicoNodeRun[]): string {
  const versions = [...new Set(sightings(runs).map((s) => (s.version ? formatVersion(s.version) : s.image)))].join(', ');
  const pods = runs.reduce((n, ds) => n + ds.pods.length, 0);
  const where = runs.length === 1 ? `${runs[0]!.namespace}/${runs[0]!.name} and its ${pods} pod(s)` : `${runs.length} DaemonSets and their ${pods} pod(s)`;
  return `${where} run ${versions}`;
}

/**
 * Whether -n names a Calico installation: a calico/node DaemonSet there, or Calico's own data there. Data counts only
 * with the ClusterGUID GlobalConfig that calico/node writes at its first start: a stray object someone created in
 * another namespace (Calico never reads it) does not make that namespace a Calico installation.
 */
export interface Presence { namespace: string; daemonSets: number; objects: number; clusterGuid: boolean; elsewhere: string[] }

export function calicoPresence(namespace: string, runs: ReadonlyArray<Pick<CalicoNodeRun, 'namespace'>>, tprObjects: Partial<Record<TprKind, readonly KubeObject[]>> = {}): Presence {
  const here = (o: KubeObject | undefined): o is KubeObject => o !== undefined && o.metadata.namespace === namespace;
  const objects = Object.values(tprObjects).flat().filter(here).length;
  const clusterGuid = (tprObjects.GlobalConfig ?? []).filter(here).some((o) => (o.spec as { name?: unknown } | undefined)?.name === 'ClusterGUID');
  const elsewhere = [...new Set(runs.filter((ds) => ds.namespace !== namespace).map((ds) => ds.namespace))];
  return { namespace, daemonSets: runs.filter((ds) => ds.namespace === namespace).length, objects, clusterGuid, elsewhere };
}

/** Why a write to this namespace would act on no Calico at all; undefined when Calico is there. */
export function vacuousNamespace(p: Presence): string | undefined {
  if (p.daemonSets > 0 || p.clusterGuid) return undefined;
  const data = p.objects > 0
    ? `only ${p.objects} Calico object(s) that are not Calico's own data (no ClusterGUID GlobalConfig, which calico/node writes at its first start)`
    : 'no Calico data';
  return p.elsewhere.length
    ? `namespace ${p.namespace} has no calico/node DaemonSet and ${data} (calico/node runs in ${p.elsewhere.join(', ')})`
    : `this cluster runs no Calico: namespace ${p.namespace} has no calico/node DaemonSet and ${data}, and no namespace runs calico/node`;
}
