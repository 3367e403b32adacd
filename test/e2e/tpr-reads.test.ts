// Reading Calico's TPR data: the definitions and every kind's objects go out together (one round trip, not two, which
// on a far-away API server is the slowest step of every verb that reads them), and a kind that turns out not to be
// defined is dropped whatever its list answered; a defined kind whose data endpoint answers 404 (1.7 after an API
// server restart) is asked again, then an error: never read as empty.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readTprSource } from '../../src/cluster/tprs.js';
import { clientFor } from '../support/client.js';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCluster } from '../cluster/index.js';
import { runCli } from '../support/cli.js';
import { loadBackup } from '../../src/backup/read.js';

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

const IPPOOL_DATA = '/apis/projectcalico.org/v1/ippools';
/** The IpPool data endpoint answers 404 to its first `times` lists, its TPR still defined. */
const notServedFor = (times: number) => {
  let n = 0;
  return { errorRate: 1, errorCodes: [404 as const], only: (req: { method: string; path: string }) => req.method === 'GET' && req.path === IPPOOL_DATA && n++ < times };
};

test('a defined TPR whose data answers 404 twice, then serves: the backup waits for it and holds every object', async () => {
  const c = await startCluster({ scenario: 'calico-v2.4' });
  try {
    c.setFaults(notServedFor(2));
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'tpr-404-')), 'b');
    const r = await runCli(['--kubeconfig', c.kubeconfigPath, 'backup', '-d', dir]);
    assert.is(r.code, 0, r.stderr);
    assert.equal(c.requests.filter((q) => q.path === IPPOOL_DATA).map((q) => q.status), [404, 404, 200]);
    const backup = await loadBackup(dir);
    assert.is(backup.objects.IpPool.length, 4, 'all four pools, not none');
    assert.is(backup.manifest.counts.IpPool, 4);
  } finally {
    await c.stop();
  }
});

test('a defined TPR whose data keeps answering 404: an error (exit 3) after a few seconds, no backup that verifies', async () => {
  const c = await startCluster({ scenario: 'calico-v2.4' });
  try {
    c.setFaults(notServedFor(Infinity));
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'tpr-404-')), 'b');
    const started = Date.now();
    const r = await runCli(['--kubeconfig', c.kubeconfigPath, 'backup', '-d', dir]);
    const ms = Date.now() - started;
    assert.is(r.code, 3, r.stderr);
    assert.match(r.stderr, /^error: the ThirdPartyResource ip-pool\.projectcalico\.org is defined but its data is not served \(HTTP 404 to list ippools\.projectcalico\.org, for 4\.0 s\)\nKubernetes 1\.7 does this for a while after an API server restart: wait a minute and re-run the same command\.\n$/);
    assert.ok(ms > 2_000 && ms < 20_000, `${ms} ms`);
    const tries = c.requests.filter((q) => q.path === IPPOOL_DATA).length;
    assert.ok(tries >= 4 && tries <= 8, `${tries} lists, with backoff`);
    assert.not.ok(existsSync(dir), 'nothing was written');
    const m = await runCli(['--kubeconfig', c.kubeconfigPath, 'migrate', '--dry-run']);
    assert.is(m.code, 3, 'migrate reads the same way');
  } finally {
    await c.stop();
  }
});

test.run();
