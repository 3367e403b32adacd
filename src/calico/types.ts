// Plain typed shapes of the Kubernetes and Calico objects the domain works on (docs/calico-data.md#v24-shapes, #v25-shapes).
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

/** Any Kubernetes object. TPR data may carry extra top-level fields (docs/calico-data.md#tpr-storage: the server stores any JSON). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: unknown;
  [extra: string]: unknown;
}

/** The Kinds the Kubernetes TPR server derives for Calico's five TPRs (docs/calico-data.md#tpr-storage). */
export type TprKind = 'GlobalConfig' | 'IpPool' | 'GlobalBgpConfig' | 'GlobalBgpPeer' | 'SystemNetworkPolicy';

/** The Kinds of Calico v2.5's five CRDs (docs/calico-data.md#crds). */
export type CrdKind = 'GlobalFelixConfig' | 'GlobalBGPConfig' | 'IPPool' | 'BGPPeer' | 'GlobalNetworkPolicy';

/** Calico always keeps its TPR data in kube-system (docs/calico-data.md#tpr-storage). */
export const DEFAULT_CALICO_NAMESPACE = 'kube-system';

export const CRD_GROUP = 'crd.projectcalico.org';
export const CRD_API_VERSION = 'crd.projectcalico.org/v1';

/** A TPR data object as listed from `/apis/<group>/v1/namespaces/<ns>/<plural>` (docs/calico-data.md#tpr-storage). */
export interface TprObject extends KubeObject {
  metadata: ObjectMeta & { namespace?: string };
}

/** Metadata a Calico CR is written with: no server fields, no namespace (docs/calico-data.md#v25-shapes, #cr-validation). */
// A type alias (not an interface) so that it stays assignable to ObjectMeta's index signature.
export type CrdObjectMeta = {
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};

/** GlobalFelixConfig / GlobalBGPConfig spec (docs/calico-data.md#v25-shapes). */
export interface ConfigSpec {
  name: string;
  value: string;
}

/** IPPool spec in Go's key order (docs/calico-data.md#v25-shapes). */
export interface IpPoolSpec {
  ipip?: { enabled?: boolean; mode?: string };
  'nat-outgoing'?: boolean;
  disabled?: boolean;
  cidr: string;
}

/** BGPPeer spec in Go's key order; `node` is never written for global peers (docs/calico-data.md#v25-shapes, #conversion). */
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
