// PATCH bodies: JSON patch (RFC 6902), merge patch (RFC 7386), an approximation of strategic merge, and apply.
import { ApiError, badRequest, unsupportedMediaType } from './status.js';
import type { ResourceInfo } from './builtins.js';

export const JSON_PATCH = 'application/json-patch+json';
export const MERGE_PATCH = 'application/merge-patch+json';
export const STRATEGIC_PATCH = 'application/strategic-merge-patch+json';
export const APPLY_PATCH = 'application/apply-patch+yaml';

export function mergePatch(target: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** Strategic merge without schema metadata: lists of objects with `name` merge by name; directives are dropped. */
export function strategicMerge(target: any, patch: any): any {
  if (Array.isArray(patch)) {
    if (!Array.isArray(target) || !patch.every((p) => p && typeof p === 'object' && 'name' in p)) return patch.filter((p) => !(p && p.$patch));
    const out = target.map((t) => ({ ...t }));
    for (const p of patch) {
      const i = out.findIndex((t) => t?.name === p.name);
      if (p.$patch === 'delete') { if (i >= 0) out.splice(i, 1); continue; }
      if (i >= 0) out[i] = strategicMerge(out[i], p); else out.push(strategicMerge({}, p));
    }
    return out;
  }
  if (patch === null || typeof patch !== 'object') return patch;
  const out = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$') || k.startsWith('$setElementOrder')) continue;
    if (v === null) delete out[k];
    else out[k] = strategicMerge(out[k], v);
  }
  return out;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw badRequest(`invalid JSON pointer: ${path}`);
  return path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function walk(doc: any, parts: string[]): { parent: any; key: string } {
  let cur = doc;
  for (const p of parts.slice(0, -1)) {
    cur = Array.isArray(cur) ? cur[Number(p)] : cur?.[p];
    if (cur === undefined || cur === null) throw new ApiError(422, 'Invalid', `jsonpatch: path not found: /${parts.join('/')}`);
  }
  return { parent: cur, key: parts[parts.length - 1]! };
}

export function jsonPatch(doc: any, ops: any[]): any {
  if (!Array.isArray(ops)) throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  const out = structuredClone(doc);
  for (const op of ops) {
    const parts = pointer(op.path);
    const get = (ps: string[]) => { const { parent, key } = walk(out, ps); return Array.isArray(parent) ? parent[Number(key)] : parent[key]; };
    const put = (ps: string[], value: any, insert: boolean) => {
      const { parent, key } = walk(out, ps);
      if (Array.isArray(parent)) {
        const i = key === '-' ? parent.length : Number(key);
        if (insert) parent.splice(i, 0, value); else parent[i] = value;
      } else parent[key] = value;
    };
    const del = (ps: string[]) => {
      const { parent, key } = walk(out, ps);
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else if (!(key in parent)) throw new ApiError(422, 'Invalid', `jsonpatch remove operation does not apply: doc is missing path: "${op.path}"`);
      else delete parent[key];
    };
    switch (op.op) {
      case 'add': put(parts, structuredClone(op.value), true); break;
      case 'replace': get(parts); put(parts, structuredClone(op.value), false); break;
      case 'remove': del(parts); break;
      case 'test':
        if (JSON.stringify(get(parts)) !== JSON.stringify(op.value)) throw new ApiError(422, 'Invalid', `testing value ${op.path} failed`);
        break;
      case 'move': { const v = get(pointer(op.from)); del(pointer(op.from)); put(parts, v, true); break; }
      case 'copy': put(parts, structuredClone(get(pointer(op.from))), true); break;
      default: throw badRequest(`Unexpected kind: ${op.op}`);
    }
  }
  return out;
}

/** Applies a PATCH body to the current object by content type; custom resources refuse strategic merge with 415. */
export function applyPatch(info: ResourceInfo, current: any, body: any, contentType: string): any {
  const ct = contentType.split(';')[0]!.trim();
  const custom = info.source !== 'builtin';
  if (ct === JSON_PATCH) return jsonPatch(current, body);
  if (ct === MERGE_PATCH || ct === APPLY_PATCH) return mergePatch(current, body);
  if (ct === STRATEGIC_PATCH && !(info.source === 'crd')) return strategicMerge(current, body);
  throw unsupportedMediaType(ct, custom ? [JSON_PATCH, MERGE_PATCH, APPLY_PATCH] : [JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH, APPLY_PATCH]);
}
