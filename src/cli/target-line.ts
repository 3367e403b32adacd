// The line a writing verb prints on stderr before it changes anything, and every prompt repeats: which cluster it is
// about to change (as helm and `kubectl drain` name theirs), so a wrong --context is seen before it matters.
import type { Connection } from '../kube/connection.js';
import type { RequestTarget } from '../kube/errors.js';
import { withoutUserinfo } from '../kube/redact.js';

export function targetLine(conn: Pick<Connection, 'contextName' | 'server' | 'namespace' | 'config'>): string {
  const context = conn.contextName ? `context "${conn.contextName}"` : conn.config.source === 'in-cluster' ? 'in-cluster config' : 'no context';
  return `target: ${context}, server ${withoutUserinfo(conn.server)}, namespace ${conn.namespace}`;
}

/** Access reviews are POSTs that change nothing: check sends them and writes nothing. */
export const changesTheCluster = (target: Pick<RequestTarget, 'resource'>): boolean => !target.resource.startsWith('selfsubjectaccessreviews.');
