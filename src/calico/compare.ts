// Comparing Calico CRs the way Calico v2.5 reads them (docs/calico-data.md#v25-shapes, #inferred): only apiVersion, kind, name and spec
// matter; server metadata, labels and annotations (the tool's own provenance included) do not.
import { parseAsNumber } from './asnumber.js';
import { cidrString, ipString, parseCIDR, parseIP } from './goip.js';
import { isCrdKind, isTprKind, kindByTpr } from './kinds.js';
import { ipNetToResourceName, resourceNameToIP, resourceNameToIPNet } from './names.js';
import { readIpPoolTpr } from './pool-model.js';
import { CRD_API_VERSION, isJsonObject, type CrdKind, type KubeObject } from './types.js';

export interface FieldDiff {
  /** Dotted path, e.g. `spec.ipip.mode`; array items as `[i]`. */
  path: string;
  expected: unknown;
  actual: unknown;
}

export interface Comparison {
  equal: boolean;
  diffs: FieldDiff[];
}

/** Compare a desired CR with one read from the server (deep, key-order-insensitive, absent = undefined). */
export function compareCrdObjects(desired: KubeObject, actual: KubeObject): Comparison {
  const diffs: FieldDiff[] = [];
  diffValue('apiVersion', desired.apiVersion, actual.apiVersion, diffs);
  diffValue('kind', desired.kind, actual.kind, diffs);
  diffValue('metadata.name', desired.metadata.name, actual.metadata.name, diffs);
  diffValue('spec', desired.spec, actual.spec, diffs);
  return { equal: diffs.length === 0, diffs };
}

function diffValue(path: string, expected: unknown, actual: unknown, out: FieldDiff[]): void {
  if (isJsonObject(expected) && isJsonObject(actual)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
    for (const key of keys) diffValue(`${path}.${key}`, expected[key], actual[key], out);
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) diffValue(`${path}[${i}]`, expected[i], actual[i], out);
    return;
  }
  if (expected !== actual) out.push({ path, expected, actual });
}

export type CalicoReadability = { ok: true; warnings: string[] } | { ok: false; reason: string };

/** Whether Calico v2.5 (libcalico-go v1.6 `ToKVPair`) can read this CR, and why not (docs/calico-data.md#v25-shapes). */
export function readAsCalicoV25(obj: KubeObject): CalicoReadability {
  if (obj.apiVersion !== CRD_API_VERSION) return { ok: false, reason: `apiVersion is ${JSON.stringify(obj.apiVersion)}, not ${CRD_API_VERSION}` };
  const spec = obj.spec;
  if (!isJsonObject(spec)) return { ok: false, reason: 'spec is missing' };
  const ok = (warnings: string[] = []): CalicoReadability => ({ ok: true, warnings });
  switch (obj.kind) {
    case 'GlobalFelixConfig':
    case 'GlobalBGPConfig':
      if (typeof spec.name !== 'string' || spec.name === '') return { ok: false, reason: 'spec.name is missing: Calico reads the key from it' };
      if (typeof spec.value !== 'string') return { ok: false, reason: 'spec.value is not a string' };
      // Get/Apply by key use lower(spec.name) as the object name.
      return ok(obj.metadata.name === spec.name.toLowerCase() ? [] : [`name is not lower(spec.name) ${JSON.stringify(spec.name.toLowerCase())}: Calico lists it but cannot get it by key`]);
    case 'IPPool': {
      // ToKVPair validates the name and takes the CIDR from spec.cidr; an unparsable name is skipped in List.
      if (!resourceNameToIPNet(obj.metadata.name)) return { ok: false, reason: `name ${JSON.stringify(obj.metadata.name)} does not encode a CIDR: Calico skips it` };
      const cidr = typeof spec.cidr === 'string' ? parseCIDR(spec.cidr) : undefined;
      if (!cidr) return { ok: false, reason: 'spec.cidr is not a CIDR' };
      for (const key of ['nat-outgoing', 'disabled'] as const) {
        if (spec[key] !== undefined && typeof spec[key] !== 'boolean') return { ok: false, reason: `spec.${key} is not a boolean` };
      }
      if (spec.ipip !== undefined && !isJsonObject(spec.ipip)) return { ok: false, reason: 'spec.ipip is not an object' };
      const expectedName = ipNetToResourceName(cidr.net);
      return ok(expectedName === obj.metadata.name ? [] : [`name is not ${JSON.stringify(expectedName)}, the name of spec.cidr: Calico lists it but cannot get it by CIDR`]);
    }
    case 'BGPPeer': {
      const ip = typeof spec.peerIP === 'string' ? parseIP(spec.peerIP) : undefined;
      if (!ip) return { ok: false, reason: 'spec.peerIP is not an IP address' };
      const as = parseAsNumber(spec.asNumber);
      if (!as.ok) return { ok: false, reason: `spec.asNumber: ${as.reason}` };
      return ok();
    }
    case 'GlobalNetworkPolicy':
      return ok();
    default:
      return { ok: false, reason: `kind ${JSON.stringify(obj.kind)} is not a Calico v2.5 kind` };
  }
}

/**
 * The Calico identity of a TPR object or CR: what Calico keys it by (config: spec.name, pool: CIDR,
 * peer: IP, policy: name), prefixed with the CRD kind so a source and its target share it.
 * Undefined when Calico could not read the object.
 */
export function calicoIdentity(obj: KubeObject): string | undefined {
  const kind = crdKindOf(obj.kind);
  if (!kind) return undefined;
  const spec = isJsonObject(obj.spec) ? obj.spec : {};
  switch (obj.kind) {
    case 'GlobalConfig':
    case 'GlobalBgpConfig':
    case 'GlobalFelixConfig':
    case 'GlobalBGPConfig':
      return typeof spec.name === 'string' && spec.name !== '' ? `${kind}/${spec.name}` : undefined;
    case 'IpPool': {
      const read = readIpPoolTpr(obj);
      return read.ok ? `${kind}/${cidrString(read.model.cidr)}` : undefined;
    }
    case 'IPPool': {
      const cidr = typeof spec.cidr === 'string' ? parseCIDR(spec.cidr) : undefined;
      return cidr ? `${kind}/${cidrString(cidr.net)}` : undefined;
    }
    case 'GlobalBgpPeer': {
      const ip = resourceNameToIP(obj.metadata.name);
      return ip ? `${kind}/${ipString(ip)}` : undefined;
    }
    case 'BGPPeer': {
      const ip = typeof spec.peerIP === 'string' ? parseIP(spec.peerIP) : undefined;
      return ip ? `${kind}/${ipString(ip)}` : undefined;
    }
    default:
      return `${kind}/${obj.metadata.name}`;
  }
}

function crdKindOf(kind: string): CrdKind | undefined {
  if (isTprKind(kind)) return kindByTpr(kind).crd.kind;
  return isCrdKind(kind) ? kind : undefined;
}
