import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startCluster } from './index.js';
import { call } from './test-client.js';

const NS = { group: '', version: 'v1', resource: 'namespaces' };
const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

test('a second writer acts before the matching request is handled, the chosen number of times, then stops', async () => {
  const c = await startCluster({ scenario: 'empty-1.7' });
  try {
    let n = 0;
    const w = c.onRequest({ method: 'GET', path: '/api/v1/namespaces', skip: 1, times: 2 }, (store) => { store.create(NS, ns(`sw-${++n}`)); });
    const names = async () => ((await call(c, 'GET', '/api/v1/namespaces')).json.items as Array<{ metadata: { name: string } }>).map((i) => i.metadata.name);
    assert.not.ok((await names()).includes('sw-1'), 'the first matching request is skipped');
    assert.ok((await names()).includes('sw-1'), 'the object exists in the answer to the request that triggered it');
    assert.ok((await names()).includes('sw-2'));
    await names();
    assert.is(w.fired, 2, 'acts exactly `times` times');
    assert.is(n, 2);
    assert.is((await call(c, 'GET', '/api/v1/nodes')).status, 200, 'other requests do not trigger it');
    assert.is(w.fired, 2);
  } finally {
    await c.stop();
  }
});

test('phase "after": the request is answered as it was, the change lands right behind it', async () => {
  const c = await startCluster({ scenario: 'empty-1.7' });
  try {
    const w = c.onRequest({ method: 'GET', path: /^\/api\/v1\/namespaces$/, phase: 'after' }, (store) => { store.create(NS, ns('late')); });
    const first = (await call(c, 'GET', '/api/v1/namespaces')).json.items as Array<{ metadata: { name: string } }>;
    assert.not.ok(first.some((i) => i.metadata.name === 'late'), 'the list was taken before the second writer acted');
    assert.ok(c.state.get({ ...NS, name: 'late' }), 'and the object exists right after');
    w.remove();
    c.onRequest({ method: 'POST', where: (r) => r.path.endsWith('/namespaces') }, (store) => { store.create(NS, ns('raced')); });
    assert.is((await call(c, 'POST', '/api/v1/namespaces', { body: ns('raced') })).status, 409, 'a create that loses the race is answered AlreadyExists');
  } finally {
    await c.stop();
  }
});

test.run();
