// GlobalConfig → GlobalFelixConfig and GlobalBgpConfig → GlobalBGPConfig (docs/calico-data.md#conversion): the official job's
// kubectl + sed copy, with name = metadata.name and spec {name, value}.
import { carriedMetadata, droppedFieldWarnings, finishTarget, invalid, kindMismatch, type ConversionResult } from './convert-common.js';
import { isJsonObject, type KubeObject } from './types.js';

export function convertConfig(sourceKind: 'GlobalConfig' | 'GlobalBgpConfig', obj: KubeObject): ConversionResult {
  const mismatch = kindMismatch(obj, sourceKind);
  if (mismatch) return invalid(mismatch);
  const spec = obj.spec;
  // Calico v2.4 decodes spec into {Name string, Value string}; anything else fails and is skipped (docs/calico-data.md#v24-shapes).
  if (!isJsonObject(spec)) return invalid('spec is missing, so Calico v2.4 never read it');
  if (typeof spec.name !== 'string' || spec.name === '') return invalid('spec.name is missing or empty: Calico reads the key from spec.name');
  if (typeof spec.value !== 'string') return invalid('spec.value is not a string, so Calico v2.4 never read it');
  const warnings = droppedFieldWarnings(obj);
  const name = obj.metadata.name;
  // The job kept metadata.name (docs/calico-data.md#conversion); Calico itself always wrote lower(spec.name) (docs/calico-data.md#v24-shapes), so a difference is worth a word.
  if (name !== spec.name.toLowerCase()) {
    warnings.push(`name ${JSON.stringify(name)} is not lower(spec.name) ${JSON.stringify(spec.name.toLowerCase())}: kept as the official job did; Calico v2.5 reads the key from spec.name but looks objects up by lower(spec.name)`);
  }
  const extraSpec = Object.keys(spec).filter((k) => k !== 'name' && k !== 'value');
  // Calico v2.5's Go type has only name and value (docs/calico-data.md#v25-shapes).
  if (extraSpec.length > 0) warnings.push(`spec field(s) ${extraSpec.join(', ')} are not copied (Calico never reads them)`);
  const kind = sourceKind === 'GlobalConfig' ? 'GlobalFelixConfig' : 'GlobalBGPConfig';
  return finishTarget(kind, carriedMetadata(obj, name), { name: spec.name, value: spec.value }, [], warnings);
}
