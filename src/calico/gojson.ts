// Go `encoding/json` key matching: a JSON key fills a struct field when it equals the field's tag
// ignoring case; when several keys match, the last one in the document wins.
import type { JsonObject } from './types.js';

export function goField(obj: JsonObject, tag: string): unknown {
  let found: unknown = undefined;
  for (const key of Object.keys(obj)) if (key.toLowerCase() === tag.toLowerCase()) found = obj[key];
  return found;
}
