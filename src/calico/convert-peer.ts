// GlobalBgpPeer → BGPPeer (docs/calico-data.md#conversion): the peer IP lives only in the v1.5-encoded TPR name; the CR is named
// with the v1.6 encoding (IPv6 expanded, docs/calico-data.md#names) and carries scope and peerIP in its spec.
import { parseAsNumber } from './asnumber.js';
import { carriedMetadata, droppedFieldWarnings, finishTarget, invalid, kindMismatch, type ConversionResult } from './convert-common.js';
import { ipString, type IP } from './goip.js';
import { ipToResourceNameV15, ipToResourceNameV16, resourceNameToIP } from './names.js';
import { isJsonObject, type BgpPeerSpec, type KubeObject } from './types.js';

export type GlobalPeerRead =
  | { ok: true; ip: IP; asNumber: number; note?: string }
  | { ok: false; reason: string };

/** Read a GlobalBgpPeer TPR object as Calico v2.4 did (resources/globalbgppeer.go `ToKVPair`, docs/calico-data.md#v24-shapes). */
export function readGlobalBgpPeerTpr(obj: KubeObject): GlobalPeerRead {
  const ip = resourceNameToIP(obj.metadata.name);
  if (!ip) return { ok: false, reason: `name ${JSON.stringify(obj.metadata.name)} does not encode an IP address, so Calico v2.4 never read it` };
  const spec = obj.spec;
  // A missing asNumber would decode as AS 0; no real peer has it, so the tool refuses rather than invent one.
  if (!isJsonObject(spec) || spec.asNumber === undefined || spec.asNumber === null) return { ok: false, reason: 'spec.asNumber is missing' };
  const as = parseAsNumber(spec.asNumber);
  if (!as.ok) return { ok: false, reason: `spec.asNumber: ${as.reason}` };
  return as.note === undefined ? { ok: true, ip, asNumber: as.value } : { ok: true, ip, asNumber: as.value, note: as.note };
}

export function convertGlobalBgpPeer(obj: KubeObject): ConversionResult {
  const mismatch = kindMismatch(obj, 'GlobalBgpPeer');
  if (mismatch) return invalid(mismatch);
  const read = readGlobalBgpPeerTpr(obj);
  if (!read.ok) return invalid(read.reason);
  const notes: string[] = [];
  if (read.note) notes.push(read.note);
  const name = ipToResourceNameV16(read.ip);
  if (name !== obj.metadata.name) {
    const why = obj.metadata.name === ipToResourceNameV15(read.ip) ? 'the v2.5 encoding of IPv6 names' : 'the canonical name of its IP';
    notes.push(`renamed from ${JSON.stringify(obj.metadata.name)} to ${JSON.stringify(name)}: ${why}`);
  }
  const spec: BgpPeerSpec = { asNumber: read.asNumber, scope: 'global', peerIP: ipString(read.ip) };
  return finishTarget('BGPPeer', carriedMetadata(obj, name), spec, notes, droppedFieldWarnings(obj));
}
