// Making sure Calico's five CRDs exist, match what Calico v2.5 needs, and are Established before any object is
// written (the official Job never waited). Incompatible CRDs refuse the whole migration: nothing is written.
import { RefusedError } from '../errors.js';
import { CALICO_KINDS } from '../calico/kinds.js';
import { calicoCrdsV1, CALICO_CRDS_V1BETA1, checkExistingCrd } from '../calico/crds.js';
import type { CrdKind, KubeObject } from '../calico/types.js';
import { createCrd, waitEstablished, withCreatedBy, type CrdApiVersion } from '../cluster/crds.js';
import { VERSION } from '../version.js';
import { isEstablished } from '../calico/crds.js';
import type { KubeClient } from '../kube/client.js';

export type CrdAction = 'exists' | 'create' | 'created';

export interface CrdState { name: string; kind: CrdKind; action: CrdAction; established: boolean }

/** What to do about each Calico CRD, given those that exist; refuses when one exists with an incompatible spec. */
export function inspectCrds(existing: Map<CrdKind, KubeObject>): CrdState[] {
  const problems = [...existing.values()].flatMap((crd) => {
    const check = checkExistingCrd(crd);
    return check.ok ? [] : [`${crd.metadata.name}: ${check.problems.join('; ')}`];
  });
  if (problems.length) {
    throw new RefusedError(`an existing Calico CRD is incompatible with Calico v2.5: ${problems.join(' | ')}`,
      'Nothing was written. Fix or delete that CRD (deleting a CRD deletes its objects), then re-run.');
  }
  return CALICO_KINDS.map(({ crd }) => {
    const obj = existing.get(crd.kind);
    return { name: crd.name, kind: crd.kind, action: obj ? 'exists' as const : 'create' as const, established: obj ? isEstablished(obj) : false };
  });
}

/** The CRDs migrate creates, as it sends them: the missing ones of the five, marked as the tool's (rollback deletes only what it created). */
export function crdsToCreate(version: CrdApiVersion, states: CrdState[]): KubeObject[] {
  const manifests: KubeObject[] = version === 'v1beta1' ? [...CALICO_CRDS_V1BETA1] as unknown as KubeObject[] : calicoCrdsV1() as unknown as KubeObject[];
  return states.filter((s) => s.action === 'create')
    .map((s) => withCreatedBy(manifests.find((m) => m.metadata.name === s.name) as KubeObject, VERSION));
}

/**
 * Creates the missing CRDs (all five, as the v2.5.1 manifests do) and waits until every one is Established. The wait
 * starts first: its watch is open when the server sets the condition, so learning it costs no round trip of its own.
 */
export async function ensureCrds(client: KubeClient, version: CrdApiVersion, states: CrdState[], timeoutMs: number): Promise<CrdState[]> {
  const bodies = new Map(crdsToCreate(version, states).map((body) => [body.metadata.name, body]));
  const stop = new AbortController();
  const waiting = waitEstablished(client, version, states.filter((s) => !s.established).map((s) => s.name), timeoutMs, { stop: stop.signal });
  waiting.catch(() => undefined); // awaited below
  const created = await Promise.all(states.map(async (s) => {
    const body = bodies.get(s.name);
    if (!body) return s;
    await createCrd(client, version, body);
    return { ...s, action: 'created' as const };
  })).catch(async (err: unknown) => {
    stop.abort();
    await waiting.catch(() => undefined);
    throw err;
  });
  const pending = await waiting;
  if (pending.length) {
    throw new RefusedError(`CRD ${pending.join(', ')} did not become Established within ${Math.round(timeoutMs / 1000)} s, so no Calico object was written`,
      'Check the CRD\'s status conditions (kubectl get crd NAME -o yaml) for a name conflict, then re-run.');
  }
  return created.map((s) => ({ ...s, established: true }));
}
