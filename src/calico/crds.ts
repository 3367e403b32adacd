// The five Calico v2.5.1 CRDs (docs/calico-data.md#crds, without the TPR-leftover top-level `description`), their
// apiextensions.k8s.io/v1 rendering for modern servers, and the checks on CRDs that already exist (docs/calico-data.md#inferred).
import { CALICO_KINDS, type CrdKindInfo } from './kinds.js';
import { CRD_GROUP, isJsonObject, type JsonObject, type KubeObject } from './types.js';

export interface CrdManifestV1beta1 {
  apiVersion: 'apiextensions.k8s.io/v1beta1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string };
  spec: {
    scope: 'Cluster';
    group: typeof CRD_GROUP;
    version: 'v1';
    names: { kind: string; plural: string; singular: string };
  };
}

export interface CrdManifestV1 {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string };
  spec: {
    group: typeof CRD_GROUP;
    names: { kind: string; plural: string; singular: string };
    scope: 'Cluster';
    versions: Array<{
      name: 'v1';
      served: true;
      storage: true;
      schema: { openAPIV3Schema: { type: 'object'; 'x-kubernetes-preserve-unknown-fields': true } };
    }>;
  };
}

// The order of docs/calico-data.md#crds: crds.yaml (felix config, peers, pools, policies), then globalbgpconfig.yaml.
const MANIFEST_ORDER = ['GlobalFelixConfig', 'BGPPeer', 'IPPool', 'GlobalNetworkPolicy', 'GlobalBGPConfig'];

function crdInfosInManifestOrder(): CrdKindInfo[] {
  return MANIFEST_ORDER.map((kind) => CALICO_KINDS.find((k) => k.crd.kind === kind)!.crd);
}

export function crdManifestV1beta1(info: CrdKindInfo): CrdManifestV1beta1 {
  return {
    apiVersion: 'apiextensions.k8s.io/v1beta1',
    kind: 'CustomResourceDefinition',
    metadata: { name: info.name },
    spec: { scope: 'Cluster', group: info.group, version: 'v1', names: { kind: info.kind, plural: info.plural, singular: info.singular } },
  };
}

/** The same CRD for servers that serve only apiextensions.k8s.io/v1 (≥ 1.22): v1 requires a schema; this one accepts anything. */
export function crdManifestV1(info: CrdKindInfo): CrdManifestV1 {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: info.name },
    spec: {
      group: info.group,
      names: { kind: info.kind, plural: info.plural, singular: info.singular },
      scope: 'Cluster',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
    },
  };
}

/** The five CRDs of Calico v2.5.1 as apiextensions.k8s.io/v1beta1 objects, in docs/calico-data.md#crds order. */
export const CALICO_CRDS_V1BETA1: readonly CrdManifestV1beta1[] = crdInfosInManifestOrder().map(crdManifestV1beta1);

/** The five CRDs rendered for apiextensions.k8s.io/v1, in docs/calico-data.md#crds order. */
export function calicoCrdsV1(): CrdManifestV1[] {
  return crdInfosInManifestOrder().map(crdManifestV1);
}

export type CrdCheck = { ok: true } | { ok: false; problems: string[] };

/** Whether an existing CRD (v1beta1 or v1 shape) serves what Calico v2.5 needs (docs/calico-data.md#cr-validation, #inferred). */
export function checkExistingCrd(obj: KubeObject): CrdCheck {
  const info = CALICO_KINDS.find((k) => k.crd.name === obj.metadata.name)?.crd;
  if (!info) return { ok: false, problems: [`${obj.metadata.name} is not a Calico CRD name`] };
  const spec: JsonObject = isJsonObject(obj.spec) ? obj.spec : {};
  const names: JsonObject = isJsonObject(spec.names) ? spec.names : {};
  const problems: string[] = [];
  const expect = (what: string, actual: unknown, expected: string): void => {
    if (actual !== expected) problems.push(`${what} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  };
  expect('spec.group', spec.group, CRD_GROUP);
  expect('spec.scope', spec.scope, 'Cluster');
  expect('spec.names.kind', names.kind, info.kind);
  expect('spec.names.plural', names.plural, info.plural);
  if (!servesV1(spec)) problems.push('version v1 is not served');
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

// v1beta1 on 1.7 has a single `spec.version`; later v1beta1 and v1 list `spec.versions` with `served`.
function servesV1(spec: JsonObject): boolean {
  if (Array.isArray(spec.versions) && spec.versions.length > 0) {
    return spec.versions.some((v) => isJsonObject(v) && v.name === 'v1' && v.served === true);
  }
  return spec.version === 'v1';
}

/** The status of a CRD condition (`Established`, `NamesAccepted`, `Terminating`), or undefined when absent (docs/calico-data.md#crds). */
export function crdConditionStatus(crd: KubeObject, type: string): 'True' | 'False' | 'Unknown' | undefined {
  const status = crd.status;
  if (!isJsonObject(status) || !Array.isArray(status.conditions)) return undefined;
  const condition = status.conditions.find((c) => isJsonObject(c) && c.type === type);
  if (!isJsonObject(condition)) return undefined;
  return condition.status === 'True' || condition.status === 'False' || condition.status === 'Unknown' ? condition.status : undefined;
}

/** Established=True: the API server serves the CRD's resources (docs/calico-data.md#crds). */
export function isEstablished(crd: KubeObject): boolean {
  return crdConditionStatus(crd, 'Established') === 'True';
}
