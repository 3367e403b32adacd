// backup end to end: contents, permissions, checksums, the official views, refusals, and no write to the cluster.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as yaml from 'js-yaml';
import { startCluster, type Cluster } from '../cluster/index.js';
import { runCli } from '../support/cli.js';
import { skip } from '../support/skip.js';
import { mountTmpfs, unmount } from '../support/tmpfs.js';
import { findKubectls, runKubectl } from '../support/kubectl.js';
import { nonReviewWrites } from '../support/state.js';
import { loadBackup } from '../../src/backup/read.js';

let cluster: Cluster;
let work: string;
const k = (): string[] => ['--kubeconfig', cluster.kubeconfigPath];

test.before(async () => {
  cluster = await startCluster({ scenario: 'calico-v2.4' });
  work = mkdtempSync(path.join(tmpdir(), 'backup-test-'));
});
test.after(async () => { await cluster.stop(); });

test('a backup holds every Calico TPR object, Node annotations and the ClusterRole; 0700/0600; sha256 per file', async () => {
  const dir = path.join(work, 'b1');
  const r = await runCli([...k(), 'backup', '-d', dir, '-o', 'json']);
  assert.is(r.code, 0, r.stderr);
  assert.is(statSync(dir).mode & 0o777, 0o700);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  assert.is(manifest.format, 'calico-migrate-backup/v1');
  assert.equal(manifest.counts, { ThirdPartyResource: 5, GlobalConfig: 7, IpPool: 4, GlobalBgpConfig: 3, GlobalBgpPeer: 3, SystemNetworkPolicy: 1, NodeAnnotations: 4, ClusterRole: 1 });
  assert.is(manifest.cluster.kubernetesVersion, 'v1.7.16');
  assert.is(manifest.cluster.calicoVersion, 'v2.4.1');
  assert.is(manifest.cluster.clusterGUID, '7f3c9a2e4b1d4e8f9a6c5b3d2e1f0a9b');
  assert.is(manifest.cluster.context, 'admin');
  const listed = manifest.files.map((f: { path: string }) => f.path).sort();
  assert.equal(listed, ['bgppeer.yaml', 'ippool.yaml', 'tpr-bgpconfig.yaml', 'tpr-felixconfig.yaml', 'tpr/clusterroles.json', 'tpr/globalbgpconfigs.projectcalico.org.json',
    'tpr/globalbgppeers.projectcalico.org.json', 'tpr/globalconfigs.projectcalico.org.json', 'tpr/ippools.projectcalico.org.json', 'tpr/node-annotations.json',
    'tpr/systemnetworkpolicies.alpha.projectcalico.org.json', 'tpr/thirdpartyresources.json']);
  for (const f of manifest.files) {
    const bytes = readFileSync(path.join(dir, f.path));
    assert.is(createHash('sha256').update(bytes).digest('hex'), f.sha256, f.path);
    assert.is(bytes.length, f.size);
    assert.is(statSync(path.join(dir, f.path)).mode & 0o777, 0o600, f.path);
  }
  assert.equal(readdirSync(dir).filter((n) => n.startsWith('.')), [], 'no temporary files left');
  const content = await loadBackup(dir);
  const live = cluster.state.list({ group: 'projectcalico.org', version: 'v1', resource: 'globalbgppeers' });
  assert.equal(content.objects.GlobalBgpPeer.map((o) => o.spec), live.map((o) => o.spec));
  assert.equal(content.rbac.roles.map((role) => role.metadata.name), ['calico-node']);
  assert.equal(content.rbac.daemonSet, { namespace: 'kube-system', name: 'calico-node', serviceAccount: 'calico-node' });
  assert.ok(content.nodes.find((n) => n.node === 'k8s-node-2')?.annotations['peer.bgp.projectcalico.org/aa-bb--ff']);
  const text = readFileSync(path.join(dir, 'tpr/clusterroles.json'), 'utf8') + readFileSync(path.join(dir, 'manifest.json'), 'utf8');
  assert.not.match(text, cluster.users.admin!.token, 'no credential in the backup');
  assert.equal(nonReviewWrites(cluster), [], 'backup never writes to the cluster');
});

test('ippool.yaml and bgppeer.yaml are what calicoctl v1.4 prints (v1 API sequences, node peers included)', async () => {
  const dir = path.join(work, 'b2');
  assert.is((await runCli([...k(), 'backup', '-d', dir])).code, 0);
  const pools = yaml.load(readFileSync(path.join(dir, 'ippool.yaml'), 'utf8'));
  assert.equal(pools, [
    { apiVersion: 'v1', kind: 'ipPool', metadata: { cidr: '10.65.0.0/16' }, spec: { ipip: { enabled: true, mode: 'cross-subnet' }, 'nat-outgoing': true } },
    { apiVersion: 'v1', kind: 'ipPool', metadata: { cidr: '172.16.0.0/24' }, spec: { disabled: true } },
    { apiVersion: 'v1', kind: 'ipPool', metadata: { cidr: '192.168.0.0/16' }, spec: { ipip: { enabled: true, mode: 'always' }, 'nat-outgoing': true } },
    { apiVersion: 'v1', kind: 'ipPool', metadata: { cidr: 'fd80:24e2:f998:72d6::/64' }, spec: {} },
  ]);
  const peers = yaml.load(readFileSync(path.join(dir, 'bgppeer.yaml'), 'utf8')) as Array<{ metadata: Record<string, string>; spec: { asNumber: number } }>;
  assert.equal(peers.map((p) => [p.metadata.scope, p.metadata.node ?? '', p.metadata.peerIP, p.spec.asNumber]), [
    ['global', '', '192.20.30.40', 64567], ['global', '', '2001:db8::1', 64568], ['global', '', '2001:db8:1::', 64569],
    ['node', 'k8s-node-1', '10.240.0.254', 64514], ['node', 'k8s-node-2', 'aa:bb::ff', 64514],
  ]);
});

const kubectl = findKubectls()[0];
test('tpr-felixconfig.yaml and tpr-bgpconfig.yaml equal, item for item, what real kubectl prints', async () => {
  if (!kubectl) { console.log('  (skipped: no kubectl on this machine)'); return; }
  const dir = path.join(work, 'b3');
  assert.is((await runCli([...k(), 'backup', '-d', dir])).code, 0);
  for (const [file, kind] of [['tpr-felixconfig.yaml', 'globalconfig'], ['tpr-bgpconfig.yaml', 'globalbgpconfig']] as const) {
    const real = await runKubectl(kubectl, ['get', kind, '--all-namespaces', '-o', 'yaml'], { kubeconfig: cluster.kubeconfigPath });
    assert.is(real.code, 0, real.stderr);
    const theirs = yaml.load(real.stdout) as { kind: string; items: unknown[] };
    const ours = yaml.load(readFileSync(path.join(dir, file), 'utf8')) as { kind: string; items: unknown[] };
    assert.is(ours.kind, 'List');
    assert.is(ours.items.length, theirs.items.length, file);
    ours.items.forEach((item, i) => assert.equal(item, theirs.items[i], `${file} item ${i}`));
  }
});

test('refuses a non-empty directory (exit 2) unless --force, which moves what it held aside', async () => {
  const dir = path.join(work, 'full');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'notes.txt'), 'mine');
  const r = await runCli([...k(), 'backup', '-d', dir]);
  assert.is(r.code, 2);
  assert.match(r.stderr, /is not empty/);
  assert.is(readFileSync(path.join(dir, 'notes.txt'), 'utf8'), 'mine');
  assert.is((await runCli([...k(), 'backup', '-d', dir, '--force'])).code, 0);
  assert.ok(existsSync(path.join(dir, 'manifest.json')));
  const aside = readdirSync(work).find((n) => n.startsWith('full.replaced-'));
  assert.is(aside && readFileSync(path.join(work, aside, 'notes.txt'), 'utf8'), 'mine', 'never deleted');
});

test('a path that is a file, or under a file → exit 3, nothing written', async () => {
  const file = path.join(work, 'a-file');
  writeFileSync(file, 'x');
  for (const dir of [file, path.join(file, 'sub')]) {
    const r = await runCli([...k(), 'backup', '-d', dir]);
    assert.is(r.code, 3, dir);
    assert.match(r.stderr, /not a directory/);
    assert.not.match(r.stderr, /\n\s+at /);
  }
});


test('a read-only file system → exit 3, a disk that fills up → exit 3 and no file that looks complete', async () => {
  const ro = mountTmpfs('ro,size=1m');
  const small = mountTmpfs('size=12k');
  if (!ro || !small) return skip('read-only and full file systems: cannot mount a tmpfs here (needs root)');
  try {
    const r1 = await runCli([...k(), 'backup', '-d', path.join(ro, 'b')]);
    assert.is(r1.code, 3);
    assert.match(r1.stderr, /read-only file system/);
    const target = path.join(small, 'b');
    const r2 = await runCli([...k(), 'backup', '-d', target]);
    assert.is(r2.code, 3);
    assert.match(r2.stderr, /no space left on the device/);
    assert.ok(!existsSync(path.join(target, 'manifest.json')), 'no manifest: nothing looks complete');
    const v = await runCli([...k(), 'verify', '--backup', target]);
    assert.is(v.code, 3, 'a partial backup never verifies');
  } finally {
    unmount(ro);
    unmount(small);
  }
});

test('a tampered or truncated backup fails verification (exit 3) before anything is read from it', async () => {
  const dir = path.join(work, 'b4');
  assert.is((await runCli([...k(), 'backup', '-d', dir])).code, 0);
  const file = path.join(dir, 'tpr/ippools.projectcalico.org.json');
  const original = readFileSync(file, 'utf8');
  writeFileSync(file, original.replace('192.168.0.0/16', '192.168.0.0/17'));
  const r = await runCli([...k(), 'verify', '--backup', dir]);
  assert.is(r.code, 3);
  assert.match(r.stderr, /does not match its checksum/);
  writeFileSync(file, original.slice(0, 100));
  assert.match((await runCli([...k(), 'verify', '--backup', dir])).stderr, /truncated or modified/);
});

test('Kubernetes 1.8: no TPR API → backup refused (exit 2) with the way out', async () => {
  const broken = await startCluster({ scenario: 'k8s-1.8-broken' });
  try {
    const r = await runCli(['--kubeconfig', broken.kubeconfigPath, 'backup', '-d', path.join(work, 'b18')]);
    assert.is(r.code, 2);
    assert.match(r.stderr, /no ThirdPartyResource API/);
    assert.ok(!existsSync(path.join(work, 'b18')));
  } finally {
    await broken.stop();
  }
});

test.run();
