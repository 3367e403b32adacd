// The TPR-era keys of IPv6 node-scoped peers that migrate superseded, and the way back. Calico v2.5 lists every
// `peer.bgp.projectcalico.org/` annotation of a Node and reads each key with ResourceNameToIP, which accepts the
// compressed (v2.4) and the expanded (v2.5) form alike, so a peer under both keys is read twice
// (libcalico-go v1.6.0 lib/backend/k8s/resources/customnoderesource.go `extractResourcesFromAnnotation`,
// nodebgppeer.go `NodeAndNameToKey`); `calicoctl delete bgppeer` v1.5 removes only the expanded key (same file,
// `Delete`, through `nameToAnnotationKey`), so the compressed one keeps the peer alive.
import { planNodePeerAnnotations } from './node-peers.js';

/**
 * The compressed IPv6 peer keys of a Node whose expanded key holds the same peer (what migrate superseded), and
 * only those the backup holds with the same value, so that restore and rollback can put each one back.
 */
export function supersededPeerKeys(annotations: Record<string, string>, saved: Record<string, string> | undefined): string[] {
  return planNodePeerAnnotations(annotations).actions
    .flatMap((a) => (a.action === 'present' && saved?.[a.key] === annotations[a.key] ? [a.key] : []))
    .sort();
}

/**
 * The backup's compressed IPv6 peer keys missing from the Node that would be superseded there if put back: the
 * Node still holds their expanded key with the same peer (what cleanup removed). Key → the backup's value.
 */
export function supersededPeerKeysToPutBack(live: Record<string, string>, saved: Record<string, string>): Record<string, string> {
  // One key at a time against the live Node: a key is put back only for an expanded key the Node holds now.
  const missing = Object.keys(saved).filter((key) => live[key] === undefined).sort();
  return Object.fromEntries(missing
    .filter((key) => supersededPeerKeys({ ...live, [key]: saved[key]! }, saved).includes(key))
    .map((key) => [key, saved[key]!]));
}

export interface SupersededKeysOfNode { node: string; resourceVersion?: string; keys: string[] }

/** Per Node (read live, with the resourceVersion the decision is made on), the superseded keys cleanup may remove. */
export function planSupersededKeyRemoval(live: ReadonlyArray<{ node: string; resourceVersion?: string; annotations: Record<string, string> }>,
  saved: ReadonlyArray<{ node: string; annotations: Record<string, string> }>): SupersededKeysOfNode[] {
  const backup = new Map(saved.map((n) => [n.node, n.annotations]));
  return live.map((n) => ({ node: n.node, resourceVersion: n.resourceVersion, keys: supersededPeerKeys(n.annotations, backup.get(n.node)) }))
    .filter((n) => n.keys.length > 0);
}

/** `node/key`: how a prompt and a plan name one key of one Node. */
export const peerKeyLabel = (node: string, key: string): string => `${node}/${key}`;

export interface PutBackOfNode { node: string; resourceVersion?: string; keys: Record<string, string> }

/** Per Node (read live), the superseded keys the backup holds that cleanup removed: what restore and rollback put back. */
export function planSupersededKeyPutBack(live: ReadonlyArray<{ node: string; resourceVersion?: string; annotations: Record<string, string> }>,
  saved: ReadonlyArray<{ node: string; annotations: Record<string, string> }>): PutBackOfNode[] {
  const backup = new Map(saved.map((n) => [n.node, n.annotations]));
  return live.map((n) => ({ node: n.node, resourceVersion: n.resourceVersion, keys: supersededPeerKeysToPutBack(n.annotations, backup.get(n.node) ?? {}) }))
    .filter((n) => Object.keys(n.keys).length > 0);
}
