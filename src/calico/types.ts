// Plain typed shapes of the Kubernetes and Calico objects the domain works on (reference §1.3, §2.3).
// The domain never talks to a server: these are the JSON objects as read or as to be written.

/** ObjectMeta as far as the migration cares; other server fields are tolerated. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  selfLink?: string;
  creationTimestamp?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [extra: string]: unknown;
}

/** Any Kubernetes object. TPR data may carry extra top-level fields (§1.2: the server stores any JSON). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: unknown;
  [extra: string]: unknown;
}

/** The Kinds the Kubernetes TPR server derives for Calico's five TPRs (§1.1). */
export type TprKind = 'GlobalConfig' | 'IpPool' | 'GlobalBgpConfig' | 'GlobalBgpPeer' | 'SystemNetworkPolicy';

/** The Kinds of Calico v2.5's five CRDs (§2.1). */
export type CrdKind = 'GlobalFelixConfig' | 'GlobalBGPConfig' | 'IPPool' | 'BGPPeer' | 'GlobalNetworkPolicy';

/** Calico always keeps its TPR data in kube-system (§1.2). */
export const DEFAULT_CALICO_NAMESPACE = 'kube-system';

export const CRD_GROUP = 'crd.projectcalico.org';
export const CRD_API_VERSION = 'crd.projectcalico.org/v1';

/** A TPR data object as listed from `/apis/<group>/v1/namespaces/<ns>/<plural>` (§1.2). */
export interface TprObject extends KubeObject {
  metadata: ObjectMeta & { namespace?: string };
}

/** Metadata a Calico CR is written with: no server fields, no namespace (§2.3, §2.4). */
// A type alias (not an interface) so that it stays assignable to ObjectMeta's index signature.
export type CrdObjectMeta = {
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};

/** GlobalFelixConfig / GlobalBGPConfig spec (§2.3). */
export interface ConfigSpec {
  name: string;
  value: string;
}

/** IPPool spec in Go's key order (§2.3). */
export interface IpPoolSpec {
  ipip?: { enabled?: boolean; mode?: string };
  'nat-outgoing'?: boolean;
  disabled?: boolean;
  cidr: string;
}

/** BGPPeer spec in Go's key order; `node` is never written for global peers (§2.3, §2.6). */
export interface BgpPeerSpec {
  asNumber: number;
  scope: 'global';
  node?: string;
  peerIP: string;
}

/** A Calico v2.5 custom resource as the tool writes it. */
// A type alias so that every CrdObject is also a KubeObject.
export type CrdObject = {
  apiVersion: typeof CRD_API_VERSION;
  kind: CrdKind;
  metadata: CrdObjectMeta;
  spec: ConfigSpec | IpPoolSpec | BgpPeerSpec | JsonObject;
};

/** A plain JSON object (for code that inspects unknown data). */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
