// What kind of Calico install a DaemonSet is (docs/calico-data.md#rbac, #detection): its flavour (full Calico networking, Canal,
// or policy-only) and its datastore (KDD = Kubernetes API, or etcd). Pure, from the DaemonSet's containers and env.

export type Flavour = 'calico' | 'canal' | 'policy-only';
export type Datastore = 'kubernetes' | 'etcd';

export interface InstallFacts {
  /** Env of the calico/node container (plain values only). */
  env: Record<string, string>;
  /** Images of every container of the pod template. */
  images: string[];
  /** GlobalConfig / GlobalFelixConfig `ClusterType`, when read (e.g. `KDD,k8s,bgp`). */
  clusterTypeRecord?: string;
}

const items = (csv: string | undefined): string[] => (csv ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);

/** The CLUSTER_TYPE the install declares: the DaemonSet env first, else the datastore record. */
export function clusterType(facts: InstallFacts): string | undefined {
  return facts.env.CLUSTER_TYPE ?? facts.clusterTypeRecord;
}

export function flavourOf(facts: InstallFacts): Flavour {
  const types = items(clusterType(facts));
  // Canal: a flannel container beside calico/node, or CLUSTER_TYPE `k8s,canal` (docs/calico-data.md#rbac).
  if (types.includes('canal') || facts.images.some((i) => /(^|\/)flannel(:|@|$)/.test(i))) return 'canal';
  // Calico networking: BGP in CLUSTER_TYPE, or a networking backend other than `none` (docs/calico-data.md#detection).
  const backend = facts.env.CALICO_NETWORKING_BACKEND;
  if (types.includes('bgp') || (backend !== undefined && backend !== 'none')) return 'calico';
  // CLUSTER_TYPE `k8s` without bgp/canal: policy only.
  return 'policy-only';
}

/** `DATASTORE_TYPE=kubernetes` or a `ClusterType` containing KDD is KDD; anything else is etcd (Calico's default, etcdv2). */
export function datastoreOf(facts: InstallFacts): Datastore {
  if (facts.env.DATASTORE_TYPE === 'kubernetes') return 'kubernetes';
  if (facts.env.DATASTORE_TYPE === undefined && items(facts.clusterTypeRecord).includes('kdd')) return 'kubernetes';
  return 'etcd';
}
