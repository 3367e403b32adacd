// Writing a ClusterRole with optimistic concurrency: every PUT carries the resourceVersion it was computed from, and
// a 409 (someone else wrote in between) means read again and recompute, a bounded number of times, never a blind write;
// a role that is no longer as the tool left it is reported as a conflict and not written at all.
import type { KubeObject } from '../calico/types.js';
import { RoleConflict, type RoleTarget } from '../calico/rbac-transition.js';
import type { KubeClient } from '../kube/client.js';
import { isAlreadyExists, isConflict, isNotFound, KubeError } from '../kube/errors.js';
import { clusterRoles, type RbacVersion } from './rbac.js';

export interface RoleWrite {
  result: 'updated' | 'created' | 'unchanged' | 'conflict';
  /** Why the role was not written (result `conflict`). */
  conflict?: string;
  /** The role as read before the write that succeeded (undefined when it did not exist). */
  before?: KubeObject;
}

/**
 * Reads the role, asks `desiredFor` what it should be (undefined = nothing to change), and writes that guarded by the
 * read resourceVersion; on a conflict it starts over with a fresh read, at most `attempts` times. A role that
 * `existed` when the change was planned and is gone now was deleted by someone else: a conflict, never re-created.
 */
export async function writeClusterRoleGuarded(
  client: KubeClient, version: RbacVersion, name: string,
  desiredFor: (live: KubeObject | undefined) => RoleTarget, opts: { existed: boolean; attempts?: number },
): Promise<RoleWrite> {
  const attempts = opts.attempts ?? 5;
  const gvr = clusterRoles(version);
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const live = await client.get<KubeObject>({ ...gvr, name }).catch((err: unknown) => {
      if (isNotFound(err)) return undefined;
      throw err;
    });
    if (!live && opts.existed) return { result: 'conflict', conflict: 'deleted by someone else since it was read: not re-created' };
    const desired = desiredFor(live);
    if (desired instanceof RoleConflict) return { result: 'conflict', conflict: desired.reason, before: live };
    if (!desired) return { result: 'unchanged', before: live };
    try {
      if (!live) {
        await client.create(gvr, desired);
        return { result: 'created' };
      }
      await client.update({ ...gvr, name }, { ...desired, metadata: { ...desired.metadata, resourceVersion: live.metadata.resourceVersion } });
      return { result: 'updated', before: live };
    } catch (err) {
      if (!isConflict(err) && !isAlreadyExists(err) && !isNotFound(err)) throw err;
    }
  }
  throw new KubeError('Conflict', `ClusterRole ${name} kept changing while it was being written (${attempts} attempts)`,
    { verb: 'update', resource: 'clusterroles.rbac.authorization.k8s.io', name }, 409, 'Another controller keeps rewriting this role; stop it, then re-run.');
}
