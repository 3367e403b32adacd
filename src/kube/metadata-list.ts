// Lists read only for their objects' metadata. Every Node read here is for Calico's annotations, and a 5,000-Node
// list is ~16 MB of JSON: parsing it on the main thread stalls every request in flight for ~200 ms. Modern servers
// trim a list themselves (`as=PartialObjectMetadataList`, Kubernetes 1.15+); 1.7 cannot, so a big list is decoded and
// trimmed on a worker thread (the second core) and only the metadata comes back.
import { Worker } from 'node:worker_threads';

/** What these lists are read for; annotations narrowed to the keys asked for (nothing else crosses threads). */
export interface ObjectMetadata {
  name: string;
  namespace?: string;
  resourceVersion?: string;
  annotations: Record<string, string>;
}

export interface MetadataList {
  metadata: { resourceVersion?: string };
  items: Array<{ metadata: ObjectMetadata }>;
}

/** Bodies below this are parsed in place: a worker's start-up would cost more than it saves. */
export const WORKER_THRESHOLD_BYTES = 1 << 20;

// Self-contained (no imports, no closures, no nested functions): its source text is also the worker's program, which
// is why the annotation filter arrives as a RegExp's source and flags.
export function trimToMetadata(list: any, annotationSource?: string, annotationFlags?: string): MetadataList {
  const keep = annotationSource === undefined ? undefined : new RegExp(annotationSource, annotationFlags);
  const items = Array.isArray(list?.items) ? list.items : [];
  const out: MetadataList['items'] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const m = items[i]?.metadata ?? {};
    const annotations: Record<string, string> = {};
    for (const key in m.annotations ?? {}) if (!keep || keep.test(key)) annotations[key] = m.annotations[key];
    const meta: ObjectMetadata = { name: m.name, annotations };
    if (m.namespace !== undefined) meta.namespace = m.namespace;
    if (m.resourceVersion !== undefined) meta.resourceVersion = m.resourceVersion;
    out[i] = { metadata: meta };
  }
  return { metadata: { resourceVersion: list?.metadata?.resourceVersion }, items: out };
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const trimToMetadata = ${trimToMetadata.toString()};
let list;
try {
  list = JSON.parse(Buffer.from(workerData.body).toString('utf8'));
} catch {
  list = undefined;
}
parentPort.postMessage(list === undefined ? { notJson: true } : { list: trimToMetadata(list, workerData.source, workerData.flags) });
`;

export class NotJsonError extends Error {}

/** Parses a list body (UTF-8 JSON) down to its items' metadata, keeping the annotations that match; big bodies on a worker thread. */
export function decodeMetadataList(body: Buffer, annotations?: RegExp, signal?: AbortSignal, thresholdBytes = WORKER_THRESHOLD_BYTES): Promise<MetadataList> {
  if (body.length < thresholdBytes) {
    let list: unknown;
    try {
      list = JSON.parse(body.toString('utf8'));
    } catch {
      return Promise.reject(new NotJsonError());
    }
    return Promise.resolve(trimToMetadata(list, annotations?.source, annotations?.flags));
  }
  // Handed over, not copied: the main thread lets go of the 16 MB at once.
  const owned = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength ? body.buffer : body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength);
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const workerData = { body: owned, source: annotations?.source, flags: annotations?.flags };
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData, transferList: [owned as ArrayBuffer] });
    const onAbort = (): void => { void worker.terminate(); reject(signal?.reason); };
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = (): void => { signal?.removeEventListener('abort', onAbort); };
    worker.once('message', (m: { list?: MetadataList; notJson?: true }) => {
      done();
      if (m.notJson) reject(new NotJsonError());
      else resolve(m.list!);
    });
    worker.once('error', (err) => { done(); reject(err); });
    worker.once('exit', (code) => { done(); if (code !== 0) reject(new Error(`the list decoder stopped with code ${code}`)); });
  });
}
