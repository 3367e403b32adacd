// The audit record: every run of a verb that writes to the cluster appends one JSON line to audit.jsonl in its backup
// directory, listing each write the server received with its answer; refusals and interruptions are recorded too,
// no credential is ever in it, and the backup around it still verifies and is still reused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { verifyBackup } from '../../src/backup/read.js';
import type { Cluster } from '../cluster/index.js';
import { withCluster } from '../support/harness.js';
import { runCli } from '../support/cli.js';
import { startCliProcess } from '../support/process.js';

interface Write { method: string; path: string; status?: number; result: string; name?: string; resource: string }
interface Record { verb: string; argv: string[]; context: string; server: string; user: { name: string; certificate?: unknown }; tool: { version: string };
  startedAt: string; endedAt: string; exitCode: number; error?: string; requests: { reads: number; writes: number; retries: number }; writes: Write[] }

/** Every line of DIR/audit.jsonl, each parsed on its own (a line that is not JSON fails the test). */
function records(dir: string): Record[] {
  const text = readFileSync(path.join(dir, 'audit.jsonl'), 'utf8');
  assert.ok(text.endsWith('\n'), 'each record is a whole line');
  return text.slice(0, -1).split('\n').map((l) => JSON.parse(l) as Record);
}
/** What the server received since `from` (its own request log), as "METHOD path", access reviews left out. */
const serverWrites = (c: Cluster, from: number): string[] => c.writes().slice(from).filter((w) => !w.review).map((w) => `${w.method} ${w.path}`);
const sent = (r: Record): string[] => r.writes.map((w) => `${w.method} ${w.path}`);
const upgrade = (c: Cluster): void => c.state.setDaemonSetImage('kube-system', 'calico-node', 'calico-node', 'quay.io/calico/node:v2.5.1');

test('backup, migrate, cleanup: migrate (no --backup) and cleanup each append a record of exactly what the server received, and the backup still verifies', () => withCluster(async (c, _cli, work) => {
  const run = (...argv: string[]) => runCli(['--kubeconfig', c.kubeconfigPath, ...argv], { cwd: work });
  assert.is((await run('backup')).code, 0);
  const [dir] = readdirSync(work).filter((n) => n.startsWith('calico-backup-admin-')).map((n) => path.join(work, n));
  assert.ok(dir, 'backup named its directory after the context');
  assert.not.ok(existsSync(path.join(dir!, 'audit.jsonl')), 'backup writes nothing to the cluster: no record');

  assert.is((await run('migrate', '--dry-run')).code, 0);
  assert.not.ok(existsSync(path.join(dir!, 'audit.jsonl')), 'a dry-run sends no write: no record');

  const beforeMigrate = c.writes().length;
  const migrated = await run('migrate');
  assert.is(migrated.code, 0, migrated.stderr);
  const [m] = records(dir!);
  assert.is(m!.verb, 'migrate');
  assert.equal(m!.argv, ['--kubeconfig', c.kubeconfigPath, 'migrate']);
  assert.is(m!.context, 'admin');
  assert.is(m!.server, c.url);
  assert.is(m!.user.name, 'admin');
  assert.match(m!.tool.version, /^v\d+\.\d+\.\d+/);
  assert.is(m!.exitCode, 0);
  assert.ok(Date.parse(m!.startedAt) <= Date.parse(m!.endedAt));
  assert.equal(sent(m!).sort(), serverWrites(c, beforeMigrate).sort(), 'every write the server received, and only those');
  assert.is(m!.requests.writes, m!.writes.length);
  assert.ok(m!.requests.reads > 0);
  assert.ok(m!.writes.every((w) => w.status !== undefined && w.status >= 200 && w.status < 300), 'each with its answer');
  assert.ok(m!.writes.some((w) => w.method === 'POST' && w.resource === 'ippools.crd.projectcalico.org' && w.result === 'created' && w.name), 'an IPPool created, by name');
  assert.ok(m!.writes.some((w) => w.resource === 'customresourcedefinitions.apiextensions.k8s.io' && w.result === 'created'), 'the CRDs created');

  upgrade(c);
  const beforeCleanup = c.writes().length;
  const cleaned = await run('cleanup', '--backup', dir!, '-y');
  assert.is(cleaned.code, 0, cleaned.stderr);
  const [, cl] = records(dir!);
  assert.is(cl!.verb, 'cleanup');
  assert.is(cl!.exitCode, 0);
  assert.equal(sent(cl!), serverWrites(c, beforeCleanup));
  assert.equal(cl!.writes.filter((w) => w.method === 'DELETE').map((w) => [w.name, w.status, w.result]), [
    ['global-config.projectcalico.org', 200, 'deleted'], ['ip-pool.projectcalico.org', 200, 'deleted'],
    ['global-bgp-config.projectcalico.org', 200, 'deleted'], ['global-bgp-peer.projectcalico.org', 200, 'deleted'],
  ]);
  assert.ok(cl!.writes.some((w) => w.method === 'PUT' && w.name === 'calico-node' && w.result === 'updated'), 'the TPR rules revoked');

  await verifyBackup(dir!);
  const verified = await run('verify', '--backup', dir!);
  assert.is(verified.code, 0, `the backup with its audit.jsonl still verifies: ${verified.stderr}`);
  assert.is(records(dir!).length, 2, 'verify writes nothing: no record');
}));

test('a refusal is recorded with its exit code and no write; a --token never reaches the file', () => withCluster(async (c, cli, work) => {
  const dir = path.join(work, 'backup');
  assert.is((await cli('backup', '-d', dir)).code, 0);
  assert.is((await cli('migrate')).code, 0);
  const token = c.users.admin!.token;
  const before = c.writes().length;
  // calico/node still runs v2.4: cleanup refuses.
  const r = await runCli(['--server', c.url, '--certificate-authority', c.caPath, `--token=${token}`, 'cleanup', '--backup', dir, '-y']);
  assert.is(r.code, 2, r.stderr);
  assert.equal(serverWrites(c, before), []);
  const text = readFileSync(path.join(dir, 'audit.jsonl'), 'utf8');
  assert.not.ok(text.includes(token), 'no token in the record');
  const [refused] = records(dir);
  assert.is(refused!.verb, 'cleanup');
  assert.is(refused!.exitCode, 2);
  assert.equal(refused!.writes, []);
  assert.match(refused!.error ?? '', /calico\/node/);
  assert.ok(refused!.argv.includes('--token=<redacted>'), refused!.argv.join(' '));

  // The same with the token as a word of its own, on a verb that does write.
  const beforeRollback = c.writes().length;
  const undo = await runCli(['--server', c.url, '--certificate-authority', c.caPath, '--token', token, 'rollback', '--backup', dir, '-y']);
  assert.is(undo.code, 0, undo.stderr);
  assert.not.ok(readFileSync(path.join(dir, 'audit.jsonl'), 'utf8').includes(token), 'no token in the record');
  const [, rollback] = records(dir);
  assert.equal(rollback!.argv.slice(4, 6), ['--token', '<redacted>']);
  assert.equal(sent(rollback!), serverWrites(c, beforeRollback));
  assert.ok(rollback!.writes.some((w) => w.method === 'DELETE' && w.status === 200 && w.result === 'deleted'), 'the CRs and CRDs deleted');
  assert.ok(rollback!.writes.every((w) => w.status! >= 200 && w.status! < 300), JSON.stringify(rollback!.writes.map((w) => [w.method, w.status, w.result])));
}));

test('cleanup interrupted (SIGINT) at its second deletion: recorded with exit 130, the write that was answered and the one cut off', () => withCluster(async (c, cli, work) => {
  const dir = path.join(work, 'backup');
  assert.is((await cli('backup', '-d', dir)).code, 0);
  assert.is((await cli('migrate')).code, 0);
  upgrade(c);
  const run = startCliProcess(['--kubeconfig', c.kubeconfigPath, 'cleanup', '--backup', dir, '-y']);
  let deletes = 0;
  // Held by the server for 300 ms, the second DELETE is cut off by the client when the signal arrives.
  c.setFaults({ latencyMs: 300, only: (req) => req.method === 'DELETE' && ++deletes === 2 && run.child.kill('SIGINT') });
  const r = await run.done;
  c.setFaults(null);
  assert.is(r.code, 130, r.stderr);
  assert.match(r.stderr, /interrupted by SIGINT after 2 write requests/);
  const [record] = records(dir);
  assert.is(record!.verb, 'cleanup');
  assert.is(record!.exitCode, 130);
  assert.match(record!.error ?? '', /SIGINT/);
  assert.equal(record!.writes.map((w) => [w.method, w.name, w.status, w.result]), [
    ['DELETE', 'global-config.projectcalico.org', 200, 'deleted'],
    ['DELETE', 'ip-pool.projectcalico.org', undefined, 'no answer (interrupted)'],
  ]);
}));

test('run -d DIR, then run -d DIR again: each run recorded, and the backup with its audit.jsonl is reused as it is', () => withCluster(async (c, cli, work) => {
  const dir = path.join(work, 'backup');
  const first = await cli('run', '-d', dir, '-y');
  assert.is(first.code, 0, first.stderr);
  const manifest = readFileSync(path.join(dir, 'manifest.json'), 'utf8');
  const again = await cli('run', '-d', dir, '-y');
  assert.is(again.code, 0, again.stderr);
  assert.match(again.stdout, /Reused the backup in/);
  assert.is(readFileSync(path.join(dir, 'manifest.json'), 'utf8'), manifest, 'the backup itself untouched');
  const [one, two] = records(dir);
  assert.equal([one!.verb, one!.exitCode, two!.verb, two!.exitCode], ['run', 0, 'run', 0]);
  assert.ok(one!.writes.length > 0 && one!.writes.every((w) => w.status! < 300));
  assert.equal(two!.writes, [], 'the re-run had nothing to write');
  await verifyBackup(dir);
}));

test('a writing verb with no backup directory at all: one line on stderr, and the verb\'s own exit code', () => withCluster(async (_c, _cli, work) => {
  const r = await runCli(['--kubeconfig', _c.kubeconfigPath, 'rbac', '-y'], { cwd: work });
  assert.is(r.code, 0, r.stderr);
  assert.equal(r.stderr.split('\n').filter((l) => /audit record/.test(l)).length, 1, r.stderr);
  assert.match(r.stderr, /no audit record was written: no backup directory/);
  assert.equal(readdirSync(work), [], 'nothing created for it');
}));

test('with a client certificate: the record names the user and groups the server authenticated from it; with a token, none', () => withCluster(async (c, _cli, work) => {
  const dir = path.join(work, 'backup');
  const run = (...argv: string[]) => runCli(['--kubeconfig', c.kubeconfigPath, '--context', 'admin-cert', '-n', 'kube-system', ...argv], { cwd: work });
  assert.is((await run('backup', '-d', dir)).code, 0);
  const from = c.requests.length;
  assert.is((await run('migrate', '--backup', dir)).code, 0);
  const seen = new Set(c.requests.slice(from).map((r) => r.user));
  assert.equal([...seen], ['test-admin'], 'the server authenticated every request from the certificate');
  const [record] = records(dir);
  assert.equal(record!.user, { name: 'admin-cert', certificate: { commonName: 'test-admin', organizations: ['system:masters'], notAfter: '2036-11-27T01:15:01.000Z' } });
  // A token user: nothing about a certificate.
  assert.is((await runCli(['--kubeconfig', c.kubeconfigPath, 'migrate', '--backup', dir], { cwd: work })).code, 0);
  assert.equal(records(dir)[1]!.user, { name: 'admin' });
}));

test('migrate ending in an API error (exit 3): recorded with the writes before it and the refused one; a retried write is listed twice', () => withCluster(async (c, cli, work) => {
  const dir = path.join(work, 'backup');
  assert.is((await cli('backup', '-d', dir)).code, 0);
  let pools = 0;
  // The first IPPool create answers 500 once (retried), the second is refused outright (404, not retried).
  c.setFaults({ failNthWrite: 1, only: (req) => req.method === 'POST' && req.path.endsWith('/ippools') && ++pools === 1 });
  c.onRequest({ method: 'POST', where: (req) => req.path.endsWith('/ippools') && pools === 2 }, () => {
    c.setFaults({ errorRate: 1, errorCodes: [404], only: (req) => req.method === 'POST' && req.path.endsWith('/ippools') && ++pools === 3 });
  });
  const before = c.writes().length;
  const r = await cli('migrate', '--backup', dir, '--concurrency', '1');
  c.setFaults(null);
  assert.is(r.code, 3, r.stderr);
  const [record] = records(dir);
  assert.is(record!.exitCode, 3);
  assert.ok(record!.error && r.stderr.includes(record!.error), `the error as stderr said it: ${record!.error}`);
  assert.equal(sent(record!), serverWrites(c, before), 'every write the server received, the failed ones included');
  assert.is(record!.requests.retries, 1);
  const pool = record!.writes.filter((w) => w.resource === 'ippools.crd.projectcalico.org').map((w) => [w.status, w.result]);
  assert.equal(pool.slice(0, 3), [[500, 'ServerError'], [201, 'created'], [404, 'NotFound']]);
  assert.ok(record!.writes.filter((w) => w.result === 'created').length >= 6, 'the CRDs and objects written before the error');
}));

test.run();
