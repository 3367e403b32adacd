// Bad input, part 4: bad invocations (exit 4, before any connection) and backup directories that cannot be written
// (exit 3, before or without leaving anything that looks like a backup). No stack trace, no write to the cluster.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCluster, type Cluster } from '../cluster/index.js';
import { runCli } from '../support/cli.js';
import { skip } from '../support/skip.js';
import { mountTmpfs, unmount } from '../support/tmpfs.js';
import { assertNoStack, newTally } from './support.js';

const tally = newTally('bad input: usage and backup directory');
let cluster: Cluster;
let work: string;

test.before(async () => {
  cluster = await startCluster({ scenario: 'calico-v2.4' });
  work = mkdtempSync(path.join(tmpdir(), 'bad-usage-'));
});
test.after(async () => {
  await cluster.stop();
});

async function refused(argv: string[], code: number, message: RegExp): Promise<void> {
  const before = cluster.requests.length;
  const r = await runCli(['--kubeconfig', cluster.kubeconfigPath, ...argv]);
  assert.is(r.code, code, `exit ${code} expected:\n${r.stderr}`);
  assert.match(r.stderr, message);
  assertNoStack(r.stderr);
  const writes = cluster.requests.slice(before).filter((q) => q.method !== 'GET' && !q.review);
  assert.equal(writes, [], 'nothing written');
  if (code === 4) assert.is(cluster.requests.length, before, 'a usage error never contacts the cluster');
  tally.refused++;
}

test('unknown verb → exit 4', () => refused(['frobnicate'], 4, /unknown verb "frobnicate"[\s\S]*--help/));
test('unknown flag → exit 4', () => refused(['migrate', '--frobnicate'], 4, /unknown flag --frobnicate for "kubectl calico-migrate migrate"/));
test('a required flag left out → exit 4', async () => {
  await refused(['cleanup', '-y'], 4, /cleanup needs --backup DIR/);
  await refused(['restore', '-y'], 4, /restore needs --backup DIR/);
});
test('unknown output format → exit 4 listing the allowed ones', () => refused(['verify', '-o', 'xml'], 4, /output format "xml", allowed formats are: table,wide,json,yaml/));
test('--concurrency 0 → exit 4', () => refused(['migrate', '--concurrency', '0'], 4, /invalid value "0" for --concurrency/));
test('--concurrency -3 and "lots" → exit 4', async () => {
  await refused(['migrate', '--concurrency', '-3'], 4, /--concurrency/);
  await refused(['migrate', '--concurrency', 'lots'], 4, /--concurrency/);
});
test('--request-timeout "soon" → exit 4', () => refused(['verify', '--request-timeout', 'soon'], 4, /request-timeout/));
test('--request-timeout too long for a timer (9999h) → exit 4, not a 1 ms timeout', () => refused(['verify', '--request-timeout', '9999h'], 4, /--request-timeout: longer than the longest timeout/));

test('a backup directory that is a file → exit 3, the file untouched', async () => {
  const file = path.join(work, 'a-file');
  writeFileSync(file, 'keep me');
  await refused(['backup', '-d', file], 3, /exists and is not a directory/);
  await refused(['backup', '-d', path.join(file, 'sub')], 3, /not a directory/);
});


test('a read-only backup directory → exit 3 "read-only file system"', async () => {
  const ro = mountTmpfs('ro,size=1m');
  if (!ro) return skip('read-only directory: cannot mount a tmpfs here (needs root)');
  try {
    await refused(['backup', '-d', path.join(ro, 'b')], 3, /read-only file system/);
  } finally {
    unmount(ro);
  }
});

test('a full disk (a 12 KiB tmpfs) → exit 3 "no space left", and nothing that looks like a backup', async () => {
  const small = mountTmpfs('size=12k');
  if (!small) return skip('full disk: cannot mount a tmpfs here (needs root)');
  try {
    const target = path.join(small, 'b');
    await refused(['backup', '-d', target], 3, /no space left on the device/);
    assert.ok(!existsSync(path.join(target, 'manifest.json')), 'no manifest');
    const preexisting = path.join(small, 'empty');
    mkdirSync(preexisting);
    await refused(['backup', '-d', preexisting], 3, /no space left on the device/);
    assert.ok(!existsSync(path.join(preexisting, 'manifest.json')), 'no manifest in an existing directory either');
  } finally {
    unmount(small);
  }
});

test.run();
