// A 404 from the data endpoint of a kind that is defined is not "empty": Kubernetes 1.7 installs TPR data endpoints
// asynchronously (for a while after an API server restart, and right after a TPR is created) and serves a CRD's
// objects only once it is Established. Whatever guards a deletion asks again here, never reads such a 404 as no data.
import { describeTarget, KubeError, type RequestTarget } from '../kube/errors.js';

/** How long a defined kind's data endpoint may answer 404 before the read fails (exit 3). */
export const NOT_SERVED_WAIT_MS = 4_000;

/**
 * Asks `list` again with backoff (0.1 s doubling to 1 s) while it answers undefined (404) and `stillDefined` says the
 * kind exists; undefined once the kind itself is gone, an error once `waitMs` has passed.
 */
export async function askUntilServed<T>(list: () => Promise<T | undefined>, stillDefined: () => Promise<boolean>,
  what: { name: string; target: RequestTarget }, waitMs: number = NOT_SERVED_WAIT_MS): Promise<T | undefined> {
  const deadline = Date.now() + waitMs;
  for (let delay = 100; Date.now() + delay <= deadline; delay = Math.min(delay * 2, 1_000)) {
    await new Promise((resolve) => setTimeout(resolve, delay));
    const items = await list();
    if (items !== undefined) return items;
    if (!(await stillDefined())) return undefined;
  }
  throw new KubeError('Unavailable', `${what.name} is defined but its data is not served (HTTP 404 to ${describeTarget(what.target)}, for ${(waitMs / 1000).toFixed(1)} s)`,
    what.target, 404, 'Kubernetes 1.7 does this for a while after an API server restart: wait a minute and re-run the same command.');
}
