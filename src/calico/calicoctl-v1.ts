// The calicoctl v1 API views written to the backup (docs/calico-data.md#samples; README, `backup`): what
// `calicoctl v1.4 get ippools -o yaml` and `… get bgppeers -o yaml` print, as plain objects whose keys
// are in alphabetical order (calicoctl goes through JSON → YAML, docs/calico-data.md#samples). YAML printing is done elsewhere.
// Zero/false omitempty fields are absent: the ippool.md doc sample shows `disabled: false`, but that is a
// hand-written doc; the docs/calico-data.md#samples inference (JSON omitempty, as in the FAQ's real output) is followed here.
import { readGlobalBgpPeerTpr } from './convert-peer.js';
import { cidrString, ipString } from './goip.js';
import { readIpPoolTpr, type IpPoolModel } from './pool-model.js';
import { readNodePeers } from './node-peers.js';
import { DEFAULT_CALICO_NAMESPACE, type KubeObject } from './types.js';

export interface IpPoolV1 {
  apiVersion: 'v1';
  kind: 'ipPool';
  metadata: { cidr: string };
  spec: { disabled?: true; ipip?: { enabled?: true; mode?: string }; 'nat-outgoing'?: true };
}

export interface BgpPeerV1 {
  apiVersion: 'v1';
  kind: 'bgpPeer';
  metadata: { node?: string; peerIP: string; scope: 'global' | 'node' };
  spec: { asNumber: number };
}

/** An object calicoctl v1.4 would not have listed, and why (it only logged a warning, docs/calico-data.md#conversion). */
export interface SkippedObject {
  name: string;
  reason: string;
}

export interface V1View<T> {
  resources: T[];
  skipped: SkippedObject[];
}

export interface NodeAnnotations {
  name: string;
  annotations?: Record<string, string>;
}

const byName = (a: KubeObject, b: KubeObject): number => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0);

function inCalicoNamespace(obj: KubeObject, namespace: string): boolean {
  return (obj.metadata.namespace ?? namespace) === namespace;
}

/** `calicoctl v1.4 get ippools -o yaml`: valid pools of the Calico namespace, in name order. */
export function ipPoolsV1(tprPools: readonly KubeObject[], calicoNamespace = DEFAULT_CALICO_NAMESPACE): V1View<IpPoolV1> {
  const view: V1View<IpPoolV1> = { resources: [], skipped: [] };
  for (const obj of [...tprPools].filter((o) => inCalicoNamespace(o, calicoNamespace)).sort(byName)) {
    const read = readIpPoolTpr(obj);
    if (read.ok) view.resources.push(ipPoolV1(read.model));
    else view.skipped.push({ name: obj.metadata.name, reason: read.reason });
  }
  return view;
}

/** One pool through libcalico's `convertKVPairToAPI` (docs/calico-data.md#conversion). */
export function ipPoolV1(model: IpPoolModel): IpPoolV1 {
  const hasIpip = model.ipip !== '' || model.ipipMode !== '';
  return {
    apiVersion: 'v1',
    kind: 'ipPool',
    metadata: { cidr: cidrString(model.cidr) },
    spec: {
      ...(model.disabled ? { disabled: true as const } : {}),
      ...(hasIpip
        ? { ipip: { ...(model.ipip !== '' ? { enabled: true as const } : {}), ...(model.ipipMode !== '' ? { mode: model.ipipMode } : {}) } }
        : {}),
      ...(model.masquerade ? { 'nat-outgoing': true as const } : {}),
    },
  };
}

/**
 * `calicoctl v1.4 get bgppeers -o yaml`: global peers from the TPR (name order), then node-scoped peers
 * from Node annotations (node name, then key order). The relative order is not documented upstream; this is
 * deterministic and groups by scope.
 */
export function bgpPeersV1(
  tprPeers: readonly KubeObject[],
  nodes: readonly NodeAnnotations[],
  calicoNamespace = DEFAULT_CALICO_NAMESPACE,
): V1View<BgpPeerV1> {
  const view: V1View<BgpPeerV1> = { resources: [], skipped: [] };
  for (const obj of [...tprPeers].filter((o) => inCalicoNamespace(o, calicoNamespace)).sort(byName)) {
    const read = readGlobalBgpPeerTpr(obj);
    if (read.ok) view.resources.push({ apiVersion: 'v1', kind: 'bgpPeer', metadata: { peerIP: ipString(read.ip), scope: 'global' }, spec: { asNumber: read.asNumber } });
    else view.skipped.push({ name: obj.metadata.name, reason: read.reason });
  }
  for (const node of [...nodes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    for (const read of readNodePeers(node.annotations)) {
      if (read.ok) {
        view.resources.push({ apiVersion: 'v1', kind: 'bgpPeer', metadata: { node: node.name, peerIP: read.peer.peerIP, scope: 'node' }, spec: { asNumber: read.peer.asNumber } });
      } else {
        view.skipped.push({ name: `${node.name}/${read.key}`, reason: read.reason });
      }
    }
  }
  return view;
}
