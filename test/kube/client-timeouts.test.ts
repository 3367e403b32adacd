// A server that accepts the TCP connection and never answers the TLS ClientHello fails after the TLS handshake
// timeout (kubectl's 10 s), even with no request timeout (--request-timeout 0, the default); an interruption cuts
// off a request in flight at once. The timeout is shortened here so the test does not wait 10 s.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import net from 'node:net';
import { KubeClient, TLS_HANDSHAKE_TIMEOUT_MS } from '../../src/kube/client.js';
import { KubeError } from '../../src/kube/errors.js';
import { InterruptedError } from '../../src/errors.js';

async function silentServer(fn: (url: string) => Promise<void>): Promise<void> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => { sockets.add(s); });   // accepts, reads the ClientHello, never answers
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await fn(`https://127.0.0.1:${(server.address() as net.AddressInfo).port}`);
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}

const client = (server: string, extra: Partial<ConstructorParameters<typeof KubeClient>[0]> = {}): KubeClient =>
  new KubeClient({ server, tls: { rejectUnauthorized: false }, headers: async () => ({}), timeoutMs: 0, concurrency: 2, userAgent: 't', ...extra });

test('the TLS handshake timeout is kubectl\'s 10 s by default', () => {
  assert.is(TLS_HANDSHAKE_TIMEOUT_MS, 10_000);
});

test('a TLS handshake that never completes fails after the handshake timeout, with no request timeout', async () => {
  await silentServer(async (url) => {
    const c = client(url, { tlsHandshakeTimeoutMs: 300 });
    const started = Date.now();
    const err = await c.get({ group: '', version: 'v1', resource: 'nodes', name: 'n' }).then(() => undefined, (e: unknown) => e);
    const took = Date.now() - started;
    c.close();
    assert.instance(err, KubeError);
    assert.is((err as KubeError).reason, 'Timeout');
    assert.match((err as KubeError).message, /Unable to connect to the server https:\/\/127\.0\.0\.1:\d+: TLS handshake timeout \(no answer within 0\.3 s\) \(get nodes "n"\)/);
    assert.ok(took >= 250 && took < 5000, `failed after ${took} ms`);
  });
});

test('an interruption cuts off a request in flight at once and is what it throws', async () => {
  await silentServer(async (url) => {
    const controller = new AbortController();
    const c = client(url, { signal: controller.signal });
    const pending = c.get({ group: '', version: 'v1', resource: 'nodes', name: 'n' }).then(() => undefined, (e: unknown) => e);
    setTimeout(() => controller.abort(new InterruptedError('SIGINT')), 100);
    const started = Date.now();
    const err = await pending;
    c.close();
    assert.instance(err, InterruptedError);
    assert.ok(Date.now() - started < 2000);
  });
});

test.run();
