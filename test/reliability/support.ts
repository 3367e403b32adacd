// Shared by the reliability suites: the cluster state a verb is judged by, the "nothing was written" check, and the
// per-suite tally (faults injected, kills survived, bad inputs refused) printed at the end of each suite.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Cluster, KubeObject } from '../cluster/index.js';
import { seededRandom } from '../cluster/faults.js';
import { calicoCrs, tprSnapshot } from '../support/state.js';

/** Everything a verb may change, without server-assigned fields: CRs, CRDs, ClusterRoles, Node annotations, TPR data. */
export interface ClusterState { crs: unknown[]; crds: unknown[]; roles: unknown[]; nodes: unknown[]; tpr: string }

export function clusterState(c: Cluster): ClusterState {
  const strip = (o: KubeObject) => ({ name: o.metadata.name, annotations: o.metadata.annotations ?? {}, labels: o.metadata.labels ?? {} });
  const list = (group: string, version: string, resource: string) =>
    (c.state.list({ group, version, resource }) as KubeObject[]).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  return {
    crs: crsOrNone(c).map((o) => ({ ...o, annotations: annotationsOf(c, o.kind, o.metadata.name) })),
    crds: list('apiextensions.k8s.io', 'v1beta1', 'customresourcedefinitions').filter((d) => d.metadata.name.endsWith('projectcalico.org'))
      .map((d) => ({ ...strip(d), spec: d.spec })),
    roles: list('rbac.authorization.k8s.io', 'v1beta1', 'clusterroles').map((r) => ({ ...strip(r), rules: (r as { rules?: unknown }).rules })),
    nodes: list('', 'v1', 'nodes').map(strip),
    tpr: tprSnapshot(c),
  };
}

/** calicoCrs, or none before the CRDs exist (backup, rbac). */
function crsOrNone(c: Cluster): ReturnType<typeof calicoCrs> {
  try { return calicoCrs(c); } catch { return []; }
}

function annotationsOf(c: Cluster, kind: string, name: string): Record<string, string> {
  const plural = { GlobalFelixConfig: 'globalfelixconfigs', GlobalBGPConfig: 'globalbgpconfigs', IPPool: 'ippools', BGPPeer: 'bgppeers', GlobalNetworkPolicy: 'globalnetworkpolicies' }[kind]!;
  return c.state.get({ group: 'crd.projectcalico.org', version: 'v1', resource: plural, name })?.metadata.annotations ?? {};
}

/** Writes the server accepted (access reviews aside): a refused or failed request is not a write. */
export function acceptedWrites(c: Cluster): string[] {
  return c.writes().filter((w) => !w.review && w.status > 0 && w.status < 400).map((w) => `${w.method} ${w.path} ${w.status}`);
}

/** Requests the cluster's fault injector answered with an error or a reset. */
export const injectedFaults = (c: Cluster): number => c.requests.filter((r) => r.fault).length;

export function assertNoStack(stderr: string): void {
  assert.not.match(stderr, /\n\s+at \S+ \(/, `no stack trace:\n${stderr}`);
  assert.not.match(stderr, /bug in kubectl calico-migrate/, `a known failure, not an unexpected one:\n${stderr}`);
}

/** A clear failure: exit 3, one or two plain lines, no stack trace. */
export function assertClearError(r: { code: number | null; stderr: string }, what: string): void {
  assert.is(r.code, 3, `${what}: exit 3 expected, got ${r.code}\n${r.stderr}`);
  assert.match(r.stderr, /^error: /m, `${what}: an error line`);
  assertNoStack(r.stderr);
}

/**
 * One suite's tally (uvu runs every suite in one process, so each keeps its own), printed when the suite's tests have
 * run. Made at the top of a test file, before `test.run()`.
 */
export function newTally(suite: string) {
  const t = { faults: 0, kills: 0, refused: 0 };
  test.after(() => {
    console.log(`\n  reliability (${suite}): ${t.faults} faults injected, ${t.kills} kills survived, ${t.refused} bad inputs refused`);
  });
  return t;
}

/** A seeded predicate true for about `rate` of its calls (for `only` hooks: which requests get a fault). */
export function seededPick(seed: number, rate: number): () => boolean {
  const random = seededRandom(seed);
  return () => random() < rate;
}
