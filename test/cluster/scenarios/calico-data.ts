// Calico's datastore objects: TPR definitions and data (v2.4), CRD definitions and resources (v2.5).
import type { KubeObject } from '../types.js';
import { ipNetToResourceName, ipToResourceNameV15, ipToResourceNameV16, goIpString } from './names.js';

const PC = 'projectcalico.org/v1';
const CRD_GV = 'crd.projectcalico.org/v1';

export const CALICO_TPRS: Array<{ name: string; description: string }> = [
  { name: 'global-config.projectcalico.org', description: 'Calico Global Configuration' },
  { name: 'ip-pool.projectcalico.org', description: 'Calico IP Pools' },
  { name: 'global-bgp-config.projectcalico.org', description: 'Calico Global BGP Configuration' },
  { name: 'global-bgp-peer.projectcalico.org', description: 'Calico Global BGP Peers' },
  { name: 'system-network-policy.alpha.projectcalico.org', description: 'Calico System Network Policies' },
];

/** As libcalico-go POSTs it: namespace kube-system set (ignored, cluster-scoped), versions [v1]. */
export function tpr(name: string, description: string): KubeObject {
  return { apiVersion: 'extensions/v1beta1', kind: 'ThirdPartyResource', metadata: { name, namespace: 'kube-system' }, description, versions: [{ name: 'v1' }] };
}

export function globalConfig(key: string, value: string, namespace = 'kube-system'): KubeObject {
  return { apiVersion: PC, kind: 'GlobalConfig', metadata: { name: key.toLowerCase(), namespace }, spec: { name: key, value } };
}

export function globalBgpConfig(key: string, value: string): KubeObject {
  return { apiVersion: PC, kind: 'GlobalBgpConfig', metadata: { name: key.toLowerCase(), namespace: 'kube-system' }, spec: { name: key, value } };
}

export interface PoolModel { cidr: string; ipip: '' | 'tunl0'; ipip_mode: '' | 'always' | 'cross-subnet'; masquerade: boolean; ipam: boolean; disabled: boolean }

/** spec.value is json.Marshal(model.IPPool): key order cidr, ipip, ipip_mode, masquerade, ipam, disabled. */
export function ipPool(p: PoolModel): KubeObject {
  const value = JSON.stringify({ cidr: p.cidr, ipip: p.ipip, ipip_mode: p.ipip_mode, masquerade: p.masquerade, ipam: p.ipam, disabled: p.disabled });
  return { apiVersion: PC, kind: 'IpPool', metadata: { name: ipNetToResourceName(p.cidr), namespace: 'kube-system' }, spec: { value } };
}

/** The peer IP lives only in the (v1.5-encoded) name. */
export function globalBgpPeer(ip: string, asNumber: number): KubeObject {
  return { apiVersion: PC, kind: 'GlobalBgpPeer', metadata: { name: ipToResourceNameV15(ip), namespace: 'kube-system' }, spec: { asNumber } };
}

export function systemNetworkPolicy(name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'alpha.projectcalico.org/v1', kind: 'SystemNetworkPolicy', metadata: { name, namespace: 'kube-system' }, spec };
}

export const ALLOW_ALL_SPEC = { order: 0, ingress: [{ action: 'allow' }], egress: [{ action: 'allow' }] };

/** Node annotation for a node-scoped peer: key by v1.5 IPToResourceName, value model.BGPPeer JSON (as_num a string). */
export function nodePeerAnnotation(ip: string, asNum: number): [string, string] {
  return [`peer.bgp.projectcalico.org/${ipToResourceNameV15(ip)}`, JSON.stringify({ ip: goIpString(ip), as_num: String(asNum) })];
}

export const CALICO_CRDS: Array<{ kind: string; plural: string }> = [
  { kind: 'GlobalFelixConfig', plural: 'globalfelixconfigs' },
  { kind: 'GlobalBGPConfig', plural: 'globalbgpconfigs' },
  { kind: 'IPPool', plural: 'ippools' },
  { kind: 'BGPPeer', plural: 'bgppeers' },
  { kind: 'GlobalNetworkPolicy', plural: 'globalnetworkpolicies' },
];

/** A v1beta1 CRD as the naming controller leaves it once Established. */
export function establishedCrd(kind: string, plural: string, group = 'crd.projectcalico.org'): KubeObject {
  const names = { plural, singular: kind.toLowerCase(), kind, listKind: `${kind}List` };
  const t = '2017-08-30T12:00:00Z';
  return {
    apiVersion: 'apiextensions.k8s.io/v1beta1', kind: 'CustomResourceDefinition', metadata: { name: `${plural}.${group}`, creationTimestamp: t },
    spec: { group, version: 'v1', scope: 'Cluster', names },
    status: {
      conditions: [
        { type: 'NamesAccepted', status: 'True', lastTransitionTime: t, reason: 'NoConflicts', message: 'no conflicts found' },
        { type: 'Established', status: 'True', lastTransitionTime: t, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
      ],
      acceptedNames: names,
    },
  };
}

export const felixConfigCr = (key: string, value: string): KubeObject =>
  ({ apiVersion: CRD_GV, kind: 'GlobalFelixConfig', metadata: { name: key.toLowerCase() }, spec: { name: key, value } });
export const bgpConfigCr = (key: string, value: string): KubeObject =>
  ({ apiVersion: CRD_GV, kind: 'GlobalBGPConfig', metadata: { name: key.toLowerCase() }, spec: { name: key, value } });

/** docs/calico-data.md#conversion conversion of a v2.4 pool model to the v2.5 IPPool CR. */
export function ipPoolCr(p: PoolModel): KubeObject {
  const spec: Record<string, unknown> = {};
  if (p.ipip !== '' || p.ipip_mode !== '') {
    const ipip: Record<string, unknown> = {};
    if (p.ipip !== '') ipip.enabled = true;
    if (p.ipip_mode !== '') ipip.mode = p.ipip_mode;
    spec.ipip = ipip;
  }
  if (p.masquerade) spec['nat-outgoing'] = true;
  if (p.disabled) spec.disabled = true;
  spec.cidr = p.cidr;
  return { apiVersion: CRD_GV, kind: 'IPPool', metadata: { name: ipNetToResourceName(p.cidr) }, spec };
}

export const bgpPeerCr = (ip: string, asNumber: number): KubeObject =>
  ({ apiVersion: CRD_GV, kind: 'BGPPeer', metadata: { name: ipToResourceNameV16(ip) }, spec: { asNumber, scope: 'global', peerIP: goIpString(ip) } });
