// The two writes every verb makes, each once: a create that, when another writer created the object first, hands back
// the object as it is now (the caller decides whether it is the same), and an update guarded by the resourceVersion
// in its body, whose refusal (changed or deleted meanwhile) is an answer, not an error. Nothing is ever overwritten
// that was not read first.
import type { KubeClient } from '../kube/client.js';
import { isAlreadyExists, isConflict, isNotFound } from '../kube/errors.js';
import type { ObjectRef } from '../kube/paths.js';

export type CreateResult<T> = { created: true } | { created: false; current: T };

export async function createOrRead<T>(client: KubeClient, ref: ObjectRef, body: { metadata: { name: string } }): Promise<CreateResult<T>> {
  try {
    await client.create(ref, body);
    return { created: true };
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    return { created: false, current: await client.get<T>({ ...ref, name: body.metadata.name }) };
  }
}

/** Creates the object unless one of that name exists (whatever it holds: the caller checks it if that matters). */
export async function createIfAbsent(client: KubeClient, ref: ObjectRef, body: unknown): Promise<'created' | 'exists'> {
  try {
    await client.create(ref, body);
    return 'created';
  } catch (err) {
    if (isAlreadyExists(err)) return 'exists';
    throw err;
  }
}

/** PUT with the body's metadata.resourceVersion: `conflict` when the object changed since it was read, `gone` when deleted. */
export async function updateGuarded(client: KubeClient, ref: ObjectRef & { name: string }, body: unknown): Promise<'updated' | 'conflict' | 'gone'> {
  try {
    await client.update(ref, body);
    return 'updated';
  } catch (err) {
    if (isConflict(err)) return 'conflict';
    if (isNotFound(err)) return 'gone';
    throw err;
  }
}
