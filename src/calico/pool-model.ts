// Reading a v2.4 IpPool TPR object the way Calico v2.4 did (docs/calico-data.md#v24-shapes): the name must parse as a CIDR
// (`ResourceNameToIPNet`), the pool itself is the JSON string `spec.value` (`model.IPPool`), and
// `calicoctl apply` later runs `validateIPPool` on it (docs/calico-data.md#conversion). Shared by the CRD conversion and the
// calicoctl v1 backup view.
import { cidrString, ipNetVersion, isStrictlyMasked, netsOverlap, parseCIDR, type IPNet } from './goip.js';
import { goField } from './gojson.js';
import { resourceNameToIPNet } from './names.js';
import { isJsonObject, type KubeObject } from './types.js';

/** `model.IPPool` (libcalico-go@v1.5.3 lib/backend/model/ippool.go), with the CIDR as Go decoded it. */
export interface IpPoolModel {
  /** The network as Go's `IPNet.UnmarshalJSON` keeps it (masked). */
  cidr: IPNet;
  /** `value.cidr` exactly as written in the TPR. */
  cidrText: string;
  /** Whether `value.cidr` had no host bits set. */
  strictlyMasked: boolean;
  /** IPIP interface name (`tunl0`) or "" for no IPIP. */
  ipip: string;
  ipipMode: string;
  masquerade: boolean;
  ipam: boolean;
  disabled: boolean;
}

export type IpPoolRead =
  | { ok: true; model: IpPoolModel; nameNet: IPNet }
  | { ok: false; reason: string };

/** Read an IpPool TPR object as Calico v2.4's `ToKVPair` did. */
export function readIpPoolTpr(obj: KubeObject): IpPoolRead {
  const nameNet = resourceNameToIPNet(obj.metadata.name);
  if (!nameNet) {
    return { ok: false, reason: `name ${JSON.stringify(obj.metadata.name)} does not encode a CIDR, so Calico v2.4 never read it` };
  }
  const spec = obj.spec;
  if (!isJsonObject(spec) || typeof spec.value !== 'string') {
    return { ok: false, reason: 'spec.value is not a string holding the pool JSON, so Calico v2.4 never read it' };
  }
  const model = parseIpPoolValue(spec.value);
  if (!model.ok) return model;
  return { ok: true, model: model.model, nameNet };
}

/** Decode `spec.value` into `model.IPPool` with Go `encoding/json` rules (case-insensitive keys, null = zero value). */
export function parseIpPoolValue(value: string): { ok: true; model: IpPoolModel } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return { ok: false, reason: 'spec.value is not valid JSON, so Calico v2.4 never read it' };
  }
  if (!isJsonObject(json)) return { ok: false, reason: 'spec.value is not a JSON object, so Calico v2.4 never read it' };
  const cidrRaw = goField(json, 'cidr');
  if (cidrRaw === undefined || cidrRaw === null || cidrRaw === '') return { ok: false, reason: 'spec.value has no cidr' };
  if (typeof cidrRaw !== 'string') return { ok: false, reason: 'spec.value.cidr is not a string' };
  const parsed = parseCIDR(cidrRaw);
  if (!parsed) return { ok: false, reason: `spec.value.cidr ${JSON.stringify(cidrRaw)} is not a valid CIDR` };
  const strings: Record<'ipip' | 'ipip_mode', string> = { ipip: '', ipip_mode: '' };
  for (const key of ['ipip', 'ipip_mode'] as const) {
    const raw = goField(json, key);
    if (raw === undefined || raw === null) continue;
    if (typeof raw !== 'string') return { ok: false, reason: `spec.value.${key} is not a string` };
    strings[key] = raw;
  }
  const bools: Record<'masquerade' | 'ipam' | 'disabled', boolean> = { masquerade: false, ipam: false, disabled: false };
  for (const key of ['masquerade', 'ipam', 'disabled'] as const) {
    const raw = goField(json, key);
    if (raw === undefined || raw === null) continue;
    if (typeof raw !== 'boolean') return { ok: false, reason: `spec.value.${key} is not a boolean` };
    bools[key] = raw;
  }
  return {
    ok: true,
    model: {
      cidr: parsed.net,
      cidrText: cidrRaw,
      strictlyMasked: isStrictlyMasked(parsed),
      ipip: strings.ipip,
      ipipMode: strings.ipip_mode,
      ...bools,
    },
  };
}

const LINK_LOCAL_V4 = parseCIDR('169.254.0.0/16')!.net;
const LINK_LOCAL_V6 = parseCIDR('fe80::/10')!.net;
const VALID_IPIP_MODES = ['', 'always', 'cross-subnet'];

/** Calico's `validateIPPool` (libcalico-go validator.go, docs/calico-data.md#conversion): the reasons `calicoctl v1.5 apply` would refuse the pool. */
export function validateIpPool(model: IpPoolModel): string[] {
  const problems: string[] = [];
  const version = ipNetVersion(model.cidr);
  const ipipEnabled = model.ipip !== '';
  if (version === 6 && ipipEnabled) problems.push('IPIP is not supported on an IPv6 IP pool');
  if (!model.disabled && model.cidr.bits - model.cidr.prefix < 6) {
    problems.push(`IP pool size is too small (min /${version === 4 ? 26 : 122}) for use with Calico IPAM`);
  }
  // The tool checks the CIDR as written: Calico v2.4 silently read a non-masked CIDR as its network,
  // but the tool will not change a pool's CIDR on its own (brief: report as invalid).
  if (!model.strictlyMasked) problems.push(`IP pool CIDR ${model.cidrText} is not strictly masked (its network is ${cidrString(model.cidr)})`);
  if (version === 4 && netsOverlap(model.cidr, LINK_LOCAL_V4)) problems.push('IP pool range overlaps with IPv4 Link Local range 169.254.0.0/16');
  if (version === 6 && netsOverlap(model.cidr, LINK_LOCAL_V6)) problems.push('IP pool range overlaps with IPv6 Link Local range fe80::/10');
  if (!VALID_IPIP_MODES.includes(model.ipipMode)) problems.push(`IPIP mode ${JSON.stringify(model.ipipMode)} is not one of always, cross-subnet or empty`);
  return problems;
}
