// Bounded memory: an answer larger than the cap is refused as soon as the cap is passed (not buffered whole), and an
// answer cut off again and again is not downloaded once per attempt: the failed attempts of one request may download
// the cap in all. The cap is shrunk here; the default is checked on its own.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeClient, MAX_BODY_BYTES } from '../../src/kube/client.js';
import { KubeError } from '../../src/kube/errors.js';
import { backoffPolicy } from '../../src/kube/retry.js';

const MiB = 1024 * 1024;
const NODES = { group: '', version: 'v1', resource: 'nodes' };

async function serving(handler: http.RequestListener, fn: (url: string, hits: () => number) => Promise<void>): Promise<void> {
  let hits = 0;
  const server = http.createServer((req, res) => { hits++; handler(req, res); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, () => hits);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

const client = (server: string, maxBodyBytes: number): KubeClient => new KubeClient({
  server, tls: { rejectUnauthorized: true }, headers: async () => ({}), timeoutMs: 10_000, concurrency: 2, userAgent: 't', maxBodyBytes,
  retry: backoffPolicy({ maxAttempts: 8, baseDelayMs: 1, maxDelayMs: 1, budgetMs: 10_000 }),
});

/** A list of `bytes` bytes, sent in 64 KiB pieces. */
function bigList(bytes: number): http.RequestListener {
  return (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    const piece = `{"metadata":{"name":"${'x'.repeat(64 * 1024 - 40)}"}},`;
    res.write('{"kind":"NodeList","items":[');
    for (let sent = 0; sent < bytes; sent += piece.length) res.write(piece);
    res.end('{"metadata":{"name":"last"}}]}');
  };
}

test('the default cap is 256 MiB: 16 times the Node list of a 5,000-Node cluster', () => {
  assert.is(MAX_BODY_BYTES, 256 * MiB);
});

for (const metadataOnly of [false, true]) {
  test(`an answer over the cap is refused once, as BadResponse naming the request${metadataOnly ? ' (a list scanned for metadata)' : ''}`, async () => {
    await serving(bigList(3 * MiB), async (url, hits) => {
      const c = client(url, 1 * MiB);
      const err = await (metadataOnly ? c.listMetadata(NODES) : c.list(NODES)).then(() => undefined, (e: unknown) => e);
      c.close();
      assert.instance(err, KubeError);
      assert.is((err as KubeError).reason, 'BadResponse');
      assert.match((err as KubeError).message, 'the answer to GET /api/v1/nodes is larger than 1 MiB; stopped reading it');
      assert.is(hits(), 1, 'not retried');
    });
  });
}

test('an answer cut off mid-body again and again: retried only while the attempts have downloaded less than the cap', async () => {
  // 600 KiB of a 2 MiB answer, then the connection is reset: the second attempt brings the total over 1 MiB.
  await serving((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(2 * MiB) });
    res.write(`{"items":[${' '.repeat(600 * 1024)}`, () => res.socket?.destroy());
  }, async (url, hits) => {
    const c = client(url, 1 * MiB);
    const err = await c.list(NODES).then(() => undefined, (e: unknown) => e);
    c.close();
    assert.instance(err, KubeError);
    assert.is((err as KubeError).reason, 'Connection');
    assert.match((err as KubeError).message, /gave up after 2 attempts/);
    assert.is(hits(), 2, 'two attempts, not eight');
  });
});

test.run();
