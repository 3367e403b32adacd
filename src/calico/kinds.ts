// The TPR ↔ CRD kind table (docs/calico-data.md#tpr-storage, #crds) and the apiserver's TPR name → Kind/plural derivation (docs/calico-data.md#tpr-storage).
import { CRD_GROUP, type CrdKind, type TprKind } from './types.js';

export interface TprKindInfo {
  /** ThirdPartyResource metadata.name, e.g. `global-config.projectcalico.org`. */
  name: string;
  description: string;
  group: string;
  version: 'v1';
  kind: TprKind;
  plural: string;
}

export interface CrdKindInfo {
  /** CustomResourceDefinition metadata.name = `<plural>.<group>` (docs/calico-data.md#crds). */
  name: string;
  description: string;
  group: typeof CRD_GROUP;
  version: 'v1';
  kind: CrdKind;
  plural: string;
  singular: string;
  listKind: string;
}

export interface CalicoKind {
  tpr: TprKindInfo;
  crd: CrdKindInfo;
}

function crd(kind: CrdKind, plural: string, singular: string, description: string): CrdKindInfo {
  return { name: `${plural}.${CRD_GROUP}`, description, group: CRD_GROUP, version: 'v1', kind, plural, singular, listKind: `${kind}List` };
}

/** The five Calico kinds, in the order of the docs/calico-data.md#tpr-storage table. */
export const CALICO_KINDS: readonly CalicoKind[] = [
  {
    tpr: { name: 'global-config.projectcalico.org', description: 'Calico Global Configuration', group: 'projectcalico.org', version: 'v1', kind: 'GlobalConfig', plural: 'globalconfigs' },
    crd: crd('GlobalFelixConfig', 'globalfelixconfigs', 'globalfelixconfig', 'Calico Global Felix Configuration'),
  },
  {
    tpr: { name: 'ip-pool.projectcalico.org', description: 'Calico IP Pools', group: 'projectcalico.org', version: 'v1', kind: 'IpPool', plural: 'ippools' },
    crd: crd('IPPool', 'ippools', 'ippool', 'Calico IP Pools'),
  },
  {
    tpr: { name: 'global-bgp-config.projectcalico.org', description: 'Calico Global BGP Configuration', group: 'projectcalico.org', version: 'v1', kind: 'GlobalBgpConfig', plural: 'globalbgpconfigs' },
    crd: crd('GlobalBGPConfig', 'globalbgpconfigs', 'globalbgpconfig', 'Calico Global BGP Configuration'),
  },
  {
    tpr: { name: 'global-bgp-peer.projectcalico.org', description: 'Calico Global BGP Peers', group: 'projectcalico.org', version: 'v1', kind: 'GlobalBgpPeer', plural: 'globalbgppeers' },
    crd: crd('BGPPeer', 'bgppeers', 'bgppeer', 'Calico BGP Peers'),
  },
  {
    tpr: { name: 'system-network-policy.alpha.projectcalico.org', description: 'Calico System Network Policies', group: 'alpha.projectcalico.org', version: 'v1', kind: 'SystemNetworkPolicy', plural: 'systemnetworkpolicies' },
    crd: crd('GlobalNetworkPolicy', 'globalnetworkpolicies', 'globalnetworkpolicy', 'Calico Global Network Policies'),
  },
];

export const TPR_KINDS: readonly TprKind[] = CALICO_KINDS.map((k) => k.tpr.kind);
export const CRD_KINDS: readonly CrdKind[] = CALICO_KINDS.map((k) => k.crd.kind);

export function kindByTpr(kind: TprKind): CalicoKind {
  const found = CALICO_KINDS.find((k) => k.tpr.kind === kind);
  if (!found) throw new Error(`unknown Calico TPR kind ${kind}`);
  return found;
}

export function kindByCrd(kind: CrdKind): CalicoKind {
  const found = CALICO_KINDS.find((k) => k.crd.kind === kind);
  if (!found) throw new Error(`unknown Calico CRD kind ${kind}`);
  return found;
}

export function isTprKind(kind: string): kind is TprKind {
  return (TPR_KINDS as readonly string[]).includes(kind);
}

export function isCrdKind(kind: string): kind is CrdKind {
  return (CRD_KINDS as readonly string[]).includes(kind);
}

export interface DerivedTprKind {
  kind: string;
  group: string;
  plural: string;
}

/**
 * What the Kubernetes TPR server derives from a TPR name (docs/calico-data.md#tpr-storage, `ExtractApiGroupAndKind`):
 * Kind = first dot part camel-cased at dashes; group = the rest; plural = `UnsafeGuessKindToResource`.
 */
export function deriveTprKind(tprName: string): DerivedTprKind {
  const parts = tprName.split('.');
  if (parts.length < 3) {
    throw new Error(`unexpectedly short resource name: ${tprName}, expected at least <kind>.<domain>.<tld>`);
  }
  const kind = camelCaseAtDashes(parts[0]);
  return { kind, group: parts.slice(1).join('.'), plural: guessPlural(kind) };
}

// convertToCamelCase: upper-case the first letter and each letter after a dash; dashes are dropped.
function camelCaseAtDashes(input: string): string {
  let out = '';
  let upper = true;
  for (const ch of input) {
    if (upper) {
      out += ch.toUpperCase();
      upper = false;
    } else if (ch === '-') {
      upper = true;
    } else {
      out += ch;
    }
  }
  return out;
}

/** apimachinery `UnsafeGuessKindToResource` (release-1.7): lower-case, then `s`→`ses`, `y`→`ies`, else `+s`. */
export function guessPlural(kind: string): string {
  const singular = kind.toLowerCase();
  if (singular === '') return '';
  if (singular.endsWith('endpoints')) return singular; // the one unpluralised suffix in apimachinery
  if (singular.endsWith('s')) return `${singular}es`;
  if (singular.endsWith('y')) return `${singular.slice(0, -1)}ies`;
  return `${singular}s`;
}

/** An object as `kubectl -o name` prints it: `<kind>.<group>/<name>` in lower case (`node/NAME` in the core group). */
export const objectName = (kind: string, group: string, name: string): string => `${kind.toLowerCase()}${group ? `.${group}` : ''}/${name}`;
/** A Calico CR, a Calico TPR object, a CRD, a TPR definition, a Node, a ClusterRole: what -o name prints for each. */
export const crObjectName = (kind: string, name: string): string => objectName(kind, CRD_GROUP, name);
export const tprObjectName = (kind: TprKind, name: string): string => objectName(kind, kindByTpr(kind).tpr.group, name);
export const crdObjectName = (name: string): string => objectName('CustomResourceDefinition', 'apiextensions.k8s.io', name);
export const tprDefinitionName = (name: string): string => objectName('ThirdPartyResource', 'extensions', name);
export const nodeObjectName = (name: string): string => objectName('Node', '', name);
export const clusterRoleName = (name: string): string => objectName('ClusterRole', 'rbac.authorization.k8s.io', name);
