// The human-facing files of a backup, in the exact forms the official procedure's backup commands printed
// (docs/calico-data.md#official-job step 1): calicoctl v1.4's YAML sequences and kubectl's `-o yaml` List.
import * as yaml from 'js-yaml';
import { bgpPeersV1, ipPoolsV1 } from '../calico/calicoctl-v1.js';
import type { KubeObject } from '../calico/types.js';
import type { NodeAnnotationsEntry } from './format.js';

// Both tools print YAML converted from JSON, so map keys come out sorted (sigs.k8s.io/yaml, go-yaml-wrapper).
const dump = (value: unknown): string => yaml.dump(value, { sortKeys: true, noRefs: true, lineWidth: -1 });

/** What `kubectl get <kind> --all-namespaces -o yaml` prints: a List holding the full objects, in server order. */
export function kubectlListYaml(items: readonly KubeObject[]): string {
  return dump({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } });
}

/** `calicoctl v1.4 get ippools -o yaml`; an empty result prints `[]` (upgrade.sh relied on that). */
export function ipPoolView(pools: readonly KubeObject[], namespace: string): string {
  return dump(ipPoolsV1(pools, namespace).resources);
}

/** `calicoctl v1.4 get bgppeers -o yaml`: global peers, then node-scoped peers from Node annotations. */
export function bgpPeerView(peers: readonly KubeObject[], nodes: readonly NodeAnnotationsEntry[], namespace: string): string {
  return dump(bgpPeersV1(peers, nodes.map((n) => ({ name: n.node, annotations: n.annotations })), namespace).resources);
}
