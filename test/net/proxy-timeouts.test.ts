// Through a proxy, kubectl's dial and TLS handshake bounds still hold with no request timeout (--request-timeout 0,
// the default): a proxy that accepts and never answers CONNECT, and a server behind a real proxy that never answers
// the TLS ClientHello, both fail instead of hanging. The bounds are shortened here so the tests do not wait 30 s / 10 s.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import net from 'node:net';
import { agentFactory } from '../../src/kube/agent.js';
import { KubeClient } from '../../src/kube/client.js';
import { KubeError } from '../../src/kube/errors.js';
import { proxyFor } from '../../src/kube/proxy.js';
import { startTinyproxy } from '../support/proxies.js';

/** A TCP server that accepts and never says anything. */
async function silentServer(): Promise<{ port: number; stop(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => { sockets.add(s); s.on('error', () => undefined); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function getThrough(server: string, proxyUrl: string, extra: Partial<ConstructorParameters<typeof KubeClient>[0]>): Promise<{ err: unknown; ms: number }> {
  const proxy = proxyFor(server, proxyUrl, {});
  const client = new KubeClient({
    server, tls: { rejectUnauthorized: false }, headers: async () => ({}), timeoutMs: 0, concurrency: 2, userAgent: 't',
    agent: await agentFactory(new URL(server), proxy), proxy: `the proxy ${proxyUrl}`, ...extra,
  });
  const started = Date.now();
  // A hang is a failure of the test, not a test that never ends.
  const err = await Promise.race([
    client.get({ group: '', version: 'v1', resource: 'nodes', name: 'n' }).then(() => undefined, (e: unknown) => e),
    new Promise((resolve) => setTimeout(() => resolve('still waiting after 8 s'), 8_000)),
  ]);
  client.close();
  return { err, ms: Date.now() - started };
}

test('a proxy that accepts and never answers CONNECT fails after the dial timeout', async () => {
  const mute = await silentServer();
  try {
    const { err, ms } = await getThrough('https://10.0.0.1:6443', `http://127.0.0.1:${mute.port}`, { connectTimeoutMs: 300 });
    assert.instance(err, KubeError, String(err));
    assert.is((err as KubeError).reason, 'Timeout');
    assert.match((err as KubeError).message, /Unable to connect to the server https:\/\/10\.0\.0\.1:6443 through the proxy http:\/\/127\.0\.0\.1:\d+: request timed out/);
    assert.ok(ms >= 250 && ms < 5000, `failed after ${ms} ms`);
  } finally {
    await mute.stop();
  }
});

test('a server behind a real proxy that never answers the TLS handshake fails after the handshake timeout', async () => {
  const [mute, proxy] = await Promise.all([silentServer(), startTinyproxy()]);
  try {
    const { err, ms } = await getThrough(`https://0.0.0.0:${mute.port}`, proxy.url, { tlsHandshakeTimeoutMs: 300 });
    assert.instance(err, KubeError, String(err));
    assert.is((err as KubeError).reason, 'Timeout');
    assert.equal(proxy.targets(), [`0.0.0.0:${mute.port}`], 'the tunnel was opened');
    assert.ok(ms >= 250 && ms < 5000, `failed after ${ms} ms`);
  } finally {
    await Promise.all([mute.stop(), proxy.stop()]);
  }
});

test.run();
