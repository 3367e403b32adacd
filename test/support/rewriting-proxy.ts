// A plain-HTTP proxy in front of a simulated cluster that can rewrite the answer to chosen requests: a server (or a
// proxy in between) answering an empty body, `null`, a list whose items are not a list… The CLI reaches it with
// --server http://…; like kubectl proxy, it authenticates to the cluster itself (as admin), since no client sends
// credentials over plain HTTP.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import type { Cluster } from '../cluster/index.js';

export interface Answer { status: number; body: string }
/** A new body for this answer, or undefined to pass it through. */
export type Rewrite = (req: { method: string; path: string }, answer: Answer) => string | undefined;

export interface RewritingProxy { url: string; rewrite: Rewrite | undefined; seen: Array<{ method: string; path: string }>; stop(): Promise<void> }

export async function startRewritingProxy(cluster: Cluster): Promise<RewritingProxy> {
  const upstream = new URL(cluster.url);
  const agent = new https.Agent({ ca: readFileSync(cluster.caPath), keepAlive: true });
  const proxy: RewritingProxy = { url: '', rewrite: undefined, seen: [], stop: async () => {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const up = https.request({ hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host, authorization: `Bearer ${cluster.users.admin!.token}` }, agent }, (ur) => {
        const body: Buffer[] = [];
        ur.on('data', (c: Buffer) => body.push(c));
        ur.on('end', () => {
          const info = { method: req.method ?? 'GET', path: (req.url ?? '').split('?')[0]! };
          proxy.seen.push(info);
          const text = Buffer.concat(body).toString('utf8');
          const rewritten = proxy.rewrite?.(info, { status: ur.statusCode ?? 0, body: text });
          const out = rewritten ?? text;
          res.writeHead(ur.statusCode ?? 502, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(out) });
          res.end(out);
        });
      });
      up.on('error', () => res.destroy());
      up.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.stop = async () => {
    agent.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return proxy;
}
