// Node-scoped BGP peers kept as Node annotations (docs/calico-data.md#node-peers) and their v2.5 re-keying (docs/calico-data.md#names, #conversion):
// calicoctl v1.5 wrote IPv6 peers under a new, fully expanded key and left the old key in place.
import { goField } from './gojson.js';
import { ipEqual, ipString, isIPv4, parseIP, type IP } from './goip.js';
import { ipToResourceNameV16, resourceNameToIP } from './names.js';
import { isJsonObject } from './types.js';

export const NODE_PEER_ANNOTATION_PREFIX = 'peer.bgp.projectcalico.org/';

export interface NodePeer {
  /** The annotation key, `peer.bgp.projectcalico.org/<name>`. */
  key: string;
  ip: IP;
  /** Go canonical text of the peer IP. */
  peerIP: string;
  asNumber: number;
  /** The annotation value, verbatim. */
  value: string;
}

export type NodePeerRead = { ok: true; peer: NodePeer } | { ok: false; key: string; reason: string };

/** Every `peer.bgp.projectcalico.org/*` annotation of a Node, decoded as `model.BGPPeer`, sorted by key. */
export function readNodePeers(annotations: Record<string, string> | undefined): NodePeerRead[] {
  return Object.keys(annotations ?? {})
    .filter((key) => key.startsWith(NODE_PEER_ANNOTATION_PREFIX))
    .sort()
    .map((key) => readNodePeer(key, (annotations ?? {})[key]));
}

/** Decode one annotation: value `{"ip": "<ip>", "as_num": "<decimal>"}` (docs/calico-data.md#node-peers). */
export function readNodePeer(key: string, value: string): NodePeerRead {
  const fail = (reason: string): NodePeerRead => ({ ok: false, key, reason });
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return fail('the value is not valid JSON');
  }
  if (!isJsonObject(json)) return fail('the value is not a JSON object');
  const ipText = goField(json, 'ip');
  const ip = typeof ipText === 'string' ? parseIP(ipText) : undefined;
  if (!ip) return fail(`"ip" ${JSON.stringify(ipText)} is not an IP address`);
  const asText = goField(json, 'as_num');
  // `json:"as_num,string"`: a quoted JSON number; Go's decoder rejects dotted forms and leading zeros here.
  if (typeof asText !== 'string' || !/^(0|[1-9][0-9]*)$/.test(asText) || Number(asText) > 0xffffffff) {
    return fail(`"as_num" ${JSON.stringify(asText)} is not a quoted AS number`);
  }
  const nameIP = resourceNameToIP(key.slice(NODE_PEER_ANNOTATION_PREFIX.length));
  // The tool will not guess which of two disagreeing IPs is meant.
  if (!nameIP || !ipEqual(nameIP, ip)) return fail(`the key does not encode the peer IP ${ipString(ip)}`);
  return { ok: true, peer: { key, ip, peerIP: ipString(ip), asNumber: Number(asText), value } };
}

export type NodePeerAction =
  /** IPv4 (same key in v2.4 and v2.5) or already the v2.5 key: nothing to do. */
  | { key: string; action: 'keep'; peer: NodePeer }
  /** IPv6 in the v2.4 form: add the v2.5 key with the same value; the old key stays. */
  | { key: string; action: 'add-key'; peer: NodePeer; newKey: string }
  /** The v2.5 key already exists with the same peer. */
  | { key: string; action: 'present'; peer: NodePeer; newKey: string }
  /** The v2.5 key exists with a different peer: left alone. */
  | { key: string; action: 'conflict'; peer: NodePeer; newKey: string; detail: string }
  | { key: string; action: 'invalid'; reason: string };

export interface NodePeerPlan {
  actions: NodePeerAction[];
  /** Annotations to add to the Node (new key → value). Empty when there is nothing to write. */
  add: Record<string, string>;
}

/** The v2.5 re-keying of one Node's peer annotations (docs/calico-data.md#conversion). */
export function planNodePeerAnnotations(annotations: Record<string, string> | undefined): NodePeerPlan {
  const reads = readNodePeers(annotations);
  const byKey = new Map<string, NodePeer>();
  for (const r of reads) if (r.ok) byKey.set(r.peer.key, r.peer);
  const add: Record<string, string> = {};
  const planned = new Map<string, NodePeer>();
  const actions = reads.map((r): NodePeerAction => {
    if (!r.ok) return { key: r.key, action: 'invalid', reason: r.reason };
    const { peer } = r;
    const newKey = NODE_PEER_ANNOTATION_PREFIX + ipToResourceNameV16(peer.ip);
    if (isIPv4(peer.ip) || newKey === peer.key) return { key: peer.key, action: 'keep', peer };
    const other = byKey.get(newKey) ?? planned.get(newKey);
    if (other === undefined && (annotations ?? {})[newKey] !== undefined) {
      return { key: peer.key, action: 'conflict', peer, newKey, detail: `${newKey} already exists and is not a valid peer annotation` };
    }
    if (other) {
      if (samePeer(other, peer)) return { key: peer.key, action: 'present', peer, newKey };
      return { key: peer.key, action: 'conflict', peer, newKey, detail: `${newKey} already holds AS ${other.asNumber}, this key says AS ${peer.asNumber}` };
    }
    planned.set(newKey, peer);
    add[newKey] = peer.value;
    return { key: peer.key, action: 'add-key', peer, newKey };
  });
  return { actions, add };
}

function samePeer(a: NodePeer, b: NodePeer): boolean {
  return ipEqual(a.ip, b.ip) && a.asNumber === b.asNumber;
}
