// KubeClient's TLS: one SecureContext for all its connections (the CA and the client key pair parsed once, not on every
// new connection), and the server still verified and the client certificate still presented on each of them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import tls from 'node:tls';
import { connect } from '../../src/kube/connection.js';
import { withCluster } from '../support/harness.js';

const PKI = path.join(import.meta.dirname, '../cluster/pki');
const NODES = { group: '', version: 'v1', resource: 'nodes' };

/** Counts the SecureContexts made while `fn` runs (tls.connect makes one per connection unless it is given one). */
async function contextsMadeDuring(fn: () => Promise<void>): Promise<number> {
  const original = tls.createSecureContext;
  let made = 0;
  tls.createSecureContext = (options) => { made++; return original(options); };
  try {
    await fn();
  } finally {
    tls.createSecureContext = original;
  }
  return made;
}

for (const context of ['admin', 'admin-cert']) {
  test(`context ${context}: 8 connections share one SecureContext, and each is verified and authenticated`, () => withCluster({ scenario: 'calico-v2.4', faults: { latencyMs: 30 } }, async (c) => {
    const from = c.requests.length;
    const conn = await connect({
      flags: { kubeconfig: c.kubeconfigPath, context }, env: {}, namespace: 'kube-system', timeoutMs: 10_000, concurrency: 8, userAgent: 'test',
    });
    // 30 ms per answer and 8 at once: the agent opens 8 connections.
    const made = await contextsMadeDuring(async () => {
      await Promise.all(Array.from({ length: 8 }, () => conn.client.list(NODES)));
    });
    conn.close();
    assert.is(made, 0, 'no SecureContext per connection: the client made its one up front');
    const seen = c.requests.slice(from).filter((r) => r.path === '/api/v1/nodes');
    assert.is(seen.length, 8);
    assert.ok(seen.every((r) => r.status === 200 && r.user === (context === 'admin' ? 'admin' : 'test-admin')), JSON.stringify(seen.map((r) => [r.status, r.user])));
  }));
}

test('a server certificate the CA did not sign is still refused with the shared context', () => withCluster({ scenario: 'calico-v2.4' }, async (c) => {
  // A CA that did not sign the server's certificate (the client certificate, which is no CA at all).
  const conn = await connect({
    flags: { kubeconfig: c.kubeconfigPath, certificateAuthority: path.join(PKI, 'client-admin.crt') }, env: {}, namespace: 'kube-system', timeoutMs: 10_000, concurrency: 2, userAgent: 'test',
  });
  const err = await conn.client.list(NODES).then(() => undefined, (e: Error) => e);
  conn.close();
  assert.ok(err, 'the request must fail');
  assert.match(err!.message, /certificate/i);
  assert.is(c.requests.filter((r) => r.path === '/api/v1/nodes').length, 0, 'nothing reached the server');
}));

test.run();
