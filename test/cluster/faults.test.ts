import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Faults } from './faults.js';
import { startCluster } from './index.js';
import { call } from './test-client.js';

test('fault plans are reproducible from the seed and off by default', () => {
  const opts = { seed: 7, errorRate: 0.3, latencyMs: { min: 5, max: 50 }, resetRate: 0.1 };
  const a = new Faults(opts), b = new Faults(opts);
  const plans = (f: Faults) => Array.from({ length: 50 }, (_, i) => JSON.stringify(f.plan(i % 3 ? 'GET' : 'POST', '/x')));
  assert.equal(plans(a), plans(b));
  const errors = plans(new Faults(opts)).filter((p) => p.includes('errorCode')).length;
  assert.ok(errors > 5 && errors < 30, `about 30% errors, got ${errors}/50`);
  assert.ok(plans(new Faults({})).every((p) => !p.includes('errorCode') && p.includes('"delayMs":0')));
});

test('429 with Retry-After, failNthWrite not applied, failNthWriteAfterApply applied then reset, `only` filter, latency', async () => {
  const c = await startCluster({ scenario: 'empty-1.7' });
  try {
    const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    c.setFaults({ errorRate: 1, errorCodes: [429], retryAfterSeconds: 3, only: (r) => r.path === '/api/v1/nodes' });
    const limited = await call(c, 'GET', '/api/v1/nodes');
    assert.is(limited.status, 429);
    assert.is(limited.headers['retry-after'], '3');
    assert.is(limited.json.reason, 'TooManyRequests');
    assert.is((await call(c, 'GET', '/api/v1/namespaces')).status, 200, 'only matching requests are faulted');

    c.setFaults({ failNthWrite: 2, failNthWriteAfterApply: 3 });
    assert.is((await call(c, 'POST', '/api/v1/namespaces', { body: ns('one') })).status, 201);
    assert.is((await call(c, 'POST', '/api/v1/namespaces', { body: ns('two') })).status, 500);
    assert.is(c.state.get({ group: '', version: 'v1', resource: 'namespaces', name: 'two' }), undefined, 'failed write not applied');
    const reset = await call(c, 'POST', '/api/v1/namespaces', { body: ns('three') }).then(() => 'answered', (e) => (e as NodeJS.ErrnoException).code);
    assert.is(reset, 'ECONNRESET');
    assert.ok(c.state.get({ group: '', version: 'v1', resource: 'namespaces', name: 'three' }), 'ambiguous failure: the write was applied');

    c.setFaults({ resetRate: 1 });
    const mid = await call(c, 'GET', '/api/v1/namespaces').then((r) => `answered ${r.status}`, (e) => (e as NodeJS.ErrnoException).code ?? (e as Error).message);
    assert.ok(!mid.startsWith('answered'), `the response was cut mid-body (${mid})`);

    c.setFaults({ latencyMs: 150 });
    const t0 = Date.now();
    const replies = await Promise.all([1, 2, 3, 4].map(() => call(c, 'GET', '/version')));
    const elapsed = Date.now() - t0;
    assert.ok(replies.every((r) => r.status === 200));
    assert.ok(elapsed >= 140 && elapsed < 450, `latency delays without blocking other requests (${elapsed} ms)`);
    c.setFaults(null);
    assert.ok(c.requests.some((r) => r.fault === 'error 429'));
  } finally { await c.stop(); }
});

test.run();
