// Where a cluster stands in the migration (README, `check`; docs/calico-data.md#detection, #known-problems), derived from observed facts.
// Pure: the rules below are applied in order and the first that matches wins.
import { isAtLeast, type CalicoVersion } from './version.js';
import { listSome } from './list-some.js';

export type MigrationState =
  | 'not-started' | 'copied' | 'verified' | 'rbac-updated' | 'calico-upgraded' | 'tprs-removed'
  | 'not-applicable'  // no Calico, or Calico on etcd: this migration is for the Kubernetes datastore only
  | 'unsupported'     // Kubernetes without CRDs (1.6)
  | 'broken'          // calico#1052, bootkube#724, or calico/node v2.4 without TPR access: see `problem`
  | 'unknown';        // the caller may not read what the decision needs

export type BrokenProblem = 'tpr-api-removed' | 'calico-v25-without-crd-data' | 'calico-v24-without-tpr-access';

export interface StateFacts {
  /** The server serves the ThirdPartyResource API (Kubernetes ≤ 1.7). */
  tprApi: boolean;
  /** The server serves CustomResourceDefinitions (Kubernetes ≥ 1.7). */
  crdApi: boolean;
  /** A DaemonSet running calico/node was found. */
  daemonSet: boolean;
  datastore?: 'kubernetes' | 'etcd';
  /** calico/node version of the DaemonSet template; undefined when the tag is not a version. */
  templateVersion?: CalicoVersion;
  /** calico/node version each running pod reports (undefined: unknown tag). */
  podVersions: ReadonlyArray<CalicoVersion | undefined>;
  /** Calico TPR objects in the Calico namespace (what Calico reads). */
  tprObjects: number;
  /** SystemNetworkPolicies in the Calico namespace's TPR while no GlobalNetworkPolicy exists: never migrated, and
   * not counted in tprObjects (cleanup keeps their TPR on purpose), but lost when Kubernetes 1.8 drops TPRs. */
  keptSnps?: number;
  /** Calico CR objects, all five kinds. */
  crdObjects: number;
  /** verify's result when both sides hold data: how many objects differ (missing, differs, extra, invalid). */
  differences?: number;
  /** calico/node's bound ClusterRole(s): whether they grant crd.projectcalico.org and still grant TPRs. */
  role?: { grantsCalicoCrds: boolean; hasTprGrants: boolean };
  /** Every calico/node older than v2.5 (template or pod, any namespace) whose roles lack TPR read access. */
  v24WithoutTprAccess?: readonly string[];
  /** False when a read the decision needs was forbidden. */
  readable: boolean;
}

export interface StateResult {
  state: MigrationState;
  problem?: BrokenProblem;
  /** One sentence: why this state. */
  reason: string;
  /** tprs-removed with SystemNetworkPolicies still only in their TPR: how many. */
  keptSnps?: number;
}

const isV25 = (v: CalicoVersion | undefined): boolean => v !== undefined && isAtLeast(v, 2, 5);

/** Template and every running pod on calico/node ≥ v2.5 (the contract's "calico/node runs v2.5"). */
export const runsV25 = (f: Pick<StateFacts, 'templateVersion' | 'podVersions'>): boolean => isV25(f.templateVersion) && f.podVersions.every(isV25);

export function migrationState(f: StateFacts): StateResult {
  // Without the facts, no decision: the verdict lists the rules the caller lacks.
  if (!f.readable) return { state: 'unknown', reason: 'some of what check reads was forbidden to the caller' };
  const hasData = f.tprObjects > 0 || f.crdObjects > 0;
  // No calico/node DaemonSet and no Calico data anywhere: nothing to migrate.
  if (!f.daemonSet && !hasData) return { state: 'not-applicable', reason: 'no Calico here: no DaemonSet runs calico/node and there is no Calico TPR or CRD data' };
  // Calico on etcd keeps nothing in TPRs: the TPR→CRD migration does not apply (docs/calico-data.md#official-job prerequisite: Cluster Type KDD).
  if (f.datastore === 'etcd' && !hasData) return { state: 'not-applicable', reason: 'Calico uses etcd (DATASTORE_TYPE is not "kubernetes"): this migration is for the Kubernetes datastore only' };
  // Kubernetes 1.6 serves no CRDs: Calico v2.5 cannot run there (docs/calico-data.md#versions).
  if (!f.crdApi) return { state: 'unsupported', reason: 'the server has no CustomResourceDefinition API (Kubernetes 1.6 or older); Calico v2.5 needs Kubernetes 1.7' };
  // Kubernetes ≥ 1.8 before migrating: TPR data unreachable through the API (bootkube#724, docs/calico-data.md#known-problems #3).
  if (!f.tprApi && f.crdObjects === 0 && !isV25(f.templateVersion)) {
    return { state: 'broken', problem: 'tpr-api-removed', reason: 'the ThirdPartyResource API is gone (Kubernetes 1.8 or later) and calico/node still expects TPRs: the TPR data cannot be read any more' };
  }
  // calico/node v2.5 with empty CRDs does not start (calico#1052, docs/calico-data.md#known-problems #1).
  if (isV25(f.templateVersion) && f.crdObjects === 0) {
    return { state: 'broken', problem: 'calico-v25-without-crd-data', reason: 'calico/node runs v2.5 or later but the Calico CRDs hold no data: calico/node cannot start (calico#1052)' };
  }
  // calico/node v2.4 whose role lost TPR read access: a pod that restarts cannot read its data (the official procedure's
  // RBAC step does this before the upgrade).
  const cutOff = f.v24WithoutTprAccess ?? [];
  if (f.tprApi && cutOff.length > 0) {
    return { state: 'broken', problem: 'calico-v24-without-tpr-access', reason: `calico/node v2.4 runs under a ClusterRole without read access to its TPR data: ${listSome(cutOff, 3)}` };
  }
  // TPR data (or a bare v2.4 KDD install) and nothing in CRDs yet: copy first.
  if (f.crdObjects === 0) return { state: 'not-started', reason: f.tprObjects > 0 ? 'Calico data is in TPRs and the Calico CRDs are empty or absent' : 'calico/node ≤ v2.4 on the Kubernetes datastore and no Calico CRDs yet' };
  // TPRs gone, CRD data present, every calico/node on v2.5: the migration is complete.
  if (f.tprObjects === 0 && runsV25(f)) {
    return f.keptSnps
      ? { state: 'tprs-removed', keptSnps: f.keptSnps, reason: `Calico data is in CRDs and calico/node runs v2.5 or later, but the migration is not complete: ${f.keptSnps} SystemNetworkPolicy(s) were not migrated and are still only in their TPR, which Kubernetes 1.8 deletes with all its data` }
      : { state: 'tprs-removed', reason: 'Calico data is in CRDs, the TPR data is gone and calico/node runs v2.5 or later: the migration is complete' };
  }
  // Both sides hold data and verify finds differences: copied, not yet verified.
  if (f.tprObjects > 0 && (f.differences ?? 1) > 0) return { state: 'copied', reason: `the CRDs hold data but ${f.differences ?? 'some'} object(s) differ from the TPR data` };
  // Verified (or TPRs already gone, so the CRDs are the only copy), but calico/node's role does not grant the CRDs yet.
  // The transitional role (CRD rules added, TPR rules kept until cleanup) counts as updated.
  const roleUpdated = f.role !== undefined && f.role.grantsCalicoCrds;
  if (!roleUpdated) return { state: 'verified', reason: f.tprObjects > 0 ? 'every TPR object is in the CRDs as Calico v2.5 reads it; calico/node\'s ClusterRole is not updated yet' : 'the CRDs hold the data; calico/node\'s ClusterRole is not updated yet' };
  // Role updated, calico/node not (all) on v2.5 yet.
  if (!runsV25(f)) return { state: 'rbac-updated', reason: 'data verified and calico/node\'s ClusterRole updated; calico/node does not run v2.5 everywhere yet' };
  // Everything done except deleting the TPRs.
  return { state: 'calico-upgraded', reason: 'calico/node runs v2.5 everywhere; the TPRs (and their data) are still there' };
}

