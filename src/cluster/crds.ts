// Calico's CRDs on a live cluster: which apiextensions version the server serves, what exists, creating the
// missing ones and waiting until each is Established (1.7 sets the condition asynchronously).
import { CALICO_KINDS, kindByCrd } from '../calico/kinds.js';
import { isEstablished } from '../calico/crds.js';
import { PROVENANCE_PREFIX } from '../calico/provenance.js';
import type { CrdKind, KubeObject } from '../calico/types.js';
import type { KubeClient } from '../kube/client.js';
import { servedGroups } from '../kube/discovery.js';
import { isNotFound } from '../kube/errors.js';
import { createIfAbsent } from './guarded-writes.js';
import { askUntilServed, NOT_SERVED_WAIT_MS } from './served.js';

export type CrdApiVersion = 'v1beta1' | 'v1';

const CRD_RESOURCE = (version: CrdApiVersion) => ({ group: 'apiextensions.k8s.io', version, resource: 'customresourcedefinitions' });

interface List<T> { items?: T[] }

/** v1beta1 where served (1.7 – 1.21), else v1 (1.16+); undefined on servers without CRDs (≤ 1.6). */
export async function crdApiVersion(client: KubeClient): Promise<CrdApiVersion | undefined> {
  const versions = (await servedGroups(client)).get('apiextensions.k8s.io') ?? [];
  if (versions.includes('v1beta1')) return 'v1beta1';
  if (versions.includes('v1')) return 'v1';
  return undefined;
}

/**
 * The apiextensions version and the Calico CRDs that exist, in one round trip wherever TPRs still exist: the CRD list is
 * asked for at v1beta1 while discovery answers (every Kubernetes from 1.7 to 1.21 serves it), and again at v1 only on a
 * server without v1beta1. No CRD API (≤ 1.6): no version, no CRDs.
 */
export async function discoverCalicoCrds(client: KubeClient): Promise<{ version?: CrdApiVersion; crds: Map<CrdKind, KubeObject> }> {
  const likely = readCalicoCrds(client, 'v1beta1');
  likely.catch(() => undefined); // its answer counts only once discovery confirms v1beta1
  const version = await crdApiVersion(client);
  if (version === 'v1beta1') return { version, crds: await likely };
  return { version, crds: version ? await readCalicoCrds(client, version) : new Map() };
}

/** The Calico CRDs that exist, by kind (one LIST). */
export async function readCalicoCrds(client: KubeClient, version: CrdApiVersion): Promise<Map<CrdKind, KubeObject>> {
  const list = await client.list<List<KubeObject>>(CRD_RESOURCE(version));
  const byName = new Map((list.items ?? []).map((c) => [c.metadata.name, c]));
  const found = new Map<CrdKind, KubeObject>();
  for (const { crd } of CALICO_KINDS) {
    const obj = byName.get(crd.name);
    if (obj) found.set(crd.kind, obj);
  }
  return found;
}

/** Marks a CRD the tool creates, so `rollback` deletes only CRDs it created (value: the tool version). */
export const CRD_CREATED_BY_ANNOTATION = `${PROVENANCE_PREFIX}created-by`;

export function withCreatedBy(manifest: KubeObject, toolVersion: string): KubeObject {
  return { ...manifest, metadata: { ...manifest.metadata, annotations: { ...manifest.metadata.annotations, [CRD_CREATED_BY_ANNOTATION]: `kubectl-calico_migrate ${toolVersion}` } } };
}

export const isCreatedByTool = (crd: KubeObject): boolean => crd.metadata.annotations?.[CRD_CREATED_BY_ANNOTATION] !== undefined;

export const createCrd = (client: KubeClient, version: CrdApiVersion, manifest: KubeObject): Promise<'created' | 'exists'> =>
  createIfAbsent(client, CRD_RESOURCE(version), manifest);

/** How often the CRDs are listed while a watch runs beside the LISTs: only a backstop for a watch that stays silent. */
export const POLL_BESIDE_WATCH_MS = 250;

/**
 * Waits until every named CRD is Established; returns the names still not Established when time runs out or `stop`
 * aborts. A watch of the CRDs (without a resourceVersion: the server first sends each one as it stands) reports the
 * condition the moment the server sets it, as `kubectl wait` learns it; it may start before the CRDs are created.
 * LISTs go on beside it, seldom while it runs and every `pollMs` once it has ended, so a watch that is not allowed
 * (RBAC grants list without watch), that a proxy holds back, or that the server ends never makes the wait longer
 * than polling: the watch is not a permission the wait needs.
 */
export async function waitEstablished(client: KubeClient, version: CrdApiVersion, names: string[], timeoutMs: number,
  opts: { pollMs?: number; stop?: AbortSignal } = {}): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  const ref = CRD_RESOURCE(version);
  const pending = new Set(names);
  const seen = (crd: KubeObject): void => { if (isEstablished(crd)) pending.delete(crd.metadata.name); };
  const left = (): string[] => names.filter((n) => pending.has(n));
  const ended = (): boolean => pending.size === 0 || Date.now() >= deadline || opts.stop?.aborted === true;
  if (ended()) return left();

  const stopWatch = new AbortController();
  const stopped = new Promise<void>((resolve) => {
    stopWatch.signal.addEventListener('abort', () => resolve(), { once: true });
    opts.stop?.addEventListener('abort', () => stopWatch.abort(), { once: true });
  });
  let watching = true;
  const watch = client.watch<KubeObject>(ref, undefined, (e) => {
    if (e.type === 'ADDED' || e.type === 'MODIFIED') seen(e.object);
    return pending.size === 0;
  }, { timeoutSeconds: Math.max(1, Math.ceil(timeoutMs / 1000)), signal: stopWatch.signal })
    .catch(() => false) // not allowed, not served, cut off: the LISTs carry on (an interruption fails the next one)
    .finally(() => { watching = false; });
  try {
    for (;;) {
      await pause(Math.min(watching ? POLL_BESIDE_WATCH_MS : opts.pollMs ?? 10, Math.max(1, deadline - Date.now())), watching ? watch : stopped);
      if (ended()) return left();
      ((await client.list<List<KubeObject>>(ref)).items ?? []).forEach(seen);
      if (ended()) return left();
    }
  } finally {
    stopWatch.abort();
    await watch;
  }
}

/** Resolves after `ms`, or as soon as `until` settles. */
function pause(ms: number, until?: Promise<unknown>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void until?.then(() => { clearTimeout(timer); resolve(); });
  });
}

/** Every object of one Calico CRD kind (cluster-scoped; one LIST). A CRD not served yet holds nothing. */
export async function readCustomResources(client: KubeClient, kind: CrdKind): Promise<KubeObject[]> {
  return (await listCustomResources(client, kind)) ?? [];
}

/** One LIST of a Calico CRD kind; undefined when its endpoint answers 404. */
async function listCustomResources(client: KubeClient, kind: CrdKind): Promise<KubeObject[] | undefined> {
  const { crd } = kindByCrd(kind);
  try {
    const list = await client.list<List<KubeObject>>({ group: crd.group, version: crd.version, resource: crd.plural });
    return (list.items ?? []).map((o) => ({ ...o, apiVersion: o.apiVersion ?? `${crd.group}/${crd.version}`, kind: o.kind ?? crd.kind }));
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/**
 * One kind's objects listed right before its CRD is deleted (which deletes them): a 404 while the CRD exists is asked
 * again (see served.ts), never read as empty. Undefined only when the CRD itself is gone.
 */
export async function relistCustomResources(client: KubeClient, version: CrdApiVersion, kind: CrdKind, waitMs = NOT_SERVED_WAIT_MS): Promise<KubeObject[] | undefined> {
  const { crd } = kindByCrd(kind);
  const crdExists = () => client.get<KubeObject>({ ...CRD_RESOURCE(version), name: crd.name }).then(() => true, (err: unknown) => { if (isNotFound(err)) return false; throw err; });
  return (await listCustomResources(client, kind))
    ?? askUntilServed(() => listCustomResources(client, kind), crdExists, { name: `the CustomResourceDefinition ${crd.name}`, target: { verb: 'list', resource: `${crd.plural}.${crd.group}` } }, waitMs);
}

export async function readAllCustomResources(client: KubeClient, kinds: CrdKind[]): Promise<Map<CrdKind, KubeObject[]>> {
  const entries = await Promise.all(kinds.map(async (k) => [k, await readCustomResources(client, k)] as const));
  return new Map(entries);
}

