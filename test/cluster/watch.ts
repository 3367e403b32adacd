// Watch streams: newline-delimited events, headers flushed at once (kubectl wait hangs otherwise).
import type { ServerResponse } from 'node:http';
import type { ResourceInfo } from './builtins.js';
import type { Matcher } from './selectors.js';
import type { Store } from './store.js';
import type { KubeObject } from './types.js';

export interface WatchRequest {
  info: ResourceInfo;
  namespace?: string;
  name?: string;
  resourceVersion?: string;
  timeoutSeconds?: number;
  matches: Matcher;
}

/** `open` tracks live streams so the server's stop() can end them. */
export function serveWatch(store: Store, res: ServerResponse, w: WatchRequest, open: Set<ServerResponse>): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  open.add(res);
  const wanted = (o: KubeObject) =>
    (!w.namespace || o.metadata.namespace === w.namespace) && (!w.name || o.metadata.name === w.name) && w.matches(o);
  const send = (type: string, o: KubeObject) => {
    if (!res.writableEnded) res.write(`${JSON.stringify({ type, object: store.present(w.info, o) })}\n`);
  };
  const since = w.resourceVersion && w.resourceVersion !== '0' ? Number(w.resourceVersion) : undefined;
  if (since === undefined) for (const o of store.listRaw(w.info, w.namespace)) if (wanted(o)) send('ADDED', o);
  const unsubscribe = store.watch(w.info.storageKey, since, (e) => { if (wanted(e.object)) send(e.type, e.object); });
  let timer: NodeJS.Timeout | undefined;
  const end = () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
    open.delete(res);
    if (!res.writableEnded) res.end();
  };
  if (w.timeoutSeconds && w.timeoutSeconds > 0) {
    timer = setTimeout(end, w.timeoutSeconds * 1000);
    timer.unref();
  }
  res.on('close', end);
}
