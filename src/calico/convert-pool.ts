// IpPool → IPPool (docs/calico-data.md#conversion): the JSON in spec.value becomes the structured v2.5 spec, through the same
// model → v1 API → CR steps calicoctl v1.4 get / v1.5 apply took.
import { carriedMetadata, droppedFieldWarnings, finishTarget, invalid, kindMismatch, type ConversionResult } from './convert-common.js';
import { cidrString } from './goip.js';
import { ipNetToResourceName } from './names.js';
import { readIpPoolTpr, validateIpPool, type IpPoolModel } from './pool-model.js';
import type { IpPoolSpec, KubeObject } from './types.js';

export function convertIpPool(obj: KubeObject): ConversionResult {
  const mismatch = kindMismatch(obj, 'IpPool');
  if (mismatch) return invalid(mismatch);
  const read = readIpPoolTpr(obj);
  if (!read.ok) return invalid(read.reason);
  const { model } = read;
  const problems = validateIpPool(model);
  if (problems.length > 0) return invalid(`${problems.join('; ')}: calicoctl v1.5 apply would refuse this pool`);

  const notes: string[] = [];
  const warnings = droppedFieldWarnings(obj);
  const name = ipNetToResourceName(model.cidr);
  // The key came from value.cidr, not from the name (docs/calico-data.md#v24-shapes): a differing TPR name is renamed.
  if (name !== obj.metadata.name) notes.push(`renamed from ${JSON.stringify(obj.metadata.name)} to ${JSON.stringify(name)}, the name of its CIDR`);
  if (model.ipip !== '' && model.ipip !== 'tunl0') notes.push(`IPIP interface ${JSON.stringify(model.ipip)} becomes ipip.enabled: true (v2.5 keeps no interface name)`);
  // v2.5 derives IPAM = !disabled (docs/calico-data.md#conversion), so a pool that v2.4 kept out of IPAM becomes allocatable.
  if (!model.ipam && !model.disabled) warnings.push('ipam: false is dropped: Calico v2.5 allocates from every pool that is not disabled');
  return finishTarget('IPPool', carriedMetadata(obj, name), ipPoolSpec(model), notes, warnings);
}

/** The v2.5 spec in Go's key order: ipip, nat-outgoing, disabled, cidr; false/empty fields omitted (docs/calico-data.md#v25-shapes, #conversion). */
export function ipPoolSpec(model: IpPoolModel): IpPoolSpec {
  // ipip.Undefined is "": the block exists when either the interface or the mode is set.
  const hasIpip = model.ipip !== '' || model.ipipMode !== '';
  return {
    ...(hasIpip ? { ipip: ipipBlock(model) } : {}),
    ...(model.masquerade ? { 'nat-outgoing': true } : {}),
    ...(model.disabled ? { disabled: true } : {}),
    cidr: cidrString(model.cidr),
  };
}

function ipipBlock(model: IpPoolModel): NonNullable<IpPoolSpec['ipip']> {
  return {
    ...(model.ipip !== '' ? { enabled: true } : {}),
    ...(model.ipipMode !== '' ? { mode: model.ipipMode } : {}),
  };
}
