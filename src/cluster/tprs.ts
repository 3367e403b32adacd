// Reading Calico's TPR-era data from a live cluster: the ThirdPartyResource definitions and every object of every
// Calico TPR kind in every namespace (one LIST per kind; 1.7 has no pagination).
import { CALICO_KINDS, kindByTpr } from '../calico/kinds.js';
import type { KubeObject, TprKind, TprObject } from '../calico/types.js';
import type { KubeClient } from '../kube/client.js';
import { isNotFound } from '../kube/errors.js';
import { askUntilServed, NOT_SERVED_WAIT_MS } from './served.js';

export const TPR_API = { group: 'extensions', version: 'v1beta1', resource: 'thirdpartyresources' } as const;

export interface TprSource {
  /** The Calico ThirdPartyResource definitions that exist, as the server returned them. */
  definitions: KubeObject[];
  /** Every object of each existing Calico TPR kind, all namespaces, in server order. */
  objects: Record<TprKind, TprObject[]>;
}

interface List<T> { items?: T[] }

/** The Calico TPR definitions, or undefined when the server has no TPR API at all (Kubernetes ≥ 1.8). */
export async function readTprDefinitions(client: KubeClient): Promise<KubeObject[] | undefined> {
  try {
    const list = await client.list<List<KubeObject>>(TPR_API);
    const names = new Set(CALICO_KINDS.map((k) => k.tpr.name));
    return (list.items ?? []).filter((d) => names.has(d.metadata.name));
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export function emptyTprObjects(): Record<TprKind, TprObject[]> {
  return { GlobalConfig: [], IpPool: [], GlobalBgpConfig: [], GlobalBgpPeer: [], SystemNetworkPolicy: [] };
}

/** Lists the data of every Calico TPR that is defined, across all namespaces, in parallel. */
export async function readTprObjects(client: KubeClient, definitions: KubeObject[]): Promise<Record<TprKind, TprObject[]>> {
  const objects = emptyTprObjects();
  const defined = new Set(definitions.map((d) => d.metadata.name));
  await Promise.all(CALICO_KINDS.filter((k) => defined.has(k.tpr.name)).map(async ({ tpr }) => {
    // A TPR defined moments ago may not be served yet: it holds no data.
    objects[tpr.kind] = (await listTprKind(client, tpr.kind)) ?? [];
  }));
  return objects;
}

/** One LIST of a Calico TPR kind (all namespaces, or one); undefined when its data endpoint is not served. */
export async function listTprKind(client: KubeClient, kind: TprKind, namespace?: string): Promise<TprObject[] | undefined> {
  const { tpr } = kindByTpr(kind);
  try {
    const list = await client.list<List<TprObject>>({ group: tpr.group, version: tpr.version, resource: tpr.plural, namespace });
    return (list.items ?? []).map((o) => ({ ...o, apiVersion: o.apiVersion ?? `${tpr.group}/${tpr.version}`, kind: o.kind ?? tpr.kind }));
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/**
 * Definitions plus data; undefined when there is no TPR API. Every Calico kind is listed together with the definitions,
 * not after them, so the data costs no extra round trip (on a link far away, that is the verb's slowest step); a kind
 * that turns out not to be defined is dropped whatever its list answered (404, or 403 for a caller allowed only what
 * exists). A defined kind whose data endpoint answers 404 is not empty but unknown: it is asked again (see
 * listWhenServed), never read as holding no objects.
 */
export async function readTprSource(client: KubeClient, opts: { notServedWaitMs?: number } = {}): Promise<TprSource | undefined> {
  const lists = CALICO_KINDS.map(({ tpr }) => ({
    tpr,
    answer: listTprKind(client, tpr.kind).then((items) => ({ items }), (error: unknown) => ({ items: undefined, error })),
  }));
  const definitions = await readTprDefinitions(client);
  if (!definitions) return undefined;
  const defined = new Set(definitions.map((d) => d.metadata.name));
  const objects = emptyTprObjects();
  const notServed: TprKind[] = [];
  for (const { tpr, answer } of lists) {
    const { items, error } = await answer as { items?: TprObject[]; error?: unknown };
    if (!defined.has(tpr.name)) continue;
    if (error !== undefined) throw error;
    if (items) objects[tpr.kind] = items;
    else notServed.push(tpr.kind);
  }
  await Promise.all(notServed.map(async (kind) => {
    // Gone meanwhile (deleted since the definitions were read): it holds nothing.
    objects[kind] = (await listWhenServed(client, kind, opts.notServedWaitMs ?? NOT_SERVED_WAIT_MS)) ?? [];
  }));
  return { definitions, objects };
}

/**
 * Lists a defined kind whose data endpoint answered 404 (see served.ts): asked again while its TPR is still defined;
 * undefined once the TPR itself is gone.
 */
function listWhenServed(client: KubeClient, kind: TprKind, waitMs: number): Promise<TprObject[] | undefined> {
  const { tpr } = kindByTpr(kind);
  return askUntilServed(() => listTprKind(client, kind), async () => (await readTprDefinitions(client))?.some((d) => d.metadata.name === tpr.name) ?? false,
    { name: `the ThirdPartyResource ${tpr.name}`, target: { verb: 'list', resource: `${tpr.plural}.${tpr.group}` } }, waitMs);
}

/**
 * One kind's data listed right before a write that depends on it (a deletion's last check): a 404 is asked again while
 * the TPR is defined, never read as no data. Undefined only when the TPR itself is gone (deleted meanwhile).
 */
export async function relistTprKind(client: KubeClient, kind: TprKind, waitMs = NOT_SERVED_WAIT_MS): Promise<TprObject[] | undefined> {
  return (await listTprKind(client, kind)) ?? listWhenServed(client, kind, waitMs);
}

/** Deletes one TPR definition (the server deletes its data with it); already gone is fine. */
export async function deleteTprDefinition(client: KubeClient, name: string): Promise<void> {
  try {
    await client.delete({ ...TPR_API, name });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/** Polls until none of the TPRs' data endpoints serves objects; returns the ones still serving after the timeout. */
export async function waitTprDataGone(client: KubeClient, tprs: Array<{ kind: TprKind; name: string }>, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const serving: string[] = [];
    for (const t of tprs) if (((await listTprKind(client, t.kind)) ?? []).length > 0) serving.push(t.name);
    if (serving.length === 0 || Date.now() >= deadline) return serving;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
