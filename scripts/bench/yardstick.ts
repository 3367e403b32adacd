// The yardstick behind the benchmark's floor: a bare keep-alive HTTPS client (node:https, one Agent with keep-alive
// and as many sockets as the concurrency) sending a recorded request mix to the simulated server as fast as that
// concurrency allows, with nothing between the requests: no planning, no dependencies between them, no parsing
// beyond draining each answer. What it reaches is what the server and the machine give any client at that concurrency.
// Usage: yardstick.ts PLAN.json → prints {"ms": N, "requests": N, "statuses": {...}} (ms: first request sent to last answer).
import { readFileSync } from 'node:fs';
import https from 'node:https';

export interface YardstickRequest { method: string; path: string; body?: string; contentType?: string }
export interface YardstickPlan { url: string; ca: string; token: string; concurrency: number; requests: YardstickRequest[] }

// No top-level await: the bench bundles this as CommonJS, as the CLI is.
async function main(): Promise<void> {
  const plan = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as YardstickPlan;
  const base = new URL(plan.url);
  const agent = new https.Agent({ keepAlive: true, maxSockets: plan.concurrency, ca: plan.ca });
  const statuses: Record<string, number> = {};
  const send = (r: YardstickRequest): Promise<void> => new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${plan.token}`, 'User-Agent': 'calico-bench-yardstick' };
    if (r.body !== undefined) {
      headers['Content-Type'] = r.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(r.body));
    }
    const req = https.request({ hostname: base.hostname, port: base.port, path: r.path, method: r.method, headers, agent }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => {
        statuses[String(res.statusCode)] = (statuses[String(res.statusCode)] ?? 0) + 1;
        resolve();
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(r.body);
  });
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(plan.concurrency, plan.requests.length) }, async () => {
    while (next < plan.requests.length) await send(plan.requests[next++]!);
  }));
  const ms = Math.round(performance.now() - started);
  agent.destroy();
  process.stdout.write(`${JSON.stringify({ ms, requests: plan.requests.length, statuses })}\n`);
}

void main();
