// Which calico/node v2.4 runs without read access to its TPR data: a DaemonSet template or a pod, in any namespace,
// whose service account's ClusterRoles lack the reads v2.4's own role grants (the official procedure's flaw: its
// RBAC step revokes them before the upgrade, and a v2.4 pod that restarts then cannot read its data). Pure.
import { grantsTprRead, type PolicyRule } from './rbac.js';
import { calicoNodeImageVersion, formatVersion, isAtLeast } from './version.js';

/** A DaemonSet template or a pod running calico/node, with the service account it runs as. */
export interface CalicoNodeRunner {
  /** "DaemonSet kube-system/calico-node" or "pod kube-system/calico-node-abcde". */
  what: string;
  image: string;
  namespace: string;
  serviceAccount: string;
}

/** The runners of one DaemonSet: its template and each pod (a pod's own service account counts). */
export function runnersOf(
  ds: { namespace: string; name: string; serviceAccount: string; node: { image: string } },
  pods: ReadonlyArray<{ name: string; image?: string; phase?: string; serviceAccount?: string }>,
): CalicoNodeRunner[] {
  return [
    { what: `DaemonSet ${ds.namespace}/${ds.name}`, image: ds.node.image, namespace: ds.namespace, serviceAccount: ds.serviceAccount },
    ...pods.filter((p) => p.image && p.phase !== 'Succeeded' && p.phase !== 'Failed')
      .map((p) => ({ what: `pod ${ds.namespace}/${p.name}`, image: p.image!, namespace: ds.namespace, serviceAccount: p.serviceAccount ?? ds.serviceAccount })),
  ];
}

export interface CutOff {
  namespace: string;
  /** e.g. "pod kube-system/x (v2.4.1, service account kube-system/calico-node)". */
  description: string;
}

/** Every calico/node older than v2.5 whose ClusterRoles lack TPR read access; `rulesFor` answers undefined when the roles could not be read. */
export function v24WithoutTprAccess(runners: readonly CalicoNodeRunner[], rulesFor: (namespace: string, serviceAccount: string) => PolicyRule[] | undefined): CutOff[] {
  return runners.flatMap((r) => {
    const version = calicoNodeImageVersion(r.image);
    if (!version || isAtLeast(version, 2, 5)) return [];
    const rules = rulesFor(r.namespace, r.serviceAccount);
    if (!rules || grantsTprRead(rules)) return [];
    return [{ namespace: r.namespace, description: `${r.what} (${formatVersion(version)}, service account ${r.namespace}/${r.serviceAccount})` }];
  });
}
