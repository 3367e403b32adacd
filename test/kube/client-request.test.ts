// What KubeClient puts on the wire for one request: the path under the server URL's own path, the query, the body
// and its length in bytes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeClient } from '../../src/kube/client.js';

// Good enough for every read (a list's items, an object's metadata): answers are checked before they are used.
const ANSWER = { ok: true, metadata: { name: 'n' }, items: [] };

interface Seen { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }

async function recording(prefix: string, fn: (client: KubeClient, seen: Seen[]) => Promise<void>): Promise<void> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(ANSWER));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${prefix}`;
  const client = new KubeClient({ server: url, tls: { rejectUnauthorized: true }, headers: async () => ({ Authorization: 'Bearer t' }), timeoutMs: 5000, concurrency: 2, userAgent: 'test-agent' });
  try {
    await fn(client, seen);
  } finally {
    client.close();
    server.close();
  }
}

test('a request goes to the path under the server URL\'s path, with the defined query values encoded', async () => {
  await recording('/k8s/clusters/c-1/', async (client, seen) => {
    await client.list({ group: 'crd.projectcalico.org', version: 'v1', resource: 'ippools' }, { labelSelector: 'a in (x, y)', limit: 5, continue: undefined });
    await client.get({ group: '', version: 'v1', resource: 'nodes', name: 'node a/b' });
    assert.is(seen[0]!.url, '/k8s/clusters/c-1/apis/crd.projectcalico.org/v1/ippools?labelSelector=a+in+%28x%2C+y%29&limit=5');
    assert.is(seen[1]!.url, '/k8s/clusters/c-1/api/v1/nodes/node%20a%2Fb');
    assert.is(seen[1]!.headers.authorization, 'Bearer t');
    assert.is(seen[1]!.headers['user-agent'], 'test-agent');
  });
});

test('a body is sent as JSON with its length in bytes, not characters', async () => {
  await recording('', async (client, seen) => {
    const body = { metadata: { name: 'p', annotations: { note: 'Zürich → 東京' } } };
    assert.equal(await client.create({ group: 'crd.projectcalico.org', version: 'v1', resource: 'ippools' }, body), ANSWER);
    assert.is(seen[0]!.method, 'POST');
    assert.is(seen[0]!.headers['content-type'], 'application/json');
    assert.is(seen[0]!.headers['content-length'], String(Buffer.byteLength(JSON.stringify(body))));
    assert.equal(JSON.parse(seen[0]!.body), body);
  });
});

test.run();
