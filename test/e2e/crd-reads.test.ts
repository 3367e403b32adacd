// Reading which Calico CRDs exist: the CRD list goes out with the discovery request that says which apiextensions
// version to list (one round trip, not two, wherever TPRs still exist), and is listed again only on a server that
// turns out to serve v1 alone.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { discoverCalicoCrds } from '../../src/cluster/crds.js';
import { clientFor } from '../support/client.js';
import { startCluster } from '../cluster/index.js';

const CRDS = (version: string) => `/apis/apiextensions.k8s.io/${version}/customresourcedefinitions`;

test('1.7: the CRD list is sent while discovery is still on its way, and its answer is used', async () => {
  const c = await startCluster({ scenario: 'calico-v2.5-migrated' });
  try {
    const arrivals: Array<{ path: string; at: number }> = [];
    // Discovery is answered 300 ms late: a list that waited for it would arrive after that.
    c.setFaults({ latencyMs: 300, only: (req) => { arrivals.push({ path: req.path, at: performance.now() }); return req.path === '/apis'; } });
    const client = await clientFor(c);
    const { version, crds } = await discoverCalicoCrds(client);
    client.close();
    assert.is(version, 'v1beta1');
    assert.equal([...crds.keys()].sort(), ['BGPPeer', 'GlobalBGPConfig', 'GlobalFelixConfig', 'GlobalNetworkPolicy', 'IPPool']);
    const discovery = arrivals.find((a) => a.path === '/apis')!;
    const lists = arrivals.filter((a) => a.path.startsWith('/apis/apiextensions.k8s.io/'));
    assert.equal(lists.map((l) => l.path), [CRDS('v1beta1')], 'one CRD list');
    assert.ok(lists[0]!.at < discovery.at + 250, 'the list was sent without waiting for discovery');
  } finally {
    await c.stop();
  }
});

test('a server that serves only apiextensions v1: the v1beta1 guess is answered 404 and dropped, v1 is listed', async () => {
  const c = await startCluster({ scenario: 'empty-1.7', mode: 'modern' });
  try {
    const client = await clientFor(c);
    const { version, crds } = await discoverCalicoCrds(client);
    client.close();
    assert.is(version, 'v1');
    assert.is(crds.size, 0);
    const lists = c.requests.filter((r) => r.path.startsWith('/apis/apiextensions.k8s.io/')).map((r) => `${r.path} ${r.status}`);
    assert.equal(lists.sort(), [`${CRDS('v1')} 200`, `${CRDS('v1beta1')} 404`]);
  } finally {
    await c.stop();
  }
});

test('1.6, no CRD API: no version and no CRDs, whatever the guess was answered', async () => {
  const c = await startCluster({ scenario: 'calico-v2.4', mode: '1.6' });
  try {
    const client = await clientFor(c);
    const { version, crds } = await discoverCalicoCrds(client);
    client.close();
    assert.is(version, undefined);
    assert.is(crds.size, 0);
    assert.ok(c.requests.some((r) => r.path === CRDS('v1beta1') && r.status === 404));
  } finally {
    await c.stop();
  }
});

test.run();
