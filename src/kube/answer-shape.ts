// What every answer to a read must look like before any step touches it: a JSON object; a list's `items` a list of
// objects each with metadata and a name; an object read by name with its metadata. A server (or a proxy in between)
// answering anything else gets one clear error naming the request, never a crash deep inside a step.
import type { RequestTarget } from './errors.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const describeValue = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'a JSON array' : typeof v === 'object' ? 'an object' : `a JSON ${typeof v}`;

/** Why `body` is not a usable answer to a read of `target`, or undefined when it is (a null `items` becomes []). */
export function readAnswerProblem(target: RequestTarget, body: unknown): string | undefined {
  if (!isObject(body)) return `${describeValue(body)} instead of an object`;
  if (target.verb === 'list') {
    if (body.items === null || body.items === undefined) {
      body.items = [];   // Go encodes an empty list's nil slice as null
      return undefined;
    }
    if (!Array.isArray(body.items)) return `"items" that is ${describeValue(body.items)}, not a list`;
    for (const [i, item] of body.items.entries()) {
      const problem = metadataProblem(item);
      if (problem) return `an item (items[${i}]) ${problem}`;
    }
    return undefined;
  }
  if (target.verb === 'get' && target.name !== undefined) {
    const problem = metadataProblem(body);
    if (problem) return `an object ${problem}`;
  }
  return undefined;
}

function metadataProblem(item: unknown): string | undefined {
  if (!isObject(item)) return `that is ${describeValue(item)}`;
  if (!isObject(item.metadata)) return 'without metadata';
  if (typeof item.metadata.name !== 'string' || item.metadata.name === '') return 'without metadata.name';
  return undefined;
}

/**
 * For a list of DaemonSets or Pods: every container names an image (the API server's validation requires one, and the
 * calico/node version is read from it).
 */
export function containerWithoutImage(answer: unknown): string | undefined {
  const items = isObject(answer) && Array.isArray(answer.items) ? answer.items : [];
  for (const item of items) {
    if (!isObject(item) || !isObject(item.spec)) continue;
    const template = isObject(item.spec.template) && isObject(item.spec.template.spec) ? item.spec.template.spec : item.spec;
    const containers = Array.isArray(template.containers) ? template.containers : [];
    for (const c of containers) {
      if (isObject(c) && typeof c.image === 'string' && c.image !== '') continue;
      const name = isObject(item.metadata) ? item.metadata.name : '?';
      return `a container without an image (${String(name)}, container ${isObject(c) ? String(c.name) : '?'})`;
    }
  }
  return undefined;
}
