// Bad input, part 2: backups that must not be trusted — corrupted, truncated, a manifest that lies, another
// cluster's, and malicious ones (paths with "..", symlinks, a huge file, a YAML bomb, objects of the wrong kind). Each
// is refused before anything is written (the request log shows no write), with a plain message and no stack trace.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCluster, type Cluster } from '../cluster/index.js';
import { runCli } from '../support/cli.js';
import { acceptedWrites, assertNoStack, newTally } from './support.js';

const tally = newTally('bad input: backups');
const POOLS = 'tpr/ippools.projectcalico.org.json';
let cluster: Cluster;
let work: string;
let pristine: string;

test.before(async () => {
  cluster = await startCluster({ scenario: 'calico-v2.4' });
  work = mkdtempSync(path.join(tmpdir(), 'bad-backup-'));
  pristine = path.join(work, 'pristine');
  const r = await runCli(['--kubeconfig', cluster.kubeconfigPath, 'backup', '-d', pristine]);
  assert.is(r.code, 0, r.stderr);
});
test.after(async () => {
  await cluster.stop();
});

let copies = 0;
function copy(): string {
  const dir = path.join(work, `copy-${++copies}`);
  cpSync(pristine, dir, { recursive: true });
  return dir;
}

type Manifest = { cluster: { clusterGUID: string }; files: Array<{ path: string; sha256: string; size: number }> };
const readManifest = (dir: string): Manifest => JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
const writeManifest = (dir: string, m: Manifest): void => writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m));

/** Replaces a file AND its manifest entry: a tampering that the checksums alone cannot catch. */
function replaceWithValidChecksum(dir: string, file: string, data: string): void {
  writeFileSync(path.join(dir, file), data);
  const m = readManifest(dir);
  const entry = m.files.find((f) => f.path === file)!;
  entry.sha256 = createHash('sha256').update(data).digest('hex');
  entry.size = Buffer.byteLength(data);
  writeManifest(dir, m);
}

/** Every verb that reads a backup refuses it; none writes. */
async function refusedEverywhere(dir: string, message: RegExp, codes: { migrate?: number; cleanup?: number } = {}): Promise<void> {
  const before = acceptedWrites(cluster).length;
  for (const [argv, code] of [
    [['migrate', '--backup', dir], codes.migrate ?? 3],
    [['verify', '--backup', dir], codes.migrate ?? 3],
    [['restore', '--backup', dir, '--target', 'crd'], codes.migrate ?? 3],
    [['cleanup', '--backup', dir, '-y'], codes.cleanup ?? 2],
  ] as const) {
    const r = await runCli(['--kubeconfig', cluster.kubeconfigPath, ...argv]);
    assert.is(r.code, code, `${argv[0]}: exit ${code} expected\n${r.stderr}`);
    assert.match(r.stderr, message, `${argv[0]}: names the problem`);
    assertNoStack(r.stderr);
    tally.refused++;
  }
  assert.equal(acceptedWrites(cluster).slice(before), [], 'nothing written');
}

test('a corrupted data file (one byte changed) → checksum mismatch', async () => {
  const dir = copy();
  const text = readFileSync(path.join(dir, POOLS), 'utf8');
  writeFileSync(path.join(dir, POOLS), text.replace('192.168.0.0/16', '192.168.0.0/17'));
  await refusedEverywhere(dir, /ippools\.projectcalico\.org\.json does not match its checksum/);
});

test('a truncated data file → size mismatch', async () => {
  const dir = copy();
  writeFileSync(path.join(dir, POOLS), readFileSync(path.join(dir, POOLS)).subarray(0, 50));
  await refusedEverywhere(dir, /has 50 bytes, manifest\.json says \d+ \(truncated or modified\)/);
});

test('a manifest whose checksum was changed → mismatch', async () => {
  const dir = copy();
  const m = readManifest(dir);
  m.files[0]!.sha256 = 'a'.repeat(64);
  writeManifest(dir, m);
  await refusedEverywhere(dir, /does not match its checksum in manifest\.json/);
});

test('a truncated manifest, and no manifest at all (an interrupted backup)', async () => {
  const dir = copy();
  writeFileSync(path.join(dir, 'manifest.json'), readFileSync(path.join(dir, 'manifest.json')).subarray(0, 80));
  await refusedEverywhere(dir, /manifest\.json is not valid JSON/);
  rmSync(path.join(dir, 'manifest.json'));
  await refusedEverywhere(dir, /manifest\.json is missing \(an incomplete or interrupted backup\)/);
});

test('a manifest listing "../../etc/passwd" and an absolute path → refused, nothing outside the directory read', async () => {
  for (const evil of ['../../etc/passwd', 'tpr/../../outside.json', '/etc/passwd']) {
    const dir = copy();
    const m = readManifest(dir);
    m.files.push({ path: evil, sha256: 'b'.repeat(64), size: 10 });
    writeManifest(dir, m);
    await refusedEverywhere(dir, /manifest\.json lists an unexpected file/);
  }
});

test('a data file, or the tpr/ directory, replaced by a symlink to identical content → refused', async () => {
  const dir = copy();
  const outside = path.join(work, 'outside.json');
  cpSync(path.join(dir, POOLS), outside);
  rmSync(path.join(dir, POOLS));
  symlinkSync(outside, path.join(dir, POOLS));
  await refusedEverywhere(dir, /ippools\.projectcalico\.org\.json is a symbolic link/);
  const dir2 = copy();
  cpSync(path.join(dir2, 'tpr'), path.join(work, 'tpr-outside'), { recursive: true });
  rmSync(path.join(dir2, 'tpr'), { recursive: true });
  symlinkSync(path.join(work, 'tpr-outside'), path.join(dir2, 'tpr'));
  await refusedEverywhere(dir2, /tpr is not a directory/);
});

test('a huge file (sparse, 1 GiB) → refused from its size, without reading it', async () => {
  const dir = copy();
  truncateSync(path.join(dir, 'bgppeer.yaml'), 1024 ** 3);
  const started = Date.now();
  await refusedEverywhere(dir, /bgppeer\.yaml is larger than 536870912 bytes/);
  const m = readManifest(dir);
  m.files.find((f) => f.path === 'bgppeer.yaml')!.size = 1024 ** 3;   // the manifest agrees: still too large
  writeManifest(dir, m);
  await refusedEverywhere(dir, /bgppeer\.yaml is larger than 536870912 bytes/);
  assert.ok(Date.now() - started < 10_000, 'never read');
});

test('objects of the wrong kind in tpr/ippools…json (valid checksum) → refused', async () => {
  const dir = copy();
  const evil = { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x', namespace: 'kube-system' }, data: {} }] };
  replaceWithValidChecksum(dir, POOLS, JSON.stringify(evil));
  await refusedEverywhere(dir, /holds an object that is not a IpPool \("Secret"\)/);
});

test('a data file that is not JSON (valid checksum) → refused', async () => {
  const dir = copy();
  replaceWithValidChecksum(dir, POOLS, '{"items": [');
  await refusedEverywhere(dir, /ippools\.projectcalico\.org\.json is not valid JSON/);
});

test('a YAML bomb in ippool.yaml with a correct checksum is never expanded: loading stays fast and small', async () => {
  const dir = copy();
  // "Billion laughs": 9 levels of 9 aliases; expanding it would be 9^9 ≈ 387 million strings.
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  replaceWithValidChecksum(dir, 'ippool.yaml', `${levels.join('\n')}\n`);
  const heapBefore = process.memoryUsage().heapUsed;
  const started = Date.now();
  const r = await runCli(['--kubeconfig', cluster.kubeconfigPath, 'verify', '--backup', dir, '-o', 'json']);
  const ms = Date.now() - started;
  assert.is(r.code, 1, `the backup itself is intact: verify runs (nothing migrated yet → exit 1)\n${r.stderr}`);
  assert.is(JSON.parse(r.stdout).source, 'backup');
  assert.ok(ms < 3000, `fast (${ms} ms)`);
  assert.ok(process.memoryUsage().heapUsed - heapBefore < 100 * 1024 * 1024, 'small');
});

test('a backup of another cluster (ClusterGUID differs) → refused (exit 2) naming both GUIDs', async () => {
  const other = await startCluster({ scenario: 'calico-v2.4' });
  try {
    const ref = { group: 'projectcalico.org', version: 'v1', resource: 'globalconfigs', namespace: 'kube-system', name: 'clusterguid' };
    const guid = other.state.get(ref)!;
    const mine = (guid.spec as { value: string }).value;
    other.state.update(ref, { ...guid, spec: { name: 'ClusterGUID', value: 'aaaaaaaa-other-cluster' } });
    const before = acceptedWrites(other).length;
    for (const argv of [['migrate', '--backup', pristine], ['verify', '--backup', pristine], ['restore', '--backup', pristine, '--target', 'crd'], ['cleanup', '--backup', pristine, '-y']]) {
      const r = await runCli(['--kubeconfig', other.kubeconfigPath, ...argv]);
      assert.is(r.code, 2, `${argv[0]}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`taken from another cluster: its ClusterGUID is ${mine}, this cluster's \\(context admin\\) is aaaaaaaa-other-cluster`));
      assertNoStack(r.stderr);
      tally.refused++;
    }
    assert.equal(acceptedWrites(other).slice(before), [], 'nothing written');
  } finally {
    await other.stop();
  }
});

test.run();
