// verify end to end: statuses, field differences with -o wide, exit codes 0/1/3.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCluster, type Cluster } from '../cluster/index.js';
import { runCli } from '../support/cli.js';

async function migrated(fn: (c: Cluster, run: (...argv: string[]) => ReturnType<typeof runCli>) => Promise<void>): Promise<void> {
  const c = await startCluster({ scenario: 'calico-v2.4' });
  const run = (...argv: string[]) => runCli(['--kubeconfig', c.kubeconfigPath, ...argv]);
  try {
    assert.is((await run('migrate')).code, 0);
    await fn(c, run);
  } finally {
    await c.stop();
  }
}
const CR = (resource: string, name: string) => ({ group: 'crd.projectcalico.org', version: 'v1', resource, name });

test('before migrate: every object is missing, exit 1', async () => {
  const c = await startCluster({ scenario: 'calico-v2.4' });
  try {
    const r = await runCli(['--kubeconfig', c.kubeconfigPath, 'verify', '-o', 'json']);
    assert.is(r.code, 1);
    const data = JSON.parse(r.stdout);
    assert.is(data.summary.missing, 17, '16 objects + the IPv6 node peer key');
    assert.is(data.summary.match, 1, 'the IPv4 node peer keeps its key');
  } finally {
    await c.stop();
  }
});

test('after migrate: all match, exit 0; ignored objects do not count', () => migrated(async (_c, run) => {
  const r = await run('verify', '-o', 'json');
  assert.is(r.code, 0, r.stdout);
  const data = JSON.parse(r.stdout);
  assert.equal(data.summary, { match: 18, missing: 0, differs: 0, extra: 0, invalid: 0, ignored: 2 });
}));

test('a changed CR differs, with field differences under -o wide; an extra CR and an unreadable CR are reported', () => migrated(async (c, run) => {
  const peer = c.state.get(CR('bgppeers', '192-20-30-40'))!;
  c.state.update(CR('bgppeers', '192-20-30-40'), { ...peer, spec: { ...(peer.spec as object), asNumber: 65000 } });
  c.state.create({ group: 'crd.projectcalico.org', version: 'v1', resource: 'globalfelixconfigs' },
    { apiVersion: 'crd.projectcalico.org/v1', kind: 'GlobalFelixConfig', metadata: { name: 'extrakey' }, spec: { name: 'ExtraKey', value: '1' } });
  c.state.create({ group: 'crd.projectcalico.org', version: 'v1', resource: 'ippools' },
    { apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', metadata: { name: 'not-a-cidr' }, spec: { cidr: '10.9.0.0/16' } });
  const r = await run('verify', '-o', 'wide');
  assert.is(r.code, 1);
  assert.match(r.stdout, /BGPPeer\s+192-20-30-40\s+GlobalBgpPeer kube-system\/192-20-30-40\s+differs\s.*spec\.asNumber: want 64567, found 65000/);
  assert.match(r.stdout, /GlobalFelixConfig\s+extrakey\s+-\s+extra/);
  assert.match(r.stdout, /IPPool\s+not-a-cidr\s+-\s+invalid\s+.*does not encode a CIDR/);
  assert.match(r.stdout, /1 differ, 1 extra, 1 invalid/);
  // The migrate it suggests goes to the same cluster (the connection flags kept), not to the current context.
  assert.ok(r.stdout.includes(`Differences found: run "kubectl calico-migrate --kubeconfig ${c.kubeconfigPath} migrate"`), r.stdout);
}));

test('a deleted IPv6 node-peer annotation is missing', () => migrated(async (c, run) => {
  const ref = { group: '', version: 'v1', resource: 'nodes', name: 'k8s-node-2' };
  const node = c.state.get(ref)!;
  const annotations = { ...node.metadata.annotations };
  delete annotations['peer.bgp.projectcalico.org/00aa-00bb-0000-0000-0000-0000-0000-00ff'];
  c.state.update(ref, { ...node, metadata: { ...node.metadata, annotations } });
  const r = await run('verify', '-o', 'json');
  assert.is(r.code, 1);
  const row = JSON.parse(r.stdout).objects.find((o: { kind: string; status: string }) => o.kind === 'NodePeer' && o.status !== 'match');
  assert.is(row.status, 'missing');
  assert.is(row.name, 'k8s-node-2/peer.bgp.projectcalico.org/00aa-00bb-0000-0000-0000-0000-0000-00ff');
}));

test('verify --backup: the backup is the source; a missing backup directory is exit 3', () => migrated(async (_c, run) => {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'verify-')), 'b');
  assert.is((await run('backup', '-d', dir)).code, 0);
  const r = await run('verify', '--backup', dir);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /source: backup/);
  const missing = await run('verify', '--backup', `${dir}-nope`);
  assert.is(missing.code, 3);
  assert.match(missing.stderr, /manifest\.json is missing/);
}));

test.run();
