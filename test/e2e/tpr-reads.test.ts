// Reading Calico's TPR data: the definitions and every kind's objects go out together (one round trip, not two, which
// on a far-away API server is the slowest step of every verb that reads them), and a kind that turns out not to be
// defined is dropped whatever its list answered.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readTprSource } from '../../src/cluster/tprs.js';
import { clientFor } from '../support/client.js';
import { startCluster } from '../cluster/index.js';

const TPR_DEFS = '/apis/extensions/v1beta1/thirdpartyresources';
const isTprList = (path: string) => /^\/apis\/(alpha\.)?projectcalico\.org\/v1\//.test(path);

test('every Calico kind is listed while the definitions are still on their way', async () => {
  const c = await startCluster({ scenario: 'calico-v2.4' });
  try {
    const arrivals: Array<{ path: string; at: number }> = [];
    // The definitions are answered 300 ms late: lists that waited for them would arrive after that.
    c.setFaults({ latencyMs: 300, only: (req) => { arrivals.push({ path: req.path, at: performance.now() }); return req.path === TPR_DEFS; } });
    const client = await clientFor(c);
    const source = await readTprSource(client);
    client.close();
    const defs = arrivals.find((a) => a.path === TPR_DEFS)!;
    const lists = arrivals.filter((a) => isTprList(a.path));
    assert.is(lists.length, 5, 'one LIST per Calico kind');
    for (const l of lists) assert.ok(l.at < defs.at + 250, `${l.path} was sent without waiting for the definitions`);
    assert.ok(source && source.objects.IpPool.length > 0 && source.objects.GlobalBgpPeer.length > 0, 'the data was read');
  } finally {
    await c.stop();
  }
});

test('a kind without a definition holds nothing, although its list was sent', async () => {
  const c = await startCluster({ scenario: 'calico-v2.4' });
  try {
    c.state.delete({ group: 'extensions', version: 'v1beta1', resource: 'thirdpartyresources', name: 'global-bgp-peer.projectcalico.org' });
    const client = await clientFor(c);
    const source = await readTprSource(client);
    client.close();
    assert.equal(source!.objects.GlobalBgpPeer, []);
    assert.not.ok(source!.definitions.some((d) => d.metadata.name === 'global-bgp-peer.projectcalico.org'));
    assert.ok(source!.objects.IpPool.length > 0, 'the other kinds are read');
    assert.ok(c.requests.some((r) => r.path.endsWith('/globalbgppeers') && r.status === 404), 'the undefined kind\'s list was answered 404 and dropped');
  } finally {
    await c.stop();
  }
});

test.run();
