// Reading the simulated cluster's state directly (no HTTP) for assertions.
import type { Cluster, KubeObject } from '../cluster/index.js';

const CRD_PLURALS = ['globalfelixconfigs', 'globalbgpconfigs', 'ippools', 'bgppeers', 'globalnetworkpolicies'];

/** Calico CRs as {apiVersion, kind, metadata.name, spec}, sorted by kind order then name. */
export function calicoCrs(cluster: Cluster): Array<{ apiVersion: string; kind: string; metadata: { name: string }; spec: unknown }> {
  const out = [];
  for (const plural of CRD_PLURALS) {
    const items = cluster.state.list({ group: 'crd.projectcalico.org', version: 'v1', resource: plural }) as KubeObject[];
    for (const o of [...items].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))) {
      out.push({ apiVersion: o.apiVersion as string, kind: o.kind as string, metadata: { name: o.metadata.name }, spec: o.spec });
    }
  }
  return out;
}

/** Every object of the projectcalico.org TPR groups (TPR data), deterministic JSON. */
export function tprSnapshot(cluster: Cluster): string {
  return JSON.stringify(cluster.state.snapshot((key) => /projectcalico\.org\//.test(key) && !key.includes('crd.projectcalico.org') || key.includes('thirdpartyresources')));
}

export function nonReviewWrites(cluster: Cluster): string[] {
  return cluster.writes().filter((w) => !w.review).map((w) => `${w.method} ${w.path}`);
}
