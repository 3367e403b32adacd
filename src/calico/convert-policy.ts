// SystemNetworkPolicy → GlobalNetworkPolicy (docs/calico-data.md#conversion): not done by the official job; the manual mapping keeps
// name and spec and changes only apiVersion and kind.
import { carriedMetadata, droppedFieldWarnings, finishTarget, invalid, kindMismatch, type ConversionResult } from './convert-common.js';
import { isJsonObject, type JsonObject, type KubeObject } from './types.js';

export function convertSystemNetworkPolicy(obj: KubeObject): ConversionResult {
  const mismatch = kindMismatch(obj, 'SystemNetworkPolicy');
  if (mismatch) return invalid(mismatch);
  if (!isJsonObject(obj.spec)) return invalid('spec is missing or not an object');
  const notes = [
    `Calico's internal policy name changes from "snp.projectcalico.org/${obj.metadata.name}" to "${obj.metadata.name}", which can change the order among policies of equal order`,
  ];
  return finishTarget('GlobalNetworkPolicy', carriedMetadata(obj, obj.metadata.name), deepCopy(obj.spec), notes, droppedFieldWarnings(obj));
}

function deepCopy(value: JsonObject): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}
